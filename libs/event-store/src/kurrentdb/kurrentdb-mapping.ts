import type {
  AppendStreamState,
  Filter,
  JSONEventData,
  JSONType,
  Position,
  PrefixesFilter,
  ReadPosition,
  RegexFilter,
} from '@kurrent/kurrentdb-client';
import { WrongExpectedRevisionError } from '../errors';
import type { AllFilter, EventMetadata, ExpectedRevision, GlobalPosition, RecordedEvent } from '../event-store.port';
import type { PreparedEvent } from '../validation';

// Only type imports from the client: loading it starts a native addon, which the PostgreSQL default must not need.
// The filter objects below equal what the client's own builders produce (the unit tests compare them).

/** The shape of a recorded event as the client yields it from reads and subscriptions (JSON or binary). */
export interface KurrentEventRecord {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  created: Date;
  data: unknown;
  metadata?: unknown;
  position?: Position;
}

export interface KurrentResolvedEvent {
  event?: KurrentEventRecord;
}


export function toStreamState(expected: ExpectedRevision): AppendStreamState {
  return typeof expected === 'number' ? BigInt(expected) : expected;
}

/** A stream's current state as the server reports it; deleted or tombstoned streams (negative) do not exist. */
export function toActualRevision(state: unknown): number | 'no_stream' {
  if (state === 'no_stream' || state === undefined || state === null) return 'no_stream';
  if (typeof state === 'bigint' || typeof state === 'number' || (typeof state === 'string' && /^-?\d+$/.test(state))) {
    const n = BigInt(state);
    return n >= 0n ? Number(n) : 'no_stream';
  }
  throw new TypeError(`not a stream state: ${String(state)}`);
}

interface WrongExpectedVersionLike {
  type?: unknown;
  name?: unknown;
  actualState?: unknown;
  actualVersion?: unknown;
  actualRevision?: unknown;
}

/**
 * The stream's actual revision when `err` is the client's wrong-expected-version error, else undefined. This client
 * names the field actualState; older @eventstore/db-client releases named it actualVersion or actualRevision.
 */
export function wrongExpectedActual(err: unknown): number | 'no_stream' | undefined {
  if (err === null || typeof err !== 'object') return undefined;
  const e = err as WrongExpectedVersionLike;
  if (e.type !== 'wrong-expected-version' && e.name !== 'WrongExpectedVersionError') return undefined;
  return toActualRevision(e.actualState ?? e.actualVersion ?? e.actualRevision);
}

/** The port's error for a refused expectation, naming what the caller expected; anything else is passed on. */
export function translateAppendError(err: unknown, streamId: string, expected: ExpectedRevision): unknown {
  const actual = wrongExpectedActual(err);
  return actual === undefined ? err : new WrongExpectedRevisionError(streamId, expected, actual);
}

export function isStreamNotFound(err: unknown): boolean {
  const type = (err as { type?: unknown } | null)?.type;
  return type === 'stream-not-found' || (err as { name?: unknown } | null)?.name === 'StreamNotFoundError';
}


export function toGlobalPosition(p: Position): GlobalPosition {
  return { commit: BigInt(p.commit), prepare: BigInt(p.prepare) };
}

export function toClientPosition(p: GlobalPosition): Position {
  return { commit: p.commit, prepare: p.prepare };
}

/** Where a forwards read or subscription of $all starts for an exclusive checkpoint. */
export function readPositionAfter(after: GlobalPosition | null | undefined): ReadPosition {
  return after ? toClientPosition(after) : 'start';
}


function nonEmpty(list: string[] | undefined): string[] | null {
  return list && list.length > 0 ? list : null;
}

/**
 * The server-side filter for a port filter. KurrentDB filters on one dimension only, and event-type prefixes are not
 * exact types, so the predicate from `acceptsEvent` always runs on the client as well.
 */
export function buildServerFilter(filter: AllFilter | undefined): Filter {
  const prefixes = nonEmpty(filter?.streamPrefixes);
  if (prefixes) return { filterOn: 'streamName', checkpointInterval: 1, checkpointReached: undefined, prefixes: [...prefixes] } satisfies PrefixesFilter;
  const types = nonEmpty(filter?.eventTypes);
  if (types) return { filterOn: 'eventType', checkpointInterval: 1, checkpointReached: undefined, prefixes: [...types] } satisfies PrefixesFilter;
  return excludeSystemEventsFilter();
}

export function excludeSystemEventsFilter(): RegexFilter {
  return { filterOn: 'eventType', checkpointInterval: 1, checkpointReached: undefined, regex: '^[^$].*' };
}


export const HASH_KEY = '$hash';
export const PREV_HASH_KEY = '$prevHash';
/** Names the append call that wrote an event, to tell our write from the server's idempotent acknowledgement. */
export const APPEND_ID_KEY = '$appendId';

export interface StoredChainFields {
  hash: string;
  prevHash: string | null;
  appendId: string;
}

/** A caller's own `$` keys are escaped with a second `$`, so no metadata can collide with the reserved keys. */
export function toStoredMetadata(metadata: EventMetadata, chain: StoredChainFields): Record<string, unknown> {
  const stored: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metadata)) stored[key.startsWith('$') ? `$${key}` : key] = value;
  stored[HASH_KEY] = chain.hash;
  stored[PREV_HASH_KEY] = chain.prevHash;
  stored[APPEND_ID_KEY] = chain.appendId;
  return stored;
}

export interface ReadMetadata {
  metadata: EventMetadata;
  /** Empty when the event was not written through this adapter, which the chain verification then reports. */
  hash: string;
  prevHash: string | null;
  appendId: string | null;
}

export function fromStoredMetadata(stored: unknown): ReadMetadata {
  const metadata: Record<string, unknown> = {};
  let hash = '';
  let prevHash: string | null = null;
  let appendId: string | null = null;
  if (stored !== null && typeof stored === 'object' && !Array.isArray(stored) && !(stored instanceof Uint8Array)) {
    for (const [key, value] of Object.entries(stored)) {
      if (key === HASH_KEY) hash = typeof value === 'string' ? value : '';
      else if (key === PREV_HASH_KEY) prevHash = typeof value === 'string' ? value : null;
      else if (key === APPEND_ID_KEY) appendId = typeof value === 'string' ? value : null;
      else metadata[key.startsWith('$$') ? key.slice(1) : key] = value;
    }
  }
  return { metadata: metadata as EventMetadata, hash, prevHash, appendId };
}


export function toEventData(e: PreparedEvent, chain: StoredChainFields): JSONEventData {
  return {
    id: e.id,
    contentType: 'application/json',
    type: e.type,
    // The client JSON-encodes any JSON value; its type only names the usual object/array/string cases.
    data: e.data as JSONType,
    metadata: toStoredMetadata(e.metadata, chain),
  };
}

export interface MappedEvent {
  event: RecordedEvent;
  appendId: string | null;
}

export function toRecordedEvent(e: KurrentEventRecord): MappedEvent {
  if (!e.position) {
    throw new Error(`KurrentDB returned ${e.streamId}@${e.revision} without its log position; the adapter needs server 22.6 or later`);
  }
  const { metadata, hash, prevHash, appendId } = fromStoredMetadata(e.metadata);
  return {
    event: {
      id: e.id,
      streamId: e.streamId,
      revision: Number(e.revision),
      type: e.type,
      data: e.data,
      metadata,
      position: toGlobalPosition(e.position),
      recordedAt: e.created,
      hash,
      prevHash,
    },
    appendId,
  };
}
