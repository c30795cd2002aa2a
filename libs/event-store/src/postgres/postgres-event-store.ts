import { Client, Pool, type PoolConfig } from 'pg';
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
import { eventHash } from '../hash-chain';
import { assertExpected, clampCount, revisionMatches } from '../expected-revision';
import { CoalescedCall } from '../coalesced-call';
import { PollingSubscription, type ReadPage } from '../polling-subscription';
import { assertValidStreamName, DEFAULT_MAX_EVENT_BYTES, prepareBatch } from '../validation';
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
  /** Fault injection for tests: runs inside the append transaction after the insert, before COMMIT. */
  beforeCommit?: (streamId: string) => Promise<void>;
}

const NOTIFY_CHANNEL = 'es_events_appended';

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
  private readonly notifyOthers = new CoalescedCall(() => this.pool.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', '')`));
  private readonly subscriptions = new Set<PollingSubscription>();
  private closed = false;

  constructor(private readonly options: PostgresEventStoreOptions) {
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
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

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const prepared = prepareBatch(streamId, events, this.maxEventBytes);
    assertExpected(expected);
    const client = await this.pool.connect();
    let release: boolean | Error = false;
    try {
      await client.query('BEGIN');
      try {
        const { rows } = await client.query<{ revision: string | null; last_hash: string | null; existing: ExistingId[] }>(
          'SELECT revision, last_hash, existing FROM es_lock_stream($1, $2::uuid[])',
          [streamId, prepared.map((e) => e.id)],
        );
        const current = rows[0].revision === null ? null : Number(rows[0].revision);
        const existing = rows[0].existing;
        if (existing.length > 0) {
          const replay = idempotentReplay(streamId, prepared.map((e) => e.id), existing, expected);
          await client.query('ROLLBACK');
          if (replay) return replay;
          if (!revisionMatches(expected, current)) throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
          throw new DuplicateEventIdError(streamId, existing.map((e) => e.id));
        }
        if (!revisionMatches(expected, current)) {
          await client.query('ROLLBACK');
          throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
        }
        let prevHash = rows[0].last_hash;
        let revision = current ?? -1;
        const ids: string[] = [];
        const revisions: number[] = [];
        const types: string[] = [];
        const datas: string[] = [];
        const metas: string[] = [];
        const hashes: string[] = [];
        const prevHashes: (string | null)[] = [];
        for (const e of prepared) {
          revision++;
          const hash = eventHash({ streamId, revision, id: e.id, type: e.type, data: e.data, metadata: e.metadata, prevHash });
          ids.push(e.id);
          revisions.push(revision);
          types.push(e.type);
          datas.push(e.dataJson);
          metas.push(e.metadataJson);
          hashes.push(hash);
          prevHashes.push(prevHash);
          prevHash = hash;
        }
        const inserted = await client.query<{ tx_text: string; global_position: string }>(
          `WITH head AS (
             INSERT INTO es_streams (stream_id, revision, last_hash) VALUES ($1, $2, $3)
             ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, last_hash = excluded.last_hash, updated_at = now()
           )
           INSERT INTO es_events (stream_id, stream_revision, event_id, event_type, data, metadata, hash, prev_hash)
           SELECT $1, r, i, t, d, m, h, p
             FROM unnest($4::bigint[], $5::uuid[], $6::text[], $7::jsonb[], $8::jsonb[], $9::text[], $10::text[])
                  AS x(r, i, t, d, m, h, p)
           RETURNING transaction_id::text AS tx_text, global_position`,
          [streamId, revision, prevHash, revisions, ids, types, datas, metas, hashes, prevHashes],
        );
        if (this.options.beforeCommit) await this.options.beforeCommit(streamId);
        await client.query('COMMIT');
        this.announceAppend();
        const last = inserted.rows[inserted.rows.length - 1];
        return {
          nextRevision: revision,
          position: toPosition(last),
          idempotent: false,
        };
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (isUniqueViolation(err)) {
          // A concurrent writer with the same ids slipped in between our check and insert cannot happen under the
          // stream lock, but ids are global: the same id appended to another stream lands here.
          throw new DuplicateEventIdError(streamId, prepared.map((e) => e.id));
        }
        if (isConnectionError(err)) release = err as Error;
        throw err;
      }
    } finally {
      client.release(release === false ? undefined : release);
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

/** SQL conditions for a stream-prefix / event-type filter, their values appended to `params`. */
function filterClauses(filter: AllFilter | undefined, params: unknown[]): string[] {
  const clauses: string[] = [];
  if (filter?.streamPrefixes?.length) {
    params.push(filter.streamPrefixes.map((p) => `${escapeLike(p)}%`));
    clauses.push(`stream_id LIKE ANY($${params.length}::text[])`);
  }
  if (filter?.eventTypes?.length) {
    params.push(filter.eventTypes);
    clauses.push(`event_type = ANY($${params.length}::text[])`);
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

