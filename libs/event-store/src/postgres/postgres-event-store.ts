import { Client, Pool, type PoolClient, type PoolConfig } from 'pg';
import { DataSource } from 'typeorm';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../errors';
import type {
  AllFilter,
  AppendResult,
  BatchHandler,
  EventMetadata,
  EventStore,
  EventStoreHealth,
  ExpectedRevision,
  GlobalPosition,
  NewEvent,
  PendingCount,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamHead,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { comparePositions } from '../event-store.port';
import { canonicalHashParts } from '../hash-chain';
import { assertExpected, clampCount, revisionMatches } from '../expected-revision';
import { CoalescedCall } from '../coalesced-call';
import { readWholeStream } from '../read-streams';
import { PollingSubscription, type ReadPage } from '../polling-subscription';
import { assertValidStreamName, DEFAULT_MAX_EVENT_BYTES, prepareBatch, type PreparedEvent } from '../validation';
import { eventStoreMigrations } from './migrations';

export interface PostgresEventStoreOptions {
  connectionString: string;
  poolSize?: number;
  maxEventBytes?: number;
  /**
   * A transaction of the store's own sessions left idle this long is ended by the server, so a stuck writer cannot
   * hold the read fence (and every subscriber) forever.
   */
  idleInTransactionTimeoutMs?: number;
  /** Health reports "not progressing" when the oldest open writing transaction is older than this. */
  fenceStallSeconds?: number;
  /**
   * Append statements sent at once (default 4, at most the pool size); appends arriving while that many are out wait
   * for the next statement, which carries them all (group commit). 1 sends every append after the previous one.
   */
  appendGroupsInFlight?: number;
  /** Fault injection for tests: runs inside the append transaction after the insert, before COMMIT. */
  beforeCommit?: (streamId: string) => Promise<void>;
}

const NOTIFY_CHANNEL = 'es_events_appended';
/** Events one `readStreams` statement returns at most before it falls back to paged reads of each stream. */
const MAX_STREAMS_EVENTS = 10_000;

interface EventRow {
  global_position: string;
  tx_text: string;
  stream_id: string;
  stream_revision: string;
  event_id: string;
  event_type: string;
  data: unknown;
  metadata: EventMetadata;
  hash: string;
  prev_hash: string | null;
  recorded_at: Date;
}

// Aliased apart from the column: ORDER BY transaction_id must sort the xid8, not its text ('1000' < '999').
const EVENT_COLUMNS = `global_position, transaction_id::text AS tx_text, stream_id, stream_revision, event_id,
  event_type, data, metadata, hash, prev_hash, recorded_at`;

/**
 * Settings of every session of the store's pool.
 *
 * `enable_sort=off`: every query of the store is answered in the order of an index ((transaction_id, global_position)
 * for the global order, (stream_id, stream_revision) for a stream). Left to itself, the planner misjudges a filtered
 * page of `readAll` on a table whose statistics are stale (just after a bulk append or an `events migrate`, before
 * autovacuum analyses it): it fetches every row after the position and sorts them to keep 1,000, so each page costs the
 * whole rest of the table and a catch-up from the first event goes quadratic (measured: 11k events/s over 108k events
 * instead of 58k). With sorting priced out, the ordered index scan is the only plan; queries with no index order to
 * follow (the health check's few rows of pg_stat_activity) still sort. The price: a read filtered on a rare event
 * type or stream prefix walks the global-order index instead of picking a few rows and sorting them (no production
 * read filters on event types; the plans projection's rare prefix is read once, then stepped over — see readPage).
 */
export function sessionOptions(options: Pick<PostgresEventStoreOptions, 'idleInTransactionTimeoutMs'>): string {
  return `-c idle_in_transaction_session_timeout=${options.idleInTransactionTimeoutMs ?? 30_000} -c enable_sort=off`;
}

/** Event store on PostgreSQL; see the migration for the ordering and locking it relies on. */
export class PostgresEventStore implements EventStore {
  private readonly pool: Pool;
  private readonly maxEventBytes: number;
  private listener: Client | null = null;
  private listenerStarting: Promise<void> | null = null;
  private readonly waiters = new Set<() => void>();
  // At most one notification each 5 ms: other processes' subscribers learn of a burst of appends a few ms later, and
  // a lone writer does not pay for a second statement per append.
  private readonly notifyOthers = new CoalescedCall(() => this.pool.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', '')`), 5);
  private readonly subscriptions = new Set<PollingSubscription>();
  private closed = false;
  private readonly appendQueue: PendingAppend[] = [];
  private appendsInFlight = 0;
  private readonly groupsInFlight: number;
  private readonly maxGroupAppends: number;

  constructor(private readonly options: PostgresEventStoreOptions) {
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    // The tests' fault hook holds appends open at will: each goes alone, bounded by the pool only.
    this.groupsInFlight = options.beforeCommit ? Infinity : Math.max(1, Math.min(options.appendGroupsInFlight ?? 4, options.poolSize ?? 10));
    this.maxGroupAppends = options.beforeCommit ? 1 : MAX_GROUP_APPENDS;
    const config: PoolConfig = {
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      options: sessionOptions(options),
      application_name: 'ntm-event-store',
    };
    this.pool = new Pool(config);
    // An idle client dropped by the server must not crash the process; the pool replaces it. A checked-out one between
    // two statements (an append's BEGIN and INSERT) reports the loss as an 'error' event nobody else listens to: it
    // would end the process at a database restart. Its next statement fails instead, and the append releases it broken.
    this.pool.on('error', () => undefined);
    this.pool.on('connect', (client) => client.on('error', () => undefined));
  }

  /** Applies the store's migrations to the database (idempotent). */
  static async migrate(connectionString: string): Promise<void> {
    const ds = new DataSource({
      type: 'postgres',
      url: connectionString,
      migrations: eventStoreMigrations,
      migrationsTableName: 'es_migrations',
      logging: false,
    });
    await ds.initialize();
    try {
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await ds.destroy();
    }
  }

  /**
   * One round trip, shared with the appends that arrive meanwhile. An append is sent at once while fewer than
   * `appendGroupsInFlight` statements are out; otherwise it waits for the next, which carries every append queued by
   * then (group commit): one statement, one transaction and one WAL flush for all of them, each append with its own
   * revision check and its own answer (see the `es_append_group` migration). Alone it goes as `es_append_group` all the same, which
   * locks, checks, links the hash chain, inserts and moves the head in one statement committed on its own.
   * With the fault hook of the tests each append runs alone inside BEGIN … COMMIT, so the hook can act before COMMIT.
   */
  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const prepared = prepareBatch(streamId, events, this.maxEventBytes);
    assertExpected(expected);
    const parts = prepared.map((e) => canonicalHashParts({ streamId, id: e.id, type: e.type, data: e.data, metadata: e.metadata }));
    const bytes = prepared.reduce((n, e) => n + e.dataJson.length + e.metadataJson.length, 0);
    return new Promise<AppendResult>((resolve, reject) => {
      this.appendQueue.push({ streamId, expected, prepared, parts, bytes, resolve, reject });
      this.sendAppends();
    });
  }

  private sendAppends(): void {
    while (this.appendsInFlight < this.groupsInFlight && this.appendQueue.length > 0) {
      const group = [this.appendQueue.shift()!];
      let bytes = group[0].bytes;
      while (group.length < this.maxGroupAppends && this.appendQueue.length > 0 && bytes + this.appendQueue[0].bytes <= MAX_GROUP_BYTES) {
        const next = this.appendQueue.shift()!;
        bytes += next.bytes;
        group.push(next);
      }
      this.appendsInFlight++;
      // The answers are handed out once the slot is free again, so a caller that appends as soon as it is answered
      // finds the slot open rather than queued behind its own finished append.
      void this.sendGroup(group).then((answers) => {
        this.appendsInFlight--;
        this.sendAppends();
        for (const answer of answers) answer();
      });
    }
  }

  /** Sends one group and returns how to answer each of its appends (never rejects). */
  private async sendGroup(group: PendingAppend[]): Promise<Array<() => void>> {
    const settle = (a: PendingAppend, outcome: Promise<AppendResult>) =>
      outcome.then(
        (result) => () => a.resolve(result),
        (err: unknown) => () => a.reject(err),
      );
    if (group.length === 1) {
      return [await settle(group[0], this.appendAlone(group[0]))];
    }
    let rows: AppendRow[];
    try {
      rows = await this.withAppendClient((client) => sendAppendGroup(client, group));
    } catch (err) {
      if (!isConnectionError(err) && (err as { code?: string })?.code) {
        // The group's transaction failed as a whole (an id already stored on another stream, a duplicate inside the
        // group) and wrote nothing: each append gets its own answer alone.
        return Promise.all(group.map((a) => settle(a, this.appendAlone(a))));
      }
      // Lost connection: as for an append alone, the outcome is unknown to the caller, who may retry with the same ids.
      return group.map((a) => () => a.reject(err));
    }
    if (rows.some((r) => r.outcome === 'appended')) this.announceAppend();
    return group.map((a, i) => {
      const row = rows[i];
      try {
        const result = answerAppend(a, row);
        return () => a.resolve(result);
      } catch (err) {
        return () => a.reject(err);
      }
    });
  }

  /** One append in its own statement, or inside BEGIN … COMMIT around the tests' fault hook. */
  private async appendAlone(a: PendingAppend): Promise<AppendResult> {
    const hook = this.options.beforeCommit;
    try {
      const row = await this.withAppendClient(async (client) => {
        if (hook) await client.query('BEGIN');
        try {
          const [row] = await sendAppendGroup(client, [a]);
          if (hook) {
            if (row.outcome === 'appended') {
              await hook(a.streamId);
              await client.query('COMMIT');
            } else {
              await client.query('ROLLBACK');
            }
          }
          return row;
        } catch (err) {
          if (hook) await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
      });
      const result = answerAppend(a, row);
      this.announceAppend();
      return result;
    } catch (err) {
      if (isUniqueViolation(err)) {
        // Cannot happen on this stream under its lock, but ids are global: the same id stored on another stream.
        throw new DuplicateEventIdError(a.streamId, a.prepared.map((e) => e.id));
      }
      throw err;
    }
  }

  /** A pooled client for one append statement; released broken when the connection was lost under it. */
  private async withAppendClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      return await work(client);
    } catch (err) {
      if (isConnectionError(err)) broken = err as Error;
      throw err;
    } finally {
      client.release(broken);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    assertValidStreamName(streamId);
    const backwards = options.direction === 'backwards';
    const maxCount = clampCount(options.maxCount);
    const from = options.fromRevision;
    const params: unknown[] = [streamId, maxCount];
    let bound = '';
    if (from !== undefined) {
      params.push(from);
      bound = backwards ? 'AND stream_revision <= $3' : 'AND stream_revision >= $3';
    }
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM es_events WHERE stream_id = $1 ${bound}
       ORDER BY stream_revision ${backwards ? 'DESC' : 'ASC'} LIMIT $2`,
      params,
    );
    return rows.map(toRecorded);
  }

  /**
   * One statement for all the streams; past MAX_STREAMS_EVENTS events in all, each stream is read again page by page
   * (a read this large is no longer about round trips).
   */
  async readStreams(streamIds: string[]): Promise<Map<string, RecordedEvent[]>> {
    const ids = [...new Set(streamIds)];
    ids.forEach(assertValidStreamName);
    const out = new Map<string, RecordedEvent[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return out;
    const { rows } = await this.pool.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM es_events WHERE stream_id = ANY($1::text[]) LIMIT $2`, [ids, MAX_STREAMS_EVENTS + 1]);
    if (rows.length > MAX_STREAMS_EVENTS) {
      for (const id of ids) out.set(id, await readWholeStream(this, id));
      return out;
    }
    for (const row of rows) out.get(row.stream_id)!.push(toRecorded(row));
    for (const events of out.values()) events.sort((a, b) => a.revision - b.revision);
    return out;
  }

  async streamRevision(streamId: string): Promise<number | null> {
    assertValidStreamName(streamId);
    const { rows } = await this.pool.query<{ revision: string }>('SELECT revision FROM es_streams WHERE stream_id = $1', [streamId]);
    return rows.length ? Number(rows[0].revision) : null;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>(readAllQuery(options));
    return rows.map(toRecorded);
  }

  private async readPage(options: ReadAllOptions): Promise<ReadPage> {
    const { rows } = await this.pool.query<EventRow & { tx_head: string; gp_head: string }>(subscriptionPageQuery(options));
    if (rows.length === 0) return { events: [], scannedTo: null };
    const events = rows.filter((r) => r.event_id !== null).map(toRecorded);
    // The join hands the page back in no promised order; the global order is restored here.
    events.sort((a, b) => comparePositions(a.position, b.position));
    const full = events.length === clampCount(options.maxCount);
    return { events, scannedTo: full ? events[events.length - 1].position : { commit: BigInt(rows[0].tx_head), prepare: BigInt(rows[0].gp_head) } };
  }

  async countAll(options: ReadAllOptions = {}): Promise<PendingCount> {
    const page = readAllQuery(options, 'recorded_at');
    const { rows } = await this.pool.query<{ count: number; first: Date | null }>({
      text: `SELECT count(*)::int AS count, min(recorded_at) AS first FROM (${page.text}) page`,
      values: page.values,
    });
    return { count: rows[0].count, oldestRecordedAt: rows[0].first };
  }

  async headPosition(): Promise<GlobalPosition | null> {
    const { rows } = await this.pool.query<{ tx_text: string; global_position: string }>(
      `SELECT transaction_id::text AS tx_text, global_position FROM es_events
        WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    return rows.length ? toPosition(rows[0]) : null;
  }

  async lastCommittedPosition(filter?: AllFilter): Promise<GlobalPosition | null> {
    const params: unknown[] = [];
    const where = ['true', ...filterClauses(filter, params)];
    // No fence here on purpose: committed rows behind an older open transaction count too.
    const { rows } = await this.pool.query<{ tx_text: string; global_position: string }>(
      `SELECT transaction_id::text AS tx_text, global_position FROM es_events WHERE ${where.join(' AND ')}
        ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
      params,
    );
    return rows.length ? toPosition(rows[0]) : null;
  }

  async streamHeads(): Promise<StreamHead[]> {
    const { rows } = await this.pool.query<{ stream_id: string; revision: string; last_hash: string }>('SELECT stream_id, revision, last_hash FROM es_streams');
    return rows.map((r) => ({ streamId: r.stream_id, revision: Number(r.revision), lastHash: r.last_hash }));
  }

  subscribeToAll(options: SubscribeOptions, handler: BatchHandler): Subscription {
    if (this.closed) throw new Error('event store is closed');
    const sub = new PollingSubscription(
      (after, maxCount) => this.readPage({ after, maxCount, filter: options.filter }),
      (timeoutMs) => this.waitForAppend(timeoutMs),
      options,
      handler,
    );
    this.subscriptions.add(sub);
    void this.ensureListener().catch(() => undefined);
    sub.done.finally(() => this.subscriptions.delete(sub)).catch(() => undefined);
    return sub;
  }

  async health(): Promise<EventStoreHealth> {
    const stallSeconds = this.options.fenceStallSeconds ?? 60;
    try {
      const { rows } = await this.pool.query<{ fence: string; pid: number | null; age_seconds: number | null; state: string | null }>(
        `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS fence, a.pid, a.age_seconds, a.state
           FROM (SELECT 1) one
           LEFT JOIN LATERAL (
             SELECT pid, extract(epoch FROM now() - xact_start)::float8 AS age_seconds, state
               FROM pg_stat_activity
              WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()
              ORDER BY age(backend_xid) DESC LIMIT 1) a ON true`,
      );
      const r = rows[0];
      const age = r.age_seconds ?? 0;
      return {
        reachable: true,
        progressing: age < stallSeconds,
        details: {
          adapter: 'postgresql',
          fence: r.fence,
          oldestWriterPid: r.pid,
          oldestWriterSeconds: Math.round(age * 10) / 10,
          oldestWriterState: r.state,
          stallThresholdSeconds: stallSeconds,
        },
      };
    } catch (err) {
      return { reachable: false, progressing: false, details: { adapter: 'postgresql', error: (err as Error).message } };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.subscriptions].map((s) => s.stop()));
    this.wakeAll();
    const listener = this.listener;
    this.listener = null;
    if (listener) await listener.end().catch(() => undefined);
    await this.pool.end();
  }

  /** Direct pool access for the adapter's own tooling (tests, migration CLI); not part of the port. */
  get rawPool(): Pool {
    return this.pool;
  }

  private async ensureListener(): Promise<void> {
    if (this.listener || this.closed) return;
    if (!this.listenerStarting) {
      this.listenerStarting = (async () => {
        const client = new Client({ connectionString: this.options.connectionString, application_name: 'ntm-event-store-listen' });
        client.on('notification', () => this.wakeAll());
        client.on('error', () => {
          // Lost the LISTEN session: subscribers fall back to polling, and the next subscription reconnects.
          if (this.listener === client) this.listener = null;
        });
        await client.connect();
        await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
        if (this.closed) await client.end();
        else this.listener = client;
      })().finally(() => {
        this.listenerStarting = null;
      });
    }
    await this.listenerStarting;
  }

  /**
   * Wakes subscribers after a commit: this process's at once, other processes' through one `pg_notify` per burst of
   * commits, sent after them in a transaction of its own. Notifying inside the append's transaction would make
   * PostgreSQL serialise every appending commit behind a cluster-wide lock held across its WAL flush (benchmarks,
   * part 1); here one notification is in flight at a time and the commits that land meanwhile are covered by the next.
   * A lost notification costs a subscriber at most its poll interval.
   */
  private announceAppend(): void {
    this.wakeAll();
    if (!this.closed) this.notifyOthers.call();
  }

  private waitForAppend(timeoutMs: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (woken: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(woken);
      };
      const wake = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.waiters.add(wake);
    });
  }

  private wakeAll(): void {
    for (const wake of [...this.waiters]) wake();
  }
}

/** One `es_append_group` statement: a row per append, in the group's order. */
async function sendAppendGroup(client: PoolClient, group: PendingAppend[]): Promise<AppendRow[]> {
  const events = group.flatMap((a) => a.prepared);
  const parts = group.flatMap((a) => a.parts);
  const { rows } = await client.query<AppendRow>({
    name: 'es_append_group',
    text: `SELECT out_n AS n, out_outcome AS outcome, out_revision AS revision, out_existing AS existing, out_tx AS tx_text,
                  out_position AS global_position
             FROM es_append_group($1::text[], $2::text[], $3::int[], $4::uuid[], $5::text[], $6::jsonb[], $7::jsonb[],
                                  $8::text[], $9::text[])`,
    values: [
      group.map((a) => a.streamId),
      group.map((a) => String(a.expected)),
      group.map((a) => a.prepared.length),
      events.map((e) => e.id),
      events.map((e) => e.type),
      events.map((e) => e.dataJson),
      events.map((e) => e.metadataJson),
      parts.map((p) => p.before),
      parts.map((p) => p.after),
    ],
  });
  return group.map((_, i) => rows.find((r) => r.n === i + 1)!);
}

interface PendingAppend {
  streamId: string;
  expected: ExpectedRevision;
  prepared: PreparedEvent[];
  parts: { before: string; after: string }[];
  bytes: number;
  resolve: (result: AppendResult) => void;
  reject: (err: unknown) => void;
}

/** Bounds of one group commit: appends, and characters of event JSON (one event may be up to 1 MiB). */
const MAX_GROUP_APPENDS = 64;
const MAX_GROUP_BYTES = 4 * 1024 * 1024;

/** The answer to one append from its row of `es_append_group`: a result, or the error it is refused with. */
function answerAppend(a: PendingAppend, row: AppendRow): AppendResult {
  const current = row.revision === null ? null : Number(row.revision);
  if (row.outcome === 'appended') {
    return { nextRevision: Number(row.revision), position: toPosition(row as { tx_text: string; global_position: string }), idempotent: false };
  }
  if (row.outcome === 'existing') {
    const existing = row.existing ?? [];
    const replay = idempotentReplay(a.streamId, a.prepared.map((e) => e.id), existing, a.expected);
    if (replay) return replay;
    if (!revisionMatches(a.expected, current)) throw new WrongExpectedRevisionError(a.streamId, a.expected, current ?? 'no_stream');
    throw new DuplicateEventIdError(a.streamId, existing.map((e) => e.id));
  }
  throw new WrongExpectedRevisionError(a.streamId, a.expected, current ?? 'no_stream');
}

interface AppendRow {
  n: number;
  outcome: 'appended' | 'existing' | 'wrong_revision';
  revision: string | null;
  existing: ExistingId[] | null;
  tx_text: string | null;
  global_position: string | null;
}

interface ExistingId {
  id: string;
  stream: string;
  revision: number;
  commit: string;
  prepare: string;
}

/**
 * A retry of an append that already happened: the very same ids, in the same order, at the position the expected
 * revision implies. Anything less is not a retry.
 */
function idempotentReplay(streamId: string, ids: string[], existing: ExistingId[], expected: ExpectedRevision): AppendResult | null {
  if (existing.length !== ids.length) return null;
  const byId = new Map(existing.map((e) => [e.id, e]));
  const first = byId.get(ids[0]);
  if (!first || first.stream !== streamId) return null;
  for (let i = 0; i < ids.length; i++) {
    const e = byId.get(ids[i]);
    if (!e || e.stream !== streamId || Number(e.revision) !== Number(first.revision) + i) return null;
  }
  const start = Number(first.revision);
  if (typeof expected === 'number' && start !== expected + 1) return null;
  if (expected === 'no_stream' && start !== 0) return null;
  const last = byId.get(ids[ids.length - 1])!;
  return {
    nextRevision: Number(last.revision),
    position: { commit: BigInt(last.commit), prepare: BigInt(last.prepare) },
    idempotent: true,
  };
}

/** The one statement a page of `readAll` is (exported so its plan can be checked). */
export function readAllQuery(options: ReadAllOptions, columns = EVENT_COLUMNS): { text: string; values: unknown[] } {
  const maxCount = clampCount(options.maxCount);
  const after = options.after ?? null;
  const values: unknown[] = [after ? after.commit.toString() : '0', after ? after.prepare.toString() : '0', maxCount];
  const where: string[] = [
    '(transaction_id, global_position) > ($1::xid8, $2::bigint)',
    // The fence: nothing at or after the oldest still-open transaction is read, since it may yet commit rows
    // that sort before rows already committed by younger transactions.
    'transaction_id < pg_snapshot_xmin(pg_current_snapshot())',
  ];
  where.push(...filterClauses(options.filter, values));
  return {
    text: `SELECT ${columns} FROM es_events WHERE ${where.join(' AND ')}
       ORDER BY transaction_id, global_position LIMIT $3`,
    values,
  };
}

/**
 * A subscription's page (exported so its plan can be checked): `readAll`'s rows beside the head under the fence, in
 * one statement and so one snapshot. Every row at or before that head is final (its transaction has ended), so a page
 * shorter than asked for has seen every matching event up to it. An empty page is one row of nulls and the head.
 */
export function subscriptionPageQuery(options: ReadAllOptions): { text: string; values: unknown[] } {
  const page = readAllQuery(options);
  return {
    text: `SELECT head.tx_head, head.gp_head, page.*
             FROM (SELECT transaction_id::text AS tx_head, global_position AS gp_head FROM es_events
                    WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
                    ORDER BY transaction_id DESC, global_position DESC LIMIT 1) head
             LEFT JOIN LATERAL (${page.text}) page ON true`,
    values: page.values,
  };
}

/** A slice of the stored events for `storedEventsSource`: after one position (exclusive), up to another (inclusive). */
export interface StoredEventsRange {
  after: GlobalPosition | null;
  upTo: GlobalPosition;
}

/**
 * The stored events under a fence, as a subquery for statements that build read models inside the same database (see
 * `ProjectionEngine.buildInDatabase`): every event in `range` whose transaction id is below `fence` (a
 * `pg_snapshot_xmin` taken earlier: all of them final, none still to come) and that passes the filter, with its position
 * as two bigints and the data and metadata of its stream's first event (where a projection finds a stream's place).
 * Values go into `params`.
 */
export function storedEventsSource(filter: AllFilter | undefined, fence: string, range: StoredEventsRange, params: unknown[]): string {
  const where = underFence(filter, fence, params);
  const after = afterClause(range.after, params);
  params.push(range.upTo.commit.toString(), range.upTo.prepare.toString());
  return `SELECT e.event_id, e.stream_id, e.stream_revision AS revision, e.event_type, e.data, e.metadata, e.hash, e.prev_hash, e.recorded_at,
                 e.transaction_id::text::bigint AS position_commit, e.global_position AS position_prepare,
                 f.data AS first_data, f.metadata AS first_metadata
            FROM es_events e JOIN es_events f ON f.stream_id = e.stream_id AND f.stream_revision = 0
           WHERE ${where} AND ${after}
             AND (e.transaction_id, e.global_position) <= ($${params.length - 1}::xid8, $${params.length}::bigint)`;
}

/**
 * The next slice for `storedEventsSource`: how many of the first `size` events after `after` under the fence pass the
 * filter (at most `size`), and the position and record time of the last of them (one row; nulls when there is none).
 */
export function storedEventsSlice(filter: AllFilter | undefined, fence: string, after: GlobalPosition | null, size: number, params: unknown[]): string {
  const where = underFence(filter, fence, params);
  const afterWhere = afterClause(after, params);
  params.push(size);
  return `WITH slice AS (SELECT e.transaction_id, e.global_position, e.recorded_at FROM es_events e
                          WHERE ${where} AND ${afterWhere}
                          ORDER BY e.transaction_id, e.global_position LIMIT $${params.length})
          SELECT (SELECT count(*) FROM slice) AS n, l.commit, l.prepare, l.recorded_at
            FROM (SELECT 1) one
            LEFT JOIN LATERAL (SELECT transaction_id::text AS commit, global_position::text AS prepare, recorded_at FROM slice
                                ORDER BY transaction_id DESC, global_position DESC LIMIT 1) l ON true`;
}

function afterClause(after: GlobalPosition | null, params: unknown[]): string {
  params.push(after ? after.commit.toString() : '0', after ? after.prepare.toString() : '0');
  return `(e.transaction_id, e.global_position) > ($${params.length - 1}::xid8, $${params.length}::bigint)`;
}

function underFence(filter: AllFilter | undefined, fence: string, params: unknown[]): string {
  params.push(fence);
  return [`e.transaction_id < $${params.length}::xid8`, ...filterClauses(filter, params, 'e.')].join(' AND ');
}

/** The fence for `storedEventsSource`: the oldest transaction still open now; everything below it is final. */
export const STORED_EVENTS_FENCE_SQL = `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS fence`;

/** SQL conditions for a stream-prefix / event-type filter, their values appended to `params`. */
function filterClauses(filter: AllFilter | undefined, params: unknown[], alias = ''): string[] {
  const clauses: string[] = [];
  if (filter?.streamPrefixes?.length) {
    params.push(filter.streamPrefixes.map((p) => `${escapeLike(p)}%`));
    clauses.push(`${alias}stream_id LIKE ANY($${params.length}::text[])`);
  }
  if (filter?.eventTypes?.length) {
    params.push(filter.eventTypes);
    clauses.push(`${alias}event_type = ANY($${params.length}::text[])`);
  }
  return clauses;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A row's (transaction_id::text, global_position) as the port's position. */
function toPosition(row: { tx_text: string; global_position: string }): GlobalPosition {
  return { commit: BigInt(row.tx_text), prepare: BigInt(row.global_position) };
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    streamId: row.stream_id,
    revision: Number(row.stream_revision),
    type: row.event_type,
    data: row.data,
    metadata: row.metadata,
    position: toPosition(row),
    recordedAt: row.recorded_at,
    hash: row.hash,
    prevHash: row.prev_hash,
  };
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === '23505';
}

function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === '57P01' || code === '25P03' || code === 'ECONNRESET' || code === 'EPIPE';
}

