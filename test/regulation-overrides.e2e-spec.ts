import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { mintToken } from '@app/platform';
import { startTestApp, type TestApp } from './support/test-app';

describe('REGULATION_OVERRIDES: a deployment sets what the law leaves open', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'false', REGULATION_OVERRIDES: JSON.stringify({ 'ntm-2026-2030': { satisfactionMinPercent: 98 } }) });
  });
  afterAll(() => t.close());

  it('pins the overridden settings into the dossier and judges it by them', async () => {
    const officer = mintToken({ id: 'o-1', role: 'commune_officer', unit: '07330' }, t.config.JWT_SECRET);
    const send = (path: string, body: object) =>
      request(t.baseUrl).post(path).set('Authorization', `Bearer ${officer}`).set('Idempotency-Key', randomUUID()).send(body);
    const year = Number(new Date().toISOString().slice(0, 4)) + 1;
    const { body } = await send('/dossiers', { communeCode: '07330', level: 'standard', targetYear: year }).expect(201);
    const id = body.dossierId as string;
    const got = await request(t.baseUrl).get(`/dossiers/${id}`).set('Authorization', `Bearer ${officer}`).expect(200);
    expect(got.body.dossier.settings.satisfactionMinPercent).toBe(98);
    await send(`/dossiers/${id}/criterion-results`, { results: ['C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C07', 'C08', 'C09', 'C10'].map((code) => ({ code, met: true })) }).expect(200);
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    await send(`/dossiers/${id}/public-consultation`, {
      period: { from: day(-30), to: day(-16) },
      announcements: [-30, -28, -26, -24, -22].map((n) => ({ postedOn: day(n), place: 'UBND xã' })),
      writtenComments: [],
      satisfactionSurvey: { surveyed: 100, satisfied: 97 },
    }).expect(200);
    await send(`/dossiers/${id}/recognition-conditions`, { hasConstructionDebt: false, isComplexSecurityArea: false }).expect(200);
    const refused = await send(`/dossiers/${id}/submission-for-verification`, {
      documents: ['submission-letter', 'results-report', 'comments-summary', 'proposal-minutes'].map((kind) => ({ kind, ref: `doc://${kind}` })),
    }).expect(422);
    expect(refused.body.code).toBe('DOSSIER.NOT_ELIGIBLE');
    expect(refused.body.unmet).toEqual([expect.objectContaining({ kind: 'satisfaction-below-rate', actual: 97, required: 98 })]);
  });
});
