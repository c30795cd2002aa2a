import type { BenchServer } from './embedded-pg';
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

export interface PartResult {
  name: string;
  title: string;
  tables: Table[];
  ratios: RatioLine[];
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
