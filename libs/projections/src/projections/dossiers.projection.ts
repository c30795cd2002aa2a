import {
  DEFAULT_CALENDAR,
  currentDeadline,
  evolveDossier,
  getPack,
  initialDossierState,
  isRevocationDue,
  pendingDeadlines,
  unitRegistry,
  type CommuneCriteriaAssessed,
  type CommuneCriteriaCounted,
  type DossierEvent,
  type DossierFacts,
  type DossierState,
  type MapVersion,
  type MonitoringReviewRecorded,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { Projection, ProjectionTx } from '../projection';

const STATUS = `
  CREATE TABLE {table} (
    dossier_id      uuid PRIMARY KEY,
    commune_code    text NOT NULL,
    commune_name    text,
    unit_kind       text NOT NULL,
    unit_map        text NOT NULL,
    province_code   text NOT NULL,
    district_code   text,
    level           text NOT NULL,
    period          text NOT NULL,
    imported        boolean NOT NULL,
    pack_id         text NOT NULL,
    pack_version    text NOT NULL,
    target_year     int NOT NULL,
    status          text NOT NULL,
    step_deadline   timestamptz,
    deadline_kind   text,
    revocation_due  boolean NOT NULL,
    revision        int NOT NULL,
    registered_at   timestamptz NOT NULL,
    last_event_type text NOT NULL,
    last_changed_at timestamptz NOT NULL,
    criteria_met    int NOT NULL,
    criteria_total  int NOT NULL,
    state           jsonb NOT NULL
  );
  CREATE INDEX {table}_unit ON {table} (province_code, district_code, commune_code);
  CREATE INDEX {table}_status ON {table} (status, level, period);`;

// Every deadline a dossier has now, one row per kind, so the board lists them all and the timer finds what has passed.
// The re-qualification date is configuration, not history: it is added when read, never stored.
const DEADLINES = `
  CREATE TABLE {table} (
    dossier_id      uuid NOT NULL,
    kind            text NOT NULL,
    started_at      timestamptz NOT NULL,
    due_at          timestamptz NOT NULL,
    time_limit      text NOT NULL,
    action_by       text[] NOT NULL,
    consequence     text NOT NULL,
    reached_at      timestamptz,
    commune_code    text NOT NULL,
    commune_name    text,
    unit_map        text NOT NULL,
    province_code   text NOT NULL,
    district_code   text,
    level           text NOT NULL,
    status          text NOT NULL,
    revocation_due  boolean NOT NULL,
    PRIMARY KEY (dossier_id, kind)
  );
  CREATE INDEX {table}_unreached ON {table} (due_at) WHERE reached_at IS NULL;
  CREATE INDEX {table}_unit ON {table} (province_code, due_at);`;

// Recognition as intervals rather than a current level, so standings and statistics can be asked "as of" any day.
const INTERVALS = `
  CREATE TABLE {table} (
    dossier_id      uuid PRIMARY KEY,
    commune_code    text NOT NULL,
    unit_kind       text NOT NULL,
    unit_map        text NOT NULL,
    province_code   text NOT NULL,
    district_code   text,
    level           text NOT NULL,
    pack_id         text NOT NULL,
    period          text NOT NULL,
    criteria_set_code text NOT NULL,
    imported        boolean NOT NULL,
    decision_no     text NOT NULL,
    from_date       date NOT NULL,
    to_date         date,
    revocation_no   text
  );
  CREATE INDEX {table}_commune ON {table} (commune_code, unit_map);
  CREATE INDEX {table}_unit ON {table} (province_code, from_date);`;

// Every completed assessment of a commune's criteria: the yearly assessments (per criterion or a count) and the
// monitoring reviews of its recognitions. A dossier's draft results are not an assessment: they change no statistic.
const ASSESSMENTS = `
  CREATE TABLE {table} (
    event_id        uuid PRIMARY KEY,
    commune_code    text NOT NULL,
    unit_map        text NOT NULL,
    province_code   text NOT NULL,
    district_code   text,
    source          text NOT NULL CHECK (source IN ('yearly', 'count', 'review')),
    dossier_id      uuid,
    year            int NOT NULL,
    level           text NOT NULL,
    criteria_set_code text NOT NULL,
    assessed_on     date NOT NULL,
    met             int NOT NULL,
    total           int NOT NULL,
    seq_commit      bigint NOT NULL,
    seq_prepare     bigint NOT NULL
  );
  CREATE INDEX {table}_latest ON {table} (commune_code, unit_map, assessed_on DESC, seq_commit DESC, seq_prepare DESC);
  CREATE INDEX {table}_unit ON {table} (province_code, assessed_on);`;

/** Criteria met per the dossier's own record; null once the status no longer carries the record (decided). */
function metCount(state: DossierState): { met: number; total: number } | null {
  if (state.status === 'unregistered' || !('record' in state)) return null;
  const codes = state.dossier.criteriaCodes;
  return { met: codes.filter((c) => state.record.results[c]?.met === true).length, total: codes.length };
}

interface StatusRow {
  state: DossierState;
  revision: number;
  /** Criteria met by the last record the dossier had; kept once a decided status no longer carries one. */
  criteriaMet: number;
}

/** One dossier's row as the batch leaves it. */
interface StatusChange {
  state: Exclude<DossierState, { status: 'unregistered' }>;
  last: RecordedEvent;
  criteriaMet: number;
}

/** `INSERT … SELECT` from one jsonb array of rows: one statement however many rows the batch has. */
function fromRows(columns: string): string {
  return `jsonb_to_recordset($1::jsonb) AS r(${columns})`;
}

/**
 * Dossier status (with the folded state, so the read model can never disagree with the decider), recognition
 * intervals and criteria assessments. Applies each stream's events strictly in revision order, or stops.
 *
 * A batch reads the stored states of its dossiers in one query, folds every event in memory and writes one statement
 * per table: the rows are what applying the events one by one would leave (a test builds the same history in batches
 * of 1, 13 and 1,000 and compares the tables), at a fraction of the round trips.
 */
export const dossiersProjection: Projection = {
  name: 'dossiers',
  version: 4,
  tables: { dossier_status: STATUS, recognition_intervals: INTERVALS, commune_assessments: ASSESSMENTS, dossier_deadlines: DEADLINES },
  filter: { streamPrefixes: ['dossier-', 'commune-'] },

  async apply(events: RecordedEvent[], tx: ProjectionTx): Promise<void> {
    const ids = [...new Set(events.filter((e) => e.streamId.startsWith('dossier-')).map(dossierIdOf))];
    const folded = await loadStatuses(tx, ids);
    const changed = new Map<string, StatusChange>();
    const recognised = new Map<string, IntervalRow>();
    const revoked: { dossier_id: string; to_date: string; revocation_no: string | null }[] = [];
    const assessments: AssessmentRow[] = [];

    for (const e of events) {
      if (e.streamId.startsWith('commune-')) {
        if (e.type === 'CommuneCriteriaAssessed' || e.type === 'CommuneCriteriaCounted') assessments.push(yearlyAssessment(e));
        continue;
      }
      const dossierId = dossierIdOf(e);
      const before = folded.get(dossierId);
      const expected = before ? before.revision + 1 : 0;
      if (e.revision !== expected) {
        throw new Error(`dossier ${dossierId}: event at revision ${e.revision} arrived when ${expected} was expected`);
      }
      const state = evolveDossier(before?.state ?? initialDossierState(), { type: e.type, data: e.data } as DossierEvent);
      if (state.status === 'unregistered') continue;
      const counted = metCount(state);
      const criteriaMet = counted?.met ?? before?.criteriaMet ?? 0;
      folded.set(dossierId, { state, revision: e.revision, criteriaMet });
      changed.set(dossierId, { state, last: e, criteriaMet });
      const d = state.dossier;
      switch (e.type) {
        case 'DossierRecognised':
        case 'RecognitionImported': {
          const data = e.data as { decisionNo: string; decisionDate: string; level: string };
          recognised.set(dossierId, {
            ...placeColumns(d), dossier_id: dossierId, level: data.level, pack_id: d.packId, period: getPack(d.packId, d.packVersion).period,
            criteria_set_code: d.criteriaSetCode, imported: d.imported === true, decision_no: data.decisionNo, from_date: data.decisionDate, to_date: null, revocation_no: null,
          });
          break;
        }
        case 'DossierRevoked':
        case 'RevocationImported':
        case 'RecognitionRenewed': {
          // A revocation ends the interval with its decision; a renewal hands over to the newer recognition that day.
          const data = e.data as { decisionNo?: string; decisionDate?: string; renewedOn?: string };
          const end = { to_date: (data.decisionDate ?? data.renewedOn)!, revocation_no: data.decisionNo ?? null };
          const interval = recognised.get(dossierId);
          if (interval) Object.assign(interval, end);
          else revoked.push({ dossier_id: dossierId, ...end });
          break;
        }
        case 'MonitoringReviewRecorded': {
          if (d.unitKind !== 'commune') break;
          const { year, reviewedOn, finding } = (e as RecordedEvent<'MonitoringReviewRecorded', MonitoringReviewRecorded['data']>).data;
          assessments.push({
            event_id: e.id, commune_code: d.communeCode, unit_map: d.unitMap, province_code: d.provinceCode, district_code: d.districtCode, source: 'review',
            dossier_id: dossierId, year, level: d.level, criteria_set_code: finding.judgedAgainst, assessed_on: reviewedOn,
            met: finding.total - finding.failing.length, total: finding.total,
            seq_commit: e.position.commit.toString(), seq_prepare: e.position.prepare.toString(),
          });
          break;
        }
        default:
          break;
      }
    }
    await saveStatuses(tx, changed);
    await saveIntervals(tx, [...recognised.values()], revoked);
    await saveAssessments(tx, assessments);
    // The deadlines depend only on the state the batch leaves each dossier in.
    await saveDeadlines(tx, changed);
  },
};

/** The stream's uuid as PostgreSQL prints it (lower case), so events and stored rows meet on the same key. */
function dossierIdOf(e: RecordedEvent): string {
  return e.streamId.slice('dossier-'.length).toLowerCase();
}

async function loadStatuses(tx: ProjectionTx, ids: string[]): Promise<Map<string, StatusRow>> {
  const out = new Map<string, StatusRow>();
  if (ids.length === 0) return out;
  const rows = await tx.query<{ dossier_id: string; state: DossierState; revision: number; criteria_met: number }>(
    `SELECT dossier_id, state, revision, criteria_met FROM ${tx.table('dossier_status')} WHERE dossier_id = ANY($1::uuid[])`,
    [ids],
  );
  for (const row of rows) out.set(row.dossier_id, { state: row.state, revision: Number(row.revision), criteriaMet: Number(row.criteria_met) });
  return out;
}

async function saveStatuses(tx: ProjectionTx, changed: Map<string, StatusChange>): Promise<void> {
  if (changed.size === 0) return;
  const rows = [...changed].map(([dossierId, { state, last, criteriaMet }]) => {
    const d = state.dossier;
    const next = currentDeadline(state, DEFAULT_CALENDAR);
    return {
      dossier_id: dossierId,
      ...placeColumns(d),
      commune_name: unitName(d),
      level: d.level,
      period: getPack(d.packId, d.packVersion).period,
      imported: d.imported === true,
      pack_id: d.packId,
      pack_version: d.packVersion,
      target_year: d.targetYear,
      status: state.status,
      revision: last.revision,
      registered_at: d.registeredAt,
      last_event_type: last.type,
      last_changed_at: last.metadata.occurredAt,
      criteria_met: criteriaMet,
      criteria_total: d.criteriaCodes.length,
      state,
      step_deadline: next?.dueAt ?? null,
      deadline_kind: next?.kind ?? null,
      revocation_due: isRevocationDue(state),
    };
  });
  const table = tx.table('dossier_status');
  await tx.query(
    `INSERT INTO ${table} (dossier_id, commune_code, commune_name, unit_kind, unit_map, province_code, district_code, level, period, imported, pack_id, pack_version,
        target_year, status, revision, registered_at, last_event_type, last_changed_at, criteria_met, criteria_total, state, step_deadline, deadline_kind, revocation_due)
     SELECT dossier_id, commune_code, commune_name, unit_kind, unit_map, province_code, district_code, level, period, imported, pack_id, pack_version,
        target_year, status, revision, registered_at, last_event_type, last_changed_at, criteria_met, criteria_total, state, step_deadline, deadline_kind, revocation_due
       FROM ${fromRows(`dossier_id uuid, commune_code text, commune_name text, unit_kind text, unit_map text, province_code text, district_code text, level text, period text,
            imported boolean, pack_id text, pack_version text, target_year int, status text, revision int, registered_at timestamptz, last_event_type text,
            last_changed_at timestamptz, criteria_met int, criteria_total int, state jsonb, step_deadline timestamptz,
            deadline_kind text, revocation_due boolean`)}
     ON CONFLICT (dossier_id) DO UPDATE SET status = excluded.status, revision = excluded.revision, last_event_type = excluded.last_event_type,
        last_changed_at = excluded.last_changed_at, state = excluded.state, step_deadline = excluded.step_deadline,
        deadline_kind = excluded.deadline_kind, revocation_due = excluded.revocation_due,
        criteria_met = excluded.criteria_met`,
    [JSON.stringify(rows)],
  );
}

interface IntervalRow {
  dossier_id: string;
  commune_code: string;
  unit_kind: string;
  unit_map: MapVersion;
  province_code: string;
  district_code: string | null;
  level: string;
  pack_id: string;
  period: string;
  criteria_set_code: string;
  imported: boolean;
  decision_no: string;
  from_date: string;
  to_date: string | null;
  revocation_no: string | null;
}

async function saveIntervals(tx: ProjectionTx, recognised: IntervalRow[], revoked: { dossier_id: string; to_date: string; revocation_no: string | null }[]): Promise<void> {
  const table = tx.table('recognition_intervals');
  if (recognised.length) {
    await tx.query(
      `INSERT INTO ${table} (dossier_id, commune_code, unit_kind, unit_map, province_code, district_code, level, pack_id, period, criteria_set_code, imported,
            decision_no, from_date, to_date, revocation_no)
       SELECT dossier_id, commune_code, unit_kind, unit_map, province_code, district_code, level, pack_id, period, criteria_set_code, imported,
            decision_no, from_date, to_date, revocation_no
         FROM ${fromRows(`dossier_id uuid, commune_code text, unit_kind text, unit_map text, province_code text, district_code text, level text, pack_id text,
            period text, criteria_set_code text, imported boolean, decision_no text, from_date date, to_date date, revocation_no text`)}`,
      [JSON.stringify(recognised)],
    );
  }
  if (revoked.length) {
    await tx.query(
      `UPDATE ${table} t SET to_date = r.to_date, revocation_no = r.revocation_no
         FROM ${fromRows('dossier_id uuid, to_date date, revocation_no text')} WHERE t.dossier_id = r.dossier_id`,
      [JSON.stringify(revoked)],
    );
  }
}

interface AssessmentRow {
  event_id: string;
  commune_code: string;
  unit_map: MapVersion;
  province_code: string;
  district_code: string | null;
  source: 'yearly' | 'count' | 'review';
  dossier_id: string | null;
  year: number;
  level: string;
  criteria_set_code: string;
  assessed_on: string;
  met: number;
  total: number;
  seq_commit: string;
  seq_prepare: string;
}

async function saveAssessments(tx: ProjectionTx, rows: AssessmentRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO ${tx.table('commune_assessments')} (event_id, commune_code, unit_map, province_code, district_code, source, dossier_id, year, level,
          criteria_set_code, assessed_on, met, total, seq_commit, seq_prepare)
     SELECT event_id, commune_code, unit_map, province_code, district_code, source, dossier_id, year, level, criteria_set_code, assessed_on, met, total,
          seq_commit, seq_prepare
       FROM ${fromRows(`event_id uuid, commune_code text, unit_map text, province_code text, district_code text, source text, dossier_id uuid, year int,
          level text, criteria_set_code text, assessed_on date, met int, total int, seq_commit bigint, seq_prepare bigint`)}`,
    [JSON.stringify(rows)],
  );
}

async function saveDeadlines(tx: ProjectionTx, changed: Map<string, StatusChange>): Promise<void> {
  if (changed.size === 0) return;
  const table = tx.table('dossier_deadlines');
  await tx.query(`DELETE FROM ${table} WHERE dossier_id = ANY($1::uuid[])`, [[...changed.keys()]]);
  const rows = [...changed].flatMap(([dossierId, { state }]) => {
    const d = state.dossier;
    const name = unitName(d);
    return pendingDeadlines(state, DEFAULT_CALENDAR).map((deadline) => ({
      dossier_id: dossierId,
      kind: deadline.kind,
      started_at: deadline.startedAt,
      due_at: deadline.dueAt,
      time_limit: deadline.limit,
      action_by: deadline.actionBy,
      consequence: deadline.consequence,
      reached_at: deadline.reachedAt,
      commune_code: d.communeCode,
      commune_name: name,
      unit_map: d.unitMap,
      province_code: d.provinceCode,
      district_code: d.districtCode,
      level: d.level,
      status: state.status,
      revocation_due: isRevocationDue(state),
    }));
  });
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO ${table} (dossier_id, kind, started_at, due_at, time_limit, action_by, consequence, reached_at, commune_code, commune_name,
        unit_map, province_code, district_code, level, status, revocation_due)
     SELECT * FROM ${fromRows(`dossier_id uuid, kind text, started_at timestamptz, due_at timestamptz, time_limit text, action_by text[], consequence text,
          reached_at timestamptz, commune_code text, commune_name text, unit_map text, province_code text, district_code text, level text, status text,
          revocation_due boolean`)}`,
    [JSON.stringify(rows)],
  );
}

function yearlyAssessment(e: RecordedEvent): AssessmentRow {
  const data = (e as RecordedEvent<'CommuneCriteriaAssessed' | 'CommuneCriteriaCounted', CommuneCriteriaAssessed['data'] | CommuneCriteriaCounted['data']>).data;
  const map = data.unitMap ?? unitRegistry.mapInForceOn(data.assessedOn);
  const commune = unitRegistry.findCommune(data.communeCode, map);
  if (!commune) throw new Error(`assessment of commune ${data.communeCode}, unknown in the ${map} map`);
  return {
    event_id: e.id, commune_code: data.communeCode, unit_map: map, province_code: commune.provinceCode, district_code: commune.districtCode ?? null,
    source: e.type === 'CommuneCriteriaCounted' ? 'count' : 'yearly', dossier_id: null, year: data.year, level: data.level,
    criteria_set_code: data.criteriaSetCode, assessed_on: data.assessedOn, met: data.metCount, total: data.total,
    seq_commit: e.position.commit.toString(), seq_prepare: e.position.prepare.toString(),
  };
}

/** Where a dossier's unit lies, as every table of the projection keys it. */
function placeColumns(d: DossierFacts) {
  return { commune_code: d.communeCode, unit_kind: d.unitKind, unit_map: d.unitMap, province_code: d.provinceCode, district_code: d.districtCode };
}

function unitName(d: DossierFacts): string | null {
  if (d.unitKind === 'district') return unitRegistry.findDistrict(d.communeCode)?.name ?? null;
  return unitRegistry.findCommune(d.communeCode, d.unitMap)?.name ?? null;
}
