import { LatencyRecorder, median, pairedRatio, percentile, spread, summariseLatencies } from './stats';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('takes the 99.9th percentile below the maximum once there are a thousand values', () => {
    // (99.9 / 100) × n rounds up past the exact rank in floating point for these counts.
    for (const n of [1000, 2000, 3000, 10_000, 100_000]) {
      const values = Float64Array.from({ length: n }, (_, i) => i + 1);
      expect(percentile(values, 99.9)).toBe(n * 0.999);
    }
    expect(percentile(Float64Array.from({ length: 999 }, (_, i) => i + 1), 99.9)).toBe(999);
  });

  it('takes the median of odd and even counts, ignoring runs that produced nothing', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, NaN, 1])).toBe(3);
    expect(median([])).toBeNaN();
  });

  it('reports median and min–max of runs and keeps the runs', () => {
    expect(spread([10, 30, 20])).toEqual({ median: 20, min: 10, max: 30, runs: [10, 30, 20] });
    const empty = spread([NaN]);
    expect(empty.median).toBeNaN();
    expect(empty.min).toBeNaN();
  });

  it('pairs ratios run by run before summarising them', () => {
    // Drift doubles both sides in the second round; the paired ratio does not move.
    expect(pairedRatio([50, 100, 75], [100, 200, 150])).toMatchObject({ median: 0.5, min: 0.5, max: 0.5 });
    expect(pairedRatio([1], [0]).median).toBeNaN();
    expect(() => pairedRatio([1, 2], [1])).toThrow(RangeError);
  });

  it('summarises latencies from a growing recorder', () => {
    const r = new LatencyRecorder();
    for (let i = 10_000; i >= 1; i--) r.record(i / 10);
    expect(r.count).toBe(10_000);
    const s = r.summary();
    expect(s).toMatchObject({ count: 10_000, p50: 500, p99: 990, p999: 999, max: 1000 });
    expect(s.mean).toBeCloseTo(500.05, 5);
    expect(summariseLatencies([]).count).toBe(0);
  });
});
