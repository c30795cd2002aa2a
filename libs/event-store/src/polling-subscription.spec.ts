import { comparePositions, type GlobalPosition, type RecordedEvent } from './event-store.port';
import { PollingSubscription, type ReadPage } from './polling-subscription';

/** A store of `count` events in one stream, read in pages like the adapters' fenced reads; every read is logged. */
function fakeStore(count: number) {
  const events: RecordedEvent[] = Array.from({ length: count }, (_, i) => ({
    id: `e${i}`,
    streamId: 's-1',
    revision: i,
    type: 'Happened',
    data: { i },
    metadata: {} as RecordedEvent['metadata'],
    position: { commit: 1n, prepare: BigInt(i + 1) },
    recordedAt: new Date(0),
    hash: 'h',
    prevHash: null,
  }));
  const log: string[] = [];
  let failReadsFrom: number | null = null;
  const read = async (after: GlobalPosition | null, maxCount: number): Promise<ReadPage> => {
    const from = after === null ? 0 : events.findIndex((e) => comparePositions(e.position, after) > 0);
    const start = from < 0 ? events.length : from;
    log.push(`read ${start}`);
    await new Promise((r) => setImmediate(r));
    if (failReadsFrom !== null && start >= failReadsFrom) throw new Error('connection lost');
    const page = events.slice(start, start + maxCount);
    return { events: page, scannedTo: page.length ? page[page.length - 1].position : null };
  };
  return {
    read,
    log,
    failReadsFrom: (i: number) => (failReadsFrom = i),
  };
}
/** Never woken: a caught-up subscription waits for its poll interval. */
const neverWoken = (ms: number) => new Promise<boolean>((r) => setTimeout(() => r(false), Math.min(ms, 5)));

describe('PollingSubscription: the next page is read while a full batch is handled', () => {
  it('starts reading the page after a full batch before the handler resolves, and delivers each event once, in order', async () => {
    const store = fakeStore(7);
    const seen: number[] = [];
    let sub!: PollingSubscription;
    const caughtUp = new Promise<void>((resolve) => {
      sub = new PollingSubscription(store.read, neverWoken, { batchSize: 3, pollIntervalMs: 5 }, async (batch) => {
        store.log.push(`handle ${batch[0].revision}-${batch[batch.length - 1].revision}`);
        // The handler yields long enough for a read started before it to be logged.
        await new Promise((r) => setImmediate(r));
        seen.push(...batch.map((e) => e.revision));
        if (seen.length === 7) resolve();
      });
    });
    await caughtUp;
    await sub.stop();
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // Pages 0-2 and 3-5 are full: the read after each was under way when the handler was called. The short page 6 is
    // read to the end before the live reads (which start only once it has been handled).
    expect(store.log.slice(0, 6)).toEqual(['read 0', 'read 3', 'handle 0-2', 'read 6', 'handle 3-5', 'handle 6-6']);
    expect(store.log.slice(6).every((l) => l === 'read 7')).toBe(true);
    expect(sub.lastPosition).toEqual({ commit: 1n, prepare: 7n });
  });

  it('a failing handler ends the subscription with its error, even while the next read is failing too', async () => {
    const store = fakeStore(6);
    store.failReadsFrom(3);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const sub = new PollingSubscription(store.read, neverWoken, { batchSize: 3 }, async () => {
        await new Promise((r) => setImmediate(r));
        throw new Error('projection failed');
      });
      await expect(sub.done).rejects.toThrow('projection failed');
      // The prefetched read was issued and failed; nothing may surface as an unhandled rejection.
      expect(store.log).toEqual(['read 0', 'read 3']);
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
      expect(sub.lastPosition).toBeNull();
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
