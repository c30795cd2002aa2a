import { MAP_VERSIONS, TWO_TIER_MAP_FROM, unitRegistry, vietnamDate, type MapVersion } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { Projection, ProjectionTx, StoredEventsSource } from '../projection';

const AUDIT = `
  CREATE TABLE {table} (
    event_id        uuid PRIMARY KEY,
    stream_id       text NOT NULL,
    revision        int NOT NULL,
    event_type      text NOT NULL,
    actor_id        text NOT NULL,
    actor_role      text NOT NULL,
    actor_unit      text NOT NULL,
    reason          text,
    correlation_id  text NOT NULL,
    causation_id    text,
    command_id      text,
    occurred_at     timestamptz NOT NULL,
    recorded_at     timestamptz NOT NULL,
    position_commit bigint NOT NULL,
    position_prepare bigint NOT NULL,
    hash            text NOT NULL,
    prev_hash       text,
    dossier_id      uuid,
    commune_code    text,
    unit_map        text,
    province_code   text,
    district_code   text,
    source          jsonb
  );
  CREATE UNIQUE INDEX {table}_stream ON {table} (stream_id, revision);
  CREATE INDEX {table}_dossier ON {table} (dossier_id, revision);
  CREATE INDEX {table}_unit ON {table} (province_code, occurred_at);
  CREATE INDEX {table}_actor ON {table} (actor_id, occurred_at);
  CREATE INDEX {table}_order ON {table} (position_commit, position_prepare);`;

type Place = { dossierId: string | null; commune: string | null; map: string | null; province: string | null; district: string | null };

/**
 * Every business event with who, in which role and unit, why, when, where in the global order, and its hash. A batch
 * looks up where its streams already in the trail belong in one query and inserts its rows in one statement.
 */
export const auditTrailProjection: Projection = {
  name: 'audit-trail',
  version: 2,
  tables: { audit_trail: AUDIT },
  filter: { streamPrefixes: ['dossier-', 'commune-', 'plan-'] },

  async apply(events: RecordedEvent[], tx: ProjectionTx): Promise<void> {
    if (events.length === 0) return;
    const table = tx.table('audit_trail');
    // A stream's place is fixed by its first event: stored for streams begun in earlier batches, else taken from the
    // first event of the stream in this one.
    const places = new Map<string, Place>();
    const known = await tx.query<{ stream_id: string; dossier_id: string | null; commune_code: string | null; unit_map: string | null; province_code: string | null; district_code: string | null }>(
      `SELECT stream_id, dossier_id, commune_code, unit_map, province_code, district_code FROM ${table}
        WHERE stream_id = ANY($1::text[]) AND revision = 0 AND NOT stream_id LIKE 'commune-%'`,
      [[...new Set(events.map((e) => e.streamId))]],
    );
    for (const k of known) places.set(k.stream_id, { dossierId: k.dossier_id, commune: k.commune_code, map: k.unit_map, province: k.province_code, district: k.district_code });
    const rows = events.map((e) => {
      // A commune stream's code may name another commune after July 2025: each of its events is placed on its own date.
      let place = e.streamId.startsWith('commune-') ? placeOf(e) : places.get(e.streamId);
      if (!place) places.set(e.streamId, (place = placeOf(e)));
      const m = e.metadata;
      return {
        event_id: e.id, stream_id: e.streamId, revision: e.revision, event_type: e.type, actor_id: m.actor.id, actor_role: m.actor.role, actor_unit: m.actor.unit,
        reason: m.reason ?? null, correlation_id: m.correlationId, causation_id: m.causationId ?? null, command_id: m.commandId ?? null,
        occurred_at: m.occurredAt, recorded_at: e.recordedAt, position_commit: e.position.commit.toString(), position_prepare: e.position.prepare.toString(),
        hash: e.hash, prev_hash: e.prevHash, dossier_id: place.dossierId, commune_code: place.commune, unit_map: place.map, province_code: place.province,
        district_code: place.district, source: m.source ?? null,
      };
    });
    await tx.query(
      `INSERT INTO ${table} (event_id, stream_id, revision, event_type, actor_id, actor_role, actor_unit, reason, correlation_id, causation_id,
          command_id, occurred_at, recorded_at, position_commit, position_prepare, hash, prev_hash, dossier_id, commune_code, unit_map, province_code,
          district_code, source)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(event_id uuid, stream_id text, revision int, event_type text, actor_id text, actor_role text,
          actor_unit text, reason text, correlation_id text, causation_id text, command_id text, occurred_at timestamptz, recorded_at timestamptz,
          position_commit bigint, position_prepare bigint, hash text, prev_hash text, dossier_id uuid, commune_code text, unit_map text, province_code text,
          district_code text, source jsonb)`,
      [JSON.stringify(rows)],
    );
  },

  /**
   * The same rows in one statement inside PostgreSQL (`apply` and `placeOf` say what each column is): a stream's place
   * from its first event, a commune stream's from each event, units looked up in a temporary table of both maps, the
   * day's map on Vietnam's fixed UTC+7 as `vietnamDate` reads it, and the record time to the millisecond the
   * application's Date keeps (node-postgres truncates the microseconds).
   */
  async buildInDatabase(tx: ProjectionTx, source: StoredEventsSource): Promise<void> {
    await tx.query(`CREATE TEMP TABLE audit_units (map text NOT NULL, code text NOT NULL, province_code text NOT NULL, district_code text, PRIMARY KEY (map, code)) ON COMMIT DROP`);
    await tx.query(`INSERT INTO audit_units SELECT * FROM jsonb_to_recordset($1::jsonb) AS u(map text, code text, province_code text, district_code text)`, [JSON.stringify(unitRows())]);
    const mapOfDay = (occurredAt: string) =>
      `CASE WHEN ((${occurredAt})::timestamptz AT TIME ZONE 'UTC' + interval '7 hours')::date < DATE '${TWO_TIER_MAP_FROM}' THEN '${unitRegistry.mapInForceOn('2000-01-01')}' ELSE '${unitRegistry.mapInForceOn(TWO_TIER_MAP_FROM)}' END`;
    const params = [...source.params];
    await tx.query(
      `INSERT INTO ${tx.table('audit_trail')} (event_id, stream_id, revision, event_type, actor_id, actor_role, actor_unit, reason, correlation_id, causation_id,
          command_id, occurred_at, recorded_at, position_commit, position_prepare, hash, prev_hash, dossier_id, commune_code, unit_map, province_code,
          district_code, source)
       SELECT e.event_id, e.stream_id, e.revision, e.event_type, e.metadata->'actor'->>'id', e.metadata->'actor'->>'role', e.metadata->'actor'->>'unit',
              e.metadata->>'reason', e.metadata->>'correlationId', e.metadata->>'causationId', e.metadata->>'commandId', (e.metadata->>'occurredAt')::timestamptz,
              date_trunc('milliseconds', e.recorded_at), e.position_commit, e.position_prepare, e.hash, e.prev_hash,
              CASE WHEN e.stream_id LIKE 'dossier-%' THEN substr(e.stream_id, 9)::uuid END,
              CASE WHEN e.stream_id LIKE 'dossier-%' THEN e.first_data->>'communeCode'
                   WHEN e.stream_id LIKE 'commune-%' THEN substr(e.stream_id, 9)
                   WHEN length(p.unit) = 5 THEN p.unit END,
              p.map,
              CASE WHEN e.stream_id LIKE 'dossier-%' THEN e.first_data->>'provinceCode'
                   WHEN e.stream_id LIKE 'commune-%' OR length(p.unit) = 5 THEN c.province_code
                   WHEN length(p.unit) = 2 THEN p.unit
                   WHEN length(p.unit) = 3 THEN d.province_code END,
              CASE WHEN e.stream_id LIKE 'dossier-%' THEN e.first_data->>'districtCode'
                   WHEN e.stream_id LIKE 'commune-%' THEN c.district_code
                   WHEN length(p.unit) = 3 THEN p.unit END,
              NULLIF(e.metadata->'source', 'null'::jsonb)
         FROM (${source.sql}) e
        CROSS JOIN LATERAL (
              SELECT CASE WHEN e.stream_id LIKE 'commune-%' THEN NULL ELSE coalesce(e.first_data->>'unitCode', '') END AS unit,
                     CASE WHEN e.stream_id LIKE 'commune-%' THEN coalesce(e.data->>'unitMap', ${mapOfDay("e.metadata->>'occurredAt'")})
                          ELSE coalesce(e.first_data->>'unitMap', ${mapOfDay("e.first_metadata->>'occurredAt'")}) END AS map) p
         LEFT JOIN audit_units c ON c.map = p.map AND c.code = CASE WHEN e.stream_id LIKE 'commune-%' THEN substr(e.stream_id, 9) ELSE p.unit END
         LEFT JOIN audit_units d ON d.map = '2025-03' AND d.code = p.unit AND length(p.unit) = 3`,
      params,
    );
  },
};

/** Every commune of both maps with its province and (2025-03) district, and every 2025-03 district with its province. */
function unitRows(): { map: MapVersion; code: string; province_code: string; district_code: string | null }[] {
  const rows: { map: MapVersion; code: string; province_code: string; district_code: string | null }[] = [];
  for (const map of MAP_VERSIONS) {
    for (const province of unitRegistry.provinces(map)) {
      for (const c of unitRegistry.communesOf(province.code, map)) rows.push({ map, code: c.code, province_code: c.provinceCode, district_code: c.districtCode ?? null });
      if (map === '2025-03') for (const d of unitRegistry.districtsOf(province.code)) rows.push({ map, code: d.code, province_code: province.code, district_code: null });
    }
  }
  return rows;
}

function placeOf(e: RecordedEvent): Place {
  const data = e.data as { dossierId?: string; communeCode?: string; provinceCode?: string; districtCode?: string | null; unitCode?: string; unitMap?: string };
  const mapOfDay = unitRegistry.mapInForceOn(vietnamDate(e.metadata.occurredAt));
  if (e.streamId.startsWith('dossier-')) {
    return {
      dossierId: e.streamId.slice('dossier-'.length),
      commune: data.communeCode ?? null,
      map: data.unitMap ?? mapOfDay,
      province: data.provinceCode ?? null,
      district: data.districtCode ?? null,
    };
  }
  if (e.streamId.startsWith('commune-')) {
    const code = e.streamId.slice('commune-'.length);
    const map = (data.unitMap as MapVersion | undefined) ?? mapOfDay;
    const commune = unitRegistry.findCommune(code, map);
    return { dossierId: null, commune: code, map, province: commune?.provinceCode ?? null, district: commune?.districtCode ?? null };
  }
  const unit = data.unitCode ?? '';
  const map = (data.unitMap as MapVersion | undefined) ?? mapOfDay;
  const province = unit.length === 2 ? unit : unit.length === 3 ? unitRegistry.findDistrict(unit)?.provinceCode : unitRegistry.findCommune(unit, map)?.provinceCode;
  return { dossierId: null, commune: unit.length === 5 ? unit : null, map, province: province ?? null, district: unit.length === 3 ? unit : null };
}
