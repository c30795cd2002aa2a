import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  DEFAULT_CALENDAR,
  communePredecessors,
  isRenewed,
  pendingDeadlines,
  daysLeft,
  recognisedUnderOlderSet,
  standingOn,
  unitRegistry,
  unitReport,
  vietnamDate,
  type DeadlineKind,
  type DossierState,
  type MapVersion,
  type MergerPolicy,
  type ProgrammePeriod,
  type ReportAssessment,
  type ReportCommune,
  type ReportInterval,
  type RequalificationTarget,
  type Role,
  type UnitReport,
} from '@app/domain';

/**
 * Which rows a principal may read: everything, or those of one unit (province, district or commune code) as the map
 * in force on `at` (YYYY-MM-DD) names it — with the files of the units it was made of on the March 2025 map, and never
 * those of another unit that had the same code then.
 */
export type Scope = { kind: 'all' } | { kind: 'unit'; unit: string; at: string };

/** The (map, column, codes) triples a unit reaches; rows match any. */
export function unitReach(unit: string, at: string): { map: MapVersion; column: 'province_code' | 'district_code' | 'commune_code'; codes: string[] }[] {
  const map = unitRegistry.mapInForceOn(at);
  if (map === '2025-07') {
    if (unit.length === 2) {
      return [
        { map: '2025-07', column: 'province_code', codes: [unit] },
        { map: '2025-03', column: 'province_code', codes: unitRegistry.findProvince(unit, '2025-07')?.predecessors ?? [] },
      ];
    }
    if (unit.length === 5) {
      const commune = unitRegistry.findCommune(unit, '2025-07');
      return [
        { map: '2025-07', column: 'commune_code', codes: [unit] },
        { map: '2025-03', column: 'commune_code', codes: communePredecessors(commune?.predecessors).map((p) => p.code) },
      ];
    }
    // Districts ended with the March 2025 map: a district code reaches that map's files only.
    if (unit.length === 3) return [{ map: '2025-03', column: 'district_code', codes: [unit] }];
    return [];
  }
  const column = unit.length === 2 ? 'province_code' : unit.length === 3 ? 'district_code' : 'commune_code';
  return [{ map: '2025-03', column, codes: [unit] }];
}

function scopeSql(scope: Scope, params: unknown[], alias = ''): string {
  if (scope.kind === 'all') return 'true';
  const a = alias ? `${alias}.` : '';
  const clauses = unitReach(scope.unit, scope.at)
    .filter((r) => r.codes.length > 0)
    .map((r) => {
      params.push(r.codes);
      return `(${a}unit_map = '${r.map}' AND ${a}${r.column} = ANY($${params.length}::text[]))`;
    });
  return clauses.length ? `(${clauses.join(' OR ')})` : 'false';
}

/** The set and deadline a recognition under a pack must be renewed by, in a province (the deployment's settings). */
export type RequalificationOf = (packId: string, packVersion: string, provinceCode: string, map: MapVersion) => RequalificationTarget | null;

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

const STATUS_COLUMNS = `dossier_id AS "dossierId", commune_code AS "communeCode", commune_name AS "communeName", unit_kind AS "unitKind", unit_map AS "unitMap", imported,
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
    if (q.unit) where.push(scopeSql({ kind: 'unit', unit: q.unit, at: todayOf(scope) }, params));
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
    if (q.unit) where.push(scopeSql({ kind: 'unit', unit: q.unit, at: todayOf(scope) }, params));
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
              hash, prev_hash AS "prevHash", dossier_id AS "dossierId", commune_code AS "communeCode", unit_map AS "unitMap",
              province_code AS "provinceCode", source
         FROM rm_audit_trail WHERE ${where.join(' AND ')}
        ORDER BY position_commit, position_prepare LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
  }

  /**
   * The deadline board: what is due soon and what is overdue, earliest first (so overdue first). Stored deadlines come
   * from the projection; re-qualification ones are added here because their date is configuration, not history.
   */
  async deadlines(scope: Scope, q: DeadlineQuery, now: Date, requalificationOf: RequalificationOf) {
    const params: unknown[] = [];
    const where = [scopeSql(scope, params)];
    if (q.unit) where.push(scopeSql({ kind: 'unit', unit: q.unit, at: todayOf(scope) }, params));
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
    if (!q.kind || q.kind === 'requalification') {
      for (const r of await this.requalifications(scope, q.unit, requalificationOf)) items.push(item(r, now));
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
  async passedDeadlines(now: Date, requalificationOf: RequalificationOf): Promise<string[]> {
    const rows: { dossier_id: string }[] = await this.db.query(
      `SELECT DISTINCT dossier_id FROM rm_dossier_deadlines WHERE reached_at IS NULL AND due_at < $1 ORDER BY dossier_id`,
      [now],
    );
    const ids = new Set(rows.map((r) => r.dossier_id));
    for (const r of await this.requalifications({ kind: 'all' }, undefined, requalificationOf)) {
      if (r.reachedAt === null && Date.parse(r.dueAt) < now.getTime()) ids.add(r.dossierId);
    }
    return [...ids];
  }

  /**
   * Recognitions that must be renewed under the next period's set by a deadline the province's settings give, and have
   * not been: by the commune itself or, after the merger, by a commune it went into.
   */
  private async requalifications(scope: Scope, unit: string | undefined, requalificationOf: RequalificationOf): Promise<Omit<DeadlineItem, 'overdue' | 'daysLeft' | 'workingDaysLeft'>[]> {
    const held: { commune_code: string; level: string; unit_map: MapVersion; period: ProgrammePeriod }[] = await this.db.query(
      `SELECT commune_code, level, unit_map, period FROM rm_dossier_status WHERE status IN ('recognised', 'revocation_proposed')`,
    );
    const renewals = held.map((h) => ({ communeCode: h.commune_code, level: h.level, map: h.unit_map, period: h.period }));
    const params: unknown[] = [];
    const where = [`status IN ('recognised', 'revocation_proposed')`, scopeSql(scope, params)];
    if (unit) where.push(scopeSql({ kind: 'unit', unit, at: todayOf(scope) }, params));
    const candidates: Record<string, any>[] = await this.db.query(
      `SELECT dossier_id, commune_code, commune_name, unit_map, province_code, district_code, level, status, revocation_due, period, pack_id, pack_version, state
         FROM rm_dossier_status WHERE ${where.join(' AND ')}`,
      params,
    );
    return candidates.flatMap((r) => {
      const target = requalificationOf(r.pack_id, r.pack_version, r.province_code, r.unit_map);
      if (!target || !recognisedUnderOlderSet({ packId: r.pack_id, packVersion: r.pack_version }, target)) return [];
      if (isRenewed({ communeCode: r.commune_code, level: r.level, map: r.unit_map, period: r.period }, renewals)) return [];
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

  /** The recognitions and assessments of some communes, as statistics and standings read them. */
  private async communeFacts(codes: { map: MapVersion; codes: string[] }[], asOf: string): Promise<{ intervals: ReportInterval[]; assessments: ReportAssessment[] }> {
    const params: unknown[] = [asOf];
    const clauses = codes
      .filter((c) => c.codes.length > 0)
      .map((c) => {
        params.push(c.codes);
        return `(unit_map = '${c.map}' AND commune_code = ANY($${params.length}::text[]))`;
      });
    if (clauses.length === 0) return { intervals: [], assessments: [] };
    const within = `(${clauses.join(' OR ')})`;
    const intervals: ReportInterval[] = await this.db.query(
      `SELECT commune_code AS "communeCode", unit_map AS map, level, to_char(from_date, 'YYYY-MM-DD') AS "from",
              to_char(to_date, 'YYYY-MM-DD') AS "to", decision_no AS "decisionNo"
         FROM rm_recognition_intervals WHERE unit_kind = 'commune' AND from_date <= $1 AND ${within}`,
      params,
    );
    const assessments: ReportAssessment[] = await this.db.query(
      `SELECT commune_code AS "communeCode", unit_map AS map, criteria_set_code AS "criteriaSetCode", to_char(assessed_on, 'YYYY-MM-DD') AS "assessedOn",
              met, total, source, (seq_commit::text || lpad(seq_prepare::text, 20, '0')) AS "order"
         FROM rm_commune_assessments WHERE assessed_on <= $1 AND ${within}`,
      params,
    );
    return { intervals, assessments };
  }

  /** A commune's standing at the end of `asOf` (a YYYY-MM-DD Vietnam date), on the map in force that day. */
  async communeStanding(communeCode: string, asOf: string, policy: MergerPolicy, criteriaSet: { code: string; total: number }) {
    const map = unitRegistry.mapInForceOn(asOf);
    const commune = unitRegistry.findCommune(communeCode, map);
    const predecessors = map === '2025-07' ? communePredecessors(commune?.predecessors) : [];
    const { intervals, assessments } = await this.communeFacts(
      [
        { map, codes: [communeCode] },
        { map: '2025-03', codes: predecessors.map((p) => p.code) },
      ],
      asOf,
    );
    const reportCommune: ReportCommune = { code: communeCode, name: commune?.name ?? communeCode, districtCode: commune?.districtCode ?? null, districtName: commune?.districtName ?? null, predecessors };
    const standing = standingOn(reportCommune, map, asOf, intervals, policy);
    const own = standing.own.sort((a, b) => b.from.localeCompare(a.from));
    const current = own.find((i) => i.level === standing.level) ?? null;
    const mine = assessments.filter((a) => a.communeCode === communeCode && a.map === map).sort((a, b) => b.assessedOn.localeCompare(a.assessedOn) || (BigInt(b.order) > BigInt(a.order) ? 1 : -1));
    const ofSet = mine.find((a) => a.criteriaSetCode === criteriaSet.code) ?? null;
    const open = await this.db.query(
      `SELECT dossier_id AS "dossierId", level, status FROM rm_dossier_status
        WHERE commune_code = $1 AND unit_map = $2 AND unit_kind = 'commune'
          AND status NOT IN ('recognised', 'revocation_proposed', 'rejected', 'revoked', 'renewed', 'withdrawn')
        ORDER BY registered_at`,
      [communeCode, map],
    );
    return {
      communeCode,
      map,
      asOf,
      mergerPolicy: policy,
      recognisedLevel: standing.level,
      basis: standing.basis,
      since: current?.from ?? null,
      decisionNo: current?.decisionNo ?? null,
      recognitions: own.map((i) => ({ level: i.level, decisionNo: i.decisionNo, since: i.from })),
      predecessors: predecessors.map((p) => ({
        code: p.code,
        partial: p.partial,
        name: unitRegistry.findCommune(p.code, '2025-03')?.name ?? null,
        levels: intervals.filter((i) => i.communeCode === p.code && i.map === '2025-03' && i.from <= asOf && (i.to === null || i.to > asOf)).map((i) => i.level),
      })),
      criteriaSet,
      latestAssessment: ofSet ? { met: ofSet.met, total: ofSet.total, source: ofSet.source, assessedOn: ofSet.assessedOn, criteriaSet: ofSet.criteriaSetCode } : null,
      latestOtherAssessment: mine.find((a) => a.criteriaSetCode !== criteriaSet.code) ?? null,
      openDossiers: open,
    };
  }

  /**
   * A province's (or, before July 2025, a district's) report on a date, as provinces state it: see unitReport. The
   * caller gives the province's merger policy and the commune set in force on the date.
   */
  async statistics(
    unitCode: string,
    asOf: string,
    options: { below?: number; policy: MergerPolicy; criteriaSet: { code: string; total: number } },
  ): Promise<UnitReport> {
    const map: MapVersion = unitRegistry.mapInForceOn(asOf);
    const level = unitCode.length === 2 ? 'province' : 'district';
    const name = level === 'province' ? unitRegistry.findProvince(unitCode, map)?.name : unitRegistry.findDistrict(unitCode)?.name;
    const communes: ReportCommune[] = unitRegistry
      .communesOf(unitCode, map)
      .filter((c) => c.kind === 'commune')
      .map((c) => ({
        code: c.code,
        name: c.name,
        districtCode: c.districtCode ?? null,
        districtName: c.districtName ?? null,
        ...(map === '2025-07' ? { predecessors: communePredecessors(c.predecessors).map((p) => ({ code: p.code, partial: p.partial })) } : {}),
      }));
    const { intervals, assessments } = await this.communeFacts(
      [
        { map, codes: communes.map((c) => c.code) },
        { map: '2025-03', codes: map === '2025-07' ? communes.flatMap((c) => (c.predecessors ?? []).map((p) => p.code)) : [] },
      ],
      asOf,
    );
    const year = Number(asOf.slice(0, 4));
    const planColumns = `standard, standard_percent::float8 AS "standardPercent", advanced, advanced_percent::float8 AS "advancedPercent", model,
      model_percent::float8 AS "modelPercent", average_criteria::float8 AS "averageCriteria", floor_criteria AS "floorCriteria"`;
    const [yearPlan] = await this.db.query(
      `SELECT year, targets_are AS "targetsAre", ${planColumns} FROM rm_plans WHERE unit_code = $1 AND unit_map = $2 AND year = $3`,
      [unitCode, map, year],
    );
    const period = programmePeriodOf(year);
    const [periodPlan] = await this.db.query(`SELECT period, ${planColumns} FROM rm_period_plans WHERE unit_code = $1 AND unit_map = $2 AND period = $3`, [
      unitCode,
      map,
      period,
    ]);
    const floor = options.below ?? yearPlan?.floorCriteria ?? periodPlan?.floorCriteria ?? null;
    return unitReport({
      unit: { code: unitCode, name: name ?? unitCode, level, map },
      asOf,
      policy: options.policy,
      communes,
      criteriaSet: options.criteriaSet,
      intervals,
      assessments,
      periodPlan: periodPlan ?? null,
      yearPlan: yearPlan ?? null,
      floor,
    });
  }
}

/** The programme period a calendar year belongs to (plans are made per period of the programme, by calendar year). */
export function programmePeriodOf(year: number): ProgrammePeriod {
  if (year <= 2015) return '2010-2015';
  if (year <= 2020) return '2016-2020';
  if (year <= 2025) return '2021-2025';
  return '2026-2030';
}

function todayOf(scope: Scope): string {
  return scope.kind === 'unit' ? scope.at : new Date().toISOString().slice(0, 10);
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
