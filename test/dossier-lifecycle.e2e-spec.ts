import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Role } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { withClient } from '@app/testing';
import { mintToken } from '@app/platform';
import { startTestApp, type TestApp } from './support/test-app';

// Bắc Ninh (province 24 in the July 2025 map) and one of its communes; Thái Nguyên (19) is another province.
const PROVINCE = '24';
const COMMUNE = '07246';
const OTHER_COMMUNE = '07264';
const OTHER_PROVINCE = '19';
// The API stamps commands with the server clock, so every business date here is relative to today.
const day = (offset: number) => new Date(Date.now() + 7 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);
const NEXT_YEAR = Number(day(0).slice(0, 4)) + 1;
const CRITERIA = ['C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C07', 'C08', 'C09', 'C10'];

describe('a dossier from registration to recognition and revocation, over HTTP', () => {
  let t: TestApp;
  let store: EventStore;
  const token = (role: Role, unit: string, sub = `${role}-${unit}`) => mintToken({ id: sub, role, unit }, t.config.JWT_SECRET);
  let communeOfficer: string;
  let verifier: string;
  let office: string;
  let chairperson: string;

  /** Every committed event, counted in SQL: a global read could still hide some behind another session's fence. */
  async function countEvents(): Promise<number> {
    const [{ n }] = await withClient(t.db.url, (c) => c.query('SELECT count(*)::int AS n FROM es_events')).then((r) => r.rows);
    return n;
  }

  function post(path: string, tok: string | null, body: unknown, headers: Record<string, string> = {}) {
    const req = request(t.baseUrl).post(path).send(body as object);
    if (tok) req.set('Authorization', `Bearer ${tok}`);
    if (!('Idempotency-Key' in headers)) req.set('Idempotency-Key', randomUUID());
    for (const [k, v] of Object.entries(headers)) if (v) req.set(k, v);
    return req;
  }

  /** Sends a command that must be refused, and checks the refusal and that the store did not change. */
  async function refused(path: string, tok: string | null, body: unknown, status: number, code: string, headers: Record<string, string> = {}) {
    const before = await countEvents();
    const res = await post(path, tok, body, headers);
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await countEvents()).toBe(before);
    return res.body;
  }

  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'false' });
    store = t.app.get(EVENT_STORE);
    communeOfficer = token('commune_officer', COMMUNE);
    verifier = token('verifying_officer', PROVINCE);
    office = token('coordination_office', PROVINCE);
    chairperson = token('provincial_chairperson', PROVINCE);
  });
  afterAll(() => t.close());

  let id: string;
  const path = (p = '') => `/dossiers/${id}${p}`;

  it('registers the commune, idempotently, once per level', async () => {
    await refused('/dossiers', null, { communeCode: COMMUNE, level: 'standard', targetYear: NEXT_YEAR }, 401, 'AUTH.UNAUTHENTICATED');
    await refused('/dossiers', verifier, { communeCode: COMMUNE, level: 'standard', targetYear: NEXT_YEAR }, 403, 'AUTH.ROLE_NOT_ALLOWED');
    await refused('/dossiers', token('commune_officer', OTHER_COMMUNE), { communeCode: COMMUNE, level: 'standard', targetYear: NEXT_YEAR }, 403, 'AUTH.OUTSIDE_JURISDICTION');
    const invalid = await refused('/dossiers', communeOfficer, { communeCode: 'abc', level: 'gold', targetYear: NEXT_YEAR, extra: 1 }, 400, 'REQUEST.INVALID');
    expect(invalid.errors.map((e: { field: string }) => e.field).sort()).toEqual(['communeCode', 'extra', 'level']);
    await refused('/dossiers', communeOfficer, { communeCode: COMMUNE, level: 'standard', targetYear: NEXT_YEAR }, 428, 'IDEMPOTENCY.KEY_REQUIRED', { 'Idempotency-Key': '' });
    await refused('/dossiers', communeOfficer, { communeCode: '99999', level: 'standard', targetYear: NEXT_YEAR }, 422, 'DOSSIER.UNKNOWN_COMMUNE');
    await refused('/dossiers', communeOfficer, { communeCode: COMMUNE, level: 'modern', targetYear: NEXT_YEAR }, 422, 'DOSSIER.PREREQUISITE_LEVEL_MISSING');

    const key = randomUUID();
    const before = await countEvents();
    const first = await post('/dossiers', communeOfficer, { communeCode: COMMUNE, level: 'standard', targetYear: NEXT_YEAR, reason: 'commune plan 2026' }, { 'Idempotency-Key': key }).expect(201);
    id = first.body.dossierId;
    expect(first.headers.location).toBe(`/dossiers/${id}`);
    expect(first.headers.etag).toBe('"0"');
    const afterFirst = await countEvents();
    expect(afterFirst).toBeGreaterThan(before);
    const retry = await post('/dossiers', communeOfficer, { communeCode: COMMUNE, level: 'standard', targetYear: NEXT_YEAR, reason: 'commune plan 2026' }, { 'Idempotency-Key': key }).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotency-replayed']).toBe('true');
    expect(await countEvents()).toBe(afterFirst);
    await refused('/dossiers', communeOfficer, { communeCode: COMMUNE, level: 'standard', targetYear: NEXT_YEAR + 1 }, 422, 'IDEMPOTENCY.KEY_REUSED', { 'Idempotency-Key': key });
    const dup = await refused('/dossiers', communeOfficer, { communeCode: COMMUNE, level: 'standard', targetYear: NEXT_YEAR + 1 }, 409, 'DOSSIER.OPEN_DOSSIER_EXISTS');
    expect(dup.dossierId).toBe(id);

    const got = await request(t.baseUrl).get(path()).set('Authorization', `Bearer ${communeOfficer}`).expect(200);
    expect(got.body).toMatchObject({ dossierId: id, revision: 0, status: 'drafting', dossier: { communeCode: COMMUNE, provinceCode: PROVINCE, packId: 'ntm-2026-2030' } });
    await request(t.baseUrl).get(path()).set('Authorization', `Bearer ${token('coordination_office', OTHER_PROVINCE)}`).expect(403);
    await request(t.baseUrl).get(path()).set('Authorization', `Bearer ${token('auditor', '01')}`).expect(200);
  });

  it('records criteria, consultation and conditions, and refuses submission listing every unmet item', async () => {
    const results = CRITERIA.map((code) => ({ code, met: code !== 'C03' && code !== 'C07', evidence: [`doc://${code}`] }));
    await post(path('/criterion-results'), communeOfficer, { results }).expect(200);
    await refused(path('/submission-for-verification'), communeOfficer, { documents: [] }, 422, 'DOSSIER.NOT_ELIGIBLE').then((p) => {
      const kinds = p.unmet.map((u: { kind: string; code?: string }) => u.code ?? u.kind);
      expect(kinds).toEqual(expect.arrayContaining(['C03', 'C07', 'consultation-unrecorded', 'document-missing']));
    });
    await post(path('/criterion-results'), communeOfficer, { results: CRITERIA.map((code) => ({ code, met: true })) }).expect(200);
    const postedOn = [-30, -28, -26, -23, -20].map(day);
    await post(path('/public-consultation'), communeOfficer, {
      period: { from: day(-30), to: day(-16) },
      announcements: postedOn.map((d) => ({ postedOn: d, place: 'Nhà văn hóa thôn' })),
      writtenComments: [{ from: 'Ủy ban MTTQ xã', receivedOn: day(-18), summary: 'Đồng ý' }],
      satisfactionSurvey: { surveyed: 400, satisfied: 388 },
    }).expect(200);
    const declared = await post(path('/recognition-conditions'), communeOfficer, { hasConstructionDebt: false, isComplexSecurityArea: false }).expect(200);
    expect(declared.body.revision).toBe(4);
  });

  const documents = [
    { kind: 'submission-letter', ref: 'doc://to-trinh' },
    { kind: 'results-report', ref: 'doc://bao-cao' },
    { kind: 'comments-summary', ref: 'doc://tong-hop-y-kien' },
    { kind: 'proposal-minutes', ref: 'doc://bien-ban' },
  ];

  it('goes through verification with If-Match, refusing stale revisions and wrong states', async () => {
    const stale = await refused(path('/submission-for-verification'), communeOfficer, { documents }, 412, 'DOSSIER.STALE_REVISION', { 'If-Match': '"2"' });
    expect(stale.currentRevision).toBe(4);
    await post(path('/submission-for-verification'), communeOfficer, { documents, reason: 'all criteria met' }, { 'If-Match': '"4"' }).expect(200);
    const wrong = await refused(path('/criterion-results'), communeOfficer, { results: [{ code: 'C01', met: true }] }, 409, 'DOSSIER.WRONG_STATE');
    expect(wrong.currentStatus).toBe('under_verification');
    await refused(path('/verification'), token('verifying_officer', OTHER_PROVINCE), { findings: [] }, 403, 'AUTH.OUTSIDE_JURISDICTION');
    await refused(path('/verification'), communeOfficer, { findings: [] }, 403, 'AUTH.ROLE_NOT_ALLOWED');
    await refused(path('/verification'), verifier, { findings: 'none' }, 400, 'REQUEST.INVALID');
    await post(path('/verification'), verifier, { findings: ['Hồ sơ đầy đủ'] }).expect(200);
    const r = await post(path('/submission-for-appraisal'), verifier, {}).expect(200);
    expect(r.body.status).toBe('under_appraisal');
  });

  it('is appraised by the council: one vote per member, quorum and rule', async () => {
    await post(path('/council'), office, { chair: 'chair-1', members: ['chair-1', 'member-2', 'member-3'] }).expect(200);
    const member2 = token('council_member', PROVINCE, 'member-2');
    await post(path('/votes'), member2, { vote: 'approve', comment: 'Đạt' }).expect(200);
    await refused(path('/votes'), member2, { vote: 'reject', comment: 'again' }, 422, 'DOSSIER.ALREADY_VOTED');
    await refused(path('/votes'), token('council_member', PROVINCE, 'outsider'), { vote: 'approve', comment: '' }, 422, 'DOSSIER.NOT_A_COUNCIL_MEMBER');
    await refused(path('/votes'), member2, { vote: 'maybe', comment: '' }, 400, 'REQUEST.INVALID');
    await refused(path('/appraisal-conclusion'), token('council_chair', PROVINCE, 'chair-1'), {}, 422, 'DOSSIER.QUORUM_NOT_MET');
    await post(path('/vote-changes'), member2, { vote: 'abstain', comment: 'cần xem lại', reason: 'thiếu minh chứng' }).expect(200);
    await post(path('/vote-changes'), member2, { vote: 'approve', comment: 'Đạt', reason: 'đã bổ sung minh chứng' }).expect(200);
    await post(path('/votes'), token('council_chair', PROVINCE, 'chair-1'), { vote: 'approve', comment: 'Đạt' }).expect(200);
    await post(path('/votes'), token('council_member', PROVINCE, 'member-3'), { vote: 'approve', comment: 'Đạt' }).expect(200);
    const concluded = await post(path('/appraisal-conclusion'), token('council_chair', PROVINCE, 'chair-1'), {}).expect(200);
    expect(concluded.body.status).toBe('appraised');
  });

  it('is recognised by the provincial chairperson', async () => {
    const decision = { decisionNo: '2150/QĐ-UBND', decisionDate: day(0), signer: { name: 'Nguyễn Văn A', title: 'Chủ tịch UBND tỉnh' } };
    await refused(path('/recognition-decision'), office, decision, 403, 'AUTH.ROLE_NOT_ALLOWED');
    await refused(path('/recognition-decision'), token('provincial_chairperson', OTHER_PROVINCE), decision, 403, 'AUTH.OUTSIDE_JURISDICTION');
    const r = await post(path('/recognition-decision'), chairperson, decision).expect(200);
    expect(r.body.status).toBe('recognised');
    await refused(path('/withdrawal'), communeOfficer, { reason: 'too late' }, 409, 'DOSSIER.WRONG_STATE');
  });

  it('is revoked only on grounds the latest monitoring review found', async () => {
    const revoke = {
      decisionNo: '310/QĐ-UBND',
      decisionDate: day(0),
      signer: { name: 'Nguyễn Văn A', title: 'Chủ tịch UBND tỉnh' },
      grounds: { rule: 'partial-with-key', failingCriteria: ['C02', 'C05', 'C10'] },
    };
    await post(path('/monitoring-reviews'), verifier, { year: NEXT_YEAR - 1, reviewedOn: day(0), failingCriteria: ['C02', 'C05'] }).expect(200);
    await refused(path('/revocation-proposal'), verifier, { grounds: revoke.grounds, explanation: 'x' }, 422, 'DOSSIER.NO_REVOCATION_GROUNDS');
    await post(path('/monitoring-reviews'), office, { year: NEXT_YEAR - 1, reviewedOn: day(0), failingCriteria: ['C02', 'C05', 'C10'] }).expect(200);
    await post(path('/revocation-proposal'), office, { grounds: revoke.grounds, explanation: 'Thu nhập không đạt' }).expect(200);
    const r = await post(path('/revocation-decision'), chairperson, { ...revoke, reason: 'QĐ 18/2022 điểm a' }).expect(200);
    expect(r.body.status).toBe('revoked');
  });

  it('left an event trail where every event says who, in which role and unit, why and under which correlation', async () => {
    const events = await store.readStream(`dossier-${id}`);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['DossierRegistered', 'DossierSubmittedForVerification', 'DossierAppraised', 'DossierRecognised', 'DossierRevoked']),
    );
    for (const e of events) {
      expect(e.metadata.actor.id).toBeTruthy();
      expect(e.metadata.actor.role).toBeTruthy();
      expect(e.metadata.actor.unit).toMatch(/^\d{2}(\d{3})?$/);
      expect(e.metadata.correlationId).toBeTruthy();
      expect(e.metadata.commandId).toBeTruthy();
    }
    const recognised = events.find((e) => e.type === 'DossierRecognised')!;
    expect(recognised.metadata.actor).toEqual({ id: `provincial_chairperson-${PROVINCE}`, role: 'provincial_chairperson', unit: PROVINCE });
    expect(events.find((e) => e.type === 'DossierRevoked')!.metadata.reason).toBe('QĐ 18/2022 điểm a');
    expect(events.find((e) => e.type === 'DossierSubmittedForVerification')!.metadata.reason).toBe('all criteria met');
  });
});
