/**
 * The event store port. Modelled on KurrentDB's semantics so that the PostgreSQL and KurrentDB adapters can pass one
 * contract suite: 0-based stream revisions, expected revision as an exact number or `no_stream` / `stream_exists` /
 * `any`, event ids that make retries idempotent, and a two-part global position `{ commit, prepare }` ordered
 * lexicographically (KurrentDB: commit/prepare log positions; PostgreSQL: transaction id / sequence number).
 */

export type ExpectedRevision = number | 'no_stream' | 'stream_exists' | 'any';

/** Who did it and why: every event carries this, so auditors can answer "who, when, why" years later. */
export interface EventMetadata {
  actor: { id: string; role: string; unit: string };
  correlationId: string;
  causationId?: string;
  commandId?: string;
  reason?: string;
  /** ISO-8601 instant at which the fact happened (business time, from the command), not when it was stored. */
  occurredAt: string;
  [extra: string]: unknown;
}

export interface NewEvent<Type extends string = string, Data = unknown> {
  id: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
}

export interface GlobalPosition {
  commit: bigint;
  prepare: bigint;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  id: string;
  streamId: string;
  revision: number;
  type: Type;
  data: Data;
  metadata: EventMetadata;
  position: GlobalPosition;
  /** When the store committed it (storage time; business time is metadata.occurredAt). */
  recordedAt: Date;
  /** SHA-256 (hex) of this event's canonical form chained to the previous event of the stream. */
  hash: string;
  prevHash: string | null;
}

export interface AppendResult {
  /** The stream's revision after the append (the revision of its last event). */
  nextRevision: number;
  position: GlobalPosition;
  /** True when every event id was already stored at this position: a retry that wrote nothing. */
  idempotent: boolean;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive; defaults to the start (forwards) or the end (backwards). */
  fromRevision?: number;
  maxCount?: number;
}

export interface AllFilter {
  streamPrefixes?: string[];
  eventTypes?: string[];
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omitted: from the beginning. */
  after?: GlobalPosition | null;
  maxCount?: number;
  filter?: AllFilter;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: delivery starts strictly after it. */
  after?: GlobalPosition | null;
  filter?: AllFilter;
  batchSize?: number;
  /** Fallback polling interval when no notification arrives (ms). */
  pollIntervalMs?: number;
}

/**
 * A batch handler; the subscription delivers the next batch only after the promise resolves, so a handler that
 * writes its checkpoint with its rows gets at-least-once delivery with no gaps. A rejection stops the subscription.
 */
export type BatchHandler = (batch: RecordedEvent[]) => Promise<void>;

export interface Subscription {
  /** Resolves when the subscription stops; rejects with the handler's or the store's error. */
  readonly done: Promise<void>;
  /**
   * Position up to which every matching event has been handled: the last event whose batch the handler finished, or,
   * for a filtered subscription with nothing to deliver, the last position it looked at.
   */
  readonly lastPosition: GlobalPosition | null;
  /** True once the subscription has read everything that was visible and is waiting for new events. */
  readonly isLive: boolean;
  stop(): Promise<void>;
}

export interface PendingCount {
  count: number;
  /** The earliest `recordedAt` among them (not necessarily the first in global order: concurrent writers interleave). */
  oldestRecordedAt: Date | null;
}

export interface StreamHead {
  streamId: string;
  revision: number;
  lastHash: string;
}

export interface EventStoreHealth {
  reachable: boolean;
  /** Adapter-specific details, e.g. how long the oldest open transaction has held the read fence. */
  details: Record<string, unknown>;
  /** False when readers cannot progress (e.g. the fence has not moved for too long). */
  progressing: boolean;
}

export interface EventStore {
  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Every event of each stream named, in revision order (a stream with no events maps to an empty list), read in one
   * go. Stores without it leave it out; `readStreams()` then reads the streams one by one.
   */
  readStreams?(streamIds: string[]): Promise<Map<string, RecordedEvent[]>>;
  /** The revision of the stream's last event, or null when the stream does not exist. */
  streamRevision(streamId: string): Promise<number | null>;
  /** Events in global order, never past an event that a still-open transaction could precede. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** The position of the last event readers can currently see, or null on an empty store. */
  headPosition(): Promise<GlobalPosition | null>;
  /**
   * The position of the last committed event matching the filter, including any a reader cannot see yet because an
   * older transaction is still open (stores with a read fence). Lets a caller wait for its own writes to be read.
   * Stores without a fence may leave it out; callers then use the last visible event.
   */
  lastCommittedPosition?(filter?: AllFilter): Promise<GlobalPosition | null>;
  /**
   * How many events `readAll` with these options would return (at most `maxCount`) and when the oldest of them was
   * recorded, without reading them: a lag gauge polled by health checks and metrics. Stores that can only count by
   * reading may leave it out; callers then read.
   */
  countAll?(options?: ReadAllOptions): Promise<PendingCount>;
  /**
   * Every stream's head as the store's own index records it (revision and hash of its last event). Audits compare it
   * with the chains, which catches a last event deleted; stores that keep no such index leave it out.
   */
  streamHeads?(): Promise<StreamHead[]>;
  subscribeToAll(options: SubscribeOptions, handler: BatchHandler): Subscription;
  health(): Promise<EventStoreHealth>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');

export function comparePositions(a: GlobalPosition, b: GlobalPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export function formatPosition(p: GlobalPosition): string {
  return `${p.commit}/${p.prepare}`;
}

export function parsePosition(text: string): GlobalPosition {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) throw new Error(`not a global position: ${text}`);
  return { commit: BigInt(m[1]), prepare: BigInt(m[2]) };
}
