import type { BenchServer } from './embedded-pg';
import { num } from './report';
import type { Spread } from './stats';

export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
}

/** A "how far from the limit" figure: ours over the baseline, paired round by round. */
export interface RatioLine {
  label: string;
  ratio: Spread;
  /** Whether a ratio above 1 means ours is ahead (throughput) or behind (latency). */
  higherIsBetter: boolean;
}

/**
 * One of issue 15's targets as this run measured it, so `npm run bench` ends with each target beside its figure. Judged
 * on the median; the spread is shown so that a target met in one round and missed in another reads as such.
 */
export interface TargetLine {
  what: string;
  /** The bound, with its unit: "≥ 0.8×", "≤ 50 ms". */
  goal: string;
  measured: string;
  met: boolean;
}

/** A target line from a spread of runs: `atLeast` for throughput-like figures, `atMost` for times and sizes. */
export function targetLine(what: string, s: Spread, bound: { atLeast: number } | { atMost: number }, unit: string, digits = 2): TargetLine {
  const fmt = (v: number) => `${num(v, digits)}${unit}`;
  const measured = s.runs.length > 1 && s.min !== s.max ? `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})` : fmt(s.median);
  if ('atLeast' in bound) return { what, goal: `≥ ${fmt(bound.atLeast)}`, measured, met: s.median >= bound.atLeast };
  return { what, goal: `≤ ${fmt(bound.atMost)}`, measured, met: s.median <= bound.atMost };
}

export interface PartResult {
  name: string;
  title: string;
  tables: Table[];
  ratios: RatioLine[];
  /** Issue 15's targets this part measures. */
  targets?: TargetLine[];
  notes: string[];
  /** Everything measured, per run, for the JSON file. */
  data: unknown;
}

/** RSS of the service over one phase of a part, sampled from /proc while the phase ran. */
export interface MemoryPhase {
  part: string;
  phase: string;
  peakRssBytes: number;
  meanRssBytes: number;
  samples: number;
}

export interface MemoryLog {
  phases: MemoryPhase[];
  /** VmHWM of each service process at its end: the high-water mark over its whole life, start-up included. */
  lifetimes: { part: string; label: string; vmHwmBytes: number; startRssBytes: number }[];
}

export interface BenchContext {
  server: BenchServer;
  /** Timed runs per figure, after one warm-up. */
  rounds: number;
  /** Multiplier on every timed window; BENCH_QUICK shrinks it for a smoke run. */
  scale: number;
  memory: MemoryLog;
  log(message: string): void;
}

export interface BenchPart {
  name: string;
  title: string;
  run(ctx: BenchContext): Promise<PartResult>;
}

/** A registry slot for a part someone is still building: listed in the report as pending, never run. */
export interface PendingPart {
  name: string;
  title: string;
  pending: string;
}

export function seconds(ctx: BenchContext, s: number): number {
  return Math.max(0.3, s * ctx.scale);
}
