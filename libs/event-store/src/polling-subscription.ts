import type { BatchHandler, GlobalPosition, RecordedEvent, SubscribeOptions, Subscription } from './event-store.port';

type ReadBatch = (after: GlobalPosition | null, maxCount: number) => Promise<RecordedEvent[]>;
type WaitForAppend = (timeoutMs: number) => Promise<void>;

/**
 * Catch-up then live delivery built on a store's fenced `readAll`: read a batch after the checkpoint, hand it to the
 * handler, advance only when the handler resolved; when nothing is left, wait for a notification or the poll timer.
 */
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
    while (!this.stopped) {
      const batch = await this.read(this._lastPosition, batchSize);
      if (this.stopped) return;
      if (batch.length > 0) {
        await this.handler(batch);
        this._lastPosition = batch[batch.length - 1].position;
        if (batch.length === batchSize) continue;
      }
      this._isLive = true;
      await Promise.race([
        this.waitForAppend(pollIntervalMs),
        new Promise<void>((resolve) => {
          this.wakeStop = resolve;
        }),
      ]);
    }
  }
}
