import type { EventStore, GlobalPosition, RecordedEvent } from '@app/event-store';

/** Resolves with what the promise rejected with; fails when it fulfils. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

/** Every event `readAll` shows, paged through from the beginning. */
export async function readEverything(store: EventStore): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  let after: GlobalPosition | null = null;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    if (page.length === 0) return out;
    out.push(...page);
    after = page[page.length - 1].position;
  }
}

/** Everything but the position and storage time, which belong to the store that holds the event. */
export function portable(e: RecordedEvent) {
  return { id: e.id, streamId: e.streamId, revision: e.revision, type: e.type, data: e.data, metadata: e.metadata, hash: e.hash, prevHash: e.prevHash };
}
