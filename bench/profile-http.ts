import 'reflect-metadata';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startCpu } from './lib/cpu';
import { withClient } from '@app/testing';
import { BENCH_JWT_SECRET as JWT_SECRET, criteriaBody } from './lib/api';
import { ROOT, startBenchServer } from './lib/embedded-pg';
import { projectionsCaughtUp, serviceBuild, startService } from './lib/service';
import { commandMix, CONNECTIONS, newTally, prepareTarget, summarise } from './parts/http-commands';

/**
 * Where the service's CPU goes under part 2's command mix: the service runs with --cpu-prof, is seeded as in part 2,
 * warmed up, then loaded for PROFILE_SECONDS (default 15); the report sums the profile's samples taken inside that
 * window (and the projections' catch-up after it) by function and by package. `npm run bench:profile-http`.
 * PROFILE_MODE=bare profiles the bare route instead. Not a figure for the tables: the profiler costs CPU too (PROFILE_CPU=0
 * leaves it out, PROFILE_RATE=n holds the load at n requests/s).
 */
async function main(): Promise<void> {
  const seconds = Number(process.env.PROFILE_SECONDS ?? 15);
  const bare = process.env.PROFILE_MODE === 'bare';
  // PROFILE_RATE=n: the timed window at n requests/s in all (autocannon's overallRate) instead of as fast as it goes.
  const rate = process.env.PROFILE_RATE ? Number(process.env.PROFILE_RATE) : undefined;
  // PROFILE_CPU=0: no --cpu-prof (latency without the profiler's cost); statements are still counted.
  const profiling = process.env.PROFILE_CPU !== '0';
  const dir = join(ROOT, '.data', 'profile', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(dir, { recursive: true });
  const log = (m: string) => process.stderr.write(`[profile] ${m}\n`);
  const server = await startBenchServer(undefined, ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=all']);
  try {
    const build = serviceBuild({ log });
    const databaseUrl = await server.createDatabase('profile_http');
    const service = await startService(build, { DATABASE_URL: databaseUrl, JWT_SECRET, BENCH_BASELINE_ROUTE: 'true' }, profiling ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []);
    try {
      const ctx = { server, rounds: 1, scale: 1, memory: { phases: [], lifetimes: [] }, log };
      const target = await prepareTarget(ctx, service, null);
      await projectionsCaughtUp(service);
      const body = criteriaBody(target.pools.codes, 0);
      const requests = (t: ReturnType<typeof newTally>): autocannon.Request[] =>
        bare ? [{ method: 'POST', path: '/__bench/insert', headers: { 'content-type': 'application/json' }, body, onResponse: () => undefined }] : commandMix(target.pools, t);
      log('warm-up');
      await autocannon({ url: service.baseUrl, connections: CONNECTIONS, duration: 3, requests: requests(newTally()) });
      await projectionsCaughtUp(service);
      await withClient(databaseUrl, async (c) => {
        await c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
        await c.query('SELECT pg_stat_statements_reset()');
      });
      const tally = newTally();
      const from = process.hrtime.bigint();
      const cpu = startCpu(service.pid);
      const r = await autocannon({ url: service.baseUrl, connections: CONNECTIONS, duration: seconds, requests: requests(tally), ...(rate ? { overallRate: rate } : {}) });
      const catchUp = await projectionsCaughtUp(service);
      const use = cpu();
      const to = process.hrtime.bigint();
      const s = summarise(tally, r, use);
      const count = bare ? r.requests.total : s.latency.count;
      log(
        `${bare ? 'bare' : 'mix'}${rate ? ` at ${rate}/s` : ''}: ${(count / r.duration).toFixed(0)} req/s, p50 ${s.latency.p50?.toFixed(1)} p99 ${s.latency.p99?.toFixed(1)} ms; ` +
          `CPU ms/req service ${((use.service * use.seconds * 1000) / count).toFixed(2)} pg ${((use.postgres * use.seconds * 1000) / count).toFixed(2)}; catch-up ${catchUp.toFixed(0)} ms`,
      );
      const statements = await withClient(databaseUrl, async (c) =>
        (
          await c.query<{ calls: string; ms: number; rows: string; query: string }>(
            `SELECT s.calls, s.total_exec_time AS ms, s.rows, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 140) AS query
               FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database() ORDER BY s.calls DESC`,
          )
        ).rows,
      );
      const calls = statements.reduce((n, r) => n + Number(r.calls), 0);
      const lines = [`statements: ${calls} calls, ${(calls / count).toFixed(2)} per request (calls/req, exec ms/call, query):`];
      for (const r of statements.slice(0, 40)) lines.push(`  ${(Number(r.calls) / count).toFixed(3).padStart(7)}  ${(r.ms / Number(r.calls)).toFixed(3).padStart(7)}  ${r.query}`);
      writeFileSync(join(dir, 'statements.txt'), lines.join('\n'));
      process.stdout.write(`${lines.join('\n')}\n\n`);
      writeFileSync(join(dir, 'window.json'), JSON.stringify({ fromUs: Number(from / 1000n), toUs: Number(to / 1000n), requests: count }));
    } finally {
      await service.stop();
    }
  } finally {
    await server.stop();
  }
  if (!profiling) return;
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile written in ${dir}`);
  report(join(dir, file), JSON.parse(readFileSync(join(dir, 'window.json'), 'utf8')));
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** Self and inclusive time by function, and self time by package, over the samples inside the window. */
function report(file: string, window: { fromUs: number; toUs: number; requests: number }): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const pkg = new Map<string, number>();
  let t = profile.startTime;
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i];
    if (t < window.fromUs || t > window.toUs) return;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(id)!;
    total += dt;
    if (node.callFrame.functionName === '(idle)') {
      idle += dt;
      return;
    }
    self.set(label(node), (self.get(label(node)) ?? 0) + dt);
    pkg.set(packageOf(node.callFrame.url, node.callFrame.functionName), (pkg.get(packageOf(node.callFrame.url, node.callFrame.functionName)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const l = label(byId.get(n)!);
      if (seen.has(l)) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + dt);
    }
  });
  const busy = total - idle;
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%  ${(us / 1000 / window.requests).toFixed(3)} ms/req`;
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  const out: string[] = [`profile ${file}`, `window ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (${((100 * busy) / total).toFixed(0)}%), ${window.requests} requests, ${(busy / 1000 / window.requests).toFixed(2)} ms/req of profiled CPU`, '', 'self time by package:'];
  for (const [k, v] of top(pkg, 30)) out.push(`  ${pct(v)}  ${k}`);
  out.push('', 'self time by function:');
  for (const [k, v] of top(self, 60)) out.push(`  ${pct(v)}  ${k}`);
  out.push('', 'inclusive time by function:');
  for (const [k, v] of top(inclusive, 120)) out.push(`  ${pct(v)}  ${k}`);
  const text = out.join('\n');
  writeFileSync(file.replace(/\.cpuprofile$/, '.txt'), text);
  process.stdout.write(`${text}\n`);
}

function short(url: string): string {
  const i = url.indexOf('node_modules/');
  if (i >= 0) return url.slice(i + 'node_modules/'.length);
  const j = url.indexOf('/service/');
  return j >= 0 ? url.slice(j + '/service/'.length) : url.replace(/^file:\/\//, '');
}

function packageOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith('node:')) return url.split('/')[0];
  const j = url.indexOf('/service/');
  if (j >= 0) return url.slice(j + '/service/'.length).split('/').slice(0, 2).join('/');
  return url;
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`profile failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
