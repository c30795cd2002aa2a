import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what survived its last full collection before it collects again:
 * 100 % (twice the live set) instead of V8's own choice, which on a machine with a few GiB or more is up to 300 %
 * (four times). The service's live set is ~65 MB while it builds read models or serves the command mix, and nearly all
 * of the rest of its heap was garbage waiting for that next collection. Not a limit: the heap still grows as far as a
 * larger live set needs. See docs/decisions/0012-heap-growing-factor.md.
 */
export const HEAP_GROWING_PERCENT = 100;

/** The V8 flags `tuneHeap` sets: none when the process was started with its own `--heap-growing-percent`. */
export function heapFlags(execArgv: readonly string[] = process.execArgv): string[] {
  if (execArgv.some((a) => /^--heap[-_]growing[-_]percent(=|$)/.test(a))) return [];
  return [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`];
}

/**
 * Applies `heapFlags` to this process; called first thing by the api and worker entry points, so `npm start`, the
 * worker and the bench's spawned service all run with it. V8 reads the flag at every full collection, so setting it
 * after start-up takes effect from the next one.
 */
export function tuneHeap(execArgv: readonly string[] = process.execArgv): void {
  for (const flag of heapFlags(execArgv)) setFlagsFromString(flag);
}
