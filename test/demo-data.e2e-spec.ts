import request from 'supertest';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@app/event-store';
import { mintToken } from '@app/platform';
import { waitFor } from '@app/testing';
import { DEMO_COMMUNES, DEMO_PROVINCE, DemoDataSeeder } from '../apps/api/src/demo/demo-data';
import { startTestApp, type TestApp } from './support/test-app';

describe('demo data on first start', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'true' });
  });
  afterAll(() => t.close());

  it('leaves real communes of one province at the stages the README walks through, and a second run writes nothing', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    let dossiers: RecordedEvent[] = [];
    // A global read may lag behind another test database's open transaction (the fence is server-wide).
    await waitFor(async () => (dossiers = await store.readAll({ filter: { eventTypes: ['DossierRegistered'] }, maxCount: 100 })).length >= 6);
    const byCommune = new Map(dossiers.map((e) => [(e.data as { communeCode: string }).communeCode, (e.data as { dossierId: string }).dossierId]));
    expect([...byCommune.keys()].sort()).toEqual(Object.values(DEMO_COMMUNES).sort());
    const auditor = mintToken({ id: 'auditor-1', role: 'auditor', unit: '01' }, t.config.JWT_SECRET);
    const statusOf = async (commune: string) =>
      (await request(t.baseUrl).get(`/dossiers/${byCommune.get(commune)}`).set('Authorization', `Bearer ${auditor}`).expect(200)).body.status;
    expect(await statusOf(DEMO_COMMUNES.recognised)).toBe('recognised');
    expect(await statusOf(DEMO_COMMUNES.underAppraisal)).toBe('under_appraisal');
    expect(await statusOf(DEMO_COMMUNES.underVerification)).toBe('under_verification');
    expect(await statusOf(DEMO_COMMUNES.drafting)).toBe('drafting');
    expect(await statusOf(DEMO_COMMUNES.revocationProposed)).toBe('revocation_proposed');
    expect(await statusOf(DEMO_COMMUNES.withdrawn)).toBe('withdrawn');
    // Committed events, fenced or not: a second seeding must not write any.
    const head = await store.lastCommittedPosition!();
    await t.app.get(DemoDataSeeder).onApplicationBootstrap();
    expect(await store.lastCommittedPosition!()).toEqual(head);
    expect(new Set(dossiers.map((e) => (e.data as { provinceCode: string }).provinceCode))).toEqual(new Set([DEMO_PROVINCE]));
  });
});
