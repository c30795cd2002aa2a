import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { PersonRole } from '@app/domain';
import { mintToken } from '@app/platform';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Commands racing at the HTTP layer, all sent at once (Promise.all) so that they overlap in the handlers: one winner,
 * the others refused with 409 or 412, exactly one new event; retries sharing an Idempotency-Key write once; two
 * registrations of one commune and level open one dossier.
 */
const RACERS = 10;
const NEXT_YEAR = Number(new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 4)) + 1;

describe('concurrent commands at the command layer', () => {
  let t: TestApp;
  let sql: Client;

  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'false' });
    sql = new Client({ connectionString: t.db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await t?.close();
  });

  const token = (role: PersonRole, unit: string, sub = `${role}-${unit}`) => mintToken({ id: sub, role, unit }, t.config.JWT_SECRET);

  async function post(path: string, tok: string, body: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${t.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown>, replayed: res.headers.get('idempotency-replayed') === 'true' };
  }

  async function events(streamId: string): Promise<string[]> {
    const { rows } = await sql.query<{ event_type: string }>('SELECT event_type FROM es_events WHERE stream_id = $1 ORDER BY stream_revision', [streamId]);
    return rows.map((r) => r.event_type);
  }

  async function register(commune: string): Promise<string> {
    const res = await post('/dossiers', token('commune_officer', commune), { communeCode: commune, level: 'standard', targetYear: NEXT_YEAR });
    expect(res.status).toBe(201);
    return res.body.dossierId as string;
  }

  const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

  it(`${RACERS} withdrawals of one dossier at once: one is carried out, the rest are refused 409, one event`, async () => {
    const id = await register('07246');
    const officer = token('commune_officer', '07246');
    const answers = await Promise.all(Array.from({ length: RACERS }, (_, i) => post(`/dossiers/${id}/withdrawal`, officer, { reason: `Rút lần ${i}` })));
    expect(tally(answers.map((a) => a.status))).toEqual({ 200: 1, 409: RACERS - 1 });
    for (const a of answers.filter((x) => x.status === 409)) expect(['DOSSIER.WRONG_STATE', 'EVENT_STORE.WRONG_EXPECTED_REVISION']).toContain(a.body.code);
    expect(await events(`dossier-${id}`)).toEqual(['DossierRegistered', 'DossierWithdrawn']);
  });

  it(`${RACERS} different commands with one If-Match at once: one wins, the others 409 or 412, one new event`, async () => {
    const id = await register('07264');
    const officer = token('commune_officer', '07264');
    const codes = ['C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C07', 'C08', 'C09', 'C10'];
    const answers = await Promise.all(codes.map((code) => post(`/dossiers/${id}/criterion-results`, officer, { results: [{ code, met: true }] }, { 'if-match': '"0"' })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 409 || s === 412)).toBe(true);
    expect(await events(`dossier-${id}`)).toEqual(['DossierRegistered', 'CriterionResultsRecorded']);
  });

  it(`${RACERS} retries of one command with one Idempotency-Key at once write one set of events and all answer alike`, async () => {
    const id = await register('07282');
    const officer = token('commune_officer', '07282');
    const key = randomUUID();
    const body = { results: [{ code: 'C01', met: true }, { code: 'C02', met: false }] };
    const answers = await Promise.all(Array.from({ length: RACERS }, () => post(`/dossiers/${id}/criterion-results`, officer, body, { 'idempotency-key': key })));
    // Each answer is the first one (carried out or replayed) or "still in progress, retry"; none runs it again.
    for (const a of answers) expect([200, 409]).toContain(a.status);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.code).toBe('IDEMPOTENCY.IN_PROGRESS');
    const done = answers.filter((a) => a.status === 200);
    expect(done.filter((a) => !a.replayed)).toHaveLength(1);
    for (const a of done) expect(a.body).toEqual(done[0]!.body);
    expect(await events(`dossier-${id}`)).toEqual(['DossierRegistered', 'CriterionResultsRecorded']);
    const later = await post(`/dossiers/${id}/criterion-results`, officer, body, { 'idempotency-key': key });
    expect([later.status, later.replayed, later.body]).toEqual([200, true, done[0]!.body]);
    expect(await events(`dossier-${id}`)).toHaveLength(2);
  });

  it(`${RACERS} registrations of one commune and level at once open one dossier`, async () => {
    const commune = '07288';
    const answers = await Promise.all(
      Array.from({ length: RACERS }, (_, i) => post('/dossiers', token('commune_officer', commune, `officer-${i}`), { communeCode: commune, level: 'standard', targetYear: NEXT_YEAR })),
    );
    expect(tally(answers.map((a) => a.status))).toEqual({ 201: 1, 409: RACERS - 1 });
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.code).toBe('DOSSIER.OPEN_DOSSIER_EXISTS');
    const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM es_events WHERE event_type = 'DossierRegistered' AND data->>'communeCode' = $1`, [commune]);
    expect(rows[0]!.n).toBe(1);
    expect(await events(`dossierslot-${commune}-standard`)).toEqual(['DossierSlotTaken']);
  });
});
