/** Summary of one figure over the timed runs of a part: the median is what the report shows, min–max its spread. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of ascending values (p in 0..100); NaN for no values. */
export function percentile(sortedAscending: ArrayLike<number>, p: number): number {
  const n = sortedAscending.length;
  if (n === 0) return NaN;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  // p × n / 100 in that order and an epsilon: (99.9 / 100) × 1000 is 999.0000000000001 in floating point, which
  // would take rank 1000, the maximum, for the 99.9th percentile of a thousand values.
  const rank = Math.max(1, Math.ceil((p * n) / 100 - 1e-9));
  return sortedAscending[Math.min(n, rank) - 1];
}

export function median(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const n = finite.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? finite[mid] : (finite[mid - 1] + finite[mid]) / 2;
}

/** Non-finite runs (a run that produced nothing) are kept in `runs` for the record but left out of the summary. */
export function spread(runs: readonly number[]): Spread {
  const finite = runs.filter((v) => Number.isFinite(v));
  return {
    median: median(finite),
    min: finite.length ? Math.min(...finite) : NaN,
    max: finite.length ? Math.max(...finite) : NaN,
    runs: [...runs],
  };
}

export function summariseLatencies(samplesMs: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(samplesMs).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    p999: percentile(sorted, 99.9),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    mean: sorted.length ? sum / sorted.length : NaN,
  };
}

/**
 * Ratio of two figures measured side by side in the same round. Pairing runs before taking the median keeps drift of
 * the machine (another tenant, a checkpoint) out of the ratio, since both sides of a pair saw the same conditions.
 */
export function pairedRatio(numerator: readonly number[], denominator: readonly number[]): Spread {
  if (numerator.length !== denominator.length) throw new RangeError('paired runs must have the same length');
  return spread(numerator.map((n, i) => (denominator[i] > 0 ? n / denominator[i] : NaN)));
}

/** Collects latencies without per-sample allocation; a 2-core run at full speed records a few hundred thousand. */
export class LatencyRecorder {
  private buf = new Float64Array(4096);
  private n = 0;

  record(ms: number): void {
    if (this.n === this.buf.length) {
      const bigger = new Float64Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.n++] = ms;
  }

  get count(): number {
    return this.n;
  }

  summary(): LatencySummary {
    return summariseLatencies(this.buf.subarray(0, this.n));
  }
}
