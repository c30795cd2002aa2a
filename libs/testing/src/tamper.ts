import type { Client } from 'pg';
import { eventHash } from '@app/event-store';

export interface EditableEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** Runs `fn` on a session with the append-only triggers off (needs a superuser), as an intruder would. */
export async function withTriggersOff(client: Client, fn: (c: Client) => Promise<unknown>): Promise<void> {
  await client.query(`SET session_replication_role = replica`);
  try {
    await fn(client);
  } finally {
    await client.query(`SET session_replication_role = DEFAULT`);
  }
}

/**
 * Rewrites a stream's events through `edit` and recomputes every hash and the stream's head, as a careful forger
 * would: rows updated in place, so each keeps its place in the global order, and surplus rows deleted. Call it with
 * the triggers off.
 */
export async function recomputeStream(c: Client, streamId: string, edit: (events: EditableEvent[]) => void): Promise<void> {
  const { rows } = await c.query(`SELECT event_id, event_type, data, metadata FROM es_events WHERE stream_id = $1 ORDER BY stream_revision`, [streamId]);
  const events: EditableEvent[] = rows.map((r) => ({ id: r.event_id, type: r.event_type, data: r.data, metadata: r.metadata }));
  edit(events);
  // Event ids are unique: free them first, then give every row its new content.
  await c.query(`UPDATE es_events SET event_id = gen_random_uuid() WHERE stream_id = $1`, [streamId]);
  let prevHash: string | null = null;
  for (const [revision, e] of events.entries()) {
    const hash: string = eventHash({ streamId, revision, id: e.id, type: e.type, data: e.data, metadata: e.metadata as never, prevHash });
    await c.query(`UPDATE es_events SET event_id = $3, event_type = $4, data = $5, metadata = $6, hash = $7, prev_hash = $8 WHERE stream_id = $1 AND stream_revision = $2`, [
      streamId, revision, e.id, e.type, e.data, e.metadata, hash, prevHash,
    ]);
    prevHash = hash;
  }
  await c.query(`DELETE FROM es_events WHERE stream_id = $1 AND stream_revision >= $2`, [streamId, events.length]);
  await c.query(`UPDATE es_streams SET revision = $2, last_hash = $3 WHERE stream_id = $1`, [streamId, events.length - 1, prevHash]);
}
