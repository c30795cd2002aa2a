import { randomUUID } from 'node:crypto';
import { anEvent, createTestDatabase, waitFor, withClient, type TestDatabase } from '@app/testing';
import type { Subscription } from '../event-store.port';
import { PostgresEventStore } from './postgres-event-store';

/**
 * Appends wake subscribers without waiting for their poll: in this process at once, in others through a notification
 * sent after the commit, one per burst. The subscribers here poll once a minute, so only a wake-up can deliver in time
 * (half a minute here). The read fence is server-wide, and other suites' databases share this server: a wake-up may
 * find its commit still hidden by some other database's open transaction, and the subscriber must look again soon
 * after (the last test holds such a transaction on purpose).
 */
describe('postgresql event store: waking subscribers after a commit', () => {
  let db: TestDatabase;
  let writer: PostgresEventStore;
  let reader: PostgresEventStore;
  const event = () => anEvent('Woken', {});
  const follow = (store: PostgresEventStore, prefix: string, seen: string[]): Subscription =>
    store.subscribeToAll({ after: null, filter: { streamPrefixes: [prefix] }, pollIntervalMs: 60_000 }, async (batch) => {
      seen.push(...batch.map((e) => e.id));
    });

  beforeAll(async () => {
    db = await createTestDatabase('es_notify');
    await PostgresEventStore.migrate(db.url);
    writer = new PostgresEventStore({ connectionString: db.url, poolSize: 16 });
    reader = new PostgresEventStore({ connectionString: db.url, poolSize: 4 });
  });
  afterAll(async () => {
    await Promise.all([writer.close(), reader.close()]);
    await db.drop();
  });

  it('wakes a subscriber of the same store and one of another store (another process) for a single append', async () => {
    const prefix = `single${randomUUID().slice(0, 8)}-`;
    const local: string[] = [];
    const remote: string[] = [];
    const subs = [follow(writer, prefix, local), follow(reader, prefix, remote)];
    try {
      await waitFor(() => subs.every((s) => s.isLive));
      const e = event();
      await writer.append(`${prefix}1`, [e], 'no_stream');
      await waitFor(() => local.length === 1 && remote.length === 1, 30_000);
      expect([local, remote]).toEqual([[e.id], [e.id]]);
    } finally {
      await Promise.all(subs.map((s) => s.stop()));
    }
  });

  it("delivers waves of simultaneous commits to another store's subscriber, woken only by notifications", async () => {
    // Eight appends held just before COMMIT until all eight are there, then let go together, five times over: the
    // notifications of a burst are coalesced (one in flight at a time, see CoalescedCall and its spec) and must still
    // bring every commit to a subscriber that only a notification can wake in time.
    const waves = 5;
    const width = 8;
    let arrived = 0;
    let release: () => void = () => undefined;
    let gate = new Promise<void>((r) => (release = r));
    const held = new PostgresEventStore({
      connectionString: db.url,
      poolSize: width,
      beforeCommit: async () => {
        if (++arrived % width === 0) {
          const open = release;
          gate = new Promise<void>((r) => (release = r));
          open();
          return;
        }
        await gate;
      },
    });
    const prefix = `burst${randomUUID().slice(0, 8)}-`;
    const remote: string[] = [];
    const sub = follow(reader, prefix, remote);
    try {
      await waitFor(() => sub.isLive);
      for (let wave = 0; wave < waves; wave++) {
        const written = Array.from({ length: width }, () => event());
        const seenBefore = remote.length;
        await Promise.all(written.map((e, w) => held.append(`${prefix}${w}`, [e], 'any')));
        await waitFor(() => remote.length >= seenBefore + width, 30_000);
        expect(remote.slice(seenBefore).sort()).toEqual(written.map((e) => e.id).sort());
      }
    } finally {
      await sub.stop();
      await held.close();
    }
  });

  it('delivers a commit that a wake-up found hidden by another database\'s open transaction, once that one ends', async () => {
    const prefix = `fenced${randomUUID().slice(0, 8)}-`;
    const remote: string[] = [];
    const sub = follow(reader, prefix, remote);
    const other = await createTestDatabase('es_notify_fence');
    try {
      await waitFor(() => sub.isLive);
      await withClient(other.url, async (c) => {
        // A writer in another database of the server: its transaction id holds the fence for every database.
        await c.query('BEGIN');
        await c.query('SELECT pg_current_xact_id()');
        const e = event();
        await writer.append(`${prefix}1`, [e], 'no_stream');
        await new Promise((r) => setTimeout(r, 300));
        expect(remote).toEqual([]);
        await c.query('COMMIT');
        const ended = Date.now();
        await waitFor(() => remote.length === 1, 30_000);
        expect(remote).toEqual([e.id]);
        // Well within the minute-long poll: the subscriber kept looking after its wake-up.
        expect(Date.now() - ended).toBeLessThan(5_000);
      });
    } finally {
      await sub.stop();
      await other.drop();
    }
  });
});
