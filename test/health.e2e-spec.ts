import request from 'supertest';
import { withClient } from '@app/testing';
import { startTestApp, type TestApp } from './support/test-app';

describe('GET /health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ EVENT_STORE_FENCE_STALL_SECONDS: '1' });
  });
  afterAll(() => t.close());

  it('reports the database and the event store up', async () => {
    const res = await request(t.baseUrl).get('/health').expect(200);
    expect(res.body.status).toBe('ok');
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
      await new Promise((r) => setTimeout(r, 1500));
      const res = await request(t.baseUrl).get('/health').expect(503);
      expect(res.body.error.eventStore).toMatchObject({ status: 'down', progressing: false });
      expect(res.body.error.eventStore.oldestWriterSeconds).toBeGreaterThanOrEqual(1);
      await c.query('ROLLBACK');
    });
    await request(t.baseUrl).get('/health').expect(200);
  });
});
