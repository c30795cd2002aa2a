import { CommandBus } from '@nestjs/cqrs';
import request from 'supertest';
import { unitRegistry } from '@app/domain';
import { mintToken } from '@app/platform';
import { ProjectionRunner } from '@app/projections';
import { AssessCommuneCommand, RecordPlanCommand, type CommandContext } from '@app/workflow';
import { walkDossier } from '../apps/api/src/demo/walk';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * A hand-computed example on the March 2025 map (province 24, Bắc Giang then), walked with its historical business
 * times through the real command handlers:
 *   A recognised 2023-06-10 · B recognised 2023-09-01, reviewed 2024-03-01 with 6 of 19 failing (13 met), revoked the
 *   same day · C drafting since 2023-05-01 with 7/19 recorded met (a draft: no statistic counts it) · D no dossier,
 *   yearly assessment 2023-10-01 with 15/19 · plan 2023: 4 standard by the year's end, 16 criteria on average.
 * Completed assessments are D's yearly one and B's review: a recognition or a draft is no assessment.
 */
describe('statistics and standing, today and as of past dates', () => {
  let t: TestApp;
  let auditor: string;
  const old = unitRegistry.communesOf('24', '2025-03').filter((c) => c.kind === 'commune');
  const [A, B, C, D] = old.slice(0, 4).map((c) => c.code);
  let dossierB: string;

  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'false' });
    auditor = mintToken({ id: 'auditor-1', role: 'auditor', unit: '01' }, t.config.JWT_SECRET);
    const bus = t.app.get(CommandBus);
    await walkDossier(bus, { commune: A, province: '24', stage: 'recognised', now: '2023-06-10T03:00:00.000Z', idPrefix: 'hist' });
    dossierB = await walkDossier(bus, { commune: B, province: '24', stage: 'revoked', now: '2023-09-01T03:00:00.000Z', revokeAt: '2024-03-01T03:00:00.000Z', idPrefix: 'hist' });
    await walkDossier(bus, { commune: C, province: '24', stage: 'drafting', unmet: 12, now: '2023-05-01T03:00:00.000Z', idPrefix: 'hist' });
    const office = (now: string, commandId: string): CommandContext => ({
      principal: { id: 'office-24', role: 'coordination_office', unit: '24' },
      now,
      correlationId: 'hist',
      commandId,
    });
    const results = Object.fromEntries(Array.from({ length: 19 }, (_, i) => [`C${String(i + 1).padStart(2, '0')}`, { met: i < 15 }]));
    await bus.execute(new AssessCommuneCommand({ communeCode: D, year: 2023, assessedOn: '2023-10-01', results }, office('2023-10-01T03:00:00.000Z', 'assess-D')));
    await bus.execute(new RecordPlanCommand({ unitCode: '24', year: 2023, targets: { standard: 4, averageCriteria: 16 } }, office('2023-01-05T03:00:00.000Z', 'plan-2023')));
    await t.app.get(ProjectionRunner).settle();
  });
  afterAll(() => t.close());

  const stats = (query: string) => request(t.baseUrl).get(`/statistics/24?${query}`).set('Authorization', `Bearer ${auditor}`).expect(200).then((r) => r.body);
  const percent = (n: number, of: number) => Math.round((n / of) * 10000) / 100;

  it('at the end of 2023: two recognised, D’s 15 criteria the only completed assessment, one below 16, half the plan', async () => {
    const s = await stats('asOf=2023-12-31&below=16');
    expect(s).toMatchObject({
      map: '2025-03',
      communes: old.length,
      recognised: { standard: { communes: 2, percent: percent(2, old.length) }, advanced: { communes: 0 } },
      coverage: { assessed: 1, of: old.length, complete: false },
      averageCriteria: 15,
      below: { threshold: 16, communes: 1, codes: [D] },
      plan: {
        year: { year: 2023, targetsAre: 'cumulative', standard: { target: { communes: 4 }, targetCommunes: 4, actual: 2, percentOfPlan: 50 }, averageCriteria: { target: 16, actual: 15, percentOfPlan: 93.75 } },
        period: null,
      },
    });
  });

  it('mid-2023: one recognised; no assessment completed yet (C’s draft of May counts for nothing)', async () => {
    const s = await stats('asOf=2023-07-01&below=16');
    expect(s).toMatchObject({ recognised: { standard: { communes: 1 } }, coverage: { assessed: 0 }, averageCriteria: null, below: { communes: 0 }, plan: { year: { standard: { actual: 1, percentOfPlan: 25 } } } });
  });

  it('mid-2024: the revocation is counted, B’s review (13 of 19) is an assessment; there is no plan for 2024', async () => {
    const s = await stats('asOf=2024-06-30');
    expect(s).toMatchObject({ recognised: { standard: { communes: 1 } }, coverage: { assessed: 2 }, averageCriteria: 14, plan: { year: null, period: null } });
    expect(s.below).toBeNull();
  });

  it('today, on the July 2025 map, a pre-merger recognition counts only when every predecessor of the new commune held one (guidance 267, the default policy)', async () => {
    const s = await stats('');
    expect(s.map).toBe('2025-07');
    expect(s.communes).toBe(unitRegistry.communesOf('24', '2025-07').filter((c) => c.kind === 'commune').length);
    expect(s.recognised.standard.communes).toBe(0);
  });

  it("gives a commune's standing as of a date", async () => {
    const at = (asOf: string) => request(t.baseUrl).get(`/communes/${B}/standing?asOf=${asOf}`).set('Authorization', `Bearer ${auditor}`).expect(200).then((r) => r.body);
    expect(await at('2023-12-31')).toMatchObject({ recognisedLevel: 'standard', basis: 'own', since: '2023-09-01', decisionNo: `${B}/QĐ-UBND`, latestAssessment: null });
    expect(await at('2024-06-30')).toMatchObject({ recognisedLevel: null, latestAssessment: { met: 13, total: 19, source: 'review', assessedOn: '2024-03-01' } });
  });

  it('rebuilds a dossier as it stood at a revision and at a time between two events', async () => {
    const path = `/dossiers/${dossierB}`;
    const history = (await request(t.baseUrl).get(`${path}/history`).set('Authorization', `Bearer ${auditor}`).expect(200)).body as { revision: number; type: string; occurredAt: string }[];
    const recognised = history.find((e) => e.type === 'DossierRecognised')!;
    const review = history.find((e) => e.type === 'MonitoringReviewRecorded')!;
    const between = new Date((Date.parse(recognised.occurredAt) + Date.parse(review.occurredAt)) / 2).toISOString();
    const atTime = (await request(t.baseUrl).get(`${path}/state?at=${between}`).set('Authorization', `Bearer ${auditor}`).expect(200)).body;
    expect(atTime).toMatchObject({ status: 'recognised', revision: recognised.revision });
    const atRevision = (await request(t.baseUrl).get(`${path}/state?revision=${recognised.revision - 1}`).set('Authorization', `Bearer ${auditor}`).expect(200)).body;
    expect(atRevision).toMatchObject({ status: 'appraised', revision: recognised.revision - 1 });
    const now = (await request(t.baseUrl).get(`${path}/state?at=${new Date().toISOString()}`).set('Authorization', `Bearer ${auditor}`).expect(200)).body;
    expect(now.status).toBe('revoked');
    await request(t.baseUrl).get(`${path}/state`).set('Authorization', `Bearer ${auditor}`).expect(400);
    await request(t.baseUrl).get(`${path}/state?at=yesterday`).set('Authorization', `Bearer ${auditor}`).expect(400);
    for (const bad of ['2026-W05', '2026-050', '2026-02-30']) {
      const r = await request(t.baseUrl).get(`${path}/state?at=${bad}`).set('Authorization', `Bearer ${auditor}`).expect(400);
      expect(JSON.stringify(r.body)).toContain('at must be an ISO 8601 date or instant that exists');
    }
  });

  it('bounds the audit trail by business time, the same instant in any zone; refuses dates that do not exist (400 naming the field, never 500)', async () => {
    const trail = (query: string) => request(t.baseUrl).get(`/audit-trail?dossierId=${dossierB}&${query}`).set('Authorization', `Bearer ${auditor}`);
    const all = (await trail('limit=500').expect(200)).body as { type: string; occurredAt: string }[];
    const revoked = all.find((e) => e.type === 'DossierRevoked')!;
    const at = Date.parse(revoked.occurredAt);
    const later = all.filter((e) => Date.parse(e.occurredAt) >= at).length;
    expect(later).toBeGreaterThan(0);
    expect(later).toBeLessThan(all.length);
    const inHanoi = new Date(at + 7 * 3_600_000).toISOString().replace('Z', '+07:00');
    const from = (await trail(`from=${encodeURIComponent(inHanoi)}&limit=500`).expect(200)).body as { occurredAt: string }[];
    expect(from.map((e) => e.occurredAt)).toEqual(all.slice(all.length - later).map((e) => e.occurredAt));
    const before = (await trail(`to=${encodeURIComponent(inHanoi)}&limit=500`).expect(200)).body as { occurredAt: string }[];
    expect(before).toHaveLength(all.length - later);
    expect(before.every((e) => Date.parse(e.occurredAt) < at)).toBe(true);
    for (const [field, bad] of [['from', '2026-02-30'], ['to', '2026-02-29'], ['from', '2026-W05'], ['to', '2026-050']]) {
      const r = await trail(`${field}=${bad}`).expect(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(r.body)).toContain(`${field} must be an ISO 8601 date or instant that exists`);
    }
  });
});
