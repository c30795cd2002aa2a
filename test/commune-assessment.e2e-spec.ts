import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { mintToken } from '@app/platform';
import { startTestApp, type TestApp } from './support/test-app';

describe("the province's yearly assessment of every commune", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'false' });
  });
  afterAll(() => t.close());

  const all = (failing: string[] = []) => ['C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C07', 'C08', 'C09', 'C10'].map((code) => ({ code, met: !failing.includes(code) }));
  const send = (token: string, body: object) =>
    request(t.baseUrl).post('/communes/07330/assessments').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', randomUUID()).send(body);

  it('records a full assessment for a commune without a dossier, within the province only', async () => {
    const office = mintToken({ id: 'office-24', role: 'coordination_office', unit: '24' }, t.config.JWT_SECRET);
    const today = new Date().toISOString().slice(0, 10);
    const year = Number(today.slice(0, 4));
    const ok = await send(office, { year, assessedOn: today, results: all(['C07']) }).expect(200);
    expect(ok.body).toMatchObject({ communeCode: '07330', revision: 0, events: ['CommuneCriteriaAssessed'] });

    const incomplete = await send(office, { year, assessedOn: today, results: all().slice(0, 9) }).expect(422);
    expect(incomplete.body.code).toBe('COMMUNE.INCOMPLETE_ASSESSMENT');
    expect((await send(mintToken({ id: 'o', role: 'commune_officer', unit: '07330' }, t.config.JWT_SECRET), { year, assessedOn: today, results: all() })).body.code).toBe('AUTH.ROLE_NOT_ALLOWED');
    expect((await send(mintToken({ id: 'x', role: 'coordination_office', unit: '19' }, t.config.JWT_SECRET), { year, assessedOn: today, results: all() })).body.code).toBe('AUTH.OUTSIDE_JURISDICTION');

    const got = await request(t.baseUrl).get('/communes/07330').set('Authorization', `Bearer ${office}`).expect(200);
    expect(got.body.revision).toBe(0);
    expect(JSON.stringify(got.body)).toContain('"metCount":9');
  });
});
