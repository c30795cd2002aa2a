import { unitRegistry, vietnamDate } from '@app/domain';
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
    province_code   text,
    district_code   text
  );
  CREATE UNIQUE INDEX {table}_stream ON {table} (stream_id, revision);
  CREATE INDEX {table}_dossier ON {table} (dossier_id, revision);
  CREATE INDEX {table}_unit ON {table} (province_code, occurred_at);
  CREATE INDEX {table}_actor ON {table} (actor_id, occurred_at);
  CREATE INDEX {table}_order ON {table} (position_commit, position_prepare);`;

/** Every business event with who, in which role and unit, why, when, where in the global order, and its hash. */
export const auditTrailProjection: Projection = {
  name: 'audit-trail',
  version: 1,
  tables: { audit_trail: AUDIT },
  filter: { streamPrefixes: ['dossier-', 'commune-', 'plan-'] },

  async apply(events: RecordedEvent[], tx: ProjectionTx): Promise<void> {
    const places = new Map<string, { dossierId: string | null; commune: string | null; province: string | null; district: string | null }>();
    for (const e of events) {
      let place = places.get(e.streamId);
      if (!place) {
        const [first] = await tx.query<{ dossier_id: string | null; commune_code: string | null; province_code: string | null; district_code: string | null }>(
          `SELECT dossier_id, commune_code, province_code, district_code FROM ${tx.table('audit_trail')} WHERE stream_id = $1 AND revision = 0`,
          [e.streamId],
        );
        place = first ? { dossierId: first.dossier_id, commune: first.commune_code, province: first.province_code, district: first.district_code } : placeOf(e);
        places.set(e.streamId, place);
      }
      const m = e.metadata;
      await tx.query(
        `INSERT INTO ${tx.table('audit_trail')} (event_id, stream_id, revision, event_type, actor_id, actor_role, actor_unit, reason, correlation_id, causation_id,
            command_id, occurred_at, recorded_at, position_commit, position_prepare, hash, prev_hash, dossier_id, commune_code, province_code, district_code)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
        [
          e.id, e.streamId, e.revision, e.type, m.actor.id, m.actor.role, m.actor.unit, m.reason ?? null, m.correlationId, m.causationId ?? null,
          m.commandId ?? null, m.occurredAt, e.recordedAt, e.position.commit.toString(), e.position.prepare.toString(), e.hash, e.prevHash,
          place.dossierId, place.commune, place.province, place.district,
        ],
      );
    }
  },
};

function placeOf(e: RecordedEvent): { dossierId: string | null; commune: string | null; province: string | null; district: string | null } {
  const data = e.data as { dossierId?: string; communeCode?: string; provinceCode?: string; districtCode?: string | null; unitCode?: string };
  if (e.streamId.startsWith('dossier-')) {
    return { dossierId: e.streamId.slice('dossier-'.length), commune: data.communeCode ?? null, province: data.provinceCode ?? null, district: data.districtCode ?? null };
  }
  if (e.streamId.startsWith('commune-')) {
    const code = e.streamId.slice('commune-'.length);
    const commune = unitRegistry.findCommune(code, unitRegistry.mapInForceOn(vietnamDate(e.metadata.occurredAt)));
    return { dossierId: null, commune: code, province: commune?.provinceCode ?? null, district: commune?.districtCode ?? null };
  }
  const unit = data.unitCode ?? '';
  const map = unitRegistry.mapInForceOn(vietnamDate(e.metadata.occurredAt));
  const province = unit.length === 2 ? unit : unit.length === 3 ? unitRegistry.findDistrict(unit)?.provinceCode : unitRegistry.findCommune(unit, map)?.provinceCode;
  return { dossierId: null, commune: unit.length === 5 ? unit : null, province: province ?? null, district: unit.length === 3 ? unit : null };
}
