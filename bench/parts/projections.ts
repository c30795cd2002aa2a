import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Pool, type PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { PostgresEventStore, type RecordedEvent } from '@app/event-store';
import { auditTrailProjection, dossiersProjection, ProjectionEngine, type Projection } from '@app/projections';
import { ApiClient, BENCH_JWT_SECRET as JWT_SECRET, criteriaBody } from '../lib/api';
import { startCpu, type CpuUse } from '../lib/cpu';
import { FULL_SCALE_DOSSIERS, HISTORY_GENERATOR_VERSION, writeHistory, type HistoryDossier } from '../lib/history';
import { seconds, targetLine, type BenchContext, type BenchPart, type PartResult, type RatioLine, type Table } from '../lib/part';
import { fmtSpread, num, sharedMachineNote } from '../lib/report';
import { projectionsCaughtUp, RssPhases, serviceBuild, startService, type RunningService } from '../lib/service';
import { LatencyRecorder, pairedRatio, spread, type LatencySummary } from '../lib/stats';

/** Dossiers in a quick run's history; a full run generates the national scale (FULL_SCALE_DOSSIERS). */
const QUICK_DOSSIERS = 1_000;
const COMMANDS_PER_SECOND = 20;

/** The two methods of TypeORM's DataSource the engine uses, over a plain pool: the bench process carries no ORM. */
function engineDb(pool: Pool): DataSource {
  const query = async (c: Pool | PoolClient, sql: string, params?: unknown[]) => (await c.query(sql, params)).rows;
  return {
    query: (sql: string, params?: unknown[]) => query(pool, sql, params),
    async transaction<T>(fn: (em: { query: (sql: string, params?: unknown[]) => Promise<unknown[]> }) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn({ query: (sql, params) => query(client, sql, params) });
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
  } as unknown as DataSource;
}

class WindowClosed extends Error {}

/** "three times" for the default rounds, as the notes have always said it. */
function timesInWords(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${['three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'][n - 3] ?? n} times`;
}

interface RebuildRun {
  events: number;
  ms: number;
  eventsPerSecond: number;
  cpu: CpuUse;
}

interface LagRun {
  commands: number;
  failed: number;
  commandLatency: LatencySummary;
  lag: LatencySummary;
  unseen: number;
  cpu: CpuUse;
}

/**
 * A fresh generation of `p` built from the first event for `windowMs`, the way `rebuild` builds one (createGeneration,
 * then catchUp in batches of 1000 with its checkpoint in each batch's transaction), then dropped: a whole rebuild of
 * the history at every round would not fit the budget, and the rate over the first events of a national history is
 * the rate of the rest of it (each dossier's stream is spread over years of global order).
 */
async function rebuildWindow(engine: ProjectionEngine, p: Projection, windowMs: number, servicePid: number): Promise<RebuildRun> {
  const generation = await engine.createGeneration(p, 'building');
  const cpu = startCpu(servicePid);
  const started = performance.now();
  let applied = 0;
  try {
    await engine.catchUp(p, generation, 1000, (n) => {
      applied = n;
      if (performance.now() - started >= windowMs) throw new WindowClosed();
    });
  } catch (err) {
    if (!(err instanceof WindowClosed)) throw err;
  }
  const ms = performance.now() - started;
  const used = cpu();
  await engine.dropGeneration(p, generation);
  return { events: applied, ms, eventsPerSecond: (applied / ms) * 1000, cpu: used };
}

/**
 * The audit trail built the way a first start or a rebuild builds it now (`ProjectionEngine.buildInDatabase`): a new
 * generation filled from every stored event by one statement inside PostgreSQL, its checkpoint in the same commit,
 * then dropped. The whole history each run: the statement cannot be stopped part way and keep its rate.
 */
async function buildInDatabaseRun(engine: ProjectionEngine, p: Projection, servicePid: number): Promise<RebuildRun> {
  const generation = await engine.createGeneration(p, 'building');
  const cpu = startCpu(servicePid);
  const started = performance.now();
  const applied = await engine.buildInDatabase(p, generation);
  const ms = performance.now() - started;
  const used = cpu();
  await engine.dropGeneration(p, generation);
  if (applied === null) throw new Error(`${p.name} has no build inside the database`);
  return { events: applied, ms, eventsPerSecond: (applied / ms) * 1000, cpu: used };
}

/** The read-only limit: the same pages, with the same filter, through `readAll`, applying nothing. */
async function readWindow(store: PostgresEventStore, p: Projection, windowMs: number, servicePid: number): Promise<RebuildRun> {
  const cpu = startCpu(servicePid);
  const started = performance.now();
  let after: RecordedEvent['position'] | null = null;
  let events = 0;
  while (performance.now() - started < windowMs) {
    const page = await store.readAll({ after, maxCount: 1000, filter: p.filter });
    if (page.length === 0) break;
    events += page.length;
    after = page[page.length - 1].position;
  }
  const ms = performance.now() - started;
  return { events, ms, eventsPerSecond: (events / ms) * 1000, cpu: cpu() };
}

/**
 * The write limit for the audit trail: the same number of events copied by one `INSERT … SELECT` inside PostgreSQL
 * into a table of the audit trail's shape (same columns and indexes), with no client in between.
 */
async function copyWindow(pool: Pool, count: number, servicePid: number): Promise<RebuildRun> {
  const table = 'bench_audit_copy';
  await pool.query(`DROP TABLE IF EXISTS ${table}`);
  await pool.query(auditTrailProjection.tables.audit_trail.replaceAll('{table}', table));
  const cpu = startCpu(servicePid);
  const started = performance.now();
  const r = await pool.query(
    `INSERT INTO ${table} (event_id, stream_id, revision, event_type, actor_id, actor_role, actor_unit, reason, correlation_id, causation_id, command_id,
        occurred_at, recorded_at, position_commit, position_prepare, hash, prev_hash, dossier_id, commune_code, province_code, district_code)
     SELECT event_id, stream_id, stream_revision, event_type, metadata->'actor'->>'id', metadata->'actor'->>'role', metadata->'actor'->>'unit',
            metadata->>'reason', metadata->>'correlationId', metadata->>'causationId', metadata->>'commandId', (metadata->>'occurredAt')::timestamptz,
            recorded_at, transaction_id::text::bigint, global_position, hash, prev_hash, substr(stream_id, 9)::uuid,
            first_value(data->>'communeCode') OVER w, first_value(data->>'provinceCode') OVER w, first_value(data->>'districtCode') OVER w
       FROM (SELECT * FROM es_events WHERE stream_id LIKE 'dossier-%' ORDER BY transaction_id, global_position LIMIT $1) e
     WINDOW w AS (PARTITION BY stream_id ORDER BY stream_revision)`,
    [count],
  );
  const ms = performance.now() - started;
  const used = cpu();
  await pool.query(`DROP TABLE ${table}`);
  return { events: r.rowCount ?? 0, ms, eventsPerSecond: ((r.rowCount ?? 0) / ms) * 1000, cpu: used };
}

/**
 * Open loop: calls `issue(k)` at COMMANDS_PER_SECOND from now until `windowMs` has passed, never waiting for an
 * answer before the next, then waits for every one of them.
 */
async function paced(windowMs: number, issue: (k: number) => Promise<void>): Promise<void> {
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let k = 0; performance.now() - started < windowMs; k++) {
    const due = started + (k * 1000) / COMMANDS_PER_SECOND;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(issue(k));
  }
  await Promise.all(inFlight);
}

/** Paced commands at a fixed rate (open loop), each followed until the dossier_status read model shows its revision. */
async function lagRun(
  api: ApiClient,
  pool: Pool,
  drafts: HistoryDossier[],
  windowMs: number,
  servicePid: number,
  nextDraft: { i: number; rev: number },
): Promise<LagRun> {
  const commandLatency = new LatencyRecorder();
  const lag = new LatencyRecorder();
  const waiting = new Map<string, { revision: number; since: number }[]>();
  let failed = 0;
  let stopPolling = false;
  let lastIssued = performance.now();
  const poller = (async () => {
    while (!stopPolling || waiting.size > 0) {
      if (waiting.size > 0) {
        const ids = [...waiting.keys()];
        const { rows } = await pool.query<{ dossier_id: string; revision: number }>(`SELECT dossier_id, revision FROM rm_dossier_status WHERE dossier_id = ANY($1::uuid[])`, [ids]);
        const now = performance.now();
        for (const row of rows) {
          const list = waiting.get(row.dossier_id)!;
          const left = list.filter((w) => (w.revision <= Number(row.revision) ? (lag.record(now - w.since), false) : true));
          if (left.length) waiting.set(row.dossier_id, left);
          else waiting.delete(row.dossier_id);
        }
        if (stopPolling && performance.now() - lastIssued > 30_000) break;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  const cpu = startCpu(servicePid);
  await paced(windowMs, async () => {
    const d = drafts[nextDraft.i++ % drafts.length];
    const body = criteriaBody(d.criteriaCodes, nextDraft.rev++);
    const token = api.token('commune_officer', d.commune);
    lastIssued = performance.now();
    const t0 = performance.now();
    try {
      const res = await api.command<{ revision: number }>(`/dossiers/${d.dossierId}/criterion-results`, token, body);
      const t1 = performance.now();
      commandLatency.record(t1 - t0);
      const list = waiting.get(d.dossierId) ?? [];
      list.push({ revision: res.revision, since: t1 });
      waiting.set(d.dossierId, list);
    } catch {
      failed++;
    }
  });
  stopPolling = true;
  await poller;
  const unseen = [...waiting.values()].reduce((n, l) => n + l.length, 0);
  waiting.clear();
  return { commands: commandLatency.count, failed, commandLatency: commandLatency.summary(), lag: lag.summary(), unseen, cpu: cpu() };
}

/**
 * The baseline of the lag: the store's own subscription, in the bench process, with no projection work — from an
 * append's commit (its promise resolving) to the subscriber's handler receiving the event, at the same pace.
 */
async function deliveryRun(store: PostgresEventStore, windowMs: number, servicePid: number, round: string): Promise<LagRun> {
  const sent = new Map<string, number>();
  const lag = new LatencyRecorder();
  const appendLatency = new LatencyRecorder();
  const early = new Map<string, number>();
  const head = await store.headPosition();
  const sub = store.subscribeToAll({ after: head, filter: { streamPrefixes: ['benchlag-'] }, batchSize: 500, pollIntervalMs: 200 }, async (batch) => {
    const now = performance.now();
    for (const e of batch) {
      const t1 = sent.get(e.streamId);
      if (t1 === undefined) early.set(e.streamId, now);
      else lag.record(now - t1);
    }
  });
  const cpu = startCpu(servicePid);
  let failed = 0;
  await paced(windowMs, async (k) => {
    const stream = `benchlag-${round}-${k}`;
    const t0 = performance.now();
    try {
      await store.append(stream, [{ id: randomUUID(), type: 'BenchTick', data: { k }, metadata: { actor: { id: 'bench', role: 'system', unit: '00' }, correlationId: stream, occurredAt: new Date().toISOString() } }], 'no_stream');
      const t1 = performance.now();
      appendLatency.record(t1 - t0);
      const seen = early.get(stream);
      // Delivered before the append's promise resolved: the event was visible at its commit, a lag of zero.
      if (seen !== undefined) lag.record(0);
      else sent.set(stream, t1);
    } catch {
      failed++;
    }
  });
  const deadline = performance.now() + 10_000;
  while (lag.count < appendLatency.count && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const used = cpu();
  await sub.stop();
  return { commands: appendLatency.count, failed, commandLatency: appendLatency.summary(), lag: lag.summary(), unseen: appendLatency.count - lag.count, cpu: used };
}

export const projectionsPart: BenchPart = {
  name: 'projections',
  title: 'Part 3 — projections',
  async run(ctx: BenchContext): Promise<PartResult> {
    const build = serviceBuild(ctx);
    const dossierCount = Number(process.env.BENCH_HISTORY_DOSSIERS ?? (ctx.scale < 1 ? QUICK_DOSSIERS : FULL_SCALE_DOSSIERS));
    const databaseUrl = await ctx.server.createDatabase('bench_projections');
    await PostgresEventStore.migrate(databaseUrl);
    const store = new PostgresEventStore({ connectionString: databaseUrl, poolSize: 8 });
    const pool = new Pool({ connectionString: databaseUrl, max: 6 });
    pool.on('error', () => undefined);
    const notes: string[] = [];
    let started: { service: RunningService; rss: RssPhases } | null = null;
    try {
      // The history is written before the service exists, as an `events migrate` into a new deployment would leave
      // it; the service's first start then builds every read model from the first event: the national rebuild, timed
      // once, whole.
      ctx.log(`projections: writing ${dossierCount} dossiers through the store (generator v${HISTORY_GENERATOR_VERSION})`);
      const writeStarted = performance.now();
      const { dossiers: historyDossiers, events: totalEvents } = await writeHistory(store, dossierCount, {
        concurrency: 4,
        chunk: 200,
        onProgress: (d, e) => d % 2000 === 0 && ctx.log(`projections: ${d} dossiers, ${e} events`),
      });
      const writtenMs = performance.now() - writeStarted;
      ctx.log(`projections: ${totalEvents} events written in ${(writtenMs / 1000).toFixed(1)} s; starting the service on them`);
      const serviceStarted = performance.now();
      const service = await startService(build, { DATABASE_URL: databaseUrl, JWT_SECRET });
      const rss = new RssPhases(ctx, 'projections', service);
      started = { service, rss };
      const startedMs = performance.now() - serviceStarted;
      const stopBuildCpu = startCpu(service.pid);
      await rss.during('building every read model from the first event', () => projectionsCaughtUp(service, 900_000, 1_000));
      // From the process's spawn: its projections start before it answers HTTP. CPU is sampled from its first answer.
      const builtMs = performance.now() - serviceStarted;
      const buildCpu = stopBuildCpu();
      ctx.log(`projections: the service built its read models from ${totalEvents} events in ${(builtMs / 1000).toFixed(1)} s; reading the whole history once`);
      const wholeRead = await readWindow(store, dossiersProjection, Number.POSITIVE_INFINITY, service.pid);

      // The store is PostgreSQL in the same database: the engine may build the audit trail inside it.
      const engine = new ProjectionEngine(engineDb(pool), store, { eventsInDatabase: true });
      const windowMs = seconds(ctx, 3) * 1000;
      const readMs = seconds(ctx, 2) * 1000;
      const projections = [dossiersProjection, auditTrailProjection];
      type Kind = 'dossiers' | 'audit-trail' | 'read' | 'copy' | 'audit-in-db' | 'copy-all';
      const runs = new Map<Kind, RebuildRun[]>([['dossiers', []], ['audit-trail', []], ['read', []], ['copy', []], ['audit-in-db', []], ['copy-all', []]]);
      const rebuildRound = async (record: boolean, round: number) => {
        // The copies always come last: each copies as many events as its audit trail build applied.
        const order: ('dossiers' | 'audit-trail' | 'read' | 'audit-in-db')[] = ['dossiers', 'audit-trail', 'read', 'audit-in-db'];
        const rotated = order.map((_, i) => order[(i + round) % order.length]);
        const got = new Map<Kind, RebuildRun>();
        for (const kind of rotated) {
          if (kind === 'read') got.set(kind, await readWindow(store, dossiersProjection, readMs, service.pid));
          else if (kind === 'audit-in-db') got.set(kind, await buildInDatabaseRun(engine, auditTrailProjection, service.pid));
          else got.set(kind, await rebuildWindow(engine, projections.find((p) => p.name === kind)!, windowMs, service.pid));
        }
        // As many events as the audit trail's rebuild applied in its window, so both sides did the same work.
        got.set('copy', await copyWindow(pool, got.get('audit-trail')!.events, service.pid));
        got.set('copy-all', await copyWindow(pool, got.get('audit-in-db')!.events, service.pid));
        if (record) for (const [k, v] of got) runs.get(k)!.push(v);
      };
      ctx.log('projections: rebuild warm-up');
      await rebuildRound(false, 0);
      for (let round = 0; round < ctx.rounds; round++) {
        ctx.log(`projections: rebuild round ${round + 1}/${ctx.rounds}`);
        await rebuildRound(true, round + 1);
      }

      // Lag under a steady command load on the national-scale database.
      const drafts = historyDossiers.filter((d) => d.status === 'drafting' && d.map === '2025-07');
      if (drafts.length === 0) throw new Error('the generated history has no dossier in drafting to revise');
      const api = new ApiClient(service.baseUrl, JWT_SECRET);
      const lagMs = seconds(ctx, 5) * 1000;
      const cursor = { i: 0, rev: 1 };
      const lagRuns: LagRun[] = [];
      const deliveryRuns: LagRun[] = [];
      ctx.log(`projections: lag warm-up (${drafts.length} dossiers in drafting revised round-robin at ${COMMANDS_PER_SECOND} commands/s)`);
      await lagRun(api, pool, drafts, seconds(ctx, 3) * 1000, service.pid, cursor);
      await deliveryRun(store, seconds(ctx, 2) * 1000, service.pid, 'warm');
      for (let round = 0; round < ctx.rounds; round++) {
        ctx.log(`projections: lag round ${round + 1}/${ctx.rounds}`);
        const both = [
          async () => lagRuns.push(await rss.during('steady command load', () => lagRun(api, pool, drafts, lagMs, service.pid, cursor))),
          async () => deliveryRuns.push(await deliveryRun(store, lagMs, service.pid, String(round))),
        ];
        for (let i = 0; i < both.length; i++) await both[(i + round) % both.length]();
        await projectionsCaughtUp(service);
      }

      const eps = (r: RebuildRun) => r.eventsPerSecond;
      /** CPU µs per event from `cores` busy over `seconds`. */
      const usPerEvent = (cores: number, seconds: number, events: number) => ((cores * seconds) / events) * 1e6;
      const cpuPerEvent = (r: RebuildRun) => usPerEvent(r.cpu.bench + r.cpu.postgres, r.cpu.seconds, Math.max(1, r.events));
      const rebuildRow = (label: string, rs: RebuildRun[]) => [
        label,
        fmtSpread(spread(rs.map(eps))),
        String(Math.round(spread(rs.map((r) => r.events)).median)),
        num(spread(rs.map((r) => usPerEvent(r.cpu.bench, r.cpu.seconds, Math.max(1, r.events)))).median),
        num(spread(rs.map((r) => usPerEvent(r.cpu.postgres, r.cpu.seconds, Math.max(1, r.events)))).median),
        num(spread(rs.map((r) => r.cpu.others)).median, 2),
        `${num(totalEvents / spread(rs.map(eps)).median, 0)} s`,
      ];
      const d = runs.get('dossiers')!;
      const a = runs.get('audit-trail')!;
      const rd = runs.get('read')!;
      const cp = runs.get('copy')!;
      const ai = runs.get('audit-in-db')!;
      const ca = runs.get('copy-all')!;
      const p50 = (r: LagRun) => r.lag.p50;
      const p99 = (r: LagRun) => r.lag.p99;
      const lagRow = (label: string, rs: LagRun[]) => [
        label,
        fmtSpread(spread(rs.map(p50)), 1),
        fmtSpread(spread(rs.map(p99)), 1),
        fmtSpread(spread(rs.map((r) => r.commandLatency.p50)), 1),
        String(rs.reduce((n, r) => n + r.commands, 0)),
        String(rs.reduce((n, r) => n + r.failed + r.unseen, 0)),
        num(spread(rs.map((r) => r.cpu.service)).median, 2),
        num(spread(rs.map((r) => r.cpu.postgres)).median, 2),
        num(spread(rs.map((r) => r.cpu.others)).median, 2),
      ];
      const scale = `${dossierCount.toLocaleString('en-US')} dossiers, ${totalEvents.toLocaleString('en-US')} events${dossierCount < FULL_SCALE_DOSSIERS ? ` (${((dossierCount / FULL_SCALE_DOSSIERS) * 100).toFixed(0)} % of the national ${FULL_SCALE_DOSSIERS.toLocaleString('en-US')})` : ' (national scale)'}`;
      const tables: Table[] = [
        {
          title: `Part 3a — the whole history, once: ${scale}`,
          columns: ['system', 'time', 'events/s', 'process CPU µs/event', 'pg CPU µs/event', 'others (cores)'],
          rows: [
            [
              "service's first start: every read model from the first event (audit-trail built inside PostgreSQL, dossiers and plans applied)",
              `${num(builtMs / 1000, 1)} s`,
              num((totalEvents / builtMs) * 1000),
              num(usPerEvent(buildCpu.service, buildCpu.seconds, totalEvents)),
              num(usPerEvent(buildCpu.postgres, buildCpu.seconds, totalEvents)),
              num(buildCpu.others, 2),
            ],
            [
              'limit: readAll of the whole history, one page after another, no apply',
              `${num(wholeRead.ms / 1000, 1)} s`,
              num(wholeRead.eventsPerSecond),
              num(usPerEvent(wholeRead.cpu.bench, wholeRead.cpu.seconds, wholeRead.events)),
              num(usPerEvent(wholeRead.cpu.postgres, wholeRead.cpu.seconds, wholeRead.events)),
              num(wholeRead.cpu.others, 2),
            ],
            [
              'history written through PostgresEventStore.append (generation included)',
              `${num(writtenMs / 1000, 1)} s`,
              num((totalEvents / writtenMs) * 1000),
              '',
              '',
              '',
            ],
          ],
        },
        {
          title: `Part 3b — rebuild one projection from the first event, ${num(windowMs / 1000, 0)} s window per run (the in-database build and its limit: the whole history), ${ctx.rounds} runs after a warm-up`,
          columns: ['system', 'events/s', 'events per run', 'bench CPU µs/event', 'pg CPU µs/event', 'others (cores)', 'whole history at this rate'],
          rows: [
            rebuildRow('rebuild dossiers (ProjectionEngine)', d),
            rebuildRow('rebuild audit-trail (ProjectionEngine)', a),
            rebuildRow('limit: readAll pages, no apply', rd),
            rebuildRow('limit: INSERT … SELECT into audit shape', cp),
            rebuildRow('build audit-trail inside PostgreSQL (buildInDatabase), whole history', ai),
            rebuildRow('limit: INSERT … SELECT into audit shape, whole history', ca),
          ],
        },
        {
          title: `Part 3c — projection lag under ${COMMANDS_PER_SECOND} commands/s (criteria revisions over HTTP on ${drafts.length} dossiers in drafting), ${num(lagMs / 1000, 0)} s per run, ${ctx.rounds} runs after a warm-up`,
          columns: ['measure', 'lag p50 ms', 'lag p99 ms', 'write p50 ms', 'writes', 'failed/unseen', 'service (cores)', 'pg (cores)', 'others (cores)'],
          rows: [lagRow('dossier_status shows the revision (after 2xx)', lagRuns), lagRow('limit: subscribeToAll delivery, no projection (after append)', deliveryRuns)],
        },
      ];
      const ratios: RatioLine[] = [
        { label: 'first-start build of every read model/readAll of the whole history (time)', ratio: spread([builtMs / wholeRead.ms]), higherIsBetter: false },
        { label: 'rebuild dossiers/readAll events/s', ratio: pairedRatio(d.map(eps), rd.map(eps)), higherIsBetter: true },
        { label: 'rebuild audit-trail/readAll events/s', ratio: pairedRatio(a.map(eps), rd.map(eps)), higherIsBetter: true },
        { label: 'rebuild audit-trail/INSERT…SELECT events/s', ratio: pairedRatio(a.map(eps), cp.map(eps)), higherIsBetter: true },
        { label: 'audit-trail built inside PostgreSQL/INSERT…SELECT of as many events, events/s', ratio: pairedRatio(ai.map(eps), ca.map(eps)), higherIsBetter: true },
        { label: 'audit-trail built inside PostgreSQL/rebuild through the engine, events/s', ratio: pairedRatio(ai.map(eps), a.map(eps)), higherIsBetter: true },
        { label: 'rebuild dossiers/INSERT…SELECT CPU per event', ratio: pairedRatio(d.map(cpuPerEvent), cp.map(cpuPerEvent)), higherIsBetter: false },
        { label: 'projection lag/subscription delivery p50', ratio: pairedRatio(lagRuns.map(p50), deliveryRuns.map(p50)), higherIsBetter: false },
        { label: 'projection lag/subscription delivery p99', ratio: pairedRatio(lagRuns.map(p99), deliveryRuns.map(p99)), higherIsBetter: false },
      ];
      notes.push(
        `history: ${dossierCount} dossiers, ${num(totalEvents / dossierCount, 1)} events per dossier, the real commune list (generator v${HISTORY_GENERATOR_VERSION}); the service started in ${num(startedMs / 1000, 1)} s and built its read models once (one run: the whole history cannot be rebuilt ${timesInWords(ctx.rounds)} in the budget; 3b's paired windows carry the ratios)`,
      );
      const others = spread([...d, ...a, ...rd].map((r) => r.cpu.others));
      if (others.median > 0.5) notes.push(sharedMachineNote(others.median));
      const national = dossierCount >= FULL_SCALE_DOSSIERS ? '' : ` (over ${scale}, not the national history)`;
      const targets = [
        targetLine(`rebuild the dossiers projection: events/s${national}`, spread(d.map(eps)), { atLeast: 50_000 }, '', 0),
        targetLine(`build the audit trail (inside PostgreSQL, whole history): events/s${national}`, spread(ai.map(eps)), { atLeast: 50_000 }, '', 0),
        targetLine(`first start: every read model from the first event${national}`, spread([builtMs / 1000]), { atMost: 30 }, ' s', 1),
      ];
      return {
        name: this.name,
        title: this.title,
        tables,
        ratios,
        targets,
        notes,
        data: { generatorVersion: HISTORY_GENERATOR_VERSION, dossiers: dossierCount, events: totalEvents, writtenMs, serviceStartMs: startedMs, buildMs: builtMs, buildCpu, wholeRead, windowMs, rebuild: Object.fromEntries(runs), lag: lagRuns, delivery: deliveryRuns },
      };
    } finally {
      started?.rss.finish();
      await Promise.allSettled([started?.service.stop(), store.close(), pool.end()]);
    }
  },
};

