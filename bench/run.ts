import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { startBenchServer, type BenchServer } from './lib/embedded-pg';
import type { BenchContext, BenchPart, MemoryLog, PartResult, PendingPart } from './lib/part';
import { allTables, commit, machine, renderMarkdownTable, renderTable, writeResults } from './lib/report';
import { appendsPart } from './parts/appends';
import { httpCommandsPart } from './parts/http-commands';
import { importReadPart } from './parts/import-read';
import { memoryPart } from './parts/memory';
import { projectionsPart } from './parts/projections';
import { timeTravelPart } from './parts/time-travel';

/**
 * Every part, in the order `npm run bench` runs them. Memory comes last because it reports what the parts that run
 * the service recorded while they ran.
 */
const PARTS: (BenchPart | PendingPart)[] = [
  appendsPart,
  httpCommandsPart,
  projectionsPart,
  timeTravelPart,
  importReadPart,
  memoryPart,
];

/** Parts whose service RSS the memory part reports; running any of them alone brings the memory part along. */
const memoryFrom = new Set(['http', 'projections']);

function isPending(p: BenchPart | PendingPart): p is PendingPart {
  return 'pending' in p;
}

function selectParts(args: string[]): (BenchPart | PendingPart)[] {
  const wanted = args.filter((a) => !a.startsWith('-'));
  if (wanted.length === 0) return PARTS;
  const unknown = wanted.filter((w) => !PARTS.some((p) => p.name === w));
  if (unknown.length) {
    process.stderr.write(`unknown part(s): ${unknown.join(', ')}; parts: ${PARTS.map((p) => p.name).join(', ')}\n`);
    process.exit(2);
  }
  const chosen = new Set(wanted);
  if (wanted.some((w) => memoryFrom.has(w))) chosen.add('memory');
  return PARTS.filter((p) => chosen.has(p.name));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const parts = selectParts(args);
  const quick = process.env.BENCH_QUICK === '1' || args.includes('--quick');
  const rounds = Number(process.env.BENCH_ROUNDS ?? (quick ? 2 : 3));
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('BENCH_ROUNDS must be a positive integer');
  const startedAt = new Date();
  const t0 = performance.now();
  const log = (m: string) => process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${m}\n`);

  log('starting embedded PostgreSQL');
  let server: BenchServer | null = null;
  const results: PartResult[] = [];
  const pending: PendingPart[] = [];
  const timings: Record<string, number> = {};
  try {
    server = await startBenchServer();
    const memory: MemoryLog = { phases: [], lifetimes: [] };
    const ctx: BenchContext = { server, rounds, scale: quick ? 0.25 : 1, memory, log };
    const settings = await server.settings();
    for (const part of parts) {
      if (isPending(part)) {
        pending.push(part);
        log(`${part.title}: ${part.pending}`);
        continue;
      }
      const started = performance.now();
      log(`${part.title}`);
      results.push(await part.run(ctx));
      timings[part.name] = Math.round(performance.now() - started);
    }
    const wallMs = Math.round(performance.now() - t0);

    const tables = allTables(results);
    const markdown = args.includes('--markdown');
    process.stdout.write('\n');
    for (const t of tables) process.stdout.write(`${markdown ? renderMarkdownTable(t) : renderTable(t)}\n\n`);
    for (const p of pending) process.stdout.write(`${p.title}: ${p.pending}\n`);
    for (const r of results) for (const n of r.notes) process.stdout.write(`note (${r.name}): ${n}\n`);
    const m = machine();
    process.stdout.write(
      `\nmachine: ${m.cores} cores, ${m.memoryGiB} GiB, ${m.cpuModel}, Node ${m.node}; commit ${commit()}; ` +
        `PostgreSQL ${settings.server_version} fsync=${settings.fsync} synchronous_commit=${settings.synchronous_commit}; ` +
        `${rounds} runs per figure${quick ? ' (quick)' : ''}; wall time ${(wallMs / 1000).toFixed(0)} s\n`,
    );
    const file = writeResults(
      {
        startedAt: startedAt.toISOString(),
        wallMs,
        partMs: timings,
        commit: commit(),
        machine: m,
        postgres: { settings, flags: server.flags },
        rounds,
        quick,
        pending: pending.map((p) => ({ name: p.name, title: p.title, note: p.pending })),
        parts: results,
      },
      startedAt,
    );
    process.stdout.write(`results: ${file}\n`);
  } finally {
    await server?.stop().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
