import {
  WorkingDayCalendar,
  evolveDossier,
  getPack,
  initialDossierState,
  pendingDeadlines,
  unitRegistry,
  vietnamDate,
  type CommuneCriteriaAssessed,
  type DossierEvent,
  type DossierState,
  type MapVersion,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { Projection, ProjectionTx } from '../projection';

const STATUS = `
  CREATE TABLE {table} (
    dossier_id      uuid PRIMARY KEY,
    commune_code    text NOT NULL,
    commune_name    text,
    unit_map        text NOT NULL,
    province_code   text NOT NULL,
    district_code   text,
    level           text NOT NULL,
    period          text NOT NULL,
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

/**
 * The calendar the decider counts on (the shipped holidays and swaps), so that the read model's due dates are the ones
 * the timer and the decider agree on, and a rebuild gives the same rows.
 */
const CALENDAR = new WorkingDayCalendar();

// Recognition as intervals rather than a current level, so standings and statistics can be asked "as of" any day.
const INTERVALS = `
  CREATE TABLE {table} (
    dossier_id      uuid PRIMARY KEY,
    commune_code    text NOT NULL,
    unit_map        text NOT NULL,
    province_code   text NOT NULL,
    district_code   text,
    level           text NOT NULL,
    decision_no     text NOT NULL,
    from_date       date NOT NULL,
    to_date         date,
    revocation_no   text
  );
  CREATE INDEX {table}_commune ON {table} (commune_code, unit_map);
  CREATE INDEX {table}_unit ON {table} (province_code, from_date);`;

// Every criteria assessment a commune had, from its dossiers' results and from the yearly assessments.
const ASSESSMENTS = `
  CREATE TABLE {table} (
    event_id        uuid PRIMARY KEY,
    commune_code    text NOT NULL,
    unit_map        text NOT NULL,
    province_code   text NOT NULL,
    district_code   text,
    source          text NOT NULL CHECK (source IN ('dossier', 'yearly')),
    dossier_id      uuid,
    year            int,
    assessed_on     date NOT NULL,
    met             int NOT NULL,
    total           int NOT NULL,
    seq_commit      bigint NOT NULL,
    seq_prepare     bigint NOT NULL
  );
  CREATE INDEX {table}_latest ON {table} (commune_code, unit_map, assessed_on DESC, seq_commit DESC, seq_prepare DESC);
  CREATE INDEX {table}_unit ON {table} (province_code, assessed_on);`;

interface StatusRow {
  state: DossierState;
  revision: number;
}

/** Criteria met per the dossier's own record; null once the status no longer carries the record (decided). */
function metCount(state: DossierState): { met: number; total: number } | null {
  if (state.status === 'unregistered' || !('record' in state)) return null;
  const codes = state.dossier.criteriaCodes;
  return { met: codes.filter((c) => state.record.results[c]?.met === true).length, total: codes.length };
}

/**
 * Dossier status (with the folded state, so the read model can never disagree with the decider), recognition
 * intervals and criteria assessments. Applies each stream's events strictly in revision order, or stops.
 */
export const dossiersProjection: Projection = {
  name: 'dossiers',
  version: 2,
  tables: { dossier_status: STATUS, recognition_intervals: INTERVALS, commune_assessments: ASSESSMENTS, dossier_deadlines: DEADLINES },
  filter: { streamPrefixes: ['dossier-', 'commune-'] },

  async apply(events: RecordedEvent[], tx: ProjectionTx): Promise<void> {
    const cache = new Map<string, StatusRow>();
    const moved = new Set<string>();
    for (const e of events) {
      if (e.streamId.startsWith('commune-')) {
        if (e.type === 'CommuneCriteriaAssessed') await yearlyAssessment(e, tx);
        continue;
      }
      const dossierId = e.streamId.slice('dossier-'.length);
      const before = cache.get(dossierId) ?? (await load(tx, dossierId));
      const expected = before ? before.revision + 1 : 0;
      if (e.revision !== expected) {
        throw new Error(`dossier ${dossierId}: event at revision ${e.revision} arrived when ${expected} was expected`);
      }
      const state = evolveDossier(before?.state ?? initialDossierState(), { type: e.type, data: e.data } as DossierEvent);
      if (state.status === 'unregistered') continue;
      cache.set(dossierId, { state, revision: e.revision });
      moved.add(dossierId);
      await saveStatus(tx, dossierId, state, e);
      const d = state.dossier;
      const map = unitRegistry.mapInForceOn(vietnamDate(d.registeredAt));
      switch (e.type) {
        case 'DossierRecognised': {
          const data = e.data as { decisionNo: string; decisionDate: string; level: string };
          await tx.query(
            `INSERT INTO ${tx.table('recognition_intervals')} (dossier_id, commune_code, unit_map, province_code, district_code, level, decision_no, from_date)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [dossierId, d.communeCode, map, d.provinceCode, d.districtCode, data.level, data.decisionNo, data.decisionDate],
          );
          break;
        }
        case 'DossierRevoked': {
          const data = e.data as { decisionNo: string; decisionDate: string };
          await tx.query(`UPDATE ${tx.table('recognition_intervals')} SET to_date = $2, revocation_no = $3 WHERE dossier_id = $1`, [dossierId, data.decisionDate, data.decisionNo]);
          break;
        }
        case 'CriterionResultsRecorded': {
          const { met, total } = metCount(state)!;
          await tx.query(
            `INSERT INTO ${tx.table('commune_assessments')} (event_id, commune_code, unit_map, province_code, district_code, source, dossier_id, year, assessed_on, met, total, seq_commit, seq_prepare)
             VALUES ($1, $2, $3, $4, $5, 'dossier', $6, NULL, $7, $8, $9, $10, $11)`,
            [e.id, d.communeCode, map, d.provinceCode, d.districtCode, dossierId, vietnamDate(e.metadata.occurredAt), met, total, e.position.commit.toString(), e.position.prepare.toString()],
          );
          break;
        }
        default:
          break;
      }
    }
    // Once per dossier and batch: the deadlines depend only on the state the batch ends in.
    for (const dossierId of moved) await saveDeadlines(tx, dossierId, cache.get(dossierId)!.state);
  },
};

async function saveDeadlines(tx: ProjectionTx, dossierId: string, state: DossierState): Promise<void> {
  await tx.query(`DELETE FROM ${tx.table('dossier_deadlines')} WHERE dossier_id = $1`, [dossierId]);
  if (state.status === 'unregistered') return;
  const d = state.dossier;
  const map = unitRegistry.mapInForceOn(vietnamDate(d.registeredAt));
  const name = unitRegistry.findCommune(d.communeCode, map)?.name ?? null;
  for (const deadline of pendingDeadlines(state, CALENDAR)) {
    await tx.query(
      `INSERT INTO ${tx.table('dossier_deadlines')} (dossier_id, kind, started_at, due_at, time_limit, action_by, consequence, reached_at, commune_code, commune_name,
          unit_map, province_code, district_code, level, status, revocation_due)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        dossierId,
        deadline.kind,
        deadline.startedAt,
        deadline.dueAt,
        deadline.limit,
        deadline.actionBy,
        deadline.consequence,
        deadline.reachedAt,
        d.communeCode,
        name,
        map,
        d.provinceCode,
        d.districtCode,
        d.level,
        state.status,
        revocationDue(state),
      ],
    );
  }
}

function revocationDue(state: DossierState): boolean {
  return (state.status === 'recognised' || state.status === 'revocation_proposed') && state.revocationDue !== null;
}

async function load(tx: ProjectionTx, dossierId: string): Promise<StatusRow | null> {
  const [row] = await tx.query<{ state: DossierState; revision: number }>(`SELECT state, revision FROM ${tx.table('dossier_status')} WHERE dossier_id = $1`, [dossierId]);
  return row ? { state: row.state, revision: Number(row.revision) } : null;
}

async function saveStatus(tx: ProjectionTx, dossierId: string, state: Exclude<DossierState, { status: 'unregistered' }>, e: RecordedEvent): Promise<void> {
  const d = state.dossier;
  const map: MapVersion = unitRegistry.mapInForceOn(vietnamDate(d.registeredAt));
  const counted = metCount(state);
  const next = pendingDeadlines(state, CALENDAR)[0] ?? null;
  await tx.query(
    `INSERT INTO ${tx.table('dossier_status')} (dossier_id, commune_code, commune_name, unit_map, province_code, district_code, level, period, pack_id, pack_version,
        target_year, status, revision, registered_at, last_event_type, last_changed_at, criteria_met, criteria_total, state, step_deadline, deadline_kind, revocation_due)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $21, $22, $23)
     ON CONFLICT (dossier_id) DO UPDATE SET status = excluded.status, revision = excluded.revision, last_event_type = excluded.last_event_type,
        last_changed_at = excluded.last_changed_at, state = excluded.state, step_deadline = excluded.step_deadline,
        deadline_kind = excluded.deadline_kind, revocation_due = excluded.revocation_due,
        criteria_met = CASE WHEN $20 THEN excluded.criteria_met ELSE ${tx.table('dossier_status')}.criteria_met END`,
    [
      dossierId,
      d.communeCode,
      unitRegistry.findCommune(d.communeCode, map)?.name ?? null,
      map,
      d.provinceCode,
      d.districtCode,
      d.level,
      getPack(d.packId, d.packVersion).period,
      d.packId,
      d.packVersion,
      d.targetYear,
      state.status,
      e.revision,
      d.registeredAt,
      e.type,
      e.metadata.occurredAt,
      counted?.met ?? 0,
      counted?.total ?? d.criteriaCodes.length,
      JSON.stringify(state),
      counted !== null,
      next?.dueAt ?? null,
      next?.kind ?? null,
      revocationDue(state),
    ],
  );
}

async function yearlyAssessment(e: RecordedEvent, tx: ProjectionTx): Promise<void> {
  const data = (e as RecordedEvent<'CommuneCriteriaAssessed', CommuneCriteriaAssessed['data']>).data;
  const map = unitRegistry.mapInForceOn(data.assessedOn);
  const commune = unitRegistry.findCommune(data.communeCode, map);
  if (!commune) throw new Error(`assessment of commune ${data.communeCode}, unknown in the ${map} map`);
  await tx.query(
    `INSERT INTO ${tx.table('commune_assessments')} (event_id, commune_code, unit_map, province_code, district_code, source, dossier_id, year, assessed_on, met, total, seq_commit, seq_prepare)
     VALUES ($1, $2, $3, $4, $5, 'yearly', NULL, $6, $7, $8, $9, $10, $11)`,
    [e.id, data.communeCode, map, commune.provinceCode, commune.districtCode ?? null, data.year, data.assessedOn, data.metCount, data.total, e.position.commit.toString(), e.position.prepare.toString()],
  );
}
