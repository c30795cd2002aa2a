import request from 'supertest';
import { withClient } from '@app/testing';
import { startOwnPostgres, type OwnPostgres } from './support/own-postgres';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * On a PostgreSQL server of its own: the read fence it reports is server-wide, and on the shared server any other
 * suite's writer (in another database) could hold it past the 1 s threshold used here.
 */
describe('GET /health', () => {
  let own: OwnPostgres;
  let t: TestApp;
  beforeAll(async () => {
    own = await startOwnPostgres();
    // No demo data: on a busy machine the projections' first batches could themselves write for longer than 1 s.
    t = await startTestApp({ EVENT_STORE_FENCE_STALL_SECONDS: '1', DEMO_DATA: 'false' }, { database: await own.database('health') });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await own?.destroy();
  });

  it('reports the database and the event store up', async () => {
    const res = await request(t.baseUrl).get('/health');
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(res.body.info.database.status).toBe('up');
    expect(res.body.info.eventStore).toMatchObject({ status: 'up', adapter: 'postgresql' });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('echoes a well-formed request id and answers liveness', async () => {
    const res = await request(t.baseUrl).get('/health/live').set('x-request-id', 'req-42').expect(200);
    expect(res.headers['x-request-id']).toBe('req-42');
    expect(res.body.status).toBe('ok');
  });

  it('turns to 503 when a writing transaction holds the read fence past the threshold', async () => {
    // Hold a transaction with an id open on another session; the store's health must notice readers cannot progress.
    const stall = t.config.EVENT_STORE_FENCE_STALL_SECONDS;
    expect(stall).toBe(1);
    await withClient(t.db.url, async (c) => {
      await c.query('BEGIN');
      await c.query('SELECT pg_current_xact_id()');
      const { rows } = await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await new Promise((r) => setTimeout(r, 1500));
      const res = await request(t.baseUrl).get('/health').expect(503);
      expect(res.body.error.eventStore).toMatchObject({ status: 'down', progressing: false, oldestWriterPid: rows[0]!.pid });
      expect(res.body.error.eventStore.oldestWriterSeconds).toBeGreaterThanOrEqual(1);
      await c.query('ROLLBACK');
    });
    await request(t.baseUrl).get('/health').expect(200);
  });
});
