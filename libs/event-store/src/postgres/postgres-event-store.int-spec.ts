import { anEvent, createTestDatabase, eventStoreContract, withClient, type TestDatabase } from '@app/testing';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../errors';
import type { AppendResult } from '../event-store.port';
import { verifyHashChains } from '../hash-chain';
import { waitUntilReadable } from '../readable';
import { PostgresEventStore } from './postgres-event-store';

let db: TestDatabase | null = null;
const stores: PostgresEventStore[] = [];

eventStoreContract('postgresql', {
  uniqueEventIds: true,
  async create() {
    db = await createTestDatabase('es_contract');
    await PostgresEventStore.migrate(db.url);
    const store = new PostgresEventStore({ connectionString: db.url, poolSize: 24 });
    return store;
  },
  async createWithCommitHook(hook) {
    const store = new PostgresEventStore({ connectionString: db!.url, poolSize: 8, beforeCommit: hook });
    stores.push(store);
    return store;
  },
  async tamper(streamId, revision) {
    // What a superuser can do: switch triggers off for the session and rewrite history.
    await withClient(db!.url, async (c) => {
      await c.query(`SET session_replication_role = replica`);
      await c.query(`UPDATE es_events SET data = jsonb_set(data, '{tampered}', 'true') WHERE stream_id = $1 AND stream_revision = $2`, [streamId, revision]);
    });
  },
  async tryRawUpdateAndDelete(streamId) {
    return withClient(db!.url, async (c) => {
      const update = await c.query(`UPDATE es_events SET data = '{}' WHERE stream_id = $1`, [streamId]).then(() => null, (e: unknown) => e);
      const del = await c.query(`DELETE FROM es_events WHERE stream_id = $1`, [streamId]).then(() => null, (e: unknown) => e);
      return { update, delete: del };
    });
  },
  async teardown() {
    await Promise.all(stores.map((s) => s.close()));
    await db?.drop();
  },
});

describe('postgresql group commit', () => {
  let gdb: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    gdb = await createTestDatabase('es_group');
    await PostgresEventStore.migrate(gdb.url);
    // One statement out at a time: whatever is appended while it runs goes out next, as one group.
    store = new PostgresEventStore({ connectionString: gdb.url, poolSize: 4, appendGroupsInFlight: 1 });
  });
  afterAll(async () => {
    await store.close();
    await gdb.drop();
  });

  it('answers each append of a group on its own, as if they had been sent one after the other', async () => {
    await store.append('g-pre', [anEvent()], 'no_stream');
    const retried = anEvent();
    await store.append('g-retry', [retried], 'no_stream');
    const b = anEvent();

    const lead = store.append('g-lead', [anEvent()], 'no_stream');
    const queued = [
      store.append('g-new', [b, anEvent()], 'no_stream'),
      store.append('g-pre', [anEvent()], 5),
      store.append('g-retry', [retried], 'no_stream'),
      store.append('g-other', [{ ...anEvent(), id: b.id }], 'no_stream'),
      store.append('g-new', [anEvent()], 1),
      store.append('g-hot', [anEvent()], 'any'),
      store.append('g-hot', [anEvent()], 'any'),
    ];
    const [led, ...settled] = await Promise.allSettled([lead, ...queued]);
    const value = (i: number) => (settled[i] as PromiseFulfilledResult<AppendResult>).value;
    const reason = (i: number) => (settled[i] as PromiseRejectedResult).reason as unknown;

    expect(led.status).toBe('fulfilled');
    expect(value(0)).toMatchObject({ nextRevision: 1, idempotent: false });
    expect(reason(1)).toBeInstanceOf(WrongExpectedRevisionError);
    expect(reason(1)).toMatchObject({ actual: 0 });
    expect(value(2)).toMatchObject({ nextRevision: 0, idempotent: true });
    expect(reason(3)).toBeInstanceOf(DuplicateEventIdError);
    expect(value(4)).toMatchObject({ nextRevision: 2, idempotent: false });
    expect([value(5).nextRevision, value(6).nextRevision].sort()).toEqual([0, 1]);

    // The appends that were written went in one transaction, after the lead's.
    const commits = new Set([0, 4, 5, 6].map((i) => value(i).position.commit));
    expect(commits.size).toBe(1);
    expect([...commits][0]).toBeGreaterThan((led as PromiseFulfilledResult<AppendResult>).value.position.commit);
    // Refusals wrote nothing; the chains hold.
    expect(await store.readStream('g-pre')).toHaveLength(1);
    expect(await store.streamRevision('g-other')).toBeNull();
    expect((await store.readStream('g-new')).map((e) => e.revision)).toEqual([0, 1, 2]);
    await waitUntilReadable(store, value(4).position);
    expect((await verifyHashChains(store)).broken).toEqual([]);
  });

  it('a group that fails as a whole answers each append alone: the others are still written', async () => {
    const taken = anEvent();
    await withClient(gdb.url, async (raw) => {
      // Another writer holds an id in an open transaction: the group's insert waits on it, then fails when it commits.
      await raw.query('BEGIN');
      await raw.query(
        `INSERT INTO es_events (stream_id, stream_revision, event_id, event_type, data, metadata, hash)
         VALUES ('raw-x', 0, $1, 'Raw', '{}', '{}', 'x')`,
        [taken.id],
      );
      const lead = store.append('f-lead', [anEvent()], 'no_stream');
      const fine = store.append('f-a', [anEvent()], 'no_stream');
      const clash = store.append('f-b', [taken], 'no_stream');
      await lead;
      for (let i = 0; ; i++) {
        const { rows } = await raw.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'ntm-event-store' AND wait_event_type = 'Lock'`,
        );
        if (rows[0].n > 0) break;
        if (i > 500) throw new Error('the group never waited on the open transaction');
        await new Promise((r) => setTimeout(r, 10));
      }
      await raw.query('COMMIT');
      await expect(fine).resolves.toMatchObject({ nextRevision: 0 });
      await expect(clash).rejects.toBeInstanceOf(DuplicateEventIdError);
    });
    expect(await store.readStream('f-a')).toHaveLength(1);
    expect(await store.streamRevision('f-b')).toBeNull();
  });
});
