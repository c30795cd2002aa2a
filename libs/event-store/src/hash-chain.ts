import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EventStore, EventMetadata, GlobalPosition } from './event-store.port';

export interface HashInput {
  streamId: string;
  revision: number;
  id: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  prevHash: string | null;
}

/**
 * SHA-256 over the RFC 8785 canonical JSON of the event and its predecessor's hash: any change to a stored event,
 * or a removed or reordered one, breaks every later link of its stream.
 */
export function eventHash(input: HashInput): string {
  const canonical = canonicalize({
    streamId: input.streamId,
    revision: input.revision,
    id: input.id,
    type: input.type,
    data: input.data,
    metadata: input.metadata,
    prevHash: input.prevHash,
  });
  return createHash('sha256').update(canonical ?? '').digest('hex');
}

export interface BrokenLink {
  streamId: string;
  revision: number;
  reason: 'hash-mismatch' | 'prev-hash-mismatch' | 'revision-gap';
}

export interface ChainVerification {
  streams: number;
  events: number;
  /** The first broken link per stream, in the order they were found. Empty when the chains are intact. */
  broken: BrokenLink[];
}

/**
 * Why `event` does not continue a chain whose last event is `tail` (none: the event must open the stream), or null
 * when the link holds: its revision follows, its prevHash names the tail's hash and its own hash recomputes.
 */
export function linkBreak(
  event: HashInput & { hash: string },
  tail: { revision: number; hash: string } | null | undefined,
): BrokenLink['reason'] | null {
  const expectedRevision = tail ? tail.revision + 1 : 0;
  const expectedPrev = tail ? tail.hash : null;
  if (event.revision !== expectedRevision) return 'revision-gap';
  if (event.prevHash !== expectedPrev) return 'prev-hash-mismatch';
  if (eventHash({ ...event, prevHash: expectedPrev }) !== event.hash) return 'hash-mismatch';
  return null;
}

/**
 * Walks every event in global order through the port and recomputes each stream's chain, so it works for any adapter.
 */
export async function verifyHashChains(
  store: EventStore,
  options: { batchSize?: number; onProgress?: (eventsChecked: number) => void } = {},
): Promise<ChainVerification> {
  const batchSize = options.batchSize ?? 1000;
  const tails = new Map<string, { revision: number; hash: string; broken: boolean }>();
  const broken: BrokenLink[] = [];
  let after: GlobalPosition | null = null;
  let events = 0;
  for (;;) {
    const batch = await store.readAll({ after, maxCount: batchSize });
    if (batch.length === 0) break;
    for (const e of batch) {
      events++;
      const tail = tails.get(e.streamId);
      if (tail?.broken) continue;
      const reason = linkBreak(e, tail);
      if (reason) {
        broken.push({ streamId: e.streamId, revision: e.revision, reason });
        tails.set(e.streamId, { revision: e.revision, hash: e.hash, broken: true });
      } else {
        tails.set(e.streamId, { revision: e.revision, hash: e.hash, broken: false });
      }
    }
    after = batch[batch.length - 1].position;
    options.onProgress?.(events);
  }
  return { streams: tails.size, events, broken };
}
