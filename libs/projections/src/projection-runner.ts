import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { comparePositions, EVENT_STORE, type EventStore, type GlobalPosition, type PendingCount, type RecordedEvent, type Subscription } from '@app/event-store';
import { APP_CONFIG, DATABASE_URL, type AppConfig } from '@app/platform';
import { PROJECTIONS, type Projection } from './projection';
import { ProjectionEngine } from './projection-engine';
import { ProjectionLease } from './projection-lease';

export interface ProjectionStatus {
  name: string;
  generation: number | null;
  /** standby: another worker holds this projection's lease. */
  state: 'running' | 'failed' | 'stopped' | 'standby';
  error: string | null;
  failedEvent: unknown;
  eventsBehind: number;
  secondsBehind: number;
  eventsApplied: number;
}

const LAG_SCAN_LIMIT = 10_000;
/** Events per batch; the search for a poison event reads one batch's worth, so it can name any event of a failed batch. */
const BATCH_SIZE = 1000;

/**
 * Keeps every projection's live generation up to date from the store's catch-up subscription to all events (never
 * the in-process bus, which forgets on a crash). A batch that fails stops its projection with the failing event
 * named, visible on /health and /metrics, until it is retried.
 */
@Injectable()
export class ProjectionRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');
  readonly engine: ProjectionEngine;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly failures = new Map<string, { error: string; event: unknown; retryAt: number | null }>();
  private readonly starting = new Map<string, Promise<boolean>>();
  private readonly lease: ProjectionLease;
  private readonly wanted = new Set<string>();
  private leaseTimer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTIONS) readonly projections: Projection[],
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_URL) databaseUrl: string,
  ) {
    this.engine = new ProjectionEngine(db, store, { eventsInDatabase: config.EVENT_STORE === 'postgres' && config.PROJECTIONS_BUILD_IN_DATABASE === 'true' });
    this.lease = new ProjectionLease(databaseUrl);
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const p of this.projections) await this.engine.ensureLive(p);
    if (this.config.RUN_PROJECTIONS !== 'true') return;
    for (const p of this.projections) await this.start(p.name);
    // Standbys keep competing for the leases they do not hold; holders notice a lost lease and stop.
    this.leaseTimer = setInterval(() => void this.competeForLeases(), this.config.PROJECTION_LEASE_RETRY_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    this.wanted.clear();
    await Promise.all([...this.subscriptions.values()].map((s) => s.stop()));
    this.subscriptions.clear();
    await this.lease.close();
  }

  private async competeForLeases(): Promise<void> {
    for (const name of this.wanted) {
      const running = this.subscriptions.has(name);
      if (running && !this.lease.holds(name)) await this.stop(name, { keepWanted: true });
      else if (!running) {
        // A poison event waits for an operator's retry; a failure that named no event (a lost connection, a restart
        // of the database) is retried with a backoff, by this process or a standby.
        const failure = this.failures.get(name);
        if (failure && (failure.retryAt === null || Date.now() < failure.retryAt)) continue;
        await this.start(name).catch(() => undefined);
      }
    }
  }

  get(name: string): Projection {
    const p = this.projections.find((x) => x.name === name);
    if (!p) throw new Error(`no projection named ${name}`);
    return p;
  }

  /** Starts the projection if this process gets its lease; otherwise it stays on standby. */
  async start(name: string): Promise<boolean> {
    // One start at a time per projection: overlapping ticks must not open two subscriptions.
    const inFlight = this.starting.get(name);
    if (inFlight) return inFlight;
    const attempt = this.startOnce(name).finally(() => this.starting.delete(name));
    this.starting.set(name, attempt);
    return attempt;
  }

  private async startOnce(name: string): Promise<boolean> {
    const p = this.get(name);
    this.wanted.add(name);
    if (this.subscriptions.has(name)) return true;
    if (!(await this.lease.tryAcquire(name))) return false;
    const live = await this.engine.ensureLive(p);
    this.failures.delete(name);
    const follow = (after: GlobalPosition | null) =>
      this.store.subscribeToAll({ after, filter: p.filter, batchSize: BATCH_SIZE, pollIntervalMs: 200 }, (batch) => this.engine.applyBatch(p, 'live', batch).then(() => undefined));
    // A live generation that has applied nothing (the first start over an imported or migrated history) is built
    // inside the database by the lease holder, in the background (the service answers meanwhile, its lag shown), and
    // followed from there.
    const sub =
      live.checkpoint === null && this.engine.canBuildInDatabase(p)
        ? new BuiltThenFollowed(async (signal) => {
            try {
              await this.engine.buildInDatabase(p, live.generation, { signal });
            } catch (err) {
              // The slices committed so far stay; the subscription applies the rest through the store.
              this.logger.warn({ projection: p.name, err: (err as Error).message }, `projection ${p.name}: the build inside the database stopped; following the store from its checkpoint`);
            }
            return (await this.engine.live(p.name))?.checkpoint ?? null;
          }, follow)
        : follow(live.checkpoint);
    this.subscriptions.set(name, sub);
    sub.done.then(
      () => this.subscriptions.get(name) === sub && this.subscriptions.delete(name),
      (err: Error) => void this.fail(p, sub, err),
    );
    return true;
  }

  async stop(name: string, options: { keepWanted?: boolean } = {}): Promise<void> {
    if (!options.keepWanted) this.wanted.delete(name);
    const sub = this.subscriptions.get(name);
    this.subscriptions.delete(name);
    await sub?.stop();
    await this.lease.release(name);
  }

  /** Clears a failure and resumes from the live checkpoint (after a fix has been deployed). */
  async retry(name: string): Promise<void> {
    await this.stop(name);
    await this.start(name);
  }

  /**
   * Waits until every running projection has applied every event committed so far — also those the read fence still
   * hides behind another session's open transaction (tests, CLI, the deadline timer's start-up sweep).
   *
   * The target of each projection is the store's last committed event that its filter takes. When the store says there
   * is none, the projection has nothing to wait for: it is not asked again, since asking means scanning every event
   * after its checkpoint for one it would take — for a projection that has applied nothing yet (the plans projection of
   * a province with no plans), the whole store, on every pass of the loop.
   */
  async settle(timeoutMs = 15_000): Promise<void> {
    const start = Date.now();
    const targets = new Map<string, GlobalPosition | 'none' | 'unknown'>();
    for (const p of this.projections) {
      targets.set(p.name, this.store.lastCommittedPosition ? ((await this.store.lastCommittedPosition(p.filter)) ?? 'none') : 'unknown');
    }
    for (;;) {
      let done = true;
      for (const p of this.projections) {
        const failure = this.failures.get(p.name);
        if (failure) throw new Error(`projection ${p.name} has stopped: ${failure.error}`);
        const sub = this.subscriptions.get(p.name);
        if (!sub) continue;
        const target = targets.get(p.name)!;
        if (target === 'none') continue;
        const live = await this.engine.live(p.name);
        if (target !== 'unknown') {
          if (!live?.checkpoint || comparePositions(live.checkpoint, target) < 0) done = false;
          continue;
        }
        // A store that cannot name its last event: look for one after what the projection applied or scanned past.
        if ((await this.store.readAll({ after: later(sub.lastPosition, live?.checkpoint ?? null), maxCount: 1, filter: p.filter })).length > 0) done = false;
      }
      if (done) return;
      if (Date.now() - start > timeoutMs) throw new Error('projections did not catch up in time');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async status(): Promise<ProjectionStatus[]> {
    return Promise.all(
      this.projections.map(async (p) => {
        const live = await this.engine.live(p.name);
        // A running filtered subscription has looked past its checkpoint at events it does not want: count from there.
        const pending = await this.pending(p, later(this.subscriptions.get(p.name)?.lastPosition ?? null, live?.checkpoint ?? null));
        const failure = this.failures.get(p.name);
        return {
          name: p.name,
          generation: live?.generation ?? null,
          state: failure ? 'failed' : this.subscriptions.has(p.name) ? 'running' : this.wanted.has(p.name) ? 'standby' : 'stopped',
          error: failure?.error ?? live?.error ?? null,
          failedEvent: failure?.event ?? live?.errorEvent ?? null,
          eventsBehind: pending.count,
          secondsBehind: pending.oldestRecordedAt ? Math.max(0, (Date.now() - pending.oldestRecordedAt.getTime()) / 1000) : 0,
          eventsApplied: live?.eventsApplied ?? 0,
        } satisfies ProjectionStatus;
      }),
    );
  }

  /** Events after the checkpoint, counted (up to LAG_SCAN_LIMIT) by the store when it can, else read. */
  private async pending(p: Projection, after: GlobalPosition | null): Promise<PendingCount> {
    const options = { after, maxCount: LAG_SCAN_LIMIT, filter: p.filter };
    if (this.store.countAll) return this.store.countAll(options);
    const events = await this.store.readAll(options);
    return { count: events.length, oldestRecordedAt: events.reduce<Date | null>((o, e) => (o && o <= e.recordedAt ? o : e.recordedAt), null) };
  }

  private async fail(p: Projection, sub: Subscription, err: Error): Promise<void> {
    if (this.subscriptions.get(p.name) === sub) this.subscriptions.delete(p.name);
    const poison = await this.findPoison(p, sub).catch(() => null);
    const previous = this.failures.get(p.name);
    const backoff = Math.min(60_000, (previous?.retryAt ? 2 : 1) * this.config.PROJECTION_LEASE_RETRY_MS * 2);
    this.failures.set(p.name, {
      error: `${err.name}: ${err.message}`,
      event: poison && { id: poison.id, streamId: poison.streamId, revision: poison.revision, type: poison.type },
      retryAt: poison ? null : Date.now() + backoff,
    });
    // Let a standby try: a failure here may be this process's own (its connection, its code version).
    await this.lease.release(p.name);
    await this.engine.recordFailure(p.name, err, poison).catch(() => undefined);
    this.logger.error({ projection: p.name, err: err.message, event: poison?.id }, `projection ${p.name} stopped on a failing event`);
  }

  /** Applies the next events one by one to name the first that fails; the ones before it are kept (they are fine). */
  private async findPoison(p: Projection, sub: Subscription): Promise<RecordedEvent | null> {
    const live = await this.engine.live(p.name);
    const next = await this.store.readAll({ after: live?.checkpoint ?? sub.lastPosition, maxCount: BATCH_SIZE, filter: p.filter });
    for (const e of next) {
      try {
        await this.engine.applyBatch(p, 'live', [e]);
      } catch {
        return e;
      }
    }
    return null;
  }
}

/** The later of two positions, either of which may be missing (nothing applied or scanned yet). */
function later(a: GlobalPosition | null, b: GlobalPosition | null): GlobalPosition | null {
  if (!a) return b;
  if (!b) return a;
  return comparePositions(a, b) > 0 ? a : b;
}

/**
 * A subscription that first waits for a generation to be built in the database, then follows the store from the
 * checkpoint the build left. Stopping it during the build ends the build after its current slice (each slice commits
 * whole, with its checkpoint) and follows nothing.
 */
class BuiltThenFollowed implements Subscription {
  readonly done: Promise<void>;
  private following: Subscription | null = null;
  private readonly abort = new AbortController();

  constructor(build: (signal: AbortSignal) => Promise<GlobalPosition | null>, follow: (after: GlobalPosition | null) => Subscription) {
    this.done = (async () => {
      const after = await build(this.abort.signal);
      if (this.abort.signal.aborted) return;
      this.following = follow(after);
      await this.following.done;
    })();
  }

  get lastPosition(): GlobalPosition | null {
    return this.following?.lastPosition ?? null;
  }

  get isLive(): boolean {
    return this.following?.isLive ?? false;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.following?.stop();
    await this.done.catch(() => undefined);
  }
}
