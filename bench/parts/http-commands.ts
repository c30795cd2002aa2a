import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { BenchContext, BenchPart, PartResult, RatioLine, Table } from '../lib/part';
import { seconds } from '../lib/part';
import { ApiClient, communesAcrossProvinces, criteriaBody, criterionCodes, inParallel, type Place } from '../lib/api';
import { fmtSpread, num } from '../lib/report';
import { RssPhases, serviceBuild, startService } from '../lib/service';
import { LatencyRecorder, pairedRatio, spread, type LatencySummary } from '../lib/stats';

const CONNECTIONS = 16;
const VOTING_DOSSIERS = 150;
const COUNCIL_SIZE = 50; // the most the API accepts
const FALLBACK_DRAFTS = 16;
const JWT_SECRET = 'bench-secret-not-for-any-deployment';

type Kind = 'register' | 'criteria' | 'vote' | 'read' | 'insert';
const EXPECTED_STATUS: Record<Kind, number> = { register: 201, criteria: 200, vote: 200, read: 200, insert: 201 };

interface RunStats {
  requestsPerSecond: number;
  okPerSecond: number;
  latency: LatencySummary;
  byKind: Partial<Record<Kind, { count: number; unexpected: number; latency: LatencySummary; firstUnexpected?: string }>>;
  autocannon: { p50: number; p99: number; total: number; errors: number; timeouts: number; non2xx: number; duration: number };
  fallbacks: { registerExhausted: number; votesExhausted: number; ownMissing: number };
}

interface Tally {
  latencies: Map<Kind, LatencyRecorder>;
  all: LatencyRecorder;
  unexpected: Map<Kind, number>;
  firstUnexpected: Map<Kind, string>;
  fallbacks: RunStats['fallbacks'];
}

function newTally(): Tally {
  return { latencies: new Map(), all: new LatencyRecorder(), unexpected: new Map(), firstUnexpected: new Map(), fallbacks: { registerExhausted: 0, votesExhausted: 0, ownMissing: 0 } };
}

interface Conn {
  t0?: number;
  kind?: Kind;
  own?: { id: string; token: string };
}

/** What the mix draws from: each registration takes a fresh commune, each vote a (dossier, member) not yet used. */
interface Pools {
  communes: Place[];
  votes: { dossierId: string; token: string }[];
  drafts: { id: string; token: string }[];
  seeded: string[];
  reader: string;
  codes: string[];
  /** Minted before any timed window, so that signing is not load-generator work inside it. */
  officerTokens: Map<string, string>;
}

function record(t: Tally, ctx: Conn, status: number, body: string) {
  const kind = ctx.kind!;
  const ms = performance.now() - ctx.t0!;
  let rec = t.latencies.get(kind);
  if (!rec) t.latencies.set(kind, (rec = new LatencyRecorder()));
  rec.record(ms);
  t.all.record(ms);
  if (status !== EXPECTED_STATUS[kind]) {
    t.unexpected.set(kind, (t.unexpected.get(kind) ?? 0) + 1);
    if (!t.firstUnexpected.has(kind)) t.firstUnexpected.set(kind, `${status} ${body.slice(0, 300)}`);
  }
}

type Req = autocannon.Request;
const json = { 'content-type': 'application/json' };
const post = (path: string, token: string, body: string): Req => ({
  method: 'POST',
  path,
  headers: { ...json, authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
  body,
});
const get = (path: string, token: string): Req => ({ method: 'GET', path, headers: { authorization: `Bearer ${token}` } });

/**
 * One connection's cycle: a commune officer registers and revises criteria on the new dossier, council members vote on
 * dossiers under appraisal, and everyone reads status — 1 registration, 2 criteria, 2 votes, 3 reads per 8 requests.
 * Every stream a connection writes is its own at that moment (a fresh dossier, a vote spread round-robin over 150
 * dossiers), so the figures are not about lost races.
 */
function commandMix(p: Pools, t: Tally): Req[] {
  let nextDraft = 0;
  let nextSeeded = 0;
  const start = (ctx: object, kind: Kind, req: Req): Req => {
    const c = ctx as Conn;
    c.kind = kind;
    c.t0 = performance.now();
    return req;
  };
  const seededRead = (ctx: object) => start(ctx, 'read', get(`/dossiers/${p.seeded[nextSeeded++ % p.seeded.length]}`, p.reader));
  const own = (ctx: Conn) => {
    if (!ctx.own) {
      t.fallbacks.ownMissing++;
      ctx.own = p.drafts[nextDraft++ % p.drafts.length];
    }
    return ctx.own;
  };
  const criteria = (rev: number): Req => ({
    setupRequest: (_r, ctx) => {
      const o = own(ctx as Conn);
      return start(ctx, 'criteria', post(`/dossiers/${o.id}/criterion-results`, o.token, criteriaBody(p.codes, rev)));
    },
    onResponse: (status, body, ctx) => record(t, ctx as Conn, status, body),
  });
  const vote: Req = {
    setupRequest: (_r, ctx) => {
      const v = p.votes.shift();
      if (!v) {
        t.fallbacks.votesExhausted++;
        return seededRead(ctx);
      }
      return start(ctx, 'vote', post(`/dossiers/${v.dossierId}/votes`, v.token, JSON.stringify({ vote: 'approve', comment: 'Đạt' })));
    },
    onResponse: (status, body, ctx) => record(t, ctx as Conn, status, body),
  };
  const readOwn: Req = {
    setupRequest: (_r, ctx) => {
      const o = own(ctx as Conn);
      return start(ctx, 'read', get(`/dossiers/${o.id}`, p.reader));
    },
    onResponse: (status, body, ctx) => record(t, ctx as Conn, status, body),
  };
  const readSeeded: Req = { setupRequest: (_r, ctx) => seededRead(ctx), onResponse: (status, body, ctx) => record(t, ctx as Conn, status, body) };
  const register: Req = {
    setupRequest: (_r, ctx) => {
      const place = p.communes.shift();
      if (!place) {
        t.fallbacks.registerExhausted++;
        return seededRead(ctx);
      }
      const token = p.officerTokens.get(place.commune)!;
      (ctx as Conn).own = undefined;
      (ctx as Conn & { pendingToken?: string }).pendingToken = token;
      return start(
        ctx,
        'register',
        post('/dossiers', token, JSON.stringify({ communeCode: place.commune, level: 'standard', targetYear: new Date().getFullYear() + 1, reason: 'Nghị quyết HĐND xã' })),
      );
    },
    onResponse: (status, body, ctx) => {
      record(t, ctx as Conn, status, body);
      const c = ctx as Conn & { pendingToken?: string };
      if (c.kind === 'register' && status === 201) c.own = { id: (JSON.parse(body) as { dossierId: string }).dossierId, token: c.pendingToken! };
    },
  };
  return [register, criteria(1), readOwn, vote, criteria(2), readSeeded, vote, readOwn];
}

function bareInsert(t: Tally, body: string): Req[] {
  return [
    {
      setupRequest: (_r, ctx) => {
        const c = ctx as Conn;
        c.kind = 'insert';
        c.t0 = performance.now();
        return { method: 'POST', path: '/__bench/insert', headers: json, body };
      },
      onResponse: (status, resBody, ctx) => record(t, ctx as Conn, status, resBody),
    },
  ];
}

function summarise(t: Tally, r: autocannon.Result): RunStats {
  const byKind: RunStats['byKind'] = {};
  let ok = 0;
  for (const [kind, rec] of t.latencies) {
    const unexpected = t.unexpected.get(kind) ?? 0;
    ok += rec.count - unexpected;
    byKind[kind] = { count: rec.count, unexpected, latency: rec.summary(), firstUnexpected: t.firstUnexpected.get(kind) };
  }
  return {
    requestsPerSecond: t.all.count / r.duration,
    okPerSecond: ok / r.duration,
    latency: t.all.summary(),
    byKind,
    autocannon: { p50: r.latency.p50, p99: r.latency.p99, total: r.requests.total, errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, duration: r.duration },
    fallbacks: t.fallbacks,
  };
}

export const httpCommandsPart: BenchPart = {
  name: 'http',
  title: 'Part 2 — commands over HTTP',
  async run(ctx: BenchContext): Promise<PartResult> {
    const build = serviceBuild(ctx);
    const databaseUrl = await ctx.server.createDatabase('bench_http');
    const service = await startService(build, { DATABASE_URL: databaseUrl, JWT_SECRET, BENCH_BASELINE_ROUTE: 'true' });
    const rss = new RssPhases(ctx, 'http', service);
    const notes: string[] = [];
    try {
      await rss.during('idle after start-up', () => new Promise((r) => setTimeout(r, 1000)));
      const api = new ApiClient(service.baseUrl, JWT_SECRET);
      const places = communesAcrossProvinces();
      const codes = criterionCodes();

      ctx.log(`http: seeding ${VOTING_DOSSIERS} dossiers under appraisal with ${COUNCIL_SIZE}-member councils and ${FALLBACK_DRAFTS} drafts`);
      const voting = places.slice(0, VOTING_DOSSIERS);
      const members = (province: string) => Array.from({ length: COUNCIL_SIZE }, (_, i) => `member-${province}-${i}`);
      const seeded = await rss.during('seeding', () => inParallel(voting, 8, (place) => api.underAppraisal(place, members(place.province))));
      const drafts = await inParallel(places.slice(VOTING_DOSSIERS, VOTING_DOSSIERS + FALLBACK_DRAFTS), 8, async (place) => ({
        id: await api.register(place),
        token: api.token('commune_officer', place.commune),
      }));
      // Member-major order: consecutive votes go to different dossiers, so concurrent connections rarely share a stream.
      const votes: Pools['votes'] = [];
      for (let m = 0; m < COUNCIL_SIZE; m++) {
        seeded.forEach((dossierId, d) => {
          const province = voting[d].province;
          votes.push({ dossierId, token: api.token(m === 0 ? 'council_chair' : 'council_member', province, members(province)[m]) });
        });
      }
      const fresh = places.slice(VOTING_DOSSIERS + FALLBACK_DRAFTS);
      const pools: Pools = {
        communes: fresh,
        officerTokens: new Map(fresh.map((place) => [place.commune, api.token('commune_officer', place.commune)])),
        votes,
        drafts,
        seeded,
        reader: api.token('auditor', '01'),
        codes,
      };
      const bareBody = criteriaBody(codes, 0);

      const windowS = seconds(ctx, 8);
      const warmS = seconds(ctx, 3);
      const runMix = async (duration: number) => {
        const tally = newTally();
        const r = await autocannon({ url: service.baseUrl, connections: CONNECTIONS, duration, requests: commandMix(pools, tally) });
        return summarise(tally, r);
      };
      const runBare = async (duration: number) => {
        const tally = newTally();
        const r = await autocannon({ url: service.baseUrl, connections: CONNECTIONS, duration, requests: bareInsert(tally, bareBody) });
        return summarise(tally, r);
      };

      ctx.log('http: warm-up');
      await runMix(warmS);
      await runBare(warmS);
      const mix: RunStats[] = [];
      const bare: RunStats[] = [];
      for (let round = 0; round < ctx.rounds; round++) {
        ctx.log(`http: round ${round + 1}/${ctx.rounds}`);
        // Alternating which goes first keeps a trend over the part (tables growing, autovacuum) off the ratio.
        const order = round % 2 === 0 ? (['mix', 'bare'] as const) : (['bare', 'mix'] as const);
        for (const which of order) {
          if (which === 'mix') mix.push(await rss.during('command mix', () => runMix(windowS)));
          else bare.push(await rss.during('bare INSERT route', () => runBare(windowS)));
        }
      }
      rss.finish();
      const rps = (r: RunStats) => r.requestsPerSecond;
      const p50 = (r: RunStats) => r.latency.p50;
      const p99 = (r: RunStats) => r.latency.p99;
      const kinds: Kind[] = ['register', 'criteria', 'vote', 'read'];
      const rows: string[][] = [
        ['command mix (all requests)', fmtSpread(spread(mix.map(rps))), fmtSpread(spread(mix.map(p50)), 2), fmtSpread(spread(mix.map(p99)), 2), String(sum(mix, (r) => r.latency.count)), String(sumUnexpected(mix))],
        ...kinds.map((k) => [
          `  ${k}`,
          fmtSpread(spread(mix.map((r) => (r.byKind[k]?.count ?? 0) / r.autocannon.duration))),
          fmtSpread(spread(mix.map((r) => r.byKind[k]?.latency.p50 ?? NaN)), 2),
          fmtSpread(spread(mix.map((r) => r.byKind[k]?.latency.p99 ?? NaN)), 2),
          String(sum(mix, (r) => r.byKind[k]?.count ?? 0)),
          String(sum(mix, (r) => r.byKind[k]?.unexpected ?? 0)),
        ]),
        ['bare route: 1 INSERT (limit)', fmtSpread(spread(bare.map(rps))), fmtSpread(spread(bare.map(p50)), 2), fmtSpread(spread(bare.map(p99)), 2), String(sum(bare, (r) => r.latency.count)), String(sumUnexpected(bare))],
      ];
      const ratios: RatioLine[] = [
        { label: 'mix/bare requests/s', ratio: pairedRatio(mix.map(rps), bare.map(rps)), higherIsBetter: true },
        { label: 'mix/bare p50 latency', ratio: pairedRatio(mix.map(p50), bare.map(p50)), higherIsBetter: false },
        { label: 'mix/bare p99 latency', ratio: pairedRatio(mix.map(p99), bare.map(p99)), higherIsBetter: false },
        { label: 'criteria command/bare p50 latency', ratio: pairedRatio(mix.map((r) => r.byKind.criteria?.latency.p50 ?? NaN), bare.map(p50)), higherIsBetter: false },
      ];
      for (const k of [...kinds, 'insert' as const]) {
        const first = [...mix, ...bare].map((r) => r.byKind[k]?.firstUnexpected).find(Boolean);
        if (first) notes.push(`${k}: unexpected answers, first: ${first}`);
      }
      const fb = mix.reduce((a, r) => ({ registerExhausted: a.registerExhausted + r.fallbacks.registerExhausted, votesExhausted: a.votesExhausted + r.fallbacks.votesExhausted, ownMissing: a.ownMissing + r.fallbacks.ownMissing }), { registerExhausted: 0, votesExhausted: 0, ownMissing: 0 });
      if (fb.registerExhausted || fb.votesExhausted) notes.push(`the mix ran out of fresh communes (${fb.registerExhausted}) or votes (${fb.votesExhausted}) and read instead`);
      const tables: Table[] = [
        {
          title: `Part 2 — HTTP, ${CONNECTIONS} connections, ${num(windowS, 0)} s per run, ${ctx.rounds} runs after a warm-up (projections running in the service, as deployed by default)`,
          columns: ['route', 'requests/s', 'p50 ms', 'p99 ms', 'requests', 'unexpected'],
          rows,
        },
      ];
      return {
        name: this.name,
        title: this.title,
        tables,
        ratios,
        notes,
        data: { connections: CONNECTIONS, windowSeconds: windowS, votingDossiers: VOTING_DOSSIERS, councilSize: COUNCIL_SIZE, buildMs: build.ms, mix, bare },
      };
    } finally {
      rss.finish();
      await service.stop();
    }
  },
};

function sum(runs: RunStats[], f: (r: RunStats) => number): number {
  return runs.reduce((s, r) => s + f(r), 0);
}

function sumUnexpected(runs: RunStats[]): number {
  return runs.reduce((s, r) => s + Object.values(r.byKind).reduce((n, k) => n + (k?.unexpected ?? 0), 0), 0);
}
