import { comparePositions, type BatchHandler, type GlobalPosition, type RecordedEvent, type SubscribeOptions, type Subscription } from './event-store.port';

/**
 * A page of the global order after a position: the matching events, and how far the read looked. A page shorter than
 * asked for has looked at everything visible, so `scannedTo` may lie past its last event (the head under the fence):
 * no later read can find a matching event at or before it.
 */
export interface ReadPage {
  events: RecordedEvent[];
  scannedTo: GlobalPosition | null;
}
type ReadBatch = (after: GlobalPosition | null, maxCount: number) => Promise<ReadPage>;
/** Resolves true when woken by an append, false when the time ran out. */
type WaitForAppend = (timeoutMs: number) => Promise<boolean>;

/**
 * Catch-up then live delivery built on a store's fenced `readAll`: read a batch after the checkpoint, hand it to the
 * handler, advance only when the handler resolved (the page after a full batch is read meanwhile); when nothing is
 * left, wait for a notification or the poll timer.
 * A filtered subscription also moves past the non-matching events it has looked at, so a rare stream's subscriber
 * does not re-read the whole rest of the store on every wake-up. A wake-up whose read finds nothing new announced a
 * commit that an older open transaction still hides (the read fence is server-wide: any database's writer holds it);
 * nothing will announce the fence lifting, so after a wake-up the subscription looks again soon, then less and less
 * often (up to FENCE_RETRY_MAX_MS), for as long as reads keep finding events and FENCE_RETRY_WINDOW_MS after the last —
 * instead of sleeping a whole poll interval (only longer than FENCE_RETRY_MAX_MS in tests).
 */
const FENCE_RETRY_FIRST_MS = 10;
const FENCE_RETRY_MAX_MS = 1_000;
/** How long after the last wake-up or new event the subscription keeps looking at that pace before its poll interval. */
const FENCE_RETRY_WINDOW_MS = 60_000;

export class PollingSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopped = false;
  private _lastPosition: GlobalPosition | null;
  private _isLive = false;
  private wakeStop: (() => void) | null = null;

  constructor(
    private readonly read: ReadBatch,
    private readonly waitForAppend: WaitForAppend,
    options: SubscribeOptions,
    private readonly handler: BatchHandler,
  ) {
    this._lastPosition = options.after ?? null;
    const batchSize = options.batchSize ?? 500;
    const pollIntervalMs = options.pollIntervalMs ?? 250;
    this.done = this.run(batchSize, pollIntervalMs);
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
    this.wakeStop?.();
    await this.done.catch(() => undefined);
  }

  private async run(batchSize: number, pollIntervalMs: number): Promise<void> {
    // After a wake-up, and while reads keep finding new events, look again soon: a commit announced (or a later one of
    // the same burst) may still be hidden behind the fence, and nothing will announce the fence lifting.
    let quickUntil = 0;
    let retryMs = FENCE_RETRY_FIRST_MS;
    // A full page means more may follow: the next page is read while the handler applies this one (catch-up over a
    // long history overlaps the store's read with the handler's work). It starts from this page's last event, which is
    // where the next read would start once the handler resolved; if the handler fails, it is dropped unread.
    let prefetched: Promise<ReadPage> | null = null;
    while (!this.stopped) {
      const before = this._lastPosition;
      const { events: batch, scannedTo } = await (prefetched ?? this.read(this._lastPosition, batchSize));
      prefetched = null;
      if (this.stopped) return;
      if (batch.length > 0) {
        if (batch.length === batchSize) {
          prefetched = this.read(batch[batch.length - 1].position, batchSize);
          prefetched.catch(() => undefined);
        }
        await this.handler(batch);
        this._lastPosition = batch[batch.length - 1].position;
        if (batch.length === batchSize) continue;
      }
      if (scannedTo && (!this._lastPosition || comparePositions(scannedTo, this._lastPosition) > 0)) this._lastPosition = scannedTo;
      this._isLive = true;
      const moved = this._lastPosition !== null && (before === null || comparePositions(this._lastPosition, before) > 0);
      const quick = Date.now() < quickUntil;
      if (moved && quick) [retryMs, quickUntil] = [FENCE_RETRY_FIRST_MS, Date.now() + FENCE_RETRY_WINDOW_MS];
      else if (!moved) retryMs = Math.min(retryMs * 2, FENCE_RETRY_MAX_MS);
      const woken = await Promise.race([
        this.waitForAppend(quick ? Math.min(retryMs, pollIntervalMs) : pollIntervalMs),
        new Promise<boolean>((resolve) => {
          this.wakeStop = () => resolve(false);
        }),
      ]);
      if (woken) [retryMs, quickUntil] = [FENCE_RETRY_FIRST_MS, Date.now() + FENCE_RETRY_WINDOW_MS];
    }
  }
}
