import { EventStoreError, WrongExpectedRevisionError } from '../errors';
import {
  comparePositions,
  formatPosition,
  type EventStore,
  type ExpectedRevision,
  type GlobalPosition,
  type NewEvent,
  type RecordedEvent,
} from '../event-store.port';
import { eventHash, linkBreak, verifyHashChains, type BrokenLink, type ChainVerification } from '../hash-chain';
import { positiveInteger } from '../expected-revision';
import { NotYetReadableError, waitUntilReadable } from '../readable';

export interface CopyEventsOptions {
  /** Events read from the source per page (default 500). */
  batchSize?: number;
  /**
   * Upper bound on the JSON bytes (data + metadata) of one grouped append (default 512 KiB), kept under KurrentDB's
   * default MaxAppendSize of 1 MiB. One event larger than this still goes alone, as it was first written.
   */
  maxAppendBytes?: number;
  /** Exclusive source position to resume after: the `lastPosition` of an earlier, interrupted run. */
  after?: GlobalPosition | null;
  /** Passed through to `onProgress` for callers that counted the source beforehand (the port cannot count). */
  total?: number;
  /** Called after each page with the events handled so far (copied or found already there). */
  onProgress?: (processed: number, total: number | undefined, position: GlobalPosition) => void;
  /** Called while the target's chains are verified after the copy. */
  onVerifyProgress?: (eventsChecked: number) => void;
  /** Stops between two appends; the result then has `completed: false` and the position to resume after. */
  signal?: AbortSignal;
  /** Verify the target's chains and compare each copied stream's head with the source's (default true). */
  verify?: boolean;
  /** How long verification waits for the target's readers to see the last copied event (default 60 s). */
  readableTimeoutMs?: number;
}

/** A stream whose last event in the target is not the source's: another revision, or the same one hashed apart. */
export interface StreamHeadMismatch {
  streamId: string;
  source: { revision: number; hash: string };
  target: { revision: number; hash: string } | null;
}

export interface CopyEventsResult {
  /** False when the signal stopped the copy; run again with `after: lastPosition` to finish. */
  completed: boolean;
  /** Events read from the source in this run. */
  read: number;
  /** Events the target did not hold and now does. */
  copied: number;
  /** Events the target already held, from an earlier run. */
  alreadyPresent: number;
  /** Streams this run touched. */
  streams: number;
  /** Append calls made to the target. */
  appends: number;
  /** Source position of the last event handled; null when there was nothing to read. */
  lastPosition: GlobalPosition | null;
  /** The target's chains as `verifyHashChains` found them; null when not verified. */
  verification: ChainVerification | null;
  /** Streams whose head in the target differs from the source's; empty when not verified. */
  headMismatches: StreamHeadMismatch[];
}

/**
 * The source's own chain does not hold at this event. Copying it would let the target compute a fresh, intact chain
 * over tampered content, so the copy stops before writing it.
 */
export class SourceChainBrokenError extends EventStoreError {
  readonly code = 'EVENT_STORE.SOURCE_CHAIN_BROKEN';
  constructor(
    readonly streamId: string,
    readonly revision: number,
    readonly reason: BrokenLink['reason'],
  ) {
    super(`source stream ${streamId} is broken at revision ${revision} (${reason}): refusing to copy it`);
  }
}

/**
 * The copy is complete, but the target's `readAll` does not show its last event yet: on PostgreSQL an open transaction
 * anywhere on the server holds the read fence. A later run copies nothing and verifies.
 */
export class CopyNotYetReadableError extends EventStoreError {
  readonly code = 'EVENT_STORE.COPY_NOT_YET_READABLE';
  constructor(
    readonly position: GlobalPosition,
    readonly waitedMs: number,
  ) {
    super(
      `the target's readers still do not see the last copied event (${formatPosition(position)}) after ${waitedMs} ms, ` +
        'so it cannot be verified yet: an open transaction on the target server holds its read fence; run again later to verify',
    );
  }
}

/** The target holds events at the same revisions of a stream that are not the source's. */
export class MigrationConflictError extends WrongExpectedRevisionError {
  constructor(
    streamId: string,
    expected: ExpectedRevision,
    actual: number | 'no_stream',
    /** The first revision at which the target's event differs from the source's. */
    readonly revision: number,
    readonly detail: string,
  ) {
    super(streamId, expected, actual);
    this.message = `${this.message}: ${detail}`;
  }
}

const DEFAULT_BATCH_SIZE = 500;
const DEFAULT_MAX_APPEND_BYTES = 512 * 1024;
const HEAD_READ_CONCURRENCY = 8;

interface ChainHead {
  revision: number;
  hash: string;
}

interface RunOutcome {
  copied: number;
  alreadyPresent: number;
  appends: number;
  /** Where the run's last event is in the target. */
  position: GlobalPosition;
}

/**
 * Copies every event of `source` into `target` through the port, in the source's global order, keeping each event's
 * stream, revision, id, type, data and metadata. Each append expects the revision just before its first event, so:
 * - a re-run writes nothing twice (the target's idempotent append recognises ids it already holds at those revisions),
 *   and a run stopped part-way resumes wherever the target's streams end;
 * - a target stream that is not a prefix of the source's is refused with a WrongExpectedRevisionError naming it.
 * The target computes its own hash chain, and the canonical inputs are the same, so every hash must come out equal to
 * the source's: the verification after the copy checks the target's chains and compares each stream's head hash.
 */
export async function copyEvents(source: EventStore, target: EventStore, options: CopyEventsOptions = {}): Promise<CopyEventsResult> {
  const batchSize = positiveInteger(options.batchSize ?? DEFAULT_BATCH_SIZE, 'batchSize');
  const maxAppendBytes = positiveInteger(options.maxAppendBytes ?? DEFAULT_MAX_APPEND_BYTES, 'maxAppendBytes');
  const resumed = options.after != null;
  const heads = new Map<string, ChainHead>();
  const result: CopyEventsResult = {
    completed: true,
    read: 0,
    copied: 0,
    alreadyPresent: 0,
    streams: 0,
    appends: 0,
    lastPosition: options.after ?? null,
    verification: null,
    headMismatches: [],
  };
  let after = options.after ?? null;
  let targetHead: GlobalPosition | null = null;
  copying: for (;;) {
    if (options.signal?.aborted) {
      result.completed = false;
      break;
    }
    const batch = await source.readAll({ after, maxCount: batchSize });
    if (batch.length === 0) break;
    for (const run of runsOfOneStream(batch, maxAppendBytes)) {
      if (options.signal?.aborted) {
        result.completed = false;
        break copying;
      }
      for (const e of run) checkSourceLink(e, heads, resumed);
      const outcome = await appendRun(target, run);
      result.read += run.length;
      result.copied += outcome.copied;
      result.alreadyPresent += outcome.alreadyPresent;
      result.appends += outcome.appends;
      result.lastPosition = run[run.length - 1].position;
      if (!targetHead || comparePositions(outcome.position, targetHead) > 0) targetHead = outcome.position;
    }
    after = batch[batch.length - 1].position;
    options.onProgress?.(result.read, options.total, after);
  }
  result.streams = heads.size;
  if (result.completed && options.verify !== false) {
    // The chain verification reads through `readAll`, which may trail `readStream` behind the target's read fence.
    if (targetHead) {
      await waitUntilReadable(target, targetHead, options.readableTimeoutMs ?? 60_000).catch((err: unknown) => {
        throw err instanceof NotYetReadableError ? new CopyNotYetReadableError(err.position, err.waitedMs) : err;
      });
    }
    result.verification = await verifyHashChains(target, { batchSize, onProgress: options.onVerifyProgress });
    result.headMismatches = await compareHeads(target, heads);
  }
  return result;
}

/**
 * Splits a page into consecutive events of one stream, never reordering across streams, so the target's global order
 * is the source's; a run is also cut where it would outgrow one append.
 */
function runsOfOneStream(batch: RecordedEvent[], maxAppendBytes: number): RecordedEvent[][] {
  const runs: RecordedEvent[][] = [];
  let current: RecordedEvent[] = [];
  let bytes = 0;
  for (const e of batch) {
    const size = Buffer.byteLength(JSON.stringify(e.data)) + Buffer.byteLength(JSON.stringify(e.metadata));
    const sameStream = current.length > 0 && current[0].streamId === e.streamId && e.revision === current[current.length - 1].revision + 1;
    if (current.length > 0 && (!sameStream || bytes + size > maxAppendBytes)) {
      runs.push(current);
      current = [];
      bytes = 0;
    }
    current.push(e);
    bytes += size;
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

/**
 * On a resumed run a stream first met past revision 0 has its predecessor behind the resume point: its own hash is
 * checked here, and its link to the predecessor by the target (expected revision) and the head comparison.
 */
function checkSourceLink(e: RecordedEvent, heads: Map<string, ChainHead>, resumed: boolean): void {
  const head = heads.get(e.streamId);
  const predecessorBehindResume = resumed && !head && e.revision !== 0;
  const reason = predecessorBehindResume ? (eventHash(e) !== e.hash ? 'hash-mismatch' : null) : linkBreak(e, head);
  if (reason) throw new SourceChainBrokenError(e.streamId, e.revision, reason);
  heads.set(e.streamId, { revision: e.revision, hash: e.hash });
}

async function appendRun(target: EventStore, run: RecordedEvent[]): Promise<RunOutcome> {
  const { streamId } = run[0];
  const first = run[0].revision;
  const expected = expectedBefore(first);
  try {
    const appended = await target.append(streamId, run.map(toNewEvent), expected);
    const { position } = appended;
    return appended.idempotent ? { copied: 0, alreadyPresent: run.length, appends: 1, position } : { copied: run.length, alreadyPresent: 0, appends: 1, position };
  } catch (err) {
    // A target that is behind the run's start lacks events this run cannot supply: that is for the caller to see.
    if (!(err instanceof WrongExpectedRevisionError) || err.actual === 'no_stream' || err.actual < first) throw err;
    return appendPastOverlap(target, run, expected, err.actual);
  }
}

/**
 * The target already holds the start of this run, because an earlier run stopped inside it or paged the source
 * differently. Those events must be the source's own (same ids, same hashes); the rest is appended after them.
 */
async function appendPastOverlap(target: EventStore, run: RecordedEvent[], expected: ExpectedRevision, actual: number): Promise<RunOutcome> {
  const { streamId } = run[0];
  const first = run[0].revision;
  const overlap = Math.min(actual - first + 1, run.length);
  const held = await target.readStream(streamId, { fromRevision: first, maxCount: overlap });
  for (let i = 0; i < overlap; i++) {
    const want = run[i];
    const got = held[i];
    if (!got || got.revision !== want.revision || got.id.toLowerCase() !== want.id.toLowerCase() || got.hash !== want.hash) {
      const what = got
        ? `the target's revision ${want.revision} is event ${got.id} (hash ${got.hash.slice(0, 12)}), the source's is ${want.id} (hash ${want.hash.slice(0, 12)})`
        : `the target has no revision ${want.revision}`;
      throw new MigrationConflictError(streamId, expected, actual, want.revision, what);
    }
  }
  const rest = run.slice(overlap);
  if (rest.length === 0) return { copied: 0, alreadyPresent: run.length, appends: 1, position: held[overlap - 1].position };
  const appended = await target.append(streamId, rest.map(toNewEvent), rest[0].revision - 1);
  const { position } = appended;
  return appended.idempotent
    ? { copied: 0, alreadyPresent: run.length, appends: 2, position }
    : { copied: rest.length, alreadyPresent: overlap, appends: 2, position };
}

/**
 * The idempotent append recognises ids, not content, so a target holding the source's ids over other content would
 * pass as copied: comparing each stream's head hash (which commits to the whole chain) catches that.
 */
async function compareHeads(target: EventStore, heads: Map<string, ChainHead>): Promise<StreamHeadMismatch[]> {
  const entries = [...heads];
  const mismatches: StreamHeadMismatch[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < entries.length) {
      const [streamId, head] = entries[next++];
      const [last] = await target.readStream(streamId, { direction: 'backwards', maxCount: 1 });
      if (!last || last.revision !== head.revision || last.hash !== head.hash) {
        mismatches.push({ streamId, source: head, target: last ? { revision: last.revision, hash: last.hash } : null });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(HEAD_READ_CONCURRENCY, entries.length) }, worker));
  return mismatches.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
}

function expectedBefore(revision: number): ExpectedRevision {
  return revision === 0 ? 'no_stream' : revision - 1;
}

function toNewEvent(e: RecordedEvent): NewEvent {
  return { id: e.id, type: e.type, data: e.data, metadata: e.metadata };
}
