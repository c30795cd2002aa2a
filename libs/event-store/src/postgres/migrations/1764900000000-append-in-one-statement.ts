import type { MigrationInterface, QueryRunner } from 'typeorm';
import { lockStream } from './1763900000000-lock-stream-unsorted';

/**
 * `es_append_group`: one statement does what an append did in four round trips (BEGIN, `es_lock_stream`, the INSERT,
 * COMMIT), for one append or for several (group commit). Sent alone it runs in its own implicit transaction, so the
 * stream locks, the checks of expected revisions and of already stored ids, the hash chains, the inserts and the head
 * updates commit together or not at all.
 *
 * Each append keeps its own checks and its own answer, exactly as if the appends had been sent one after the other
 * in the order given (an append sees the ones before it in the group). Every stream's lock is taken first, in one
 * global order, so two groups cannot deadlock, and before the transaction has an id, so ids (and thus the global
 * order) follow each stream's revisions. Every statement inside takes a fresh snapshot (VOLATILE) and sees the
 * previous lock holder's commit. The events of the group come flattened; p_counts says how many belong to each append.
 *
 * The hash of each event is SHA-256 over the same RFC 8785 canonical JSON the application computes (`eventHash`): the
 * caller sends each event's canonical text cut around the two members only the store knows under the lock — prevHash
 * and revision, which sort next to each other in canonical key order — and the function joins them back. The chain
 * verification (`audit verify`) recomputes every hash in the application, and tests compare the two.
 *
 * Refusals are answers, not errors: 'existing' (some ids are stored already; the caller decides between an idempotent
 * retry and a duplicate) and 'wrong_revision' write nothing for that append. An id stored on another stream by a
 * concurrent transaction fails the whole statement with a unique violation; the caller then sends each append alone.
 */
export class AppendInOneStatement1764900000000 implements MigrationInterface {
  name = 'AppendInOneStatement1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION es_append_group(p_streams text[], p_expected text[], p_counts int[], p_ids uuid[], p_types text[],
                                      p_datas jsonb[], p_metas jsonb[], p_before text[], p_after text[])
      RETURNS TABLE (out_n int, out_outcome text, out_revision bigint, out_existing jsonb, out_tx text, out_position bigint)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_lock bigint;
        v_first int := 1;
        v_last int;
        v_stream text;
        v_revision bigint;
        v_hash text;
        v_existing jsonb;
        v_revisions bigint[];
        v_hashes text[];
        v_prevs text[];
      BEGIN
        FOR v_lock IN SELECT DISTINCT hashtextextended(s, 0) FROM unnest(p_streams) s ORDER BY 1 LOOP
          PERFORM pg_advisory_xact_lock(v_lock);
        END LOOP;
        FOR k IN 1 .. cardinality(p_streams) LOOP
          v_stream := p_streams[k];
          v_last := v_first + p_counts[k] - 1;
          v_revision := NULL;
          v_hash := NULL;
          SELECT s.revision, s.last_hash INTO v_revision, v_hash FROM es_streams s WHERE s.stream_id = v_stream;
          SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'id', e.event_id, 'stream', e.stream_id, 'revision', e.stream_revision,
                   'commit', e.transaction_id::text, 'prepare', e.global_position::text)), '[]'::jsonb)
            INTO v_existing
            FROM es_events e WHERE e.event_id = ANY(p_ids[v_first:v_last]);
          IF jsonb_array_length(v_existing) > 0 THEN
            RETURN QUERY SELECT k, 'existing'::text, v_revision, v_existing, NULL::text, NULL::bigint;
          ELSIF NOT coalesce(CASE p_expected[k]
                               WHEN 'any' THEN true
                               WHEN 'no_stream' THEN v_revision IS NULL
                               WHEN 'stream_exists' THEN v_revision IS NOT NULL
                               ELSE v_revision = p_expected[k]::bigint
                             END, false) THEN
            RETURN QUERY SELECT k, 'wrong_revision'::text, v_revision, NULL::jsonb, NULL::text, NULL::bigint;
          ELSE
            v_revision := coalesce(v_revision, -1);
            v_revisions := '{}';
            v_hashes := '{}';
            v_prevs := '{}';
            FOR i IN v_first .. v_last LOOP
              v_revision := v_revision + 1;
              v_prevs := v_prevs || v_hash;
              v_hash := encode(sha256(convert_to(
                          p_before[i] || coalesce(to_json(v_hash)::text, 'null') || ',"revision":' || v_revision || p_after[i],
                          'UTF8')), 'hex');
              v_revisions := v_revisions || v_revision;
              v_hashes := v_hashes || v_hash;
            END LOOP;
            INSERT INTO es_streams AS s (stream_id, revision, last_hash) VALUES (v_stream, v_revision, v_hash)
              ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, last_hash = excluded.last_hash, updated_at = now();
            RETURN QUERY
              WITH inserted AS (
                INSERT INTO es_events AS e (stream_id, stream_revision, event_id, event_type, data, metadata, hash, prev_hash)
                SELECT v_stream, x.r, x.i, x.t, x.d, x.m, x.h, x.p
                  FROM unnest(v_revisions, p_ids[v_first:v_last], p_types[v_first:v_last], p_datas[v_first:v_last],
                              p_metas[v_first:v_last], v_hashes, v_prevs) AS x(r, i, t, d, m, h, p)
                RETURNING e.stream_revision, e.transaction_id, e.global_position
              )
              SELECT k, 'appended'::text, i.stream_revision, NULL::jsonb, i.transaction_id::text, i.global_position
                FROM inserted i ORDER BY i.stream_revision DESC LIMIT 1;
          END IF;
          v_first := v_last + 1;
        END LOOP;
      END $$`);
    // Its four-round-trip predecessor has no caller left.
    await q.query(`DROP FUNCTION es_lock_stream(text, uuid[])`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(lockStream(''));
    await q.query(`DROP FUNCTION IF EXISTS es_append_group(text[], text[], int[], uuid[], text[], jsonb[], jsonb[], text[], text[])`);
  }
}
