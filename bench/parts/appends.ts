import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { isExpectedVersionConflictError } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, type PostgresEventStore as EmmettStore } from '@event-driven-io/emmett-postgresql';
import { Pool, types } from 'pg';
import { CoalescedCall, PostgresEventStore, type EventMetadata } from '@app/event-store';
import { withClient } from '@app/testing';
import { seconds, targetLine, type BenchContext, type BenchPart, type PartResult, type RatioLine, type Table, type TargetLine } from '../lib/part';
import { startCpu, type CpuUse } from '../lib/cpu';
import { fmtSpread, num, sharedMachineNote } from '../lib/report';
import { LatencyRecorder, pairedRatio, spread, type LatencySummary } from '../lib/stats';

type Workload = 'distinct' | 'hot';
type SystemName = 'ours' | 'limit' | 'peer' | 'limit+tx' | 'limit+tx+notify' | 'limit+tx, notify after';

const CONCURRENCIES = [1, 8, 32] as const;
const WORKLOADS: Workload[] = ['distinct', 'hot'];
const MAIN: SystemName[] = ['ours', 'limit', 'peer'];
// Steps from the limit towards ours, so each part of the gap is a measured figure rather than a guess.
// The last one notifies the way ours does now (after COMMIT, one notification in flight per burst), so the cost of
// notifying inside the transaction, as ours did before, stays measured beside it.
const DIAGNOSTIC: SystemName[] = ['limit+tx', 'limit+tx+notify', 'limit+tx, notify after'];
const POOL_SIZE = Math.max(...CONCURRENCIES);

const SYSTEM_LABEL: Record<SystemName, string> = {
  ours: 'ours (PostgresEventStore)',
  limit: 'limit (1 INSERT, autocommit)',
  peer: 'peer (Emmett PostgreSQL)',
  'limit+tx': 'limit + BEGIN/COMMIT',
  'limit+tx+notify': 'limit + BEGIN/pg_notify/COMMIT',
  'limit+tx, notify after': 'limit + BEGIN/COMMIT, then pg_notify (coalesced)',
};

/** A criteria revision as the service writes it: the commonest event of a dossier, about 1 KB with metadata. */
const EVENT_TYPE = 'CriterionResultsRecorded';
const DATA = {
  dossierId: '0b6f1f0e-3a57-4bde-9d51-7b1d5e0c2a11',
  results: Object.fromEntries(
    Array.from({ length: 10 }, (_, i) => {
      const code = `C${String(i + 1).padStart(2, '0')}`;
      return [code, { met: i % 4 !== 3, indicators: { value: 80 + i, target: 85 }, evidence: [`doc://bien-ban/${code}`] }];
    }),
  ),
};
const METADATA: EventMetadata = {
  actor: { id: 'commune_officer-07330', role: 'commune_officer', unit: '07330' },
  correlationId: 'c1a7c3d2-52a4-4f7e-8a0c-3f1b9c6d2e10',
  causationId: 'commune_officer-07330:3f1b9c6d-2e10-4a7e-8a0c-c1a7c3d252a4',
  commandId: 'commune_officer-07330:3f1b9c6d-2e10-4a7e-8a0c-c1a7c3d252a4',
  reason: 'Kết quả tự đánh giá quý III',
  occurredAt: '2026-03-02T02:15:00.000Z',
};
const DATA_JSON = JSON.stringify(DATA);
const METADATA_JSON = JSON.stringify(METADATA);
const FAKE_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

interface Appender {
  /** Appends one event; returns how many times it had to retry a lost concurrency race. */
  append(streamId: string, hot: boolean): Promise<number>;
  close(): Promise<void>;
}

interface CellResult {
  eventsPerSecond: number;
  latency: LatencySummary;
  events: number;
  retries: number;
  errors: number;
  firstError?: string;
  cpu: CpuUse;
  /** The one stream a hot-stream cell wrote. */
  hotStream?: string;
}

const INSERT_ROW = `INSERT INTO es_events (stream_id, stream_revision, event_id, event_type, data, metadata, hash, prev_hash)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

/**
 * The limit: the very row an append writes, into a table of the same shape (the store's own migration made it),
 * with nothing else. Hot-stream revisions come from a counter in this process, so the limit never waits on a lock.
 */
function limitAppender(pool: Pool, variant: 'plain' | 'tx' | 'tx+notify' | 'tx, notify after'): Appender {
  const notifyAfter = new CoalescedCall(() => pool.query(`SELECT pg_notify('es_events_appended', '')`));
  const revisions = new Map<string, number>();
  const row = (streamId: string, hot: boolean) => {
    const revision = hot ? (revisions.get(streamId) ?? -1) + 1 : 0;
    if (hot) revisions.set(streamId, revision);
    return [streamId, revision, randomUUID(), EVENT_TYPE, DATA_JSON, METADATA_JSON, FAKE_HASH, revision > 0 ? FAKE_HASH : null];
  };
  return {
    async append(streamId, hot) {
      if (variant === 'plain') {
        await pool.query(INSERT_ROW, row(streamId, hot));
        return 0;
      }
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(INSERT_ROW, row(streamId, hot));
        if (variant === 'tx+notify') await client.query(`SELECT pg_notify('es_events_appended', '')`);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
      if (variant === 'tx, notify after') notifyAfter.call();
      return 0;
    },
    close: async () => undefined,
  };
}

function oursAppender(store: PostgresEventStore): Appender {
  return {
    async append(streamId, hot) {
      await store.append(streamId, [{ id: randomUUID(), type: EVENT_TYPE, data: DATA, metadata: METADATA }], hot ? 'any' : 'no_stream');
      return 0;
    },
    close: () => store.close(),
  };
}

/**
 * Emmett with its default expectation (none). Its append reads the stream position and updates the stream row only
 * if the position is unchanged, so concurrent writers of one stream lose the race instead of queueing; a writer that
 * wants its event stored must retry, and the retries are counted.
 */
function peerAppender(store: EmmettStore): Appender {
  return {
    async append(streamId) {
      for (let retries = 0; ; retries++) {
        try {
          await store.appendToStream(streamId, [{ type: EVENT_TYPE, data: DATA, metadata: { ...METADATA } }]);
          return retries;
        } catch (err) {
          if (!isExpectedVersionConflictError(err)) throw err;
        }
      }
    },
    close: () => store.close(),
  };
}

async function runCell(appender: Appender, workload: Workload, concurrency: number, windowS: number): Promise<CellResult> {
  const hotStream = workload === 'hot' ? `dossier-${randomUUID()}` : null;
  const latencies = new LatencyRecorder();
  let events = 0;
  let retries = 0;
  let errors = 0;
  let firstError: string | undefined;
  const cpu = startCpu();
  const start = performance.now();
  const deadline = start + windowS * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          retries += await appender.append(hotStream ?? `dossier-${randomUUID()}`, hotStream !== null);
        } catch (err) {
          errors++;
          firstError ??= (err as Error).message;
          continue;
        }
        latencies.record(performance.now() - t0);
        events++;
      }
    }),
  );
  const elapsedS = (performance.now() - start) / 1000;
  return { eventsPerSecond: events / elapsedS, latency: latencies.summary(), events, retries, errors, firstError, cpu: cpu(), hotStream: hotStream ?? undefined };
}

const PARSED_OIDS = [20, 114, 3802, 1016];

function defaultParsers(): Map<number, unknown> {
  return new Map(PARSED_OIDS.map((oid) => [oid, types.getTypeParser(oid, 'text')]));
}

export const appendsPart: BenchPart = {
  name: 'appends',
  title: 'Part 1 — single-event appends',
  async run(ctx: BenchContext): Promise<PartResult> {
    const [oursUrl, peerUrl, limitUrl] = await Promise.all([
      ctx.server.createDatabase('bench_appends_ours'),
      ctx.server.createDatabase('bench_appends_emmett'),
      ctx.server.createDatabase('bench_appends_limit'),
    ]);
    await PostgresEventStore.migrate(oursUrl);
    await PostgresEventStore.migrate(limitUrl);

    // Emmett's connection layer replaces pg's global parsers for int8 and json(b) when it is created (BigInt, its own
    // JSON reader). Left in place they would change what our store and the limit parse too, so pg's defaults are put
    // back once Emmett's schema exists; its append path only turns scalars into BigInt, which works from either.
    const parsers = defaultParsers();
    const peerPool = new Pool({ connectionString: peerUrl, max: POOL_SIZE });
    const emmett = getPostgreSQLEventStore(peerUrl, { connectionOptions: { pool: peerPool } });
    await emmett.schema.migrate();
    for (const [oid, parser] of parsers) types.setTypeParser(oid, parser as (v: string) => unknown);

    const limitPool = new Pool({ connectionString: limitUrl, max: POOL_SIZE });
    const appenders: Record<SystemName, Appender> = {
      ours: oursAppender(new PostgresEventStore({ connectionString: oursUrl, poolSize: POOL_SIZE })),
      limit: limitAppender(limitPool, 'plain'),
      peer: peerAppender(emmett),
      'limit+tx': limitAppender(limitPool, 'tx'),
      'limit+tx+notify': limitAppender(limitPool, 'tx+notify'),
      'limit+tx, notify after': limitAppender(limitPool, 'tx, notify after'),
    };

    type Key = `${Workload}/${number}/${SystemName}`;
    const cells = new Map<Key, CellResult[]>();
    const plan: { workload: Workload; concurrency: number; systems: SystemName[] }[] = [];
    for (const workload of WORKLOADS) {
      for (const concurrency of CONCURRENCIES) {
        plan.push({ workload, concurrency, systems: workload === 'distinct' ? [...MAIN, ...DIAGNOSTIC] : MAIN });
      }
    }

    const checkpoint = async () => {
      await withClient(ctx.server.adminUrl, (c) => c.query('CHECKPOINT'));
    };

    const windowS = seconds(ctx, 1.5);
    try {
      for (let round = -1; round < ctx.rounds; round++) {
        const warmUp = round < 0;
        // A checkpoint per round puts each round's dirty pages behind it, so no round pays for another's writes.
        await checkpoint();
        ctx.log(`appends: ${warmUp ? 'warm-up' : `round ${round + 1}/${ctx.rounds}`}`);
        for (const { workload, concurrency, systems } of plan) {
          // Rotating who goes first spreads any within-round drift evenly over the systems.
          const offset = warmUp ? 0 : round % systems.length;
          const order = systems.map((_, i) => systems[(i + offset) % systems.length]);
          for (const system of order) {
            const cell = await runCell(appenders[system], workload, concurrency, warmUp ? seconds(ctx, 0.4) : windowS);
            if (warmUp) continue;
            const key: Key = `${workload}/${concurrency}/${system}`;
            cells.set(key, [...(cells.get(key) ?? []), cell]);
          }
        }
      }
    } finally {
      await Promise.allSettled([appenders.ours.close(), appenders.peer.close()]);
      await peerPool.end();
      await limitPool.end();
    }
    // The hot stream stays correct: every acknowledged append of ours is in its stream once, revisions without a gap.
    const hotCells = [...cells.entries()].filter(([k]) => k.startsWith('hot/') && k.endsWith('/ours')).flatMap(([, rs]) => rs);
    const written = await withClient(oursUrl, (c) =>
      c.query<{ stream_id: string; n: number; top: number }>(
        `SELECT stream_id, count(*)::int AS n, max(stream_revision)::int AS top FROM es_events WHERE stream_id = ANY($1) GROUP BY stream_id`,
        [hotCells.map((r) => r.hotStream)],
      ),
    );
    const byStream = new Map(written.rows.map((r) => [r.stream_id, r]));
    const exact = hotCells.filter((r) => {
      const w = byStream.get(r.hotStream!);
      return w !== undefined && w.n === r.events && w.top === r.events - 1;
    }).length;
    const parsersIntact = PARSED_OIDS.every((oid) => types.getTypeParser(oid, 'text') === parsers.get(oid));

    const rowsMain: string[][] = [];
    const rowsDiag: string[][] = [];
    const ratios: RatioLine[] = [];
    const data: Record<string, unknown> = {};
    const notes: string[] = [];
    for (const { workload, concurrency, systems } of plan) {
      for (const system of systems) {
        const runs = cells.get(`${workload}/${concurrency}/${system}`) ?? [];
        const eps = spread(runs.map((r) => r.eventsPerSecond));
        const p50 = spread(runs.map((r) => r.latency.p50));
        const p99 = spread(runs.map((r) => r.latency.p99));
        const retries = runs.reduce((s, r) => s + r.retries, 0);
        const events = runs.reduce((s, r) => s + r.events, 0);
        const errors = runs.reduce((s, r) => s + r.errors, 0);
        const extra = [retries ? `${num(retries / Math.max(1, events), 2)} retries/event` : '', errors ? `${errors} errors` : ''].filter(Boolean).join(', ');
        // CPU per event holds up better than throughput on a shared machine: contention stretches time, not work.
        const perEvent = (f: (c: CpuUse) => number) => num(spread(runs.map((r) => (f(r.cpu) / r.eventsPerSecond) * 1e6)).median, 0);
        const others = num(spread(runs.map((r) => r.cpu.others)).median, 2);
        const row = [workload, String(concurrency), SYSTEM_LABEL[system], fmtSpread(eps), fmtSpread(p50, 2), fmtSpread(p99, 2), perEvent((c) => c.bench), perEvent((c) => c.postgres), others, extra];
        (MAIN.includes(system) ? rowsMain : rowsDiag).push(row);
        data[`${workload}/c${concurrency}/${system}`] = runs;
        const err = runs.find((r) => r.firstError)?.firstError;
        if (err) notes.push(`${SYSTEM_LABEL[system]} ${workload} c=${concurrency}: ${errors} failed appends, first: ${err}`);
      }
      const of = (system: SystemName, f: (r: CellResult) => number) => (cells.get(`${workload}/${concurrency}/${system}`) ?? []).map(f);
      const eps = (r: CellResult) => r.eventsPerSecond;
      const p50 = (r: CellResult) => r.latency.p50;
      const p99 = (r: CellResult) => r.latency.p99;
      const cpuPerEvent = (r: CellResult) => (r.cpu.bench + r.cpu.postgres) / r.eventsPerSecond;
      ratios.push(
        { label: `${workload} c=${concurrency}: ours/limit events/s`, ratio: pairedRatio(of('ours', eps), of('limit', eps)), higherIsBetter: true },
        { label: `${workload} c=${concurrency}: ours/peer events/s`, ratio: pairedRatio(of('ours', eps), of('peer', eps)), higherIsBetter: true },
        { label: `${workload} c=${concurrency}: ours/limit p50 latency`, ratio: pairedRatio(of('ours', p50), of('limit', p50)), higherIsBetter: false },
        { label: `${workload} c=${concurrency}: ours/peer p50 latency`, ratio: pairedRatio(of('ours', p50), of('peer', p50)), higherIsBetter: false },
        { label: `${workload} c=${concurrency}: ours/limit p99 latency`, ratio: pairedRatio(of('ours', p99), of('limit', p99)), higherIsBetter: false },
        { label: `${workload} c=${concurrency}: ours/peer p99 latency`, ratio: pairedRatio(of('ours', p99), of('peer', p99)), higherIsBetter: false },
        { label: `${workload} c=${concurrency}: ours/limit CPU per event (node+pg)`, ratio: pairedRatio(of('ours', cpuPerEvent), of('limit', cpuPerEvent)), higherIsBetter: false },
      );
    }
    const others = spread([...cells.values()].flat().map((r) => r.cpu.others));
    if (others.median > 0.5) notes.push(sharedMachineNote(others.median));
    if (!parsersIntact) notes.push("pg's global type parsers changed during the part: Emmett set them again, so the figures after that parsed differently");

    const columns = ['streams', 'conc', 'system', 'events/s', 'p50 ms', 'p99 ms', 'node CPU µs/event', 'pg CPU µs/event', 'others (cores)', 'notes'];
    const tables: Table[] = [
      { title: `Part 1 — appends (${num(windowS, 1)} s per run, ${ctx.rounds} runs after a warm-up; median (min–max))`, columns, rows: rowsMain },
      { title: 'Part 1 — where the gap goes: the limit with a transaction, with a notification inside it (ours before), after it (ours now)', columns, rows: rowsDiag },
    ];
    const distinct = (c: number, system: SystemName) => (cells.get(`distinct/${c}/${system}`) ?? []).map((r) => r.eventsPerSecond);
    const targets: TargetLine[] = [8, 32].flatMap((c) => [
      targetLine(`appends, distinct streams, c=${c}: ours/limit events/s`, pairedRatio(distinct(c, 'ours'), distinct(c, 'limit')), { atLeast: 0.8 }, '×'),
      targetLine(`appends, distinct streams, c=${c}: ours/Emmett events/s`, pairedRatio(distinct(c, 'ours'), distinct(c, 'peer')), { atLeast: 1.5 }, '×'),
    ]);
    targets.push({
      what: 'appends, hot stream: every acknowledged append in its stream once, revisions without a gap',
      goal: 'every timed run',
      measured: `${exact} of ${hotCells.length} runs exact`,
      met: hotCells.length > 0 && exact === hotCells.length,
    });
    return {
      name: this.name,
      title: this.title,
      tables,
      ratios,
      targets,
      notes,
      data: { windowSeconds: windowS, poolSize: POOL_SIZE, eventBytes: DATA_JSON.length + METADATA_JSON.length, cells: data },
    };
  },
};
