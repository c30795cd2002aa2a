import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DOSSIER_COMMAND_ROLES, ROLES, type DossierCommandType, type PersonRole } from '@app/domain';
import { mintToken } from '@app/platform';
import { fillPath, loadOpenApi, operationsOf, type Operation } from './support/openapi';
import { startTestApp, TestClock, type TestApp } from './support/test-app';

/**
 * Who may do what where: every route of the OpenAPI document (GET and POST), every role, units inside and outside
 * the subject's jurisdiction. The expected answer of each cell comes from the rules below, written from the policy
 * (README, role tables), not read back from the code under test. A route the document lists without a row here fails
 * the first test, so a new route cannot ship without its rule.
 *
 * The July 2025 map reuses a few March 2025 codes for other communes: 23710 was Xã A Dơk (province 64, whose
 * successor today is 23869 in province 52) and is now Xã Ia Băng (52). A dossier registered under the March map is
 * reached by the July units that succeeded its commune (23869, 52), never by the July commune that took its code.
 */

type Expected = 'allowed' | 'AUTH.ROLE_NOT_ALLOWED' | 'AUTH.OUTSIDE_JURISDICTION';
type Principal = { role: PersonRole; unit: string };

/** What a request is about, and which units of today's map reach it. */
interface Subject {
  name: string;
  dossierId: string;
  communeCode: string;
  provinceCode: string;
  /** Units whose officers have jurisdiction. */
  covering: string[];
  /** Units to try: the covering ones and neighbours that must be refused. */
  units: string[];
}

type Rule =
  | { kind: 'public' }
  /** A command on one dossier; who may issue it is the domain's role table. */
  | { kind: 'dossier-command'; command: DossierCommandType; body: Record<string, unknown> }
  | { kind: 'register' }
  /** One dossier or one commune, read: its jurisdiction, auditors and administrators everywhere. */
  | { kind: 'read-one' }
  | { kind: 'commune-assessment' }
  | { kind: 'statistics' }
  | { kind: 'plan' }
  /** The history import: an administrator, or a coordination office (each row is then checked against its province). */
  | { kind: 'import' }
  /**
   * A list every role may ask for, answered within the caller's scope. Rows for what each list may show per
   * (unit code, map version) belong here once read models are scoped that way.
   */
  | { kind: 'scoped-list' };

const NATIONWIDE: PersonRole[] = ['auditor', 'administrator'];
const TODAY = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const NEXT_YEAR = Number(TODAY.slice(0, 4)) + 1;
const SIGNER = { name: 'Nguyễn Văn A', title: 'Chủ tịch UBND tỉnh' };
const GROUNDS = { rule: 'partial-with-key', failingCriteria: ['C10'] };
const command = (c: DossierCommandType, body: Record<string, unknown>): Rule => ({ kind: 'dossier-command', command: c, body });

const MATRIX: Record<string, Rule> = {
  'GET /health': { kind: 'public' },
  'GET /health/live': { kind: 'public' },
  'GET /metrics': { kind: 'public' },
  'POST /dossiers': { kind: 'register' },
  'GET /dossiers': { kind: 'scoped-list' },
  'GET /appraisal-queue': { kind: 'scoped-list' },
  'GET /audit-trail': { kind: 'scoped-list' },
  'GET /deadlines': { kind: 'scoped-list' },
  'GET /dossiers/{id}': { kind: 'read-one' },
  'GET /dossiers/{id}/history': { kind: 'read-one' },
  'GET /dossiers/{id}/state': { kind: 'read-one' },
  'GET /communes/{code}': { kind: 'read-one' },
  'GET /communes/{code}/standing': { kind: 'read-one' },
  'GET /communes/{code}/next-deadline': { kind: 'read-one' },
  'GET /statistics/{unitCode}': { kind: 'statistics' },
  'GET /statistics/{unitCode}/communes': { kind: 'statistics' },
  'GET /statistics/{unitCode}/export': { kind: 'statistics' },
  'GET /regulations': { kind: 'scoped-list' },
  'POST /imports': { kind: 'import' },
  'GET /imports/templates': { kind: 'public' },
  'GET /imports/templates/{kind}': { kind: 'public' },
  // The console's sign-in (demo tokens only while DEMO_SIGN_IN is on; the code exchange only with OIDC) and map data.
  'GET /auth/config': { kind: 'public' },
  'POST /auth/demo-token': { kind: 'public' },
  'POST /auth/oidc/token': { kind: 'public' },
  'GET /auth/me': { kind: 'scoped-list' },
  'GET /units': { kind: 'public' },
  'GET /units/{code}': { kind: 'public' },
  'GET /dossiers/{id}/chain-verification': { kind: 'read-one' },
  // Live updates: every role may listen; what it hears is filtered by jurisdiction (test/dossier-events.e2e-spec.ts).
  'GET /dossier-events': { kind: 'scoped-list' },
  'POST /plans': { kind: 'plan' },
  'POST /communes/{code}/assessments': { kind: 'commune-assessment' },
  'POST /dossiers/{id}/criterion-results': command('RecordCriterionResults', { results: [{ code: 'C01', met: true }] }),
  'POST /dossiers/{id}/public-consultation': command('RecordPublicConsultation', { period: { from: TODAY, to: TODAY }, announcements: [], writtenComments: [] }),
  'POST /dossiers/{id}/recognition-conditions': command('DeclareRecognitionConditions', { hasConstructionDebt: false, isComplexSecurityArea: false }),
  'POST /dossiers/{id}/submission-for-verification': command('SubmitForVerification', { documents: [{ kind: 'submission-letter', ref: 'doc://1' }] }),
  'POST /dossiers/{id}/verification': command('VerifyDossier', { findings: [] }),
  'POST /dossiers/{id}/verification-return': command('ReturnDossierForRevision', { reasons: ['Thiếu minh chứng'] }),
  'POST /dossiers/{id}/submission-for-appraisal': command('SubmitForAppraisal', {}),
  'POST /dossiers/{id}/supplement-request': command('RequestSupplement', { items: [{ kind: 'other', description: 'Bổ sung' }] }),
  'POST /dossiers/{id}/supplement': command('ProvideSupplement', { documents: [] }),
  'POST /dossiers/{id}/council': command('ConveneAppraisalCouncil', { chair: 'chair-1', members: ['chair-1'] }),
  'POST /dossiers/{id}/votes': command('CastCouncilVote', { vote: 'approve', comment: '' }),
  'POST /dossiers/{id}/vote-changes': command('ChangeCouncilVote', { vote: 'reject', comment: '', reason: 'Đổi ý' }),
  'POST /dossiers/{id}/appraisal-conclusion': command('ConcludeAppraisal', {}),
  'POST /dossiers/{id}/recognition-decision': command('RecordRecognitionDecision', { decisionNo: '1/QĐ-UBND', decisionDate: TODAY, signer: SIGNER }),
  'POST /dossiers/{id}/rejection-decision': command('RecordRejectionDecision', { reasons: ['Chưa đạt'] }),
  'POST /dossiers/{id}/withdrawal': command('WithdrawDossier', { reason: 'Xin rút' }),
  'POST /dossiers/{id}/monitoring-reviews': command('RecordMonitoringReview', { year: Number(TODAY.slice(0, 4)), reviewedOn: TODAY, failingCriteria: [] }),
  'POST /dossiers/{id}/revocation-proposal': command('ProposeRevocation', { grounds: GROUNDS, explanation: 'Không còn đạt' }),
  'POST /dossiers/{id}/revocation-proposal-dismissal': command('DismissRevocationProposal', { reason: 'Đã khắc phục' }),
  'POST /dossiers/{id}/revocation-decision': command('RevokeRecognition', { decisionNo: '2/QĐ-UBND', decisionDate: TODAY, signer: SIGNER, grounds: GROUNDS }),
};

function expected(rule: Rule, p: Principal, s: Subject): Expected {
  const covers = s.covering.includes(p.unit);
  const inScope = (roles: readonly string[]) => (!roles.includes(p.role) ? 'AUTH.ROLE_NOT_ALLOWED' : covers ? 'allowed' : 'AUTH.OUTSIDE_JURISDICTION');
  switch (rule.kind) {
    case 'public':
    case 'scoped-list':
      return 'allowed';
    case 'dossier-command':
      return inScope(DOSSIER_COMMAND_ROLES[rule.command]);
    case 'register':
      return inScope(DOSSIER_COMMAND_ROLES.RegisterDossier);
    case 'commune-assessment':
      return inScope(['coordination_office', 'verifying_officer']);
    case 'read-one':
      return NATIONWIDE.includes(p.role) || covers ? 'allowed' : 'AUTH.OUTSIDE_JURISDICTION';
    case 'statistics':
      return NATIONWIDE.includes(p.role) || p.unit === s.provinceCode ? 'allowed' : 'AUTH.OUTSIDE_JURISDICTION';
    case 'plan':
      if (p.role !== 'coordination_office' && p.role !== 'administrator') return 'AUTH.ROLE_NOT_ALLOWED';
      return p.role === 'administrator' || p.unit === s.provinceCode ? 'allowed' : 'AUTH.OUTSIDE_JURISDICTION';
    case 'import':
      return p.role === 'coordination_office' || p.role === 'administrator' ? 'allowed' : 'AUTH.ROLE_NOT_ALLOWED';
  }
}

function bodyOf(rule: Rule, s: Subject): Record<string, unknown> | undefined {
  switch (rule.kind) {
    case 'dossier-command':
      return rule.body;
    case 'register':
      return { communeCode: s.communeCode, level: 'standard', targetYear: NEXT_YEAR };
    case 'commune-assessment':
      return { year: Number(TODAY.slice(0, 4)), assessedOn: TODAY, results: [{ code: 'C01', met: true }] };
    case 'plan':
      return { unitCode: s.provinceCode, year: NEXT_YEAR, standard: 3 };
    default:
      return undefined;
  }
}

describe('authorisation matrix: role × unit × every route of the OpenAPI document', () => {
  const clock = new TestClock('2025-05-02T03:00:00.000Z');
  let t: TestApp;
  let ops: Operation[];
  let julyDossier: Subject;
  let marchDossier: Subject;
  let julyCommune: Subject;
  const mismatches: string[] = [];
  let cells = 0;

  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'true' }, { clock });
    ops = operationsOf(await loadOpenApi(t.baseUrl));
    // Under the March map: a dossier of Xã A Dơk, code 23710 (province 64, district 626).
    const registered = await fetch(`${t.baseUrl}/dossiers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token({ role: 'commune_officer', unit: '23710' })}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ communeCode: '23710', level: 'standard', targetYear: 2026 }),
    });
    expect(registered.status).toBe(201);
    const marchId = ((await registered.json()) as { dossierId: string }).dossierId;
    clock.set(new Date().toISOString());
    const sql = new Client({ connectionString: t.db.url });
    await sql.connect();
    const { rows } = await sql.query<{ id: string }>(`SELECT data->>'dossierId' AS id FROM es_events WHERE event_type = 'DossierRegistered' AND data->>'communeCode' = '07288'`);
    await sql.end();
    julyDossier = { name: 'a July-map dossier of 07288 (Bắc Ninh, 24)', dossierId: rows[0]!.id, communeCode: '07288', provinceCode: '24', covering: ['07288', '24'], units: ['07288', '07246', '24', '01', '00004'] };
    marchDossier = { name: 'a March-map dossier of 23710 (Xã A Dơk, now succeeded by 23869 in 52)', dossierId: marchId, communeCode: '23710', provinceCode: '52', covering: ['23869', '52'], units: ['23710', '23869', '52', '64', '24'] };
    julyCommune = { name: 'the July-map commune 23710 (Xã Ia Băng, 52), whose code the March map gave to another commune', dossierId: marchId, communeCode: '23710', provinceCode: '52', covering: ['23710', '52'], units: ['23710', '23869', '52', '64', '24'] };
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  function token(p: Principal, sub = `${p.role}-${p.unit}`): string {
    return mintToken({ id: sub, role: p.role, unit: p.unit }, t.config.JWT_SECRET);
  }

  async function call(op: Operation, s: Subject, p: Principal | null): Promise<{ status: number; code?: string }> {
    const rule = MATRIX[op.route]!;
    const path = fillPath(op.path, { id: s.dossierId, code: s.communeCode, unitCode: s.provinceCode, kind: 'recognitions', packId: 'ntm-2026-2030' });
    const query = op.path === '/dossiers/{id}/state' ? `?revision=0` : '';
    const body = bodyOf(rule, s);
    const headers: Record<string, string> = { 'idempotency-key': randomUUID() };
    if (p) headers.authorization = `Bearer ${token(p)}`;
    if (body) headers['content-type'] = 'application/json';
    const stream = new AbortController();
    const res = await fetch(`${t.baseUrl}${path}${query}`, { method: op.method.toUpperCase(), headers, body: body ? JSON.stringify(body) : undefined, signal: stream.signal });
    // An event stream stays open: its status and headers are the answer.
    if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
      stream.abort();
      return { status: res.status };
    }
    const text = await res.text();
    const code = res.headers.get('content-type')?.includes('json') && text ? (JSON.parse(text) as { code?: string }).code : undefined;
    return { status: res.status, code };
  }

  async function check(op: Operation, s: Subject) {
    const rule = MATRIX[op.route]!;
    for (const role of ROLES) {
      for (const unit of s.units) {
        const p = { role, unit };
        const want = expected(rule, p, s);
        const got = await call(op, s, p);
        cells++;
        const answer = got.status === 403 ? got.code : got.status === 401 || got.status >= 500 ? `HTTP ${got.status} ${got.code ?? ''}` : 'allowed';
        if (answer !== want) mismatches.push(`${op.route} on ${s.name} as ${role}@${unit}: expected ${want}, got ${got.status} ${got.code ?? ''}`);
      }
    }
  }

  it('has a row for every route the document lists', () => {
    const missing = ops.map((o) => o.route).filter((r) => !(r in MATRIX));
    expect(missing).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !ops.some((o) => o.route === r))).toEqual([]);
  });

  it('refuses every route but the public ones without a token', async () => {
    for (const op of ops) {
      const got = await call(op, julyDossier, null);
      const want = MATRIX[op.route]!.kind === 'public' ? 'not 401' : 401;
      expect([op.route, got.status === 401 ? 401 : 'not 401']).toEqual([op.route, want]);
    }
  });

  it('answers every role in every unit as the policy says, on a July-map dossier and its commune and province', async () => {
    for (const op of ops) await check(op, julyDossier);
    expect(mismatches).toEqual([]);
  }, 300_000);

  it('keeps a March-map dossier within reach of its commune\'s successors only, not of the July commune that took its code', async () => {
    for (const op of ops.filter((o) => o.path.startsWith('/dossiers/{id}'))) await check(op, marchDossier);
    expect(mismatches).toEqual([]);
  }, 300_000);

  it('scopes the reused code on commune, statistics and plan routes to the July commune that holds it now', async () => {
    for (const op of ops.filter((o) => o.path.startsWith('/communes/') || o.route === 'POST /dossiers' || o.path.startsWith('/statistics') || o.path === '/plans')) await check(op, julyCommune);
    expect(mismatches).toEqual([]);
    console.log(`[authorisation] ${cells} cells checked (${ops.length} routes × roles × units)`);
  }, 300_000);
});
