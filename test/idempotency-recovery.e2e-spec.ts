import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { mintToken } from '@app/platform';
import { withClient } from '@app/testing';
import { dossierSlotStream } from '@app/workflow';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { startTestApp, type TestApp } from './support/test-app';

/** What a client sees when the first answer to a command was lost after the command's events were written. */
describe('retries after a lost answer, and registrations racing', () => {
  let t: TestApp;
  let officer: string;
  const count = async () => (await withClient(t.db.url, (c) => c.query('SELECT count(*)::int AS n FROM es_events'))).rows[0].n as number;
  // As after a 5xx: the command's events are stored, but the key's answer is not.
  const forgetAnswer = (key: string) => withClient(t.db.url, (c) => c.query(`DELETE FROM idempotency_keys WHERE key = $1`, [key]));
  const post = (path: string, key: string, body: object, tok = officer) =>
    request(t.baseUrl).post(path).set('Authorization', `Bearer ${tok}`).set('Idempotency-Key', key).send(body);
  const year = Number(new Date().toISOString().slice(0, 4)) + 1;

  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'false' });
    officer = mintToken({ id: 'officer-07330', role: 'commune_officer', unit: '07330' }, t.config.JWT_SECRET);
  });
  afterAll(() => t.close());

  it('answers a retried registration and command as the first time, writing nothing', async () => {
    const key = randomUUID();
    const first = await post('/dossiers', key, { communeCode: '07330', level: 'standard', targetYear: year }).expect(201);
    await forgetAnswer(key);
    const before = await count();
    const retried = await post('/dossiers', key, { communeCode: '07330', level: 'standard', targetYear: year }).expect(201);
    expect(retried.body).toEqual(first.body);
    expect(await count()).toBe(before);

    const id = first.body.dossierId as string;
    const criteria = { results: [{ code: 'C01', met: true }] };
    const k2 = randomUUID();
    const recorded = await post(`/dossiers/${id}/criterion-results`, k2, criteria).expect(200);
    await post(`/dossiers/${id}/criterion-results`, randomUUID(), criteria).expect(200);
    await forgetAnswer(k2);
    const again = await post(`/dossiers/${id}/criterion-results`, k2, criteria).expect(200);
    expect(again.body).toEqual(recorded.body);
    expect(await count()).toBe(before + 2);
  });

  it('lets a retry take over a claim left by a process that died mid-command', async () => {
    const key = randomUUID();
    await withClient(t.db.url, (c) =>
      c.query(`INSERT INTO idempotency_keys (principal_id, key, fingerprint, created_at) VALUES ('officer-07330', $1, 'x', now() - interval '1 hour')`, [key]),
    );
    // Same key, but the stale claim's fingerprint differs: the request is refused as a reuse, not left "in progress".
    const reused = await post('/dossiers', key, { communeCode: '07333', level: 'standard', targetYear: year }, mintToken({ id: 'officer-07330', role: 'commune_officer', unit: '07333' }, t.config.JWT_SECRET));
    expect(reused.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
    const fresh = randomUUID();
    await withClient(t.db.url, async (c) => {
      const fingerprint = (await c.query(`SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex') AS f`, [JSON.stringify({ route: 'RegisterDossier', body: { communeCode: '07339', level: 'standard', targetYear: year }, ifMatch: null })])).rows[0].f;
      await c.query(`INSERT INTO idempotency_keys (principal_id, key, fingerprint, created_at) VALUES ('officer-07339', $1, $2, now() - interval '1 hour')`, [fresh, fingerprint]);
    });
    const officer2 = mintToken({ id: 'officer-07339', role: 'commune_officer', unit: '07339' }, t.config.JWT_SECRET);
    await post('/dossiers', fresh, { communeCode: '07339', level: 'standard', targetYear: year }, officer2).expect(201);
  });

  it('keeps a slot whose registration is still on its way, so a concurrent registration cannot open a second dossier', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    // The first half of someone else's registration: the slot names a dossier not written yet.
    await store.append(dossierSlotStream('07351', 'standard'), [{
      id: randomUUID(),
      type: 'DossierSlotTaken',
      data: { dossierId: randomUUID(), level: 'standard' },
      metadata: { actor: { id: 'other', role: 'commune_officer', unit: '07351' }, correlationId: 'c', occurredAt: new Date().toISOString() },
    }], 'no_stream');
    const tok = mintToken({ id: 'officer-07351', role: 'commune_officer', unit: '07351' }, t.config.JWT_SECRET);
    const refused = await post('/dossiers', randomUUID(), { communeCode: '07351', level: 'standard', targetYear: year }, tok).expect(409);
    expect(refused.body.code).toBe('DOSSIER.OPEN_DOSSIER_EXISTS');
  });
});
