import type { ExpectedRevision } from './event-store.port';

/** Whether a stream at `current` (null: no stream) satisfies the caller's expectation; the same rule in every adapter. */
export function revisionMatches(expected: ExpectedRevision, current: number | null): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === null;
    case 'stream_exists':
      return current !== null;
    default:
      return current === expected;
  }
}

export function assertExpected(expected: ExpectedRevision): void {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw new TypeError(`expected revision must be a non-negative integer, 'no_stream', 'stream_exists' or 'any'`);
  }
}

/** A read's page size: a default when unset, refused when not a positive integer, capped so one page stays bounded. */
export function clampCount(n: number | undefined): number {
  if (n === undefined) return 4096;
  if (!Number.isSafeInteger(n) || n < 1) throw new TypeError('maxCount must be a positive integer');
  return Math.min(n, 100_000);
}

/** A numeric option that must be a positive integer; refused with a TypeError naming it otherwise. */
export function positiveInteger(n: number, name: string): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new TypeError(`${name} must be a positive integer`);
  return n;
}
