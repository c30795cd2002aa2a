import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  DEFAULT_CALENDAR,
  isRenewed,
  olderPackIds,
  pendingDeadlines,
  daysLeft,
  unitRegistry,
  vietnamDate,
  type DeadlineKind,
  type DossierState,
  type MapVersion,
  type RequalificationTarget,
  type Role,
} from '@app/domain';

/** Which rows a principal may read: everything, or those of one unit (province, district or commune code). */
export type Scope = { kind: 'all' } | { kind: 'unit'; unit: string };

function scopeSql(scope: Scope, params: unknown[], alias = ''): string {
  if (scope.kind === 'all') return 'true';
  params.push(scope.unit);
  const n = params.length;
  const a = alias ? `${alias}.` : '';
  return `(${a}province_code = $${n} OR ${a}district_code = $${n} OR ${a}commune_code = $${n})`;
}

export interface DossierListQuery {
  unit?: string;
  status?: string;
  level?: string;
  period?: string;
  sort?: 'last_changed_at' | 'registered_at' | 'commune_code' | 'status';
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export interface AuditQuery {
  dossierId?: string;
  unit?: string;
  actorId?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export interface DeadlineQuery {
  unit?: string;
  /** Due within this many days from now; overdue ones are always within. Omitted: any date. */
  withinDays?: number;
  /** true: only passed ones; false: only those still ahead. */
  overdue?: boolean;
  kind?: DeadlineKind;
  /** Only the deadlines this role must act on. */
  role?: Role;
  /** true: only dossiers flagged revocation due. */
  revocationDue?: boolean;
  limit: number;
  offset: number;
}

export interface DeadlineItem {
  dossierId: string;
  communeCode: string;
  communeName: string | null;
  unitMap: string;
  provinceCode: string;
  districtCode: string | null;
  level: string;
  status: string;
  kind: DeadlineKind;
  startedAt: string;
  dueAt: string;
  /** The time limit the due date comes from, e.g. "15 working days". */
  limit: string;
  actionBy: Role[];
  consequence: string;
  /** When the timer recorded it as passed. */
  reachedAt: string | null;
  overdue: boolean;
  /** Vietnam calendar days from today to the due day; negative once overdue. */
  daysLeft: number;
  /** Working days (the Vietnamese calendar) from today to the due day; negative once overdue, counting those passed. */
  workingDaysLeft: number;
  revocationDue: boolean;
}

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

const STATUS_COLUMNS = `dossier_id AS "dossierId", commune_code AS "communeCode", commune_name AS "communeName", unit_map AS "unitMap",
  province_code AS "provinceCode", district_code AS "districtCode", level, period, pack_id AS "packId", pack_version AS "packVersion",
  target_year AS "targetYear", status, step_deadline AS "stepDeadline", deadline_kind AS "deadlineKind", revocation_due AS "revocationDue",
  revision, registered_at AS "registeredAt",
  last_event_type AS "lastEventType", last_changed_at AS "lastChangedAt", criteria_met AS "criteriaMet", criteria_total AS "criteriaTotal"`;

/** Reads over the projections' views (which always point at the live generation). */
@Injectable()
export class ReadModels {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async dossiers(scope: Scope, q: DossierListQuery) {
    const params: unknown[] = [];
    const where = [scopeSql(scope, params)];
    if (q.unit) where.push(scopeSql({ kind: 'unit', unit: q.unit }, params));
    for (const [column, value] of [['status', q.status], ['level', q.level], ['period', q.period]] as const) {
      if (value) {
        params.push(value);
        where.push(`${column} = $${params.length}`);
      }
    }
    const sort = q.sort ?? 'last_changed_at';
    const order = q.order === 'asc' ? 'ASC' : 'DESC';
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM rm_dossier_status WHERE ${where.join(' AND ')}`, params);
    params.push(q.limit, q.offset);
    const items = await this.db.query(
      `SELECT ${STATUS_COLUMNS} FROM rm_dossier_status WHERE ${where.join(' AND ')}
       ORDER BY ${sort} ${order}, dossier_id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { total, limit: q.limit, offset: q.offset, items };
  }

  /** Where each dossier belongs (for jurisdiction) and its status now; dossiers the projection has not seen are absent. */
  async dossierPlaces(dossierIds: string[]): Promise<Map<string, { communeCode: string; provinceCode: string; districtCode: string | null; map: MapVersion; status: string }>> {
    if (dossierIds.length === 0) return new Map();
    const rows: Record<string, any>[] = await this.db.query(
      `SELECT dossier_id, commune_code, province_code, district_code, unit_map, status FROM rm_dossier_status WHERE dossier_id = ANY($1::uuid[])`,
      [dossierIds],
    );
    return new Map(rows.map((r) => [r.dossier_id, { communeCode: r.commune_code, provinceCode: r.province_code, districtCode: r.district_code, map: r.unit_map, status: r.status }]));
  }

  /** Dossiers awaiting the council, with what members need to judge them: results, evidence, consultation, votes. */
  async appraisalQueue(scope: Scope, province?: string) {
    const params: unknown[] = [];
    const where = [scopeSql(scope, params), `status IN ('under_appraisal', 'awaiting_supplement')`];
    if (province) {
      params.push(province);
      where.push(`province_code = $${params.length}`);
    }
    const rows = await this.db.query(
      `SELECT ${STATUS_COLUMNS}, state->'record' AS record, state->'appraisal' AS appraisal FROM rm_dossier_status
        WHERE ${where.join(' AND ')} ORDER BY (state->'appraisal'->>'submittedAt') NULLS LAST, dossier_id`,
      params,
    );
    return rows.map((r: Record<string, any>) => {
      const { record, appraisal, ...status } = r;
      return {
        ...status,
        criteria: record?.results ?? {},
        consultation: record?.consultation ?? null,
        satisfactionPercent: record?.consultation?.satisfactionSurvey?.percent ?? null,
        conditions: record?.conditions ?? null,
        council: appraisal?.council ?? null,
        votes: appraisal?.votes ?? {},
        supplement: appraisal?.supplement ?? null,
      };
    });
  }

  async audit(scope: Scope, q: AuditQuery) {
    const params: unknown[] = [];
    const where = [scopeSql(scope, params)];
    if (q.dossierId) {
      params.push(q.dossierId);
      where.push(`dossier_id = $${params.length}`);
    }
    if (q.unit) where.push(scopeSql({ kind: 'unit', unit: q.unit }, params));
    if (q.actorId) {
      params.push(q.actorId);
      where.push(`actor_id = $${params.length}`);
    }
    if (q.from) {
      params.push(q.from);
      where.push(`occurred_at >= $${params.length}`);
    }
    if (q.to) {
      params.push(q.to);
      where.push(`occurred_at < $${params.length}`);
    }
    params.push(q.limit, q.offset);
    return this.db.query(
      `SELECT event_id AS "eventId", stream_id AS "streamId", revision, event_type AS "type", actor_id AS "actorId", actor_role AS "actorRole",
              actor_unit AS "actorUnit", reason, correlation_id AS "correlationId", causation_id AS "causationId", command_id AS "commandId",
              occurred_at AS "occurredAt", recorded_at AS "recordedAt", position_commit || '/' || position_prepare AS "globalPosition",
              hash, prev_hash AS "prevHash", dossier_id AS "dossierId", commune_code AS "communeCode", province_code AS "provinceCode"
         FROM rm_audit_trail WHERE ${where.join(' AND ')}
        ORDER BY position_commit, position_prepare LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
  }

  /**
   * The deadline board: what is due soon and what is overdue, earliest first (so overdue first). Stored deadlines come
   * from the projection; re-qualification ones are added here because their date is configuration, not history.
   */
  async deadlines(scope: Scope, q: DeadlineQuery, now: Date, requalification: RequalificationTarget | null) {
    const params: unknown[] = [];
    const where = [scopeSql(scope, params)];
    if (q.unit) where.push(scopeSql({ kind: 'unit', unit: q.unit }, params));
    if (q.kind) {
      params.push(q.kind);
      where.push(`kind = $${params.length}`);
    }
    if (q.role) {
      params.push(q.role);
      where.push(`$${params.length} = ANY(action_by)`);
    }
    if (q.revocationDue !== undefined) {
      params.push(q.revocationDue);
      where.push(`revocation_due = $${params.length}`);
    }
    const rows: Record<string, any>[] = await this.db.query(
      `SELECT dossier_id, commune_code, commune_name, unit_map, province_code, district_code, level, status, kind, started_at, due_at, time_limit,
              action_by, consequence, reached_at, revocation_due
         FROM rm_dossier_deadlines WHERE ${where.join(' AND ')}`,
      params,
    );
    const items: DeadlineItem[] = rows.map((r) =>
      item(
        {
          ...dossierOfRow(r),
          kind: r.kind,
          startedAt: iso(r.started_at)!,
          dueAt: iso(r.due_at)!,
          limit: r.time_limit,
          actionBy: r.action_by,
          consequence: r.consequence,
          reachedAt: iso(r.reached_at),
          revocationDue: r.revocation_due,
        },
        now,
      ),
    );
    if (requalification && (!q.kind || q.kind === 'requalification')) {
      for (const r of await this.requalifications(scope, q.unit, requalification)) items.push(item(r, now));
    }
    const shown = items
      .filter((d) => q.withinDays === undefined || d.overdue || d.daysLeft <= q.withinDays)
      .filter((d) => q.overdue === undefined || d.overdue === q.overdue)
      .filter((d) => !q.role || d.actionBy.includes(q.role))
      .filter((d) => q.revocationDue === undefined || d.revocationDue === q.revocationDue)
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.communeCode.localeCompare(b.communeCode) || a.kind.localeCompare(b.kind));
    return { now: now.toISOString(), total: shown.length, limit: q.limit, offset: q.offset, items: shown.slice(q.offset, q.offset + q.limit) };
  }

  /** Dossiers with a deadline passed by `now` and not recorded yet: where the timer should look. */
  async passedDeadlines(now: Date, requalification: RequalificationTarget | null): Promise<string[]> {
    const rows: { dossier_id: string }[] = await this.db.query(
      `SELECT DISTINCT dossier_id FROM rm_dossier_deadlines WHERE reached_at IS NULL AND due_at < $1 ORDER BY dossier_id`,
      [now],
    );
    const ids = new Set(rows.map((r) => r.dossier_id));
    if (requalification) {
      for (const r of await this.requalifications({ kind: 'all' }, undefined, requalification)) {
        if (r.reachedAt === null && Date.parse(r.dueAt) < now.getTime()) ids.add(r.dossierId);
      }
    }
    return [...ids];
  }

  /** Recognitions under an older set that no recognition under the current set has renewed yet. */
  private async requalifications(scope: Scope, unit: string | undefined, target: RequalificationTarget): Promise<Omit<DeadlineItem, 'overdue' | 'daysLeft' | 'workingDaysLeft'>[]> {
    const params: unknown[] = [olderPackIds(target)];
    const where = [`status IN ('recognised', 'revocation_proposed')`, `pack_id = ANY($1)`, scopeSql(scope, params)];
    if (unit) where.push(scopeSql({ kind: 'unit', unit }, params));
    const older: Record<string, any>[] = await this.db.query(
      `SELECT dossier_id, commune_code, commune_name, unit_map, province_code, district_code, level, status, revocation_due, state
         FROM rm_dossier_status WHERE ${where.join(' AND ')}`,
      params,
    );
    if (older.length === 0) return [];
    const current: { communeCode: string; level: string }[] = await this.db.query(
      `SELECT commune_code AS "communeCode", level FROM rm_dossier_status WHERE status IN ('recognised', 'revocation_proposed') AND pack_id = $1`,
      [target.packId],
    );
    return older
      .filter((r) => !isRenewed({ communeCode: r.commune_code, level: r.level, map: r.unit_map }, current))
      .flatMap((r) => {
        const d = pendingDeadlines(r.state as DossierState, DEFAULT_CALENDAR, target).find((x) => x.kind === 'requalification');
        if (!d) return [];
        return [
          {
            ...dossierOfRow(r),
            kind: d.kind,
            startedAt: d.startedAt,
            dueAt: d.dueAt,
            limit: d.limit,
            actionBy: [...d.actionBy],
            consequence: d.consequence,
            reachedAt: d.reachedAt,
            revocationDue: r.revocation_due,
          },
        ];
      });
  }

  /** A commune's standing at the end of `asOf` (a YYYY-MM-DD Vietnam date). */
  async communeStanding(communeCode: string, asOf: string) {
    const map = unitRegistry.mapInForceOn(asOf);
    const intervals = await this.db.query(
      `SELECT level, dossier_id AS "dossierId", decision_no AS "decisionNo", to_char(from_date, 'YYYY-MM-DD') AS since
         FROM rm_recognition_intervals
        WHERE commune_code = $1 AND unit_map = $2 AND from_date <= $3 AND (to_date IS NULL OR to_date > $3)
        ORDER BY from_date, dossier_id`,
      [communeCode, map, asOf],
    );
    const [latest] = await this.db.query(
      `SELECT met, total, source, to_char(assessed_on, 'YYYY-MM-DD') AS "assessedOn" FROM rm_commune_assessments
        WHERE commune_code = $1 AND unit_map = $2 AND assessed_on <= $3
        ORDER BY assessed_on DESC, seq_commit DESC, seq_prepare DESC LIMIT 1`,
      [communeCode, map, asOf],
    );
    const open = await this.db.query(
      `SELECT dossier_id AS "dossierId", level, status FROM rm_dossier_status
        WHERE commune_code = $1 AND unit_map = $2 AND status NOT IN ('recognised', 'revocation_proposed', 'rejected', 'revoked', 'withdrawn')
        ORDER BY registered_at`,
      [communeCode, map],
    );
    const rank: Record<string, number> = { standard: 1, advanced: 2, model: 3, modern: 2 };
    const current = [...intervals].sort((a, b) => (rank[b.level] ?? 0) - (rank[a.level] ?? 0))[0] ?? null;
    return {
      communeCode,
      map,
      asOf,
      recognisedLevel: current?.level ?? null,
      since: current?.since ?? null,
      decisionNo: current?.decisionNo ?? null,
      recognitions: intervals,
      latestAssessment: latest ?? null,
      openDossiers: open,
    };
  }

  /**
   * Provincial statistics as reports state them, at the end of `asOf`: communes (xã) of the unit in the map in force
   * that day, recognised per level, average criteria met (each commune's latest assessment), communes below a
   * threshold, and the year's plan against them.
   */
  async statistics(unitCode: string, asOf: string, belowThreshold?: number) {
    const map: MapVersion = unitRegistry.mapInForceOn(asOf);
    const communes = unitRegistry.communesOf(unitCode, map).filter((c) => c.kind === 'commune').map((c) => c.code);
    const recognisedRows: { level: string; n: number }[] = await this.db.query(
      `SELECT level, count(DISTINCT commune_code)::int AS n FROM rm_recognition_intervals
        WHERE unit_map = $1 AND commune_code = ANY($2) AND from_date <= $3 AND (to_date IS NULL OR to_date > $3) GROUP BY level`,
      [map, communes, asOf],
    );
    const latest: { met: number; total: number }[] = await this.db.query(
      `SELECT DISTINCT ON (commune_code) met, total FROM rm_commune_assessments
        WHERE unit_map = $1 AND commune_code = ANY($2) AND assessed_on <= $3
        ORDER BY commune_code, assessed_on DESC, seq_commit DESC, seq_prepare DESC`,
      [map, communes, asOf],
    );
    const year = Number(asOf.slice(0, 4));
    const [plan] = await this.db.query(
      `SELECT standard, advanced, model, average_criteria::float8 AS "averageCriteria" FROM rm_plans WHERE unit_code = $1 AND year = $2`,
      [unitCode, year],
    );
    const pct = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 10000) / 100 : null);
    const recognised: Record<string, { communes: number; percent: number | null }> = {};
    for (const level of ['standard', 'advanced', 'model', 'modern']) {
      const n = recognisedRows.find((r) => r.level === level)?.n ?? 0;
      recognised[level] = { communes: n, percent: pct(n, communes.length) };
    }
    const averageCriteria = latest.length ? Math.round((latest.reduce((s, r) => s + r.met, 0) / latest.length) * 100) / 100 : null;
    const planRows = plan
      ? {
          year,
          ...Object.fromEntries(
            (['standard', 'advanced', 'model'] as const)
              .filter((l) => plan[l] !== null)
              .map((l) => [l, { target: plan[l], actual: recognised[l].communes, percentOfPlan: pct(recognised[l].communes, plan[l]) }]),
          ),
          ...(plan.averageCriteria !== null
            ? { averageCriteria: { target: plan.averageCriteria, actual: averageCriteria, percentOfPlan: averageCriteria === null ? null : pct(averageCriteria, plan.averageCriteria) } }
            : {}),
        }
      : null;
    return {
      unitCode,
      asOf,
      map,
      communes: communes.length,
      recognised,
      assessedCommunes: latest.length,
      averageCriteria,
      ...(belowThreshold !== undefined ? { below: { threshold: belowThreshold, communes: latest.filter((r) => r.met < belowThreshold).length } } : {}),
      plan: planRows,
    };
  }
}

function item(d: Omit<DeadlineItem, 'overdue' | 'daysLeft' | 'workingDaysLeft'>, now: Date): DeadlineItem {
  const today = vietnamDate(now);
  const due = vietnamDate(d.dueAt);
  return {
    ...d,
    overdue: Date.parse(d.dueAt) < now.getTime(),
    daysLeft: daysLeft(d.dueAt, now),
    workingDaysLeft: due >= today ? DEFAULT_CALENDAR.workingDaysBetween(today, due) : -DEFAULT_CALENDAR.workingDaysBetween(due, today),
  };
}

/** The dossier a deadline belongs to, from a dossier_status or dossier_deadlines row (same column names). */
function dossierOfRow(r: Record<string, any>) {
  return {
    dossierId: r.dossier_id as string,
    communeCode: r.commune_code as string,
    communeName: r.commune_name as string | null,
    unitMap: r.unit_map as string,
    provinceCode: r.province_code as string,
    districtCode: r.district_code as string | null,
    level: r.level as string,
    status: r.status as string,
  };
}
