import { targetLine, type BenchContext, type BenchPart, type PartResult } from '../lib/part';
import { num } from '../lib/report';
import { spread } from '../lib/stats';

const mib = (bytes: number) => num(bytes / 2 ** 20, 0);

/** Part 5: the service's resident memory while the other parts loaded it; it measures nothing itself. */
export const memoryPart: BenchPart = {
  name: 'memory',
  title: 'Part 5 — service memory (RSS)',
  async run(ctx: BenchContext): Promise<PartResult> {
    const { phases, lifetimes } = ctx.memory;
    const rows = [
      ...phases.map((p) => [`${p.part}: ${p.phase}`, mib(p.peakRssBytes), mib(p.meanRssBytes), String(p.samples)]),
      ...lifetimes.map((l) => [`${l.part}: ${l.label} (VmHWM, whole life)`, mib(l.vmHwmBytes), '', '']),
    ];
    const peak = Math.max(0, ...phases.map((p) => p.peakRssBytes), ...lifetimes.map((l) => l.vmHwmBytes));
    return {
      name: this.name,
      title: this.title,
      tables: [{ title: 'Part 5 — service RSS (MiB), sampled from /proc every 100 ms', columns: ['phase', 'peak', 'mean', 'samples'], rows }],
      ratios: [],
      // Every part: the highest of all phases and of each process's whole-life high-water mark.
      targets: phases.length ? [targetLine('service peak RSS over every part that ran it', spread([peak / 2 ** 20]), { atMost: 300 }, ' MiB', 0)] : [],
      notes: phases.length ? [`peak RSS of the service over the bench: ${mib(peak)} MiB`] : ['no part that runs the service ran, so there is nothing to report'],
      data: { peakRssBytes: peak, phases, lifetimes },
    };
  },
};
