import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { seconds, targetLine, type BenchContext, type BenchPart, type PartResult, type RatioLine, type Table } from '../lib/part';
import { ApiClient, BENCH_JWT_SECRET as JWT_SECRET, communesAcrossProvinces, criteriaBody, criterionCodes, inParallel, today, type Place } from '../lib/api';
import { startCpu, type CpuUse } from '../lib/cpu';
import { BEHIND_MS, runOpenLoop, type OpenLoopResult } from '../lib/open-loop';
import { fmtSpread, num, sharedMachineNote } from '../lib/report';
import { projectionsCaughtUp, RssPhases, serviceBuild, startService, type RunningService } from '../lib/service';
import { LatencyRecorder, pairedRatio, spread, type LatencySummary } from '../lib/stats';

export const CONNECTIONS = 16;
/** Issue 15's latency target: p99 at most this at 70 % of the maximum rate. */
const P99_TARGET_MS = 50;
const VOTING_DOSSIERS = 80;
const COUNCIL_SIZE = 50; // the most the API accepts
const FALLBACK_DRAFTS = 16;

type Kind = 'register' | 'criteria' | 'vote' | 'read' | 'insert';
const EXPECTED_STATUS: Record<Kind, number> = { register: 201, criteria: 200, vote: 200, read: 200, insert: 201 };

interface Counted {
  count: number;
  unexpected: number;
  latency: LatencySummary;
}

/** What the tally says about a run, whichever generator drove it. */
export interface TallyStats {
  requestsPerSecond: number;
  okPerSecond: number;
  latency: LatencySummary;
  byKind: Partial<Record<Kind, Counted & { firstUnexpected?: string }>>;
  fallbacks: { registerExhausted: number; votesExhausted: number; ownMissing: number };
  cpu: CpuUse;
}

/** A closed-loop run: autocannon's connections, each sending its next request when the last is answered. */
export interface RunStats extends TallyStats {
  autocannon: { p50: number; p99: number; total: number; errors: number; timeouts: number; non2xx: number; duration: number };
}

/** An open-loop run paced at a fraction of the closed-loop run before it; its latencies run from each due time. */
export interface OpenRunStats extends TallyStats {
  /** The closed-loop requests/s of the same round that the pace is a fraction of. */
  pacedFrom: number;
  open: OpenLoopResult;
}

export interface Tally {
  latencies: Map<Kind, LatencyRecorder>;
  all: LatencyRecorder;
  unexpected: Map<Kind, number>;
  firstUnexpected: Map<Kind, string>;
  fallbacks: RunStats['fallbacks'];
}

export function newTally(): Tally {
  return { latencies: new Map(), all: new LatencyRecorder(), unexpected: new Map(), firstUnexpected: new Map(), fallbacks: { registerExhausted: 0, votesExhausted: 0, ownMissing: 0 } };
}

/**
 * Per-connection state; autocannon clears it each time the connection starts its cycle again. The open-loop generator
 * keeps one per session and overwrites t0 with the request's due time after setupRequest.
 */
interface Conn {
  /** Where the request's latency starts: when it was built (autocannon) or when it was due (open loop). */
  t0?: number;
  kind?: Kind;
  own?: { id: string; token: string };
  registeringAs?: string;
}

/** What the mix draws from: each registration takes a fresh commune, each vote a (dossier, member) not yet used. */
export interface Pools {
  communes: Place[];
  votes: { dossierId: string; token: string }[];
  drafts: { id: string; token: string }[];
  seeded: string[];
  reader: string;
  codes: string[];
  targetYear: number;
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
 * Every stream a connection writes is its own at that moment (a fresh dossier, a vote spread round-robin over the
 * seeded dossiers), so the figures are not about lost races.
 */
export function commandMix(p: Pools, t: Tally): Req[] {
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
      const c = ctx as Conn;
      c.own = undefined;
      c.registeringAs = p.officerTokens.get(place.commune)!;
      const body = JSON.stringify({ communeCode: place.commune, level: 'standard', targetYear: p.targetYear, reason: 'Nghị quyết HĐND xã' });
      return start(ctx, 'register', post('/dossiers', c.registeringAs, body));
    },
    onResponse: (status, body, ctx) => {
      record(t, ctx as Conn, status, body);
      const c = ctx as Conn;
      if (c.kind === 'register' && status === 201) c.own = { id: (JSON.parse(body) as { dossierId: string }).dossierId, token: c.registeringAs! };
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

export function tallyStats(t: Tally, seconds: number, cpu: CpuUse): TallyStats {
  const byKind: TallyStats['byKind'] = {};
  let ok = 0;
  for (const [kind, rec] of t.latencies) {
    const unexpected = t.unexpected.get(kind) ?? 0;
    ok += rec.count - unexpected;
    byKind[kind] = { count: rec.count, unexpected, latency: rec.summary(), firstUnexpected: t.firstUnexpected.get(kind) };
  }
  return { requestsPerSecond: t.all.count / seconds, okPerSecond: ok / seconds, latency: t.all.summary(), byKind, fallbacks: t.fallbacks, cpu };
}

export function summarise(t: Tally, r: autocannon.Result, cpu: CpuUse): RunStats {
  return {
    ...tallyStats(t, r.duration, cpu),
    autocannon: { p50: r.latency.p50, p99: r.latency.p99, total: r.requests.total, errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, duration: r.duration },
  };
}

/** The fraction of each round's closed-loop requests/s that the open-loop runs are paced at. */
function openFraction(): number {
  const f = Number(process.env.BENCH_OPEN_FRACTION ?? 0.7);
  if (!(f > 0 && f <= 2)) throw new Error(`BENCH_OPEN_FRACTION must be a number in (0, 2], got ${process.env.BENCH_OPEN_FRACTION}`);
  return f;
}

/** A running service with its own database, seeded and ready for the mix. */
export interface Target {
  service: RunningService;
  pools: Pools;
}

export async function prepareTarget(ctx: BenchContext, service: RunningService, rss: RssPhases | null): Promise<Target> {
  const api = new ApiClient(service.baseUrl, JWT_SECRET);
  const places = communesAcrossProvinces();
  const voting = places.slice(0, VOTING_DOSSIERS);
  const members = (province: string) => Array.from({ length: COUNCIL_SIZE }, (_, i) => `member-${province}-${i}`);
  const seed = () => inParallel(voting, 8, (place) => api.underAppraisal(place, members(place.province)));
  const seeded = rss ? await rss.during('seeding', seed) : await seed();
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
  ctx.log(`http: seeded ${seeded.length} dossiers under appraisal, ${drafts.length} drafts; ${fresh.length} communes left to register`);
  return {
    service,
    pools: {
      communes: fresh,
      officerTokens: new Map(fresh.map((place) => [place.commune, api.token('commune_officer', place.commune)])),
      votes,
      drafts,
      seeded,
      reader: api.token('auditor', '01'),
      codes: criterionCodes(),
      targetYear: Number(today().slice(0, 4)) + 1,
    },
  };
}

type RunKind = 'mix' | 'bare' | 'mix-noproj';
const RUN_LABEL: Record<RunKind, string> = {
  mix: 'command mix (all requests)',
  bare: 'bare route: 1 INSERT (limit)',
  'mix-noproj': 'command mix, projections off (RUN_PROJECTIONS=false)',
};

export const httpCommandsPart: BenchPart = {
  name: 'http',
  title: 'Part 2 — commands over HTTP',
  async run(ctx: BenchContext): Promise<PartResult> {
    const build = serviceBuild(ctx);
    const [databaseUrl, plainUrl] = await Promise.all([ctx.server.createDatabase('bench_http'), ctx.server.createDatabase('bench_http_no_projections')]);
    // The measured service is the default deployment (projections in-process). A second one on its own database
    // runs the same mix without projections, so the table can say how much of a command's cost is theirs.
    const service = await startService(build, { DATABASE_URL: databaseUrl, JWT_SECRET, BENCH_BASELINE_ROUTE: 'true' });
    const plainService = await startService(build, { DATABASE_URL: plainUrl, JWT_SECRET, RUN_PROJECTIONS: 'false' }).catch(async (err: Error) => {
      await service.stop();
      throw err;
    });
    const rss = new RssPhases(ctx, 'http', service);
    const notes: string[] = [];
    try {
      await rss.during('idle after start-up', () => new Promise((r) => setTimeout(r, 1000)));
      ctx.log(`http: seeding ${VOTING_DOSSIERS} dossiers under appraisal (${COUNCIL_SIZE}-member councils) and ${FALLBACK_DRAFTS} drafts per service`);
      const main = await prepareTarget(ctx, service, rss);
      const plain = await prepareTarget(ctx, plainService, null);
      await projectionsCaughtUp(service);
      const bareBody = criteriaBody(main.pools.codes, 0);

      const catchUpMs: number[] = [];
      const openCatchUpMs: number[] = [];
      const fraction = openFraction();
      /** One timed run of `kind` driven by `drive`, which returns how to summarise it once the CPU window closes. */
      const measure = async <S extends TallyStats>(kind: RunKind, drive: (target: Target, requests: Req[], tally: Tally) => Promise<(cpu: CpuUse) => S>, catchUp: number[]): Promise<S> => {
        const target = kind === 'mix-noproj' ? plain : main;
        const tally = newTally();
        const cpu = startCpu(target.service.pid);
        const requests = kind === 'bare' ? bareInsert(tally, bareBody) : commandMix(target.pools, tally);
        const finish = await drive(target, requests, tally);
        // The projections trail the commands; their catch-up is work the run caused, so its CPU is the run's too.
        if (kind === 'mix') catchUp.push(await projectionsCaughtUp(service));
        return finish(cpu());
      };
      const once = (kind: RunKind, duration: number): Promise<RunStats> =>
        measure(
          kind,
          async (target, requests, tally) => {
            const r = await autocannon({ url: target.service.baseUrl, connections: CONNECTIONS, duration, requests });
            return (cpu) => summarise(tally, r, cpu);
          },
          catchUpMs,
        );
      /** The same requests, paced open-loop at `fraction` of `maxRate`, the closed-loop requests/s just measured. */
      const paced = (kind: 'mix' | 'bare', maxRate: number, duration: number): Promise<OpenRunStats> =>
        measure(
          kind,
          async (target, requests, tally) => {
            const open = await runOpenLoop({ baseUrl: target.service.baseUrl, perSecond: maxRate * fraction, durationS: duration, requests });
            return (cpu) => ({ ...tallyStats(tally, open.elapsedS, cpu), pacedFrom: maxRate, open });
          },
          openCatchUpMs,
        );

      const windowS = seconds(ctx, 6);
      const warmS = seconds(ctx, 2);
      const kinds: RunKind[] = ['mix', 'bare', 'mix-noproj'];
      const runs = new Map<RunKind, RunStats[]>(kinds.map((k) => [k, []]));
      const openRuns: Record<'mix' | 'bare', OpenRunStats[]> = { mix: [], bare: [] };
      const phase: Record<RunKind, string | null> = { mix: 'command mix', bare: 'bare INSERT route', 'mix-noproj': null };
      ctx.log('http: warm-up');
      for (const kind of kinds) await once(kind, warmS);
      catchUpMs.length = 0;
      for (let round = 0; round < ctx.rounds; round++) {
        ctx.log(`http: round ${round + 1}/${ctx.rounds}`);
        // Rotating the order keeps a trend over the part (tables growing, autovacuum, a neighbour) off the ratios.
        for (let i = 0; i < kinds.length; i++) {
          const kind = kinds[(i + round) % kinds.length];
          const label = phase[kind];
          const closed = label ? await rss.during(label, () => once(kind, windowS)) : await once(kind, windowS);
          runs.get(kind)!.push(closed);
          // Right after the closed-loop run that measured this round's maximum, the same requests at a fraction of it.
          if (kind === 'mix' || kind === 'bare') openRuns[kind].push(await paced(kind, closed.requestsPerSecond, windowS));
        }
      }

      const mix = runs.get('mix')!;
      const bare = runs.get('bare')!;
      const noproj = runs.get('mix-noproj')!;
      const { mix: openMix, bare: openBare } = openRuns;
      const rps = (r: TallyStats) => r.requestsPerSecond;
      const p50 = (r: TallyStats) => r.latency.p50;
      const p99 = (r: TallyStats) => r.latency.p99;
      const cpuPerRequest = (r: TallyStats) => ((r.cpu.service + r.cpu.postgres) * r.cpu.seconds) / r.latency.count;
      // CPU per request holds up better than throughput on a shared machine: contention stretches time, not work.
      const cores = (rs: TallyStats[]) => {
        const perRequest = (f: (u: CpuUse) => number) => num(spread(rs.map((r) => ((f(r.cpu) * r.cpu.seconds) / r.latency.count) * 1000)).median, 2);
        return [perRequest((u) => u.service), perRequest((u) => u.postgres), num(spread(rs.map((r) => r.cpu.bench)).median, 2), num(spread(rs.map((r) => r.cpu.others)).median, 2)];
      };
      /** label, requests/s, the latency figures asked for, requests, unexpected: the cells both tables start with. */
      const cells = <S extends TallyStats>(label: string, rs: S[], seconds: (r: S) => number, of: (r: S) => Counted | undefined, figures: (keyof LatencySummary)[]) => [
        label,
        fmtSpread(spread(rs.map((r) => (of(r)?.count ?? 0) / seconds(r)))),
        ...figures.map((f) => fmtSpread(spread(rs.map((r) => of(r)?.latency[f] ?? NaN)), 2)),
        String(sum(rs, (r) => of(r)?.count ?? 0)),
        String(sum(rs, (r) => of(r)?.unexpected ?? 0)),
      ];
      const allOf = (r: TallyStats): Counted => ({ count: r.latency.count, unexpected: unexpectedOf(r), latency: r.latency });
      const commandKinds: Kind[] = ['register', 'criteria', 'vote', 'read'];
      const closedSeconds = (r: RunStats) => r.autocannon.duration;
      const overall = (kind: RunKind) => [...cells(RUN_LABEL[kind], runs.get(kind)!, closedSeconds, allOf, ['p50', 'p99']), ...cores(runs.get(kind)!)];
      const perKind = (rs: RunStats[]) => commandKinds.map((k) => [...cells(`  ${k}`, rs, closedSeconds, (r) => r.byKind[k], ['p50', 'p99']), '', '', '', '']);
      const rows: string[][] = [overall('mix'), ...perKind(mix), overall('bare'), overall('mix-noproj'), ...perKind(noproj)];

      // Open loop: requests/s is answers over the time from the first due time to the last answer; a request that
      // got no answer at all (connection error, 10 s timeout) counts as unexpected.
      const openSeconds = (r: OpenRunStats) => r.open.elapsedS;
      const openFigures: (keyof LatencySummary)[] = ['p50', 'p99', 'p999', 'max'];
      const openOf = (r: OpenRunStats): Counted => ({ ...allOf(r), unexpected: unexpectedOf(r) + r.open.failed });
      const openOverall = (label: string, rs: OpenRunStats[]) => [
        ...cells(label, rs, openSeconds, openOf, openFigures),
        fmtSpread(spread(rs.map((r) => r.open.perSecond))),
        String(sum(rs, (r) => r.open.behind.count)),
        ...cores(rs),
      ];
      const pct = `${num(fraction * 100, 0)} %`;
      const openRows: string[][] = [
        openOverall(`command mix at ${pct} of its max`, openMix),
        ...commandKinds.map((k) => [...cells(`  ${k}`, openMix, openSeconds, (r) => r.byKind[k], openFigures), '', '', '', '', '', '']),
        openOverall(`bare route at ${pct} of its max`, openBare),
      ];
      const mixOverBare = pairedRatio(mix.map(rps), bare.map(rps));
      const ratios: RatioLine[] = [
        { label: 'mix/bare requests/s', ratio: mixOverBare, higherIsBetter: true },
        { label: 'mix/bare p50 latency', ratio: pairedRatio(mix.map(p50), bare.map(p50)), higherIsBetter: false },
        { label: 'mix/bare p99 latency', ratio: pairedRatio(mix.map(p99), bare.map(p99)), higherIsBetter: false },
        { label: 'mix/bare CPU per request (service+pg)', ratio: pairedRatio(mix.map(cpuPerRequest), bare.map(cpuPerRequest)), higherIsBetter: false },
        { label: 'criteria command/bare p50 latency', ratio: pairedRatio(mix.map((r) => r.byKind.criteria?.latency.p50 ?? NaN), bare.map(p50)), higherIsBetter: false },
        { label: 'mix with/without projections requests/s', ratio: pairedRatio(mix.map(rps), noproj.map(rps)), higherIsBetter: true },
        { label: 'mix with/without projections CPU per request', ratio: pairedRatio(mix.map(cpuPerRequest), noproj.map(cpuPerRequest)), higherIsBetter: false },
        { label: `open-loop mix p99 / ${P99_TARGET_MS} ms target (at ${pct} of max)`, ratio: pairedRatio(openMix.map(p99), openMix.map(() => P99_TARGET_MS)), higherIsBetter: false },
        { label: `open-loop mix/bare p99 latency (each at ${pct} of its max)`, ratio: pairedRatio(openMix.map(p99), openBare.map(p99)), higherIsBetter: false },
      ];
      for (const k of [...commandKinds, 'insert' as const]) {
        const first = [...mix, ...bare, ...noproj, ...openMix, ...openBare].map((r) => r.byKind[k]?.firstUnexpected).find(Boolean);
        if (first) notes.push(`${k}: unexpected answers, first: ${first}`);
      }
      const firstFailure = [...openMix, ...openBare].map((r) => r.open.firstFailure).find(Boolean);
      if (firstFailure) notes.push(`open loop: ${sum([...openMix, ...openBare], (r) => r.open.failed)} requests got no answer, first: ${firstFailure}`);
      const fb = [...mix, ...noproj, ...openMix].reduce(
        (a, r) => ({ registerExhausted: a.registerExhausted + r.fallbacks.registerExhausted, votesExhausted: a.votesExhausted + r.fallbacks.votesExhausted, ownMissing: a.ownMissing + r.fallbacks.ownMissing }),
        { registerExhausted: 0, votesExhausted: 0, ownMissing: 0 },
      );
      if (fb.registerExhausted || fb.votesExhausted) notes.push(`the mix ran out of fresh communes (${fb.registerExhausted}) or votes (${fb.votesExhausted}) and read instead`);
      if (fb.ownMissing) notes.push(`${fb.ownMissing} criteria/reads went to a spare draft because the connection's registration had failed`);
      const others = spread([...mix, ...bare, ...noproj].map((r) => r.cpu.others));
      if (others.median > 0.5) notes.push(sharedMachineNote(others.median));
      const catchUp = spread(catchUpMs);
      notes.push(`after each mix run the projections needed ${fmtSpread(catchUp)} ms to apply the rest of its events (waited for before the next run)`);
      const openNote = (label: string, rs: OpenRunStats[]) =>
        `${label}: worst send ${fmtSpread(spread(rs.map((r) => r.open.behind.maxLagMs)), 1)} ms after its due time, ` +
        `at most ${fmtSpread(spread(rs.map((r) => r.open.maxInFlight)))} in flight, ${fmtSpread(spread(rs.map((r) => r.open.sessions)))} sessions`;
      notes.push(
        `open loop: requests due at fixed times (${pct} of the round's closed-loop requests/s), latency from the due time; ` +
          `${openNote('mix', openMix)}; ${openNote('bare route', openBare)}; projections' catch-up after the open-loop mix ${fmtSpread(spread(openCatchUpMs))} ms`,
      );
      const tables: Table[] = [
        {
          title: `Part 2 — HTTP, ${CONNECTIONS} connections, ${num(windowS, 0)} s per run, ${ctx.rounds} runs after a warm-up`,
          columns: ['route', 'requests/s', 'p50 ms', 'p99 ms', 'requests', 'unexpected', 'service CPU ms/req', 'pg CPU ms/req', 'autocannon (cores)', 'others (cores)'],
          rows,
        },
        {
          title: `Part 2 — HTTP, open loop: requests due at ${pct} of the round's closed-loop requests/s, ${num(windowS, 0)} s per run, latency from each due time`,
          columns: ['route', 'requests/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'requests', 'unexpected', 'paced at req/s', `behind > ${BEHIND_MS} ms`, 'service CPU ms/req', 'pg CPU ms/req', 'generator (cores)', 'others (cores)'],
          rows: openRows,
        },
      ];
      const targets = [
        targetLine('HTTP command mix: requests/s over the bare route', mixOverBare, { atLeast: 0.5 }, '×'),
        targetLine(`HTTP command mix, open loop at ${pct} of its max: p99`, spread(openMix.map(p99)), { atMost: P99_TARGET_MS }, ' ms', 0),
      ];
      return {
        name: this.name,
        title: this.title,
        tables,
        ratios,
        targets,
        notes,
        data: { connections: CONNECTIONS, windowSeconds: windowS, votingDossiers: VOTING_DOSSIERS, councilSize: COUNCIL_SIZE, buildMs: build.ms, projectionCatchUpMs: catchUpMs, mix, bare, mixWithoutProjections: noproj,
          openLoop: { fraction, behindMs: BEHIND_MS, p99TargetMs: P99_TARGET_MS, projectionCatchUpMs: openCatchUpMs, mix: openMix, bare: openBare },
        },
      };
    } finally {
      rss.finish();
      await Promise.allSettled([service.stop(), plainService.stop()]);
    }
  },
};

function sum<S>(runs: S[], f: (r: S) => number): number {
  return runs.reduce((s, r) => s + f(r), 0);
}

function unexpectedOf(r: TallyStats): number {
  return Object.values(r.byKind).reduce((n, k) => n + (k?.unexpected ?? 0), 0);
}
