import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { PostgresEventStore } from '@app/event-store';
import { DossierRepository, dossierStream } from '@app/workflow';
import { ApiClient, BENCH_JWT_SECRET as JWT_SECRET, communesAcrossProvinces, criteriaBody, criterionCodes } from '../lib/api';
import type { BenchContext, BenchPart, PartResult, RatioLine } from '../lib/part';
import { seconds } from '../lib/part';
import { fmtSpread, num } from '../lib/report';
import { projectionsCaughtUp, serviceBuild, startService } from '../lib/service';
import { LatencyRecorder, pairedRatio, spread, type LatencySummary } from '../lib/stats';

const EVENTS = 200;
const MIDDLE = 100;

// The columns the store's readStream selects, so the limit reads exactly what ours reads.
const SELECT_STREAM = `SELECT global_position, transaction_id::text AS tx_text, stream_id, stream_revision, event_id,
  event_type, data, metadata, hash, prev_hash, recorded_at
  FROM es_events WHERE stream_id = $1 ORDER BY stream_revision ASC LIMIT 1000`;

type Probe = 'limit' | 'repo@revision' | 'repo@at' | 'http@revision' | 'http@at';
const PROBES: Probe[] = ['limit', 'repo@revision', 'repo@at', 'http@revision', 'http@at'];
const LABEL: Record<Probe, string> = {
  limit: `limit: SELECT of the ${EVENTS} rows (pg)`,
  'repo@revision': `DossierRepository.load(id, { revision: ${MIDDLE} })`,
  'repo@at': 'DossierRepository.load(id, { at })',
  'http@revision': `GET /dossiers/:id/state?revision=${MIDDLE}`,
  'http@at': 'GET /dossiers/:id/state?at=',
};

interface ProbeRun {
  opsPerSecond: number;
  latency: LatencySummary;
}

function httpGet(agent: Agent, url: URL, token: string): Promise<number> {
  return new Promise((done, fail) => {
    const req = request(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

async function timed(op: () => Promise<unknown>, windowS: number): Promise<ProbeRun> {
  const rec = new LatencyRecorder();
  const start = performance.now();
  const deadline = start + windowS * 1000;
  while (performance.now() < deadline) {
    const t0 = performance.now();
    await op();
    rec.record(performance.now() - t0);
  }
  return { opsPerSecond: rec.count / ((performance.now() - start) / 1000), latency: rec.summary() };
}

/**
 * Part 4: the state of a 200-event dossier as it stood at a revision and at an instant, one request at a time (this
 * is a latency figure), beside reading the same 200 rows with plain pg.
 */
export const timeTravelPart: BenchPart = {
  name: 'time-travel',
  title: 'Part 4 — time travel',
  async run(ctx: BenchContext): Promise<PartResult> {
    const build = serviceBuild(ctx);
    const databaseUrl = await ctx.server.createDatabase('bench_time_travel');
    const service = await startService(build, { DATABASE_URL: databaseUrl, JWT_SECRET });
    const store = new PostgresEventStore({ connectionString: databaseUrl, poolSize: 2 });
    const pool = new Pool({ connectionString: databaseUrl, max: 2 });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const api = new ApiClient(service.baseUrl, JWT_SECRET);
      const place = communesAcrossProvinces()[0];
      const codes = criterionCodes();
      ctx.log(`time-travel: building a ${EVENTS}-event dossier through the API (1 registration, ${EVENTS - 1} criteria revisions)`);
      const id = await api.register(place);
      const officer = api.token('commune_officer', place.commune);
      for (let rev = 1; rev < EVENTS; rev++) await api.command(`/dossiers/${id}/criterion-results`, officer, criteriaBody(codes, rev));
      const events = await store.readStream(dossierStream(id));
      if (events.length !== EVENTS) throw new Error(`the dossier has ${events.length} events, expected ${EVENTS}`);
      const at = events[MIDDLE].metadata.occurredAt;
      await projectionsCaughtUp(service);

      const repo = new DossierRepository(store);
      const reader = api.token('auditor', '01');
      const stateUrl = (q: string) => new URL(`${service.baseUrl}/dossiers/${id}/state?${q}`);
      const byRevision = stateUrl(`revision=${MIDDLE}`);
      const byInstant = stateUrl(`at=${encodeURIComponent(at)}`);
      for (const url of [byRevision, byInstant]) {
        const status = await httpGet(agent, url, reader);
        if (status !== 200) throw new Error(`GET ${url.pathname}${url.search} answered ${status}`);
      }
      const check = await repo.load(id, { at });
      if (check.revision === null || check.revision < MIDDLE) throw new Error(`load at ${at} stopped at revision ${check.revision}`);

      const ops: Record<Probe, () => Promise<unknown>> = {
        limit: () => pool.query(SELECT_STREAM, [dossierStream(id)]),
        'repo@revision': () => repo.load(id, { revision: MIDDLE }),
        'repo@at': () => repo.load(id, { at }),
        'http@revision': () => httpGet(agent, byRevision, reader),
        'http@at': () => httpGet(agent, byInstant, reader),
      };
      const runs = new Map<Probe, ProbeRun[]>(PROBES.map((p) => [p, []]));
      const windowS = seconds(ctx, 1.5);
      for (let round = -1; round < ctx.rounds; round++) {
        ctx.log(`time-travel: ${round < 0 ? 'warm-up' : `round ${round + 1}/${ctx.rounds}`}`);
        const offset = Math.max(0, round) % PROBES.length;
        for (let i = 0; i < PROBES.length; i++) {
          const probe = PROBES[(i + offset) % PROBES.length];
          const r = await timed(ops[probe], round < 0 ? seconds(ctx, 0.5) : windowS);
          if (round >= 0) runs.get(probe)!.push(r);
        }
      }

      const p50 = (p: Probe) => runs.get(p)!.map((r) => r.latency.p50);
      const rows = PROBES.map((p) => {
        const rs = runs.get(p)!;
        return [LABEL[p], fmtSpread(spread(rs.map((r) => r.latency.p50)), 2), fmtSpread(spread(rs.map((r) => r.latency.p99)), 2), fmtSpread(spread(rs.map((r) => r.opsPerSecond)))];
      });
      const ratios: RatioLine[] = (['repo@revision', 'repo@at', 'http@revision', 'http@at'] as const).map((p) => ({
        label: `${p}/limit p50 latency`,
        ratio: pairedRatio(p50(p), p50('limit')),
        higherIsBetter: false,
      }));
      return {
        name: this.name,
        title: this.title,
        tables: [
          {
            title: `Part 4 — state of a ${EVENTS}-event dossier at revision ${MIDDLE} / at the instant of event ${MIDDLE}, one request at a time, ${num(windowS, 1)} s per run`,
            columns: ['read', 'p50 ms', 'p99 ms', 'reads/s'],
            rows,
          },
        ],
        ratios,
        notes: [],
        data: { events: EVENTS, revision: MIDDLE, at, windowSeconds: windowS, runs: Object.fromEntries(runs) },
      };
    } finally {
      agent.destroy();
      await pool.end();
      await store.close();
      await service.stop();
    }
  },
};
