import { targetLine, type PartResult } from './part';
import { targetTable } from './report';
import { spread } from './stats';

describe('issue 15 target lines', () => {
  it('judges a throughput target on the median of the runs, not its best run', () => {
    const l = targetLine('appends c=8: ours/limit', spread([0.7, 0.85, 0.75]), { atLeast: 0.8 }, '×');
    expect(l).toEqual({ what: 'appends c=8: ours/limit', goal: '≥ 0.80×', measured: '0.75× (0.70×–0.85×)', met: false });
    expect(targetLine('x', spread([0.8, 0.9, 0.81]), { atLeast: 0.8 }, '×').met).toBe(true);
  });

  it('judges a time or size target as a bound from above, and shows a single run without a spread', () => {
    expect(targetLine('first start', spread([31.04]), { atMost: 30 }, ' s', 1)).toEqual({ what: 'first start', goal: '≤ 30.0 s', measured: '31.0 s', met: false });
    expect(targetLine('peak RSS', spread([250]), { atMost: 300 }, ' MiB', 0).met).toBe(true);
  });

  it('collects the targets of every part into one table that counts the ones met', () => {
    const part = (name: string, targets: PartResult['targets']): PartResult => ({ name, title: name, tables: [], ratios: [], targets, notes: [], data: null });
    const table = targetTable([
      part('a', [targetLine('one', spread([1]), { atLeast: 2 }, '×')]),
      part('b', undefined),
      part('c', [targetLine('two', spread([10]), { atMost: 50 }, ' ms', 0)]),
    ]);
    expect(table?.title).toContain('1 of 2 met');
    expect(table?.rows.map((r) => [r[0], r[3]])).toEqual([
      ['one', 'NOT MET'],
      ['two', 'met'],
    ]);
    expect(targetTable([part('d', [])])).toBeNull();
  });
});
