import { CommandBus } from '@nestjs/cqrs';
import request from 'supertest';
import { unitRegistry } from '@app/domain';
import { mintToken } from '@app/platform';
import { ProjectionRunner } from '@app/projections';
import { AssessCommuneCommand, RecordPlanCommand, type CommandContext } from '@app/workflow';
import { walkDossier } from '../apps/api/src/demo/walk';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * A hand-computed example on the March 2025 map (province 24, Bắc Giang then), imported with its historical business
 * times through the real command handlers:
 *   A recognised 2023-06-10 (19/19) · B recognised 2023-09-01 (19/19), revoked 2024-03-01 · C drafting since
 *   2023-05-01 with 7/19 met · D no dossier, yearly assessment 2023-10-01 with 15/19 · plan 2023: 4 standard, 16 criteria.
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

  it('at the end of 2023: two recognised, average 15 criteria, two below 16, half the plan', async () => {
    const s = await stats('asOf=2023-12-31&below=16');
    expect(s).toMatchObject({
      map: '2025-03',
      communes: old.length,
      recognised: { standard: { communes: 2, percent: percent(2, old.length) }, advanced: { communes: 0 } },
      assessedCommunes: 4,
      averageCriteria: 15,
      below: { threshold: 16, communes: 2 },
      plan: { year: 2023, standard: { target: 4, actual: 2, percentOfPlan: 50 }, averageCriteria: { target: 16, actual: 15, percentOfPlan: 93.75 } },
    });
  });

  it('mid-2023: one recognised; only the assessments made by then count', async () => {
    const s = await stats('asOf=2023-07-01&below=16');
    expect(s).toMatchObject({ recognised: { standard: { communes: 1 } }, assessedCommunes: 2, averageCriteria: 13, below: { communes: 1 }, plan: { standard: { actual: 1, percentOfPlan: 25 } } });
  });

  it('mid-2024: the revocation is counted; there is no plan for 2024', async () => {
    const s = await stats('asOf=2024-06-30');
    expect(s).toMatchObject({ recognised: { standard: { communes: 1 } }, assessedCommunes: 4, averageCriteria: 15, plan: null });
    expect(s.below).toBeUndefined();
  });

  it('today, on the July 2025 map, no recognition of a pre-merger commune counts until it is re-assessed', async () => {
    const s = await stats('');
    expect(s.map).toBe('2025-07');
    expect(s.communes).toBe(unitRegistry.communesOf('24', '2025-07').filter((c) => c.kind === 'commune').length);
    expect(s.recognised.standard.communes).toBe(0);
  });

  it("gives a commune's standing as of a date", async () => {
    const at = (asOf: string) => request(t.baseUrl).get(`/communes/${B}/standing?asOf=${asOf}`).set('Authorization', `Bearer ${auditor}`).expect(200).then((r) => r.body);
    expect(await at('2023-12-31')).toMatchObject({ recognisedLevel: 'standard', since: '2023-09-01', decisionNo: `${B}/QĐ-UBND`, latestAssessment: { met: 19, total: 19 } });
    expect(await at('2024-06-30')).toMatchObject({ recognisedLevel: null });
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
  });
});
