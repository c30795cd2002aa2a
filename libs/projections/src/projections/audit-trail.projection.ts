import { unitRegistry, vietnamDate, type MapVersion } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { Projection, ProjectionTx } from '../projection';

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
};

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
