import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** CPU used over a window, in cores (1.0 = one core busy the whole window). */
export interface CpuUse {
  /** Everything the machine did, other tenants included; near the core count means the figure is CPU-bound. */
  machine: number;
  /** The bench process: load generation, and in part 1 the client side of every store (hashing, JSON, pg protocol). */
  bench: number;
  /** The service under test, when one runs. */
  service: number;
  /** The bench's PostgreSQL: postmaster, backends, WAL writer, checkpointer. */
  postgres: number;
  /** The machine less all of the above: other tenants of a shared machine, the kernel's own threads. */
  others: number;
  /** Length of the window, so that cores × seconds gives CPU time. */
  seconds: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux the bench targets

interface Proc {
  ppid: number;
  comm: string;
  ticks: number;
}

function readProcs(): Map<number, Proc> {
  const out = new Map<number, Proc>();
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // comm may hold spaces and parentheses: the fields start after the last ')'.
      const close = stat.lastIndexOf(')');
      const f = stat.slice(close + 2).split(' ');
      out.set(Number(name), { ppid: Number(f[1]), comm: stat.slice(stat.indexOf('(') + 1, close), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // exited between readdir and read
    }
  }
  return out;
}

function machineTicks(): { busy: number; total: number } {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - f[3] - f[4], total };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

function descendants(procs: Map<number, Proc>, root: number): Set<number> {
  const out = new Set<number>([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, p] of procs) {
      if (!out.has(pid) && out.has(p.ppid)) {
        out.add(pid);
        grew = true;
      }
    }
  }
  return out;
}

/**
 * Starts measuring; the returned function ends the window. PostgreSQL is found as the bench's descendants named
 * "postgres" (the embedded server is its child), the service as the given pid and its descendants. A process that
 * starts or exits inside the window counts only for the part of it both snapshots saw, which for pooled backends is
 * all of it.
 */
export function startCpu(servicePid?: number): () => CpuUse {
  const t0 = performance.now();
  const m0 = machineTicks();
  const p0 = readProcs();
  return () => {
    const seconds = (performance.now() - t0) / 1000;
    const m1 = machineTicks();
    const p1 = readProcs();
    const service = servicePid === undefined ? new Set<number>() : descendants(p1, servicePid);
    const mine = descendants(p1, process.pid);
    const used = (pids: Iterable<number>) => {
      let ticks = 0;
      for (const pid of pids) ticks += Math.max(0, (p1.get(pid)?.ticks ?? 0) - (p0.get(pid)?.ticks ?? 0));
      return ticks / TICKS_PER_SECOND / seconds;
    };
    const postgres = [...mine].filter((pid) => !service.has(pid) && p1.get(pid)?.comm === 'postgres');
    const use = { machine: (m1.busy - m0.busy) / TICKS_PER_SECOND / seconds, bench: used([process.pid]), service: used(service), postgres: used(postgres) };
    return { ...use, others: Math.max(0, use.machine - use.bench - use.service - use.postgres), seconds };
  };
}
