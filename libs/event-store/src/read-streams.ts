import type { EventStore, RecordedEvent } from './event-store.port';

const PAGE = 1000;

/** Every event of one stream, in revision order, page by page. */
export async function readWholeStream(store: Pick<EventStore, 'readStream'>, streamId: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readStream(streamId, { fromRevision: events.length, maxCount: PAGE });
    events.push(...page);
    if (page.length < PAGE) return events;
  }
}

/**
 * Every event of each stream, in revision order, keyed by stream (an empty list for a stream with no events): in one
 * read where the store offers it (`readStreams`), else stream after stream.
 */
export async function readStreams(store: EventStore, streamIds: string[]): Promise<Map<string, RecordedEvent[]>> {
  const ids = [...new Set(streamIds)];
  if (ids.length === 0) return new Map();
  if (store.readStreams) return store.readStreams(ids);
  const out = new Map<string, RecordedEvent[]>();
  for (const id of ids) out.set(id, await readWholeStream(store, id));
  return out;
}
