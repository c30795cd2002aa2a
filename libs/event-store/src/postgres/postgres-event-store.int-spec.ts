import { createTestDatabase, eventStoreContract, withClient, type TestDatabase } from '@app/testing';
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
