import { EventStoreError } from './errors';
import { comparePositions, formatPosition, type EventStore, type GlobalPosition } from './event-store.port';

export class NotYetReadableError extends EventStoreError {
  readonly code = 'EVENT_STORE.NOT_YET_READABLE';
  constructor(
    readonly position: GlobalPosition,
    readonly waitedMs: number,
  ) {
    super(`global reads still do not reach ${formatPosition(position)} after ${waitedMs} ms: an open transaction holds the read fence`);
  }
}

/**
 * Waits until global reads (`readAll`, subscriptions) reach `position`. A fenced store shows appended events there
 * later than `readStream` does while any older transaction on the server is still open.
 */
export async function waitUntilReadable(store: EventStore, position: GlobalPosition, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  for (let delay = 20; ; delay = Math.min(delay * 2, 1000)) {
    const head = await store.headPosition();
    if (head && comparePositions(head, position) >= 0) return;
    const waited = Date.now() - started;
    if (waited >= timeoutMs) throw new NotYetReadableError(position, waited);
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, timeoutMs - waited)));
  }
}
