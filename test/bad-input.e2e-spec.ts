import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Client } from 'pg';
import { ROLES, type PersonRole } from '@app/domain';
import { mintToken } from '@app/platform';
import { arbitraryFor } from '@app/testing';
import { fillPath, loadOpenApi, operationsOf, type OpenApiDocument, type Operation } from './support/openapi';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Generated requests to every route the OpenAPI document lists, most of them wrong on purpose: values of the wrong type
 * or past their bounds, members missing or unknown, bodies that are not JSON, not an object, too large or of another
 * content type, missing or malformed tokens, keys and preconditions. None may be answered 5xx, every refusal is
 * problem+json, and a refused command writes nothing to the event store.
 */
const COMMAND_REQUESTS = Number(process.env.BAD_INPUT_COMMANDS ?? 5_000);
const READ_REQUESTS = Number(process.env.BAD_INPUT_READS ?? 500);
const BODY_LIMIT = 65_536;

const day = (offset: number) => new Date(Date.now() + 7 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);
const UNITS = ['24', '07246', '07264', '07282', '07288', '07294', '07306', '01', '00001', '001', '19', '99999'];
const PEOPLE = ['demo-chair', 'demo-member-2', 'demo-member-3', 'fuzz-1', 'fuzz-2'];

describe('bad input: no 5xx and nothing written by a refusal, on every route of the OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let ops: Operation[];
  let sql: Client;
  let dossierIds: string[];
  const seen = new Map<string, Map<number, number>>();

  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'true', EVENT_MAX_BYTES: String(BODY_LIMIT) });
    doc = await loadOpenApi(t.baseUrl);
    ops = operationsOf(doc);
    sql = new Client({ connectionString: t.db.url });
    await sql.connect();
    const { rows } = await sql.query<{ id: string }>(`SELECT DISTINCT substr(stream_id, 9) AS id FROM es_events WHERE stream_id LIKE 'dossier-%'`);
    dossierIds = rows.map((r) => r.id);
  });
  afterAll(async () => {
    await sql?.end();
    await t?.close();
    const lines = [...seen].map(([route, statuses]) => `${route}: ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')}`);
    console.log(`[bad-input] answers per route (status×count):\n${lines.join('\n')}`);
  });

  const strings = () =>
    fc.oneof(
      fc.constantFrom(...dossierIds, ...UNITS, ...PEOPLE, 'C01', 'C05', 'C10', 'C19', 'X99', 'standard', 'advanced', 'approve', 'submission-letter'),
      fc.integer({ min: -400, max: 400 }).map(day),
      fc.constantFrom(new Date().toISOString(), '2025-06-30T17:00:00.000Z', '2025-07-01T00:00:00+07:00', 'yesterday', '2026-02-29', '2024-02-29'),
      fc.uuid(),
    );

  const numbers = () => fc.oneof(fc.nat({ max: 12 }), fc.constantFrom(Number(day(0).slice(0, 4)), Number(day(0).slice(0, 4)) + 1, 2024, 380, 400, 500));

  const minted = new Map<string, string | null>();
  function token(role: PersonRole, unit: string, sub: string, kind: 'valid' | 'expired' | 'foreign' | 'garbage' | 'none'): string | null {
    const key = `${role}|${unit}|${sub}|${kind}`;
    if (!minted.has(key)) minted.set(key, mint(role, unit, sub, kind));
    return minted.get(key)!;
  }

  function mint(role: PersonRole, unit: string, sub: string, kind: 'valid' | 'expired' | 'foreign' | 'garbage' | 'none'): string | null {
    switch (kind) {
      case 'none':
        return null;
      case 'garbage':
        return 'not.a.jwt';
      case 'expired':
        return mintToken({ id: sub, role, unit }, t.config.JWT_SECRET, { expiresInSeconds: -60 });
      case 'foreign':
        return mintToken({ id: sub, role, unit }, 'another-secret-of-sixteen-chars');
      case 'valid':
        return mintToken({ id: sub, role, unit }, t.config.JWT_SECRET);
    }
  }

  const UPLOAD_ROUTES = ['POST /imports'];
  type BodyMode = 'json' | 'malformed' | 'wrong-type' | 'oversized' | 'not-an-object' | 'none';

  function requestArbitrary(op: Operation) {
    // Mostly values that name something (a dossier, a commune, a unit), so that requests get past the path.
    const known: Record<string, string[]> = { id: dossierIds, code: ['07246', '07264', '07282', '07288', '07294', '07306', '07330', '00001', '99999'], unitCode: ['24', '01', '19', '001', '99'] };
    const params = Object.fromEntries(
      op.pathParams.map((p) => [p, fc.oneof({ arbitrary: fc.constantFrom(...(known[p] ?? UNITS)), weight: 6 }, { arbitrary: strings(), weight: 1 }, { arbitrary: fc.string({ maxLength: 30 }), weight: 1 })]),
    );
    const query = Object.fromEntries(
      op.query.map((q) => [q.name, fc.option(arbitraryFor(q.schema, { document: doc, mode: 'hostile', strings: strings() }), { freq: 2 })]),
    );
    // Typed bodies (right shapes, values from the vocabulary or random) reach the deciders; hostile ones the edge.
    const bodyOf = (mode: 'typed' | 'hostile', plausible = false) =>
      op.body ? arbitraryFor(op.body, { document: doc, mode, strings: strings(), numbers: numbers(), plausible }) : fc.constant({});
    const body = fc.oneof({ arbitrary: bodyOf('typed', true), weight: 3 }, { arbitrary: bodyOf('typed'), weight: 1 }, { arbitrary: bodyOf('hostile'), weight: 2 });
    return fc.record({
      params: fc.record(params),
      query: fc.record(query),
      body,
      bodyMode: fc.constantFrom<BodyMode>(...(op.method === 'post' ? (['json', 'json', 'json', 'json', 'json', 'json', 'json', 'json', 'malformed', 'wrong-type', 'oversized', 'not-an-object', 'none'] as const) : (['none'] as const))),
      contentType: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml'),
      role: fc.constantFrom(...ROLES),
      unit: fc.constantFrom(...UNITS),
      sub: fc.constantFrom(...PEOPLE),
      auth: fc.oneof({ arbitrary: fc.constant('valid' as const), weight: 16 }, { arbitrary: fc.constantFrom('expired' as const, 'foreign' as const, 'garbage' as const, 'none' as const), weight: 2 }),
      idempotencyKey: fc.oneof({ arbitrary: fc.uuid(), weight: 8 }, { arbitrary: fc.constantFrom('', 'short', 'has spaces in it', 'k'.repeat(201), 'fixed-key-0001', 'fixed-key-0002'), weight: 2 }, { arbitrary: fc.constant(null), weight: 1 }),
      ifMatch: fc.option(fc.oneof(fc.nat({ max: 40 }).map((n) => `"${n}"`), fc.constantFrom('W/"3"', '*', 'garbage', '"-1"', '"99999999999999999999"')), { freq: 4 }),
    });
  }

  async function send(op: Operation, r: GeneratedRequest) {
    const qs = new URLSearchParams();
    for (const [name, value] of Object.entries(r.query as Record<string, unknown>)) {
      if (value === null || value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) qs.append(name, typeof v === 'string' ? v : JSON.stringify(v));
    }
    const url = `${t.baseUrl}${fillPath(op.path, r.params)}${qs.size ? `?${qs}` : ''}`;
    const headers: Record<string, string> = {};
    const bearer = token(r.role, r.unit, r.sub, r.auth);
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (op.method === 'post' && r.idempotencyKey !== null) headers['idempotency-key'] = r.idempotencyKey;
    if (r.ifMatch) headers['if-match'] = r.ifMatch;
    let payload: string | undefined;
    const mode = r.bodyMode;
    if (mode === 'json') [payload, headers['content-type']] = [JSON.stringify(r.body), 'application/json'];
    if (mode === 'malformed') [payload, headers['content-type']] = ['{"reason": "unterminated', 'application/json'];
    if (mode === 'wrong-type') [payload, headers['content-type']] = ['reason=x', r.contentType];
    if (mode === 'oversized') [payload, headers['content-type']] = [JSON.stringify({ reason: 'x'.repeat(BODY_LIMIT) }), 'application/json'];
    if (mode === 'not-an-object') [payload, headers['content-type']] = [JSON.stringify([r.body]), 'application/json'];
    const abort = new AbortController();
    const res = await fetch(url, { method: op.method.toUpperCase(), headers, body: payload, redirect: 'manual', signal: abort.signal });
    if (res.ok && res.headers.get('content-type')?.startsWith('text/event-stream')) {
      // A live stream (GET /dossier-events) never ends: its answer is the status and media type; then hang up.
      abort.abort();
      return { mode, status: res.status, contentType: res.headers.get('content-type') ?? '', text: '' };
    }
    const text = await res.text();
    return { mode, status: res.status, contentType: res.headers.get('content-type') ?? '', text };
  }

  type GeneratedRequest = ReturnType<typeof requestArbitrary> extends fc.Arbitrary<infer R> ? R : never;

  function tally(op: Operation, status: number) {
    const statuses = seen.get(op.route) ?? new Map<number, number>();
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    seen.set(op.route, statuses);
  }

  /** Requests in flight at once: the checks below need no quiet store, only each request's command id. */
  const CONCURRENCY = Number(process.env.BAD_INPUT_CONCURRENCY ?? 4);
  const SEED = Number(process.env.BAD_INPUT_SEED ?? Date.now() % 2 ** 31);
  /** Command ids (principal:key) of the commands answered 2xx, and of those refused: what the store may and may not hold. */
  const acknowledged = new Set<string>();
  const refused = new Set<string>();
  const violations: string[] = [];

  async function fuzz(ops: Operation[], each: number): Promise<number> {
    const work = ops.flatMap((op, i) => fc.sample(requestArbitrary(op), { numRuns: each, seed: SEED + i }).map((r) => ({ op, r })));
    let next = 0;
    const worker = async () => {
      for (let item = work[next++]; item; item = work[next++]) {
        const { op, r } = item;
        const res = await send(op, r);
        tally(op, res.status);
        const seenAs = `${op.route} (${r.bodyMode} body) → ${res.status} ${res.text.slice(0, 300)}`;
        const fail = (why: string) => violations.push(`${why}: ${seenAs}`);
        if (res.status >= 500) fail('server error');
        // The upload route takes multipart/form-data and answers its own media types, after its role check
        // (test/imports-http.e2e-spec.ts); every other route takes JSON only.
        const json = !UPLOAD_ROUTES.includes(op.route);
        if (json && r.bodyMode === 'wrong-type' && res.status !== 415) fail('not 415');
        if (json && r.bodyMode === 'oversized' && res.status !== 413) fail('not 413');
        if (json && r.bodyMode === 'malformed' && !(res.status === 400 && res.text.includes('REQUEST.MALFORMED_JSON'))) fail('not 400 REQUEST.MALFORMED_JSON');
        if (!json && res.status >= 500) fail('upload route answered a 5xx');
        if (res.status >= 400 && !/^application\/problem\+json/.test(res.contentType)) fail('refusal not problem+json');
        if (res.status >= 400 && typeof (JSON.parse(res.text || '{}') as { code?: unknown }).code !== 'string') fail('refusal without a code');
        if (op.method === 'post' && r.auth === 'valid' && r.idempotencyKey) (res.status < 300 ? acknowledged : refused).add(`${r.sub}:${r.idempotencyKey}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return work.length;
  }

  /**
   * Every event is the demo data's or an acknowledged command's (events carry their command's id): a refused or
   * failed command wrote nothing. And every stream's head agrees with its events: nothing was half-written.
   */
  async function attribution(): Promise<string[]> {
    const { rows } = await sql.query<{ command_id: string | null; n: number }>(`SELECT metadata->>'commandId' AS command_id, count(*)::int AS n FROM es_events GROUP BY 1`);
    const problems = rows
      .filter((r) => !r.command_id?.startsWith('demo:') && !acknowledged.has(r.command_id ?? ''))
      .map((r) => `${r.n} events of command ${r.command_id}, which was ${refused.has(r.command_id ?? '') ? 'refused' : 'never acknowledged'}`);
    const { rows: heads } = await sql.query<{ stream_id: string }>(
      `SELECT s.stream_id FROM es_streams s LEFT JOIN (SELECT stream_id, max(stream_revision) AS last, count(*) AS n FROM es_events GROUP BY 1) e USING (stream_id)
        WHERE e.last IS DISTINCT FROM s.revision OR e.n IS DISTINCT FROM s.revision + 1`,
    );
    return [...problems, ...heads.map((h) => `stream ${h.stream_id}: head and events disagree`)];
  }

  it('reads the routes from the document', () => {
    const posts = ops.filter((o) => o.method === 'post').map((o) => o.route);
    expect(posts.length).toBeGreaterThanOrEqual(23);
    expect(posts).toEqual(expect.arrayContaining(['POST /dossiers', 'POST /dossiers/{id}/withdrawal', 'POST /plans', 'POST /communes/{code}/assessments']));
    expect(ops.filter((o) => o.method === 'get').length).toBeGreaterThanOrEqual(10);
    expect(dossierIds.length).toBe(6);
  });

  it(`answers ${COMMAND_REQUESTS} generated command requests without a 5xx, and refusals write nothing`, async () => {
    const posts = ops.filter((o) => o.method === 'post');
    const sent = await fuzz(posts, Math.ceil(COMMAND_REQUESTS / posts.length));
    expect(sent).toBeGreaterThanOrEqual(COMMAND_REQUESTS);
    expect({ seed: SEED, violations: violations.slice(0, 20) }).toEqual({ seed: SEED, violations: [] });
    expect(refused.size).toBeGreaterThan(COMMAND_REQUESTS / 2);
    expect(await attribution()).toEqual([]);
    console.log(`[bad-input] ${sent} command requests (seed ${SEED}): ${acknowledged.size} acknowledged, ${refused.size} refused with a valid token and key, 0 × 5xx, no event of a refused command`);
  }, 400_000);

  it(`answers ${READ_REQUESTS} generated reads without a 5xx`, async () => {
    const gets = ops.filter((o) => o.method === 'get' && !o.path.startsWith('/health') && o.path !== '/metrics');
    const sent = await fuzz(gets, Math.ceil(READ_REQUESTS / gets.length));
    expect(sent).toBeGreaterThanOrEqual(READ_REQUESTS);
    expect({ seed: SEED, violations: violations.slice(0, 20) }).toEqual({ seed: SEED, violations: [] });
  }, 200_000);

  it('answers a known-good command after all that, so the service is still whole', async () => {
    const res = await fetch(`${t.baseUrl}/dossiers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mintToken({ id: 'officer', role: 'commune_officer', unit: '07330' }, t.config.JWT_SECRET)}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ communeCode: '07330', level: 'standard', targetYear: Number(day(0).slice(0, 4)) + 1 }),
    });
    expect(res.status).toBe(201);
  });
});
