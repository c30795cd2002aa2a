import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { decideDossier, evolveDossier, unitRegistry, type DossierEvent, type DossierState, type Role } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { ProjectionRunner } from '@app/projections';
import { mintToken } from '@app/platform';
import { waitFor } from '@app/testing';
import { DeadlineTimer } from '@app/workflow';
import { walkDossier } from '../apps/api/src/demo/walk';
import { startTestApp, TestClock, type TestApp } from './support/test-app';

/**
 * Issue 12 end to end over HTTP, on a clock moved by hand: recognitions of 2016-2020 judged by QĐ 18/2022 and held to
 * the next period's set, the July 2025 merger under each policy, codes reused by the new map, and a district dossier.
 * Province 24 is Bắc Giang on the March 2025 map and the new Bắc Ninh (Bắc Giang + Bắc Ninh) on the July one.
 */

function http(t: TestApp) {
  const token = (role: Role, unit: string, id = `${role}-${unit}`) => mintToken({ id, role, unit }, t.config.JWT_SECRET);
  const send = (method: 'get' | 'post', path: string, role: Role, unit: string, body?: object, id?: string) => {
    const r = request(t.baseUrl)[method](path).set('Authorization', `Bearer ${token(role, unit, id)}`);
    return method === 'post' ? r.set('Idempotency-Key', randomUUID()).send(body ?? {}) : r;
  };
  return {
    get: (path: string, role: Role = 'auditor', unit = '01') => send('get', path, role, unit),
    post: (path: string, body: object, role: Role, unit: string, id?: string) => send('post', path, role, unit, body, id),
  };
}

async function projected(t: TestApp, ids: string[]): Promise<void> {
  const db = t.app.get(DataSource);
  const store = t.app.get<EventStore>(EVENT_STORE);
  await waitFor(async () => {
    for (const id of ids) {
      const [row] = await db.query(`SELECT revision FROM rm_dossier_status WHERE dossier_id = $1`, [id]);
      if (!row || Number(row.revision) !== (await store.readStream(`dossier-${id}`)).length - 1) return false;
    }
    return true;
  });
}

const SIGNER = { name: 'Nguyễn Văn A', title: 'Chủ tịch UBND tỉnh' };

describe('rules across periods: older recognitions, requalification', () => {
  const clock = new TestClock('2019-06-03T03:00:00.000Z');
  let t: TestApp;
  let api: ReturnType<typeof http>;
  let reviewed: string;
  let unrenewed: string;
  let renewed: string;

  beforeAll(async () => {
    // Province 24 sets its own deadline for 2016-2020 recognitions to meet the 2021-2025 set.
    const overrides = { provinces: { '24': { packs: { 'ntm-2021-2025': { requalificationDeadline: '2024-12-31' } } } } };
    t = await startTestApp({ DEMO_DATA: 'false', REGULATION_OVERRIDES: JSON.stringify(overrides) }, { clock });
    api = http(t);
    const bus = t.app.get(CommandBus);
    const walk = (commune: string, now = '2019-06-03T03:00:00.000Z') => walkDossier(bus, { commune, province: '24', stage: 'recognised', now, idPrefix: 'old' });
    reviewed = await walk('07693');
    unrenewed = await walk('07702');
    renewed = await walk('07714');
    // 07714 is recognised again under the 2021-2025 set in 2023: renewed in time.
    clock.set('2023-05-10T03:00:00.000Z');
    await walkDossier(bus, { commune: '07714', province: '24', stage: 'recognised', now: '2023-05-10T03:00:00.000Z', idPrefix: 'renew' });
  });
  afterAll(() => t.close());

  it('pins the 2016-2020 pack for a recognition of 2019', async () => {
    const d = (await api.get(`/dossiers/${reviewed}`).expect(200)).body;
    expect(d).toMatchObject({ status: 'recognised', dossier: { packId: 'ntm-2016-2020', criteriaSetCode: '2016-2020/commune-standard', unitMap: '2025-03' } });
  });

  it('a 2016-2020 recognition past the province’s requalification deadline is on the board, flagged, and may be revoked for it', async () => {
    clock.set('2025-01-10T03:00:00.000Z');
    await projected(t, [unrenewed, renewed]);
    const board = (await api.get('/deadlines?kind=requalification', 'coordination_office', '24').expect(200)).body;
    const item = board.items.find((i: { dossierId: string }) => i.dossierId === unrenewed);
    expect(item).toMatchObject({ kind: 'requalification', overdue: true, dueAt: '2024-12-31T16:59:59.999Z' });
    expect(item.consequence).toContain('ntm-2021-2025');
    // The commune recognised again under the 2021-2025 set is not on it.
    expect(board.items.map((i: { dossierId: string }) => i.dossierId)).not.toContain(renewed);

    await t.app.get(DeadlineTimer).sweep();
    await projected(t, [unrenewed]);
    const due = (await api.get('/deadlines?revocationDue=true', 'provincial_chairperson', '24').expect(200)).body;
    expect(due.items.map((i: { dossierId: string }) => i.dossierId)).toContain(unrenewed);

    const grounds = { rule: 'not-requalified', failingCriteria: [] };
    // The 2019 recognition of the commune recognised again in 2023 was replaced then: nothing to revoke, no deadline.
    const renewedNow = (await api.get(`/dossiers/${renewed}`).expect(200)).body;
    expect(renewedNow).toMatchObject({ status: 'renewed', renewal: { packId: 'ntm-2021-2025', renewedOn: '2023-05-10' } });
    const refused = await api.post(`/dossiers/${renewed}/revocation-proposal`, { grounds, explanation: 'Hết hạn' }, 'coordination_office', '24').expect(409);
    expect(refused.body).toMatchObject({ code: 'DOSSIER.WRONG_STATE', currentStatus: 'renewed' });
    await api.post(`/dossiers/${unrenewed}/revocation-proposal`, { grounds, explanation: 'Chưa đạt chuẩn theo Bộ tiêu chí 2021-2025 trước hạn' }, 'coordination_office', '24').expect(200);
    clock.set('2025-01-20T03:00:00.000Z');
    await api.post(`/dossiers/${unrenewed}/revocation-decision`, { decisionNo: '15/QĐ-UBND', decisionDate: '2025-01-20', signer: SIGNER, grounds }, 'provincial_chairperson', '24').expect(200);
    const revoked = (await api.get(`/dossiers/${unrenewed}`).expect(200)).body;
    expect(revoked).toMatchObject({ status: 'revoked', revocation: { grounds: { rule: 'not-requalified', requalification: { packId: 'ntm-2021-2025', deadline: '2024-12-31' } } } });
  });

  it('a 2016-2020 recognition failing 6 criteria with Thu nhập in 2025 → grounds under the 2021-2025 set → remediation → revocation due', async () => {
    clock.set('2025-03-03T03:00:00.000Z');
    const review = await api.post(`/dossiers/${reviewed}/monitoring-reviews`, { year: 2024, reviewedOn: '2025-03-03', failingCriteria: ['C02', 'C05', 'C08', 'C10', 'C12', 'C14'] }, 'coordination_office', '24').expect(200);
    expect(review.body.events).toEqual(['MonitoringReviewRecorded']);
    const after = (await api.get(`/dossiers/${reviewed}`).expect(200)).body;
    expect(after.latestReview.finding).toMatchObject({ hasGrounds: true, rule: 'partial-with-key', keyFailing: ['C10'], judgedAgainst: '2021-2025/commune-standard', judgedBy: { packId: 'ntm-2021-2025' } });
    expect(after.remediation).toEqual({ openedOn: '2025-03-03', expiredAt: null });

    // 180 calendar days later the remediation period has run out with the grounds standing.
    clock.set('2025-09-01T03:00:00.000Z');
    await projected(t, [reviewed]);
    await t.app.get(DeadlineTimer).sweep();
    const stream = await t.app.get<EventStore>(EVENT_STORE).readStream(`dossier-${reviewed}`);
    expect(stream.map((e) => e.type).slice(-2)).toEqual(['DeadlineReached', 'RevocationDue']);
    await projected(t, [reviewed]);
    // The board of today's province 24 (the new Bắc Ninh) shows the old Bắc Giang file.
    const board = (await api.get('/deadlines?revocationDue=true', 'provincial_chairperson', '24').expect(200)).body;
    expect(board.items.map((i: { dossierId: string }) => i.dossierId)).toContain(reviewed);
  });

  it('GET /regulations lists the packs, sets with names in both languages, and the province’s settings in force', async () => {
    const r = (await api.get('/regulations?province=24', 'coordination_office', '24').expect(200)).body;
    expect(r.packs.map((p: { id: string }) => p.id)).toEqual(['ntm-2010-2015', 'ntm-2016-2020', 'ntm-2021-2025', 'ntm-2026-2030']);
    const p2125 = r.packs.find((p: { id: string }) => p.id === 'ntm-2021-2025');
    expect(p2125.settings.requalificationDeadline).toBe('2024-12-31');
    expect(p2125.criteriaSets[0].criteria[9]).toMatchObject({ code: 'C10', nameVi: 'Thu nhập', nameEn: 'Income' });
    const p1620 = r.packs.find((p: { id: string }) => p.id === 'ntm-2016-2020');
    expect(p1620.requalification).toMatchObject({ packId: 'ntm-2021-2025', deadline: '2024-12-31' });
    expect(r.mergerPolicy).toBe('guidance-267');
  });
});

describe('the July 2025 merger under each province policy, and codes the new map reused', () => {
  const clock = new TestClock('2024-03-04T03:00:00.000Z');
  let t: TestApp;
  let api: ReturnType<typeof http>;
  let oldA: string;

  /**
   * Three new communes of province 24, each made of whole March 2025 communes (guidance 267's three cases):
   *   07282 ← 07255, 07258, 07282, all recognised standard → standard
   *   07264 ← 07252 (standard), 07264, 07285 (none) → a new dossier
   *   07333 ← 07315 (standard and advanced), 07333 (standard) → the lower level, standard
   */
  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'false' }, { clock });
    api = http(t);
    const bus = t.app.get(CommandBus);
    const walk = (commune: string, province = '24', level: 'standard' | 'advanced' = 'standard') =>
      walkDossier(bus, { commune, province, stage: 'recognised', now: clock.now().toISOString(), idPrefix: 'merge', level });
    for (const c of ['07255', '07258', '07282', '07252', '07315', '07333']) await walk(c);
    await walk('07315', '24', 'advanced');
    // 23710 was Xã A Dơk (province 64) in March 2025; the July map gives 23710 to Xã Ia Băng, and A Dơk went into 23869.
    oldA = await walk('23710', '64');
    clock.set('2025-12-01T03:00:00.000Z');
  });
  afterAll(() => t.close());

  const standing = async (code: string) => (await api.get(`/communes/${code}/standing?asOf=2025-12-31`).expect(200)).body;

  it('guidance 267 (the default): same level → that level; some unrecognised → none; mixed → the lower', async () => {
    await projected(t, []);
    await waitFor(async () => (await standing('07333')).recognisedLevel !== null);
    expect(await standing('07282')).toMatchObject({ map: '2025-07', mergerPolicy: 'guidance-267', recognisedLevel: 'standard', basis: 'merged-same-level' });
    expect(await standing('07264')).toMatchObject({ recognisedLevel: null, basis: 'merged-some-unrecognised' });
    expect(await standing('07333')).toMatchObject({ recognisedLevel: 'standard', basis: 'merged-lower-level' });
    const s = (await api.get('/statistics/24?asOf=2025-12-31').expect(200)).body;
    expect(s).toMatchObject({ map: '2025-07', mergerPolicy: 'guidance-267', recognised: { standard: { communes: 2 }, advanced: { communes: 0 } } });
    // Registration follows the same rule: the inherited standard level is the advanced level's prerequisite.
    const reg = await api.post('/dossiers', { communeCode: '07282', level: 'advanced', targetYear: 2026 }, 'commune_officer', '07282').expect(201);
    const d = (await api.get(`/dossiers/${reg.body.dossierId}`).expect(200)).body;
    expect(d.dossier).toMatchObject({ unitMap: '2025-07' });
    const events = await t.app.get<EventStore>(EVENT_STORE).readStream(`dossier-${reg.body.dossierId}`);
    expect((events[0]!.data as { prerequisite: unknown }).prerequisite).toEqual({ level: 'standard', dossierId: null, recognisedAt: null, inheritedFrom: ['07255', '07258', '07282'] });
    await api.post('/dossiers', { communeCode: '07264', level: 'advanced', targetYear: 2026 }, 'commune_officer', '07264').expect(422);
  });

  it('a province that counts no merged commune until re-assessed: none of the three counts, nor opens the advanced level', async () => {
    await t.stop();
    t = await startTestApp({ DEMO_DATA: 'false', REGULATION_OVERRIDES: JSON.stringify({ provinces: { '24': { mergerPolicy: 'none-until-reassessed' } } }) }, { clock, database: t.db });
    api = http(t);
    expect(await standing('07282')).toMatchObject({ mergerPolicy: 'none-until-reassessed', recognisedLevel: null, basis: 'merged-not-counted' });
    expect(await standing('07333')).toMatchObject({ recognisedLevel: null, basis: 'merged-not-counted' });
    expect((await api.get('/statistics/24?asOf=2025-12-31').expect(200)).body.recognised.standard.communes).toBe(0);
    const refused = await api.post('/dossiers', { communeCode: '07333', level: 'advanced', targetYear: 2026 }, 'commune_officer', '07333').expect(422);
    expect(refused.body.code).toBe('DOSSIER.PREREQUISITE_LEVEL_MISSING');
    // Before the merger nothing changes: the March 2025 communes held what they held.
    expect((await api.get('/statistics/24?asOf=2025-06-30').expect(200)).body.recognised).toMatchObject({ standard: { communes: 6 }, advanced: { communes: 1 } });
  });

  it('a reused code never opens another commune’s files; the successor of the old commune sees them', async () => {
    await projected(t, [oldA]);
    // The officer of today's 23710 (Ia Băng, province 52) is not the officer of March 2025's 23710 (A Dơk).
    const denied = await api.get(`/dossiers/${oldA}`, 'commune_officer', '23710').expect(403);
    expect(denied.body.code).toBe('AUTH.OUTSIDE_JURISDICTION');
    const own = (await api.get('/dossiers', 'commune_officer', '23710').expect(200)).body;
    expect(own.items.map((i: { dossierId: string }) => i.dossierId)).not.toContain(oldA);
    expect((await api.get('/audit-trail', 'commune_officer', '23710').expect(200)).body).toEqual([]);
    expect(await (async () => (await api.get('/communes/23710/standing?asOf=2025-12-31', 'commune_officer', '23710').expect(200)).body)()).toMatchObject({ recognisedLevel: null });
    // 23869 is what A Dơk became: its officer and its province read the old file.
    await api.get(`/dossiers/${oldA}`, 'commune_officer', '23869').expect(200);
    const successor = (await api.get('/dossiers', 'commune_officer', '23869').expect(200)).body;
    expect(successor.items.map((i: { dossierId: string }) => i.dossierId)).toContain(oldA);
    expect((await api.get('/dossiers', 'coordination_office', '52').expect(200)).body.items.map((i: { dossierId: string }) => i.dossierId)).toContain(oldA);
    // And the reused-code officer cannot act on it either.
    await api.post(`/dossiers/${oldA}/monitoring-reviews`, { year: 2025, reviewedOn: '2025-11-30', failingCriteria: [] }, 'coordination_office', '23710').expect(403);
  });
});

describe('a district dossier (before July 2025): recognised, then revoked when its communes lost theirs', () => {
  const clock = new TestClock('2024-01-15T03:00:00.000Z');
  let t: TestApp;
  let api: ReturnType<typeof http>;
  // Thị xã Chũ (224), a town of Bắc Giang with five communes: it "completes the task" (QĐ 320) once all five are recognised.
  const TOWN = '224';
  const COMMUNES = ['07552', '07558', '07576', '07600', '07603'];
  let communeIds: string[] = [];
  let id: string;

  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'false' }, { clock });
    api = http(t);
    const bus = t.app.get(CommandBus);
    expect(unitRegistry.communesOf(TOWN, '2025-03').filter((c) => c.kind === 'commune').map((c) => c.code)).toEqual(COMMUNES);
    communeIds = [];
    for (const [i, c] of COMMUNES.entries()) {
      // Two of them are revoked in June 2024, after the town's recognition.
      communeIds.push(await walkDossier(bus, { commune: c, province: '24', stage: i < 2 ? 'revoked' : 'recognised', now: '2024-01-15T03:00:00.000Z', revokeAt: '2024-06-14T03:00:00.000Z', idPrefix: 'town' }));
    }
  });
  afterAll(() => t.close());

  it('is prepared by the district, verified by the province, appraised and recognised', async () => {
    clock.set('2024-02-01T03:00:00.000Z');
    const district = (path: string, body: object) => api.post(path, body, 'verifying_officer', TOWN);
    // A commune officer cannot open a district's dossier; the district's officer can.
    await api.post('/dossiers', { districtCode: TOWN, level: 'task-completed', targetYear: 2024 }, 'commune_officer', '07039').expect(403);
    await district('/dossiers', { districtCode: TOWN, level: 'standard', targetYear: 2024 }).expect(422);
    const reg = await district('/dossiers', { districtCode: TOWN, level: 'task-completed', targetYear: 2024 }).expect(201);
    id = reg.body.dossierId;
    await district(`/dossiers/${id}/criterion-results`, { results: Array.from({ length: 9 }, (_, i) => ({ code: `D0${i + 1}`, met: true })) }).expect(200);
    const day = (n: number) => `2024-01-${String(n).padStart(2, '0')}`;
    await district(`/dossiers/${id}/public-consultation`, {
      period: { from: day(2), to: day(16) },
      announcements: [2, 5, 8, 11, 14].map((n) => ({ postedOn: day(n), place: 'UBND thị xã' })),
      writtenComments: [],
      satisfactionSurvey: { surveyed: 1000, satisfied: 950 },
    }).expect(200);
    await district(`/dossiers/${id}/recognition-conditions`, { hasConstructionDebt: false, isComplexSecurityArea: false, lowestCommuneSatisfactionPercent: 86 }).expect(200);
    const documents = ['submission-letter', 'results-report', 'comments-summary', 'proposal-minutes'].map((kind) => ({ kind, ref: `doc://${kind}` }));
    const sub = await district(`/dossiers/${id}/submission-for-verification`, { documents }).expect(200);
    expect(sub.body.status).toBe('under_verification');
    // The district cannot verify its own dossier; the province does.
    await district(`/dossiers/${id}/verification`, { findings: [] }).expect(403);
    await api.post(`/dossiers/${id}/verification`, { findings: ['Đủ điều kiện'] }, 'coordination_office', '24').expect(200);
    await api.post(`/dossiers/${id}/submission-for-appraisal`, {}, 'coordination_office', '24').expect(200);
    await api.post(`/dossiers/${id}/council`, { chair: 'chair-1', members: ['chair-1', 'member-2'] }, 'coordination_office', '24').expect(200);
    await api.post(`/dossiers/${id}/votes`, { vote: 'approve', comment: 'Đạt' }, 'council_chair', '24', 'chair-1').expect(200);
    await api.post(`/dossiers/${id}/votes`, { vote: 'approve', comment: 'Đạt' }, 'council_member', '24', 'member-2').expect(200);
    await api.post(`/dossiers/${id}/appraisal-conclusion`, {}, 'council_chair', '24', 'chair-1').expect(200);
    const rec = await api.post(`/dossiers/${id}/recognition-decision`, { decisionNo: '224/QĐ-UBND', decisionDate: '2024-02-01', signer: SIGNER }, 'provincial_chairperson', '24').expect(200);
    expect(rec.body.status).toBe('recognised');
  });

  it('refuses a town’s submission while one of its communes is not recognised (QĐ 320), naming what is missing', async () => {
    // The same dossier could not have been submitted with the communes as they stand after June 2024.
    const store = t.app.get<EventStore>(EVENT_STORE);
    const events = await store.readStream(`dossier-${id}`);
    const drafting = events.slice(0, 4).reduce<DossierState>((s, e) => evolveDossier(s, { type: e.type, data: e.data } as DossierEvent), { status: 'unregistered' });
    const submit = (standard: number) => () =>
      decideDossier(
        { type: 'SubmitForVerification', data: { dossierId: id, documents: ['submission-letter', 'results-report', 'comments-summary', 'proposal-minutes'].map((kind) => ({ kind: kind as never, ref: 'x' })), communeStanding: { communes: 5, standard, advanced: 0, lowestSatisfactionPercent: null } }, metadata: { now: '2024-02-01T03:00:00.000Z', actor: { id: 'v', role: 'verifying_officer', unit: TOWN } } },
        drafting,
      );
    expect(submit(4)).toThrow(expect.objectContaining({ code: 'DOSSIER.NOT_ELIGIBLE', details: expect.objectContaining({ unmet: [expect.objectContaining({ kind: 'district-communes-below-standard', communes: 5, recognised: 4 })] }) }));
  });

  it('a review after two of its five communes lost their recognition finds grounds (≥ 30 %), and the chairperson revokes', async () => {
    clock.set('2024-09-02T03:00:00.000Z');
    const review = await api.post(`/dossiers/${id}/monitoring-reviews`, { year: 2024, reviewedOn: '2024-09-02', failingCriteria: [] }, 'coordination_office', '24').expect(200);
    expect(review.body.events).toEqual(['MonitoringReviewRecorded']);
    const d = (await api.get(`/dossiers/${id}`).expect(200)).body;
    expect(d.latestReview.finding).toMatchObject({ hasGrounds: true, rule: 'communes-lost', communesLost: { lost: 2, of: 5, share: 0.4 }, judgedAgainst: '2021-2025/district-standard' });
    const grounds = { rule: 'communes-lost', failingCriteria: [] };
    await api.post(`/dossiers/${id}/revocation-proposal`, { grounds, explanation: '2/5 xã bị thu hồi quyết định công nhận' }, 'coordination_office', '24').expect(200);
    clock.set('2024-09-20T03:00:00.000Z');
    await api.post(`/dossiers/${id}/revocation-decision`, { decisionNo: '900/QĐ-UBND', decisionDate: '2024-09-20', signer: SIGNER, grounds }, 'provincial_chairperson', '24').expect(200);
    expect((await api.get(`/dossiers/${id}`).expect(200)).body.status).toBe('revoked');
  });
});

describe('levels that existed: 2016-2020 advanced and model recognitions, and a province’s own advanced set', () => {
  // Bắc Giang (24 on the March 2025 map) issued its own 2016-2020 advanced set: configuration, pinned by its dossiers.
  const bacGiang = {
    province: '24',
    basePack: 'ntm-2016-2020',
    baseVersion: '1',
    version: '1',
    decision: 'QĐ 600/QĐ-UBND (2018) của UBND tỉnh Bắc Giang: Bộ tiêu chí xã NTM nâng cao giai đoạn 2018-2020',
    criteriaSets: [{ level: 'advanced', criteria: Array.from({ length: 19 }, (_, i) => ({ code: `C${String(i + 1).padStart(2, '0')}`, nameVi: `Tiêu chí ${i + 1} nâng cao`, nameEn: `Advanced criterion ${i + 1}` })) }],
  };
  const clock = new TestClock('2026-11-20T03:00:00.000Z');
  let t: TestApp;
  let api: ReturnType<typeof http>;

  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'false', REGULATION_PROVINCIAL_PACKS: JSON.stringify([bacGiang]) }, { clock });
    api = http(t);
  });
  afterAll(() => t.close());

  it('records advanced (2018) and model (2019) recognitions of 2016-2020; Bắc Giang’s pins its own set, Bắc Ninh’s the national stand-in', async () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('recognitions');
    ws.addRow(['unit_code', 'level', 'decision_no', 'decision_date']);
    ws.addRow(['07693', 'standard', '10/QĐ-UBND', '12/03/2017']);
    ws.addRow(['07693', 'nâng cao', '20/QĐ-UBND', '10/05/2018']);
    ws.addRow(['07693', 'kiểu mẫu', '30/QĐ-UBND', '15/11/2019']);
    // 09220 lies in Bắc Ninh (27 on the March 2025 map), which configured no set of its own.
    ws.addRow(['09220', 'standard', '11/QĐ-UBND', '12/03/2017']);
    ws.addRow(['09220', 'nâng cao', '21/QĐ-UBND', '10/05/2018']);
    const file = Buffer.from(await book.xlsx.writeBuffer());
    const office = mintToken({ id: 'office-24', role: 'coordination_office', unit: '24' }, t.config.JWT_SECRET);
    const r = await request(t.baseUrl).post('/imports').set('Authorization', `Bearer ${office}`).set('Idempotency-Key', randomUUID()).attach('file', file, 'cap-do.xlsx');
    expect([r.status, r.body.totals]).toEqual([201, expect.objectContaining({ valid: 5, written: 5 })]);
    // The import answers once the events are stored; the list is a projection, read after it has caught up.
    await t.app.get(ProjectionRunner).settle();
    const list = (await api.get('/dossiers?limit=10&sort=commune_code&order=asc').expect(200)).body.items as { communeCode: string; level: string; packId: string; status: string }[];
    expect(list.map((d) => [d.communeCode, d.level, d.packId, d.status]).sort()).toEqual(
      [
        ['07693', 'standard', 'ntm-2016-2020.p24', 'recognised'],
        ['07693', 'advanced', 'ntm-2016-2020.p24', 'recognised'],
        ['07693', 'model', 'ntm-2016-2020.p24', 'recognised'],
        ['09220', 'standard', 'ntm-2016-2020', 'recognised'],
        ['09220', 'advanced', 'ntm-2016-2020', 'recognised'],
      ].sort(),
    );
    const advanced = list.find((d) => d.communeCode === '07693' && d.level === 'advanced') as unknown as { dossierId: string };
    const dossier = (await api.get(`/dossiers/${advanced.dossierId}`).expect(200)).body;
    expect(dossier.dossier).toMatchObject({ imported: true, criteriaSetCode: '2016-2020/commune-advanced.p24v1' });
    const s2020 = (await api.get('/statistics/24?asOf=2020-12-31').expect(200)).body;
    expect(s2020.recognised).toMatchObject({ standard: { communes: 1 }, advanced: { communes: 1 }, model: { communes: 1 } });
    const regs = (await api.get('/regulations?province=24').expect(200)).body;
    expect(regs.packs.map((p: { id: string }) => p.id)).toContain('ntm-2016-2020.p24');
  });
});
