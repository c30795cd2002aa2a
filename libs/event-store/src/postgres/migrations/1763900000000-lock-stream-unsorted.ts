import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `es_lock_stream` without the ORDER BY in its aggregate of already stored ids. The store's sessions run with
 * `enable_sort=off` (see `sessionOptions`), and on PostgreSQL 16+ an ordered aggregate may be fed presorted input: with
 * sorting priced out the planner walked the whole global-order index to find a batch's ids, making every append cost
 * the size of the table (measured: 108k events written in 65 s instead of 17 s). The ids found are few and the caller
 * looks them up by id, so their order never mattered.
 */
export class LockStreamUnsorted1763900000000 implements MigrationInterface {
  name = 'LockStreamUnsorted1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(lockStream(''));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(lockStream('ORDER BY e.transaction_id, e.global_position'));
  }
}

/** The lock-and-read function of appends before `es_append_group`, with its aggregate ordered by `order`. */
export function lockStream(order: string): string {
  return `
    CREATE OR REPLACE FUNCTION es_lock_stream(p_stream text, p_ids uuid[])
    RETURNS TABLE (revision bigint, last_hash text, existing jsonb)
    LANGUAGE plpgsql VOLATILE AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtextextended(p_stream, 0));
      RETURN QUERY
        SELECT s.revision, s.last_hash,
               (SELECT coalesce(jsonb_agg(jsonb_build_object(
                          'id', e.event_id, 'stream', e.stream_id, 'revision', e.stream_revision,
                          'commit', e.transaction_id::text, 'prepare', e.global_position::text)
                        ${order}), '[]'::jsonb)
                  FROM es_events e WHERE e.event_id = ANY(p_ids))
          FROM (SELECT 1) one
          LEFT JOIN es_streams s ON s.stream_id = p_stream;
    END $$`;
}
