import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  type AppendResult,
  type AppendStreamState,
  type AppendToStreamOptions,
  type EventData,
  type Filter,
  type Position,
  type ReadAllOptions,
  type ReadPosition,
  type ReadStreamOptions,
  type SubscribeToAllOptions,
} from '@kurrent/kurrentdb-client';
import type { KurrentClientLike, KurrentSubscriptionLike } from './kurrentdb-event-store';
import type { KurrentEventRecord, KurrentResolvedEvent } from './kurrentdb-mapping';

export interface FakeKurrentClientOptions {
  /** Writes a `$statsCollected` event to a `$stats-` stream after every N appends, as a running server does. */
  systemEventEvery?: number;
  /** False: the server ignores filters and sends everything, so only the adapter's own filtering stands. */
  serverSideFilters?: boolean;
  /** False: subscriptions never send the caught-up signal, as older servers do not. */
  caughtUpSignal?: boolean;
  /** Runs inside appendToStream before the server checks the expectation, to stage a concurrent writer. */
  beforeAppend?: (streamName: string, events: EventData[]) => void | Promise<void>;
}

interface StoredRecord {
  streamId: string;
  revision: bigint;
  id: string;
  type: string;
  dataJson: string;
  metadataJson: string | null;
  created: Date;
  position: Position;
}

export interface ForgedEvent {
  id: string;
  type: string;
  data: unknown;
  metadata?: unknown;
}

const PREPARE_HEADER = 90n;
const COMMIT_RECORD = 34n;

function comparePosition(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * An in-memory KurrentDB behind the adapter's narrow client interface, with the server's semantics where the adapter
 * relies on them: 0-based revisions; expected-state checks raising the client's own WrongExpectedVersionError; the
 * server's idempotency for the same ids at the same place; a transaction log whose events share their batch's commit
 * position and are ordered by prepare position within it; inclusive `fromPosition` on reads and exclusive on
 * subscriptions; system events in $all; server-side filters; StreamNotFoundError when reading a missing stream.
 */
export class FakeKurrentClient implements KurrentClientLike {
  readonly calls = { appendToStream: 0, readStream: 0, readAll: 0, subscribeToAll: 0 };
  /** The options of every readAll and subscribeToAll call, newest last. */
  readonly allReads: (ReadAllOptions | SubscribeToAllOptions | undefined)[] = [];
  private readonly log: StoredRecord[] = [];
  private readonly streams = new Map<string, StoredRecord[]>();
  private readonly subscriptions = new Set<FakeSubscription>();
  private logPosition = 0n;
  private appendsSinceSystemEvent = 0;
  private unavailable = false;
  private disposed = false;

  constructor(private readonly options: FakeKurrentClientOptions = {}) {
    this.writeBatch('$epoch-information', [{ id: '00000000-0000-4000-8000-000000000001', type: '$epoch', data: { epochNumber: 0 } }]);
    this.writeBatch('$$$scavenges', [{ id: '00000000-0000-4000-8000-000000000002', type: '$metadata', data: { $maxAge: 2592000 } }]);
  }

  get serverSideFilters(): boolean {
    return this.options.serverSideFilters ?? true;
  }

  get caughtUpSignal(): boolean {
    return this.options.caughtUpSignal ?? true;
  }

  set beforeAppend(hook: FakeKurrentClientOptions['beforeAppend']) {
    this.options.beforeAppend = hook;
  }

  async appendToStream(streamName: string, events: EventData | EventData[], options: AppendToStreamOptions = {}): Promise<AppendResult> {
    this.calls.appendToStream++;
    await tick();
    this.assertAvailable();
    const batch = Array.isArray(events) ? events : [events];
    await this.options.beforeAppend?.(streamName, batch);
    const state = options.streamState ?? 'any';
    const stream = this.streams.get(streamName) ?? [];
    const current = stream.length > 0 ? BigInt(stream.length - 1) : null;
    const wrong = () => new WrongExpectedVersionError(undefined, { streamName, expected: state, current: current ?? 'no_stream' });

    const replay = this.idempotentReplay(stream, state, current, batch.map((e) => e.id));
    if (replay === 'corrupted') throw wrong();
    if (replay) return { success: true, nextExpectedRevision: replay.revision, position: { ...replay.position } };

    if (state === 'no_stream' && current !== null) throw wrong();
    if (state === 'stream_exists' && current === null) throw wrong();
    if (typeof state === 'bigint' && state !== current) throw wrong();

    const written = this.writeBatch(
      streamName,
      batch.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata })),
    );
    const last = written[written.length - 1];
    if (this.options.systemEventEvery && ++this.appendsSinceSystemEvent >= this.options.systemEventEvery) {
      this.appendsSinceSystemEvent = 0;
      this.writeSystemEvent();
    }
    return { success: true, nextExpectedRevision: last.revision, position: { ...last.position } };
  }

  readStream(streamName: string, options: ReadStreamOptions = {}): AsyncIterableIterator<KurrentResolvedEvent> {
    this.calls.readStream++;
    const self = this;
    return (async function* () {
      await tick();
      self.assertAvailable();
      const stream = self.streams.get(streamName);
      if (!stream || stream.length === 0) throw new StreamNotFoundError(undefined, streamName);
      const backwards = options.direction === 'backwards';
      const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
      const from = options.fromRevision ?? (backwards ? 'end' : 'start');
      let selected: StoredRecord[];
      if (backwards) {
        const top = from === 'end' ? stream.length - 1 : from === 'start' ? 0 : Math.min(Number(from), stream.length - 1);
        selected = stream.slice(0, top + 1).reverse();
      } else {
        const bottom = from === 'start' ? 0 : from === 'end' ? stream.length : Number(from);
        selected = stream.slice(bottom);
      }
      for (const record of selected.slice(0, max)) yield { event: toClientEvent(record) };
    })();
  }

  readAll(options: ReadAllOptions = {}): AsyncIterableIterator<KurrentResolvedEvent> {
    this.calls.readAll++;
    this.allReads.push(options);
    const self = this;
    return (async function* () {
      await tick();
      self.assertAvailable();
      const backwards = options.direction === 'backwards';
      const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
      const from = options.fromPosition ?? (backwards ? 'end' : 'start');
      const matches = self.filterMatcher(options.filter);
      let selected: StoredRecord[];
      if (backwards) {
        selected = self.log.filter((r) => (typeof from === 'string' ? from === 'end' : comparePosition(r.position, from) <= 0)).reverse();
      } else {
        selected = self.log.filter((r) => (typeof from === 'string' ? from === 'start' : comparePosition(r.position, from) >= 0));
      }
      let sent = 0;
      for (const record of selected) {
        if (sent >= max) return;
        if (!matches(record)) continue;
        sent++;
        yield { event: toClientEvent(record), commitPosition: record.position.commit };
      }
    })();
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): KurrentSubscriptionLike & Readable {
    this.calls.subscribeToAll++;
    this.allReads.push(options);
    this.assertAvailable();
    const sub = new FakeSubscription(this, options.fromPosition ?? 'start', this.filterMatcher(options.filter));
    this.subscriptions.add(sub);
    sub.once('close', () => this.subscriptions.delete(sub));
    return sub;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const sub of [...this.subscriptions]) await sub.unsubscribe();
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  get activeSubscriptions(): number {
    return this.subscriptions.size;
  }

  /** Every stored record, system events included, in log order. */
  get records(): readonly Readonly<StoredRecord>[] {
    return this.log;
  }

  /** The stored metadata of an event exactly as a raw client would read it. */
  storedMetadata(streamId: string, revision: number): unknown {
    const record = this.streams.get(streamId)?.[revision];
    if (!record) throw new Error(`no event ${streamId}@${revision}`);
    return record.metadataJson === null ? undefined : JSON.parse(record.metadataJson);
  }

  /** Appends as another client of the same server would, bypassing the adapter (and its hash chain). */
  forge(streamId: string, event: ForgedEvent): void {
    this.writeBatch(streamId, [event]);
  }

  /** Rewrites a stored event's data, as only someone with the database files could. */
  tamper(streamId: string, revision: number): void {
    const record = this.streams.get(streamId)?.[revision];
    if (!record) throw new Error(`no event ${streamId}@${revision}`);
    const data = JSON.parse(record.dataJson) as Record<string, unknown>;
    record.dataJson = JSON.stringify({ ...data, tampered: true });
  }

  writeSystemEvent(): void {
    this.writeBatch('$stats-127.0.0.1:2113', [
      { id: randomUUID(), type: '$statsCollected', data: { 'proc-mem': 1024 } },
    ]);
    this.writeBatch('$ce-dossier', [{ id: randomUUID(), type: '$>', data: '0@dossier-1' }]);
  }

  setUnavailable(unavailable: boolean): void {
    this.unavailable = unavailable;
  }

  /** Breaks every open subscription with `err`, as a dropped connection would. */
  failSubscriptions(err: Error): void {
    for (const sub of [...this.subscriptions]) sub.destroy(err);
  }

  /** The first record strictly after `after` that `matches` accepts. */
  nextAfter(after: Position | null, matches: (r: StoredRecord) => boolean): StoredRecord | null {
    let lo = 0;
    let hi = this.log.length;
    if (after) {
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (comparePosition(this.log[mid].position, after) <= 0) lo = mid + 1;
        else hi = mid;
      }
    }
    for (let i = lo; i < this.log.length; i++) if (matches(this.log[i])) return this.log[i];
    return null;
  }

  get head(): Position | null {
    return this.log.length ? this.log[this.log.length - 1].position : null;
  }

  private idempotentReplay(
    stream: StoredRecord[],
    state: AppendStreamState,
    current: bigint | null,
    ids: string[],
  ): StoredRecord | 'corrupted' | null {
    let start: number;
    if (state === 'any' || state === 'stream_exists') {
      start = stream.findIndex((r) => r.id === ids[0]);
      if (start < 0) return null;
    } else {
      const expected = state === 'no_stream' ? -1n : state;
      if (current === null || expected >= current) return null;
      start = Number(expected) + 1;
      if (stream[start]?.id !== ids[0]) return null;
    }
    for (let i = 0; i < ids.length; i++) {
      if (stream[start + i]?.id !== ids[i]) return 'corrupted';
    }
    return stream[start + ids.length - 1];
  }

  private writeBatch(streamId: string, events: ForgedEvent[]): StoredRecord[] {
    const stream = this.streams.get(streamId) ?? [];
    this.streams.set(streamId, stream);
    const records: StoredRecord[] = events.map((e) => {
      const dataJson = JSON.stringify(e.data);
      const metadataJson = e.metadata === undefined ? null : JSON.stringify(e.metadata);
      const prepare = this.logPosition;
      this.logPosition += PREPARE_HEADER + BigInt(Buffer.byteLength(dataJson) + Buffer.byteLength(metadataJson ?? ''));
      return {
        streamId,
        revision: 0n,
        id: e.id,
        type: e.type,
        dataJson,
        metadataJson,
        created: new Date(),
        position: { commit: 0n, prepare },
      };
    });
    const commit = this.logPosition;
    this.logPosition += COMMIT_RECORD;
    for (const r of records) {
      r.position = { commit, prepare: r.position.prepare };
      r.revision = BigInt(stream.length);
      stream.push(r);
      this.log.push(r);
    }
    for (const sub of this.subscriptions) sub.notify();
    return records;
  }

  private filterMatcher(filter: Filter | undefined): (r: StoredRecord) => boolean {
    if (!filter || !this.serverSideFilters) return () => true;
    const test =
      'prefixes' in filter
        ? (value: string) => filter.prefixes.some((p) => value.startsWith(p))
        : (value: string) => new RegExp(filter.regex).test(value);
    return (r) => test(filter.filterOn === 'streamName' ? r.streamId : r.type);
  }

  private assertAvailable(): void {
    if (this.disposed) throw new UnavailableError(undefined, 'client disposed');
    if (this.unavailable) throw new UnavailableError(undefined, 'failed to connect to 127.0.0.1:2113');
  }
}

function toClientEvent(r: StoredRecord): KurrentEventRecord & { isJson: true } {
  return {
    streamId: r.streamId,
    id: r.id,
    revision: r.revision,
    type: r.type,
    created: r.created,
    isJson: true,
    data: JSON.parse(r.dataJson) as unknown,
    metadata: r.metadataJson === null ? undefined : (JSON.parse(r.metadataJson) as unknown),
    position: { ...r.position },
  };
}

/**
 * A catch-up subscription as the client gives it: a paused object-mode Readable that fills asynchronously, applies
 * backpressure, emits `caughtUp` after the last stored event it pushed, and keeps delivering appends afterwards.
 */
class FakeSubscription extends Readable implements KurrentSubscriptionLike {
  private cursor: Position | null;
  private scheduled = false;
  private waiting = false;
  private caughtUpSent = false;

  constructor(
    private readonly server: FakeKurrentClient,
    from: ReadPosition,
    private readonly matches: (r: StoredRecord) => boolean,
  ) {
    super({ objectMode: true, highWaterMark: 16 });
    this.cursor = from === 'start' ? null : from === 'end' ? server.head : from;
  }

  override _read(): void {
    this.schedule();
  }

  notify(): void {
    if (this.waiting) this.schedule();
  }

  async unsubscribe(): Promise<void> {
    if (!this.destroyed) this.destroy();
  }

  private schedule(): void {
    if (this.scheduled || this.destroyed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    this.waiting = false;
    while (!this.destroyed) {
      const next = this.server.nextAfter(this.cursor, this.matches);
      if (!next) {
        this.waiting = true;
        if (!this.caughtUpSent && this.server.caughtUpSignal) {
          this.caughtUpSent = true;
          this.emit('caughtUp', { date: new Date(), position: this.server.head ?? undefined });
        }
        return;
      }
      this.cursor = next.position;
      if (!this.push({ event: toClientEvent(next), commitPosition: next.position.commit })) return;
    }
  }
}
