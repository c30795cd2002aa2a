import { randomUUID } from 'node:crypto';
import type {
  AppendResult as KurrentAppendResult,
  AppendToStreamOptions,
  EventData,
  KurrentDBClient,
  ReadAllOptions as KurrentReadAllOptions,
  ReadStreamOptions as KurrentReadStreamOptions,
  SubscribeToAllOptions,
} from '@kurrent/kurrentdb-client';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../errors';
import {
  comparePositions,
  type AppendResult,
  type BatchHandler,
  type EventStore,
  type EventStoreHealth,
  type ExpectedRevision,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port';
import { eventHash } from '../hash-chain';
import { assertExpected, clampCount, positiveInteger, revisionMatches } from '../expected-revision';
import { assertValidStreamName, DEFAULT_MAX_EVENT_BYTES, prepareBatch, type PreparedEvent } from '../validation';
import {
  buildServerFilter,
  excludeSystemEventsFilter,
  isStreamNotFound,
  readPositionAfter,
  toActualRevision,
  toClientPosition,
  toEventData,
  toGlobalPosition,
  toRecordedEvent,
  toStreamState,
  wrongExpectedActual,
  type KurrentEventRecord,
  type KurrentResolvedEvent,
  type MappedEvent,
} from './kurrentdb-mapping';
import { acceptsEvent, isSystemEvent } from '../filter';

/** The part of the client's catch-up subscription the adapter uses: a paused object-mode Readable with signals. */
export interface KurrentSubscriptionLike {
  read(): KurrentResolvedEvent | null;
  on(event: 'readable' | 'end' | 'close' | 'caughtUp' | 'fellBehind', listener: () => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  unsubscribe(): Promise<void>;
}

/** The part of `KurrentDBClient` the adapter uses; tests give it an in-memory fake. */
export interface KurrentClientLike {
  appendToStream(streamName: string, events: EventData[], options?: AppendToStreamOptions): Promise<KurrentAppendResult>;
  readStream(streamName: string, options?: KurrentReadStreamOptions): AsyncIterable<KurrentResolvedEvent>;
  readAll(options?: KurrentReadAllOptions): AsyncIterable<KurrentResolvedEvent>;
  subscribeToAll(options?: SubscribeToAllOptions): KurrentSubscriptionLike;
  dispose(): Promise<void>;
}

export interface KurrentDbEventStoreOptions {
  maxEventBytes?: number;
  /**
   * How many of a stream's latest events an append with `any` / `stream_exists` searches for its event ids. Older
   * retries are not recognised here, as KurrentDB's own deduplication is windowed too: the command layer's
   * idempotency keys must cover them.
   */
  idempotencyWindow?: number;
  /** Attempts of an `any` / `stream_exists` append that keeps losing the race for the stream's next revision. */
  looseAppendAttempts?: number;
}

const DEFAULT_BATCH_SIZE = 500;
const DEFAULT_IDLE_MS = 250;
const HEAD_PAGE = 32;

/**
 * Event store on KurrentDB. Every append is made with the exact revision the adapter read, because the hash chain
 * links each event to its predecessor: a loose expectation (`any`, `stream_exists`) re-reads and retries instead of
 * letting a concurrent writer slip between the read and the write.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly maxEventBytes: number;
  private readonly idempotencyWindow: number;
  private readonly looseAppendAttempts: number;
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private closed = false;

  constructor(
    private readonly client: KurrentClientLike,
    options: KurrentDbEventStoreOptions = {},
  ) {
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.idempotencyWindow = positiveInteger(options.idempotencyWindow ?? 100, 'idempotencyWindow');
    this.looseAppendAttempts = positiveInteger(options.looseAppendAttempts ?? 20, 'looseAppendAttempts');
  }

  /** A store owning a client for `kurrentdb://…` / `esdb://…` connection strings; close() disposes it. */
  static fromConnectionString(connectionString: string, options: KurrentDbEventStoreOptions = {}): KurrentDbEventStore {
    // Required here, not imported: the client loads a native addon that deployments on PostgreSQL never need.
    const { KurrentDBClient: Client } = require('@kurrent/kurrentdb-client') as typeof import('@kurrent/kurrentdb-client');
    const client: KurrentDBClient = Client.connectionString(connectionString);
    return new KurrentDbEventStore(client, options);
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const prepared = prepareBatch(streamId, events, this.maxEventBytes);
    assertExpected(expected);
    this.assertOpen();
    const loose = expected === 'any' || expected === 'stream_exists';
    for (let attempt = 1; ; attempt++) {
      const tail = await this.readStreamRaw(streamId, {
        direction: 'backwards',
        fromRevision: 'end',
        maxCount: loose ? this.idempotencyWindow : 1,
        requiresLeader: true,
      });
      const current = tail.length > 0 ? tail[0].event.revision : null;
      const replay = loose ? windowReplay(tail, prepared) : await this.exactReplay(streamId, prepared, expected, current);
      if (replay) return replay;
      if (!revisionMatches(expected, current)) throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
      if (loose) {
        const seen = new Set(tail.map((t) => t.event.id.toLowerCase()));
        const reused = prepared.filter((e) => seen.has(e.id)).map((e) => e.id);
        if (reused.length > 0) throw new DuplicateEventIdError(streamId, reused);
      }
      const appendId = randomUUID();
      const data = chain(streamId, prepared, current, tail[0]?.event.hash ?? null, appendId);
      let actual: number | 'no_stream';
      try {
        const result = await this.client.appendToStream(streamId, data, { streamState: toStreamState(current ?? 'no_stream') });
        if (result.success !== false) return await this.confirm(streamId, prepared, result, appendId);
        actual = toActualRevision(result.nextExpectedRevision);
      } catch (err) {
        const conflict = wrongExpectedActual(err);
        if (conflict === undefined) throw err;
        actual = conflict;
      }
      if (!loose || attempt >= this.looseAppendAttempts) throw new WrongExpectedRevisionError(streamId, expected, actual);
      await sleep(Math.random() * Math.min(50, 2 ** attempt));
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    assertValidStreamName(streamId);
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision;
    if (from !== undefined && (!Number.isSafeInteger(from) || from < 0)) {
      throw new TypeError('fromRevision must be a non-negative integer');
    }
    const read = await this.readStreamRaw(streamId, {
      direction: backwards ? 'backwards' : 'forwards',
      fromRevision: from === undefined ? (backwards ? 'end' : 'start') : BigInt(from),
      maxCount: clampCount(options.maxCount),
    });
    return read.map((m) => m.event);
  }

  async streamRevision(streamId: string): Promise<number | null> {
    assertValidStreamName(streamId);
    this.assertOpen();
    const [last] = await this.readStreamRaw(streamId, { direction: 'backwards', fromRevision: 'end', maxCount: 1 });
    return last ? last.event.revision : null;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const maxCount = clampCount(options.maxCount);
    const filter = buildServerFilter(options.filter);
    const accept = acceptsEvent(options.filter);
    const out: RecordedEvent[] = [];
    let cursor = options.after ?? null;
    for (;;) {
      // One more than wanted: the server's fromPosition is inclusive, so the checkpoint's own event may come first.
      const request = maxCount - out.length + 1;
      const start = cursor;
      let received = 0;
      for await (const resolved of this.client.readAll({ direction: 'forwards', fromPosition: readPositionAfter(cursor), maxCount: request, filter })) {
        received++;
        const e = resolved.event;
        if (!e) continue;
        const position = positionOf(e);
        if (cursor && comparePositions(position, cursor) <= 0) continue;
        cursor = position;
        if (!accept(e)) continue;
        out.push(toRecordedEvent(e).event);
        if (out.length === maxCount) return out;
      }
      // Events the client had to drop (system, inexact type) must not end a page early: keep reading past them.
      if (received < request || cursor === start) return out;
    }
  }

  async headPosition(): Promise<GlobalPosition | null> {
    this.assertOpen();
    const filter = excludeSystemEventsFilter();
    let cursor: GlobalPosition | null = null;
    for (;;) {
      const start: GlobalPosition | null = cursor;
      let received = 0;
      for await (const resolved of this.client.readAll({
        direction: 'backwards',
        fromPosition: cursor ? toClientPosition(cursor) : 'end',
        maxCount: HEAD_PAGE,
        filter,
      })) {
        received++;
        const e = resolved.event;
        if (!e) continue;
        const position = positionOf(e);
        if (cursor && comparePositions(position, cursor) >= 0) continue;
        cursor = position;
        if (!isSystemEvent(e)) return position;
      }
      if (received < HEAD_PAGE || cursor === start) return null;
    }
  }

  subscribeToAll(options: SubscribeOptions, handler: BatchHandler): Subscription {
    this.assertOpen();
    const sub = new CatchUpSubscription(this.client, options, handler);
    this.subscriptions.add(sub);
    sub.done.finally(() => this.subscriptions.delete(sub)).catch(() => undefined);
    return sub;
  }

  async health(): Promise<EventStoreHealth> {
    try {
      const probe = this.client.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 })[Symbol.asyncIterator]();
      await probe.next();
      await probe.return?.();
      // There is no read fence in KurrentDB: a reachable server lets every reader progress.
      return { reachable: true, progressing: true, details: { adapter: 'kurrentdb' } };
    } catch (err) {
      return { reachable: false, progressing: false, details: { adapter: 'kurrentdb', error: (err as Error).message } };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.subscriptions].map((s) => s.stop()));
    await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }

  private async readStreamRaw(streamId: string, options: KurrentReadStreamOptions): Promise<MappedEvent[]> {
    const out: MappedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, options)) {
        if (resolved.event) out.push(toRecordedEvent(resolved.event));
      }
    } catch (err) {
      if (isStreamNotFound(err)) return [];
      throw err;
    }
    return out;
  }

  /** A retry with an exact expectation: the very same ids, in order, at the revisions the expectation implies. */
  private async exactReplay(
    streamId: string,
    prepared: PreparedEvent[],
    expected: number | 'no_stream',
    current: number | null,
  ): Promise<AppendResult | null> {
    const start = expected === 'no_stream' ? 0 : expected + 1;
    if (current === null || current < start) return null;
    const stored = await this.readStreamRaw(streamId, {
      direction: 'forwards',
      fromRevision: BigInt(start),
      maxCount: prepared.length,
      requiresLeader: true,
    });
    if (stored.length !== prepared.length) return null;
    if (stored.some((s, i) => s.event.revision !== start + i || s.event.id.toLowerCase() !== prepared[i].id)) return null;
    const last = stored[stored.length - 1].event;
    return { nextRevision: last.revision, position: last.position, idempotent: true };
  }

  /**
   * Reads back the batch's last event: its log position is the one readers see, and its append id tells our write
   * from the server acknowledging an identical append that a concurrent retry made first. From the leader, which
   * acknowledged the write, so that a follower's lag cannot hide it.
   */
  private async confirm(streamId: string, prepared: PreparedEvent[], result: KurrentAppendResult, appendId: string): Promise<AppendResult> {
    const lastRevision = result.nextExpectedRevision;
    const [stored] = await this.readStreamRaw(streamId, {
      direction: 'backwards',
      fromRevision: lastRevision,
      maxCount: 1,
      requiresLeader: true,
    });
    const lastId = prepared[prepared.length - 1].id;
    if (!stored || stored.event.revision !== Number(lastRevision) || stored.event.id.toLowerCase() !== lastId) {
      throw new Error(`KurrentDB acknowledged the append to ${streamId} up to revision ${lastRevision}, but the event there is not the batch's last`);
    }
    return { nextRevision: stored.event.revision, position: stored.event.position, idempotent: stored.appendId !== appendId };
  }
}

/** Catch-up then live delivery from the client's $all subscription, one awaited batch at a time. */
class CatchUpSubscription implements Subscription {
  readonly done: Promise<void>;
  private readonly source: KurrentSubscriptionLike;
  private stopped = false;
  private _lastPosition: GlobalPosition | null;
  private _isLive = false;
  private caughtUp = false;
  private signalled = false;
  private ended = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(
    client: KurrentClientLike,
    options: SubscribeOptions,
    private readonly handler: BatchHandler,
  ) {
    this._lastPosition = options.after ?? null;
    const batchSize = positiveInteger(options.batchSize ?? DEFAULT_BATCH_SIZE, 'batchSize');
    const idleMs = options.pollIntervalMs ?? DEFAULT_IDLE_MS;
    // KurrentDB starts a subscription strictly after the given position: the port's exclusive checkpoint as is.
    this.source = client.subscribeToAll({ fromPosition: readPositionAfter(options.after), filter: buildServerFilter(options.filter) });
    this.source.on('readable', () => this.poke());
    this.source.on('end', () => {
      this.ended = true;
      this.poke();
    });
    this.source.on('close', () => {
      this.ended = true;
      this.poke();
    });
    this.source.on('error', (err) => {
      this.failure ??= err;
      this.poke();
    });
    this.source.on('caughtUp', () => {
      this.signalled = true;
      this.caughtUp = true;
      this.poke();
    });
    this.source.on('fellBehind', () => {
      this.signalled = true;
      this.caughtUp = false;
      this._isLive = false;
    });
    this.done = this.run(acceptsEvent(options.filter), batchSize, idleMs).finally(() =>
      this.source.unsubscribe().catch(() => undefined),
    );
    // The caller observes `done`; an unobserved rejection must not crash the process.
    this.done.catch(() => undefined);
  }

  get lastPosition(): GlobalPosition | null {
    return this._lastPosition;
  }

  get isLive(): boolean {
    return this._isLive;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.poke();
    await this.done.catch(() => undefined);
  }

  private async run(accept: (e: KurrentEventRecord) => boolean, batchSize: number, idleMs: number): Promise<void> {
    let cursor = this._lastPosition;
    while (!this.stopped) {
      const batch: RecordedEvent[] = [];
      while (batch.length < batchSize) {
        const resolved = this.source.read();
        if (resolved === null) break;
        const e = resolved.event;
        if (!e) continue;
        const position = positionOf(e);
        if (cursor && comparePositions(position, cursor) <= 0) continue;
        cursor = position;
        if (accept(e)) batch.push(toRecordedEvent(e).event);
      }
      if (this.stopped) return;
      if (batch.length > 0) {
        await this.handler(batch);
        this._lastPosition = batch[batch.length - 1].position;
        continue;
      }
      if (this.failure) throw this.failure;
      if (this.ended) throw new Error('KurrentDB ended the $all subscription');
      if (this.caughtUp) this._isLive = true;
      const idle = await this.waitForActivity(idleMs);
      // Servers without the caught-up signal: an empty buffer for a whole interval is the best evidence there is.
      if (idle && !this.signalled) this._isLive = true;
    }
  }

  private waitForActivity(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve(true);
      }, timeoutMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve(false);
      };
    });
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

function windowReplay(tail: MappedEvent[], prepared: PreparedEvent[]): AppendResult | null {
  const window = [...tail].reverse();
  const first = window.findIndex((m) => m.event.id.toLowerCase() === prepared[0].id);
  if (first < 0 || first + prepared.length > window.length) return null;
  for (let i = 0; i < prepared.length; i++) {
    if (window[first + i].event.id.toLowerCase() !== prepared[i].id) return null;
  }
  const last = window[first + prepared.length - 1].event;
  return { nextRevision: last.revision, position: last.position, idempotent: true };
}

function chain(streamId: string, prepared: PreparedEvent[], current: number | null, tailHash: string | null, appendId: string): EventData[] {
  let revision = current ?? -1;
  let prevHash = current === null ? null : tailHash;
  return prepared.map((e) => {
    revision++;
    const hash = eventHash({ streamId, revision, id: e.id, type: e.type, data: e.data, metadata: e.metadata, prevHash });
    const data = toEventData(e, { hash, prevHash, appendId });
    prevHash = hash;
    return data;
  });
}

function positionOf(e: KurrentEventRecord): GlobalPosition {
  if (!e.position) throw new Error(`KurrentDB returned ${e.streamId}@${e.revision} from $all without its log position`);
  return toGlobalPosition(e.position);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
