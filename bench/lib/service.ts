import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ts from 'typescript';
import { freePort, ROOT } from './embedded-pg';
import type { MemoryLog } from './part';

const SOURCES = ['apps/api/src', 'libs'];
const SKIP = /\.(spec|int-spec|e2e-spec)\.ts$|\/libs\/testing\/|\/node_modules\//;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

/**
 * Transpiles the service (what ts-node would do, file by file, no type check) into a folder under .data, so the
 * measured process runs plain JavaScript: under ts-node the TypeScript compiler itself would sit in the service's
 * heap and inflate its RSS by tens of megabytes. Path aliases are resolved at run time by tsconfig-paths against a
 * tsconfig written next to the output, with the root tsconfig's own `paths`.
 */
export function buildService(): { dir: string; entry: string; ms: number } {
  const started = Date.now();
  const configPath = join(ROOT, 'tsconfig.json');
  const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, ROOT);
  const options: ts.CompilerOptions = { ...parsed.options, sourceMap: false, inlineSourceMap: false, declaration: false, noEmit: false };
  const out = join(ROOT, '.data', 'bench', 'service');
  rmSync(out, { recursive: true, force: true });
  for (const root of SOURCES) {
    for (const file of walk(join(ROOT, root))) {
      if (SKIP.test(file)) continue;
      const target = join(out, relative(ROOT, file));
      if (file.endsWith('.ts') && !file.endsWith('.d.ts')) {
        const js = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file }).outputText;
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target.replace(/\.ts$/, '.js'), js);
      } else if (file.endsWith('.json')) {
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(file, target);
      }
    }
  }
  const paths = (parsed.options.paths ?? {}) as Record<string, string[]>;
  writeFileSync(join(out, 'tsconfig.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', paths } }, null, 2));
  return { dir: out, entry: join(out, 'apps', 'api', 'src', 'main.js'), ms: Date.now() - started };
}

function procStatusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

export interface RssSampler {
  stop(): { peakRssBytes: number; meanRssBytes: number; samples: number };
}

export interface RunningService {
  baseUrl: string;
  pid: number;
  rss(): number;
  vmHwm(): number;
  /** Samples VmRSS every `everyMs` until stopped; peak and mean over the phase. */
  sampleRss(everyMs?: number): RssSampler;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the built service as a child process on the bench server's database, and waits until it answers; `nodeArgs`
 * go to node before the entry (the profile script's --cpu-prof).
 */
export async function startService(build: { dir: string; entry: string }, env: Record<string, string>, nodeArgs: string[] = []): Promise<RunningService> {
  const port = await freePort();
  let out = '';
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '-r', 'tsconfig-paths/register', build.entry], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      TS_NODE_PROJECT: join(build.dir, 'tsconfig.json'),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'false',
      // The bench is one machine's clients at full speed: the per-principal and failed-sign-in limits would measure themselves.
      RATE_LIMIT_PER_MINUTE: '0',
      AUTH_FAILURES_PER_MINUTE: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((done) => child.on('exit', (code) => ((exitCode = code), done())));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the service exited (${exitCode}) before answering:\n${out}`);
    try {
      if ((await fetch(`${baseUrl}/health/live`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the service did not answer within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const pid = child.pid!;
  return {
    baseUrl,
    pid,
    rss: () => procStatusBytes(pid, 'VmRSS'),
    vmHwm: () => procStatusBytes(pid, 'VmHWM'),
    sampleRss(everyMs = 100) {
      let peak = 0;
      let sum = 0;
      let n = 0;
      const take = () => {
        const v = procStatusBytes(pid, 'VmRSS');
        if (Number.isFinite(v)) {
          peak = Math.max(peak, v);
          sum += v;
          n++;
        }
      };
      take();
      const timer = setInterval(take, everyMs);
      return {
        stop() {
          clearInterval(timer);
          take();
          return { peakRssBytes: peak, meanRssBytes: n ? sum / n : NaN, samples: n };
        },
      };
    },
    output: () => out,
    async stop() {
      if (exitCode !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Waits until the service's projections have applied every event, so the next run does not share the machine with
 * the previous run's backlog; returns how long that took. Each poll has the store count (not read) up to 10,000
 * pending events per projection.
 */
export async function projectionsCaughtUp(service: RunningService, timeoutMs = 60_000, everyMs = 100): Promise<number> {
  const started = performance.now();
  for (;;) {
    const text = await (await fetch(`${service.baseUrl}/metrics`)).text();
    const behind = [...text.matchAll(/^ntm_projection_lag_events\{[^}]*\} (\d+)/gm)].map((m) => Number(m[1]));
    if (behind.every((n) => n === 0)) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`projections still ${Math.max(...behind)} events behind after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

let built: ReturnType<typeof buildService> | null = null;

/** The service is transpiled once per bench run, by the first part that needs it. */
export function serviceBuild(ctx: { log(m: string): void }): ReturnType<typeof buildService> {
  if (!built) {
    built = buildService();
    ctx.log(`service transpiled in ${built.ms} ms`);
  }
  return built;
}

/**
 * RSS of one service over named phases of a part; a phase run several times (interleaved runs) is one line, its
 * peak the highest and its mean the mean over all samples. `finish` hands the phases to the memory part.
 */
export class RssPhases {
  private readonly phases = new Map<string, { peak: number; sum: number; samples: number }>();
  private readonly startRss: number;
  private finished = false;

  constructor(
    private readonly ctx: { memory: MemoryLog },
    private readonly part: string,
    private readonly service: RunningService,
  ) {
    this.startRss = service.rss();
  }

  async during<T>(phase: string, fn: () => Promise<T>): Promise<T> {
    const sampler = this.service.sampleRss();
    try {
      return await fn();
    } finally {
      const s = sampler.stop();
      const acc = this.phases.get(phase) ?? { peak: 0, sum: 0, samples: 0 };
      acc.peak = Math.max(acc.peak, s.peakRssBytes);
      acc.sum += s.meanRssBytes * s.samples;
      acc.samples += s.samples;
      this.phases.set(phase, acc);
    }
  }

  /** Call while the service still runs: VmHWM disappears with the process. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const [phase, a] of this.phases) {
      this.ctx.memory.phases.push({ part: this.part, phase, peakRssBytes: a.peak, meanRssBytes: a.samples ? a.sum / a.samples : NaN, samples: a.samples });
    }
    this.ctx.memory.lifetimes.push({ part: this.part, label: 'service', vmHwmBytes: this.service.vmHwm(), startRssBytes: this.startRss });
  }
}
