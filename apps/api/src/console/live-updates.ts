import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Response } from 'express';
import { comparePositions, EVENT_STORE, type EventStore, type GlobalPosition, type RecordedEvent, type Subscription } from '@app/event-store';
import type { Principal } from '@app/platform';
import { dossiersProjection, ProjectionRunner, ReadModels } from '@app/projections';
import { DOSSIER_STREAM_PREFIX, Jurisdiction } from '@app/workflow';

interface Client {
  principal: Principal;
  res: Response;
}

/** What a console needs to know to refresh: which dossier moved, to what. No actor, no data beyond the list's columns. */
export interface DossierChange {
  dossierId: string;
  communeCode: string;
  type: string;
  revision: number;
  status: string;
  occurredAt: string;
}

const HEARTBEAT_MS = 20_000;
/** How long a change waits for the dossiers read model to include it before it is announced anyway. */
const READ_MODEL_WAIT_MS = 5_000;

/**
 * Server-sent events of dossier changes for the console. One subscription to the store per process, opened by the
 * first listener and closed with the last. A change is announced once the dossiers read model holds it, so the
 * refetch it triggers sees it, and only to listeners whose jurisdiction covers the dossier.
 */
@Injectable()
export class LiveUpdates implements OnModuleDestroy {
  private readonly logger = new Logger('LiveUpdates');
  private readonly clients = new Set<Client>();
  private subscription: Subscription | null = null;
  private starting: Promise<void> | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    private readonly reads: ReadModels,
    private readonly jurisdiction: Jurisdiction,
  ) {}

  /** Streams changes to `res` until the request closes; `ready` is sent once changes from now on will arrive. */
  async attach(principal: Principal, res: Response): Promise<() => void> {
    const client = { principal, res };
    this.clients.add(client);
    res.on('close', () => this.detach(client));
    await this.ensureSubscribed();
    if (this.clients.has(client)) res.write(`event: ready\ndata: {}\n\n`);
    return () => this.detach(client);
  }

  get listeners(): number {
    return this.clients.size;
  }

  onModuleDestroy(): Promise<void> {
    for (const c of this.clients) c.res.end();
    this.clients.clear();
    return this.stop();
  }

  private detach(client: Client): void {
    if (!this.clients.delete(client)) return;
    if (this.clients.size === 0) void this.stop();
  }

  private ensureSubscribed(): Promise<void> {
    if (this.subscription) return Promise.resolve();
    this.starting ??= (async () => {
      // From the head: a listener refetches everything when it gets `ready`, so only later changes need announcing.
      const after = await this.store.headPosition();
      this.subscription = this.store.subscribeToAll({ after, filter: { streamPrefixes: [DOSSIER_STREAM_PREFIX] }, pollIntervalMs: 500 }, (batch) => this.announce(batch));
      this.heartbeat = setInterval(() => {
        for (const c of this.clients) c.res.write(`: keep-alive\n\n`);
      }, HEARTBEAT_MS);
      this.heartbeat.unref();
    })().finally(() => (this.starting = null));
    return this.starting;
  }

  private async stop(): Promise<void> {
    await this.starting;
    if (this.clients.size > 0) return;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    const sub = this.subscription;
    this.subscription = null;
    await sub?.stop();
  }

  private async announce(batch: RecordedEvent[]): Promise<void> {
    if (batch.length === 0 || this.clients.size === 0) return;
    try {
      await this.readModelReached(batch[batch.length - 1].position);
      const ids = [...new Set(batch.map((e) => e.streamId.slice(DOSSIER_STREAM_PREFIX.length)))];
      const places = await this.reads.dossierPlaces(ids);
      for (const e of batch) {
        const dossierId = e.streamId.slice(DOSSIER_STREAM_PREFIX.length);
        const place = places.get(dossierId);
        if (!place) continue;
        const change: DossierChange = { dossierId, communeCode: place.communeCode, type: e.type, revision: e.revision, status: place.status, occurredAt: e.metadata.occurredAt };
        const frame = `event: dossier\nid: ${e.id}\ndata: ${JSON.stringify(change)}\n\n`;
        for (const c of this.clients) if (this.jurisdiction.covers(c.principal, place)) c.res.write(frame);
      }
    } catch (err) {
      // A missed announcement only delays a refresh; the subscription must go on for the next one.
      this.logger.warn(`could not announce ${batch.length} dossier changes: ${(err as Error).message}`);
    }
  }

  private async readModelReached(position: GlobalPosition): Promise<void> {
    const until = Date.now() + READ_MODEL_WAIT_MS;
    while (Date.now() < until) {
      const live = await this.runner.engine.live(dossiersProjection.name);
      if (live?.checkpoint && comparePositions(live.checkpoint, position) >= 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
