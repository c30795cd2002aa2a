import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EventStore1763800000000 implements MigrationInterface {
  name = 'EventStore1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE es_streams (
        stream_id   text PRIMARY KEY,
        revision    bigint NOT NULL,
        last_hash   text NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    // Readers order by (transaction_id, global_position) and only read below the oldest open transaction
    // (pg_snapshot_xmin), so a row committed late by a slow writer can never be passed over.
    await q.query(`
      CREATE TABLE es_events (
        global_position  bigint GENERATED ALWAYS AS IDENTITY,
        transaction_id   xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_id        text NOT NULL,
        stream_revision  bigint NOT NULL,
        event_id         uuid NOT NULL,
        event_type       text NOT NULL,
        data             jsonb NOT NULL,
        metadata         jsonb NOT NULL,
        hash             text NOT NULL,
        prev_hash        text,
        recorded_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT es_events_pk PRIMARY KEY (stream_id, stream_revision),
        CONSTRAINT es_events_event_id_uq UNIQUE (event_id)
      )`);
    await q.query(`CREATE UNIQUE INDEX es_events_order_ix ON es_events (transaction_id, global_position)`);
    await q.query(`CREATE INDEX es_events_type_ix ON es_events (event_type, transaction_id, global_position)`);
    // The table is append-only for everyone, the service included; the hash chain then catches what a superuser
    // does with the triggers disabled.
    await q.query(`
      CREATE FUNCTION es_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'es_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER es_events_no_update BEFORE UPDATE OR DELETE ON es_events FOR EACH ROW EXECUTE FUNCTION es_refuse_change()`);
    await q.query(`CREATE TRIGGER es_events_no_truncate BEFORE TRUNCATE ON es_events FOR EACH STATEMENT EXECUTE FUNCTION es_refuse_change()`);
    // One round trip to serialise writers of a stream and read what the append must check. The advisory lock is
    // taken before the transaction has an id, so ids (and thus global order) follow each stream's revision order.
    // A VOLATILE function takes a fresh snapshot per statement, so the reads see the previous holder's commit.
    await q.query(`
      CREATE FUNCTION es_lock_stream(p_stream text, p_ids uuid[])
      RETURNS TABLE (revision bigint, last_hash text, existing jsonb)
      LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended(p_stream, 0));
        RETURN QUERY
          SELECT s.revision, s.last_hash,
                 (SELECT coalesce(jsonb_agg(jsonb_build_object(
                            'id', e.event_id, 'stream', e.stream_id, 'revision', e.stream_revision,
                            'commit', e.transaction_id::text, 'prepare', e.global_position::text)
                          ORDER BY e.transaction_id, e.global_position), '[]'::jsonb)
                    FROM es_events e WHERE e.event_id = ANY(p_ids))
            FROM (SELECT 1) one
            LEFT JOIN es_streams s ON s.stream_id = p_stream;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS es_lock_stream(text, uuid[])`);
    await q.query(`DROP TABLE IF EXISTS es_events`);
    await q.query(`DROP FUNCTION IF EXISTS es_refuse_change()`);
    await q.query(`DROP TABLE IF EXISTS es_streams`);
  }
}
