import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { comparePositions, parsePosition, type EventStore, type EventMetadata, type GlobalPosition, type StreamHead } from './event-store.port';
import { ChainHeads, type LoggedSeal } from './seals';

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

/**
 * An event's canonical hash input cut around the two members only the store knows once it holds the stream's lock:
 * `prevHash` and `revision`, adjacent in RFC 8785 key order (data, id, metadata, prevHash, revision, streamId, type).
 * `before + JSON(prevHash) + ',"revision":' + revision + after` is exactly the text `eventHash` hashes; the PostgreSQL
 * store's `es_append` joins them under its lock, so an append needs no round trip to learn the chain's tail.
 */
export function canonicalHashParts(input: Omit<HashInput, 'prevHash' | 'revision'>): { before: string; after: string } {
  const member = (value: unknown) => {
    const text = canonicalize(value);
    if (text === undefined) throw new TypeError('an event member has no JSON form');
    return text;
  };
  return {
    before: `{"data":${member(input.data)},"id":${member(input.id)},"metadata":${member(input.metadata)},"prevHash":`,
    after: `,"streamId":${member(input.streamId)},"type":${member(input.type)}}`,
  };
}

export interface BrokenLink {
  streamId: string;
  revision: number;
  reason:
    | 'hash-mismatch'
    | 'prev-hash-mismatch'
    | 'revision-gap'
    /** The store's head of the stream names a later event than the chain ends with: its last events are gone. */
    | 'missing-last-events'
    /** The chain reaches the head's revision with another hash than the head records. */
    | 'head-mismatch'
    /** The store's head of the stream names events of which none is left. */
    | 'events-missing'
    /** Events of a stream the store's heads do not know. */
    | 'head-missing';
}

/** One seal of the operator's log, checked against the chains as they are now. */
export interface SealCheck {
  /** Line of the seal log. */
  line: number;
  sealedAt: string;
  position: string;
  sealed: { events: number; streams: number; heads: string };
  found: { events: number; streams: number; heads: string };
  /** True when the events up to the sealed position give exactly the sealed heads. */
  holds: boolean;
}

export interface ChainVerification {
  streams: number;
  events: number;
  /** The first broken link per stream, in the order they were found. Empty when the chains are intact. */
  broken: BrokenLink[];
  /** How many stream heads of the store's own index were compared with the chains (null: the store keeps none). */
  headsChecked: number | null;
  /** Each seal given, in log order. */
  seals: SealCheck[];
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
 * Where the store keeps an index of stream heads, each head must be the last link of its chain (a deleted last event
 * leaves no broken link behind it, only a head pointing past the chain). With seals (verified signatures from the
 * operator's log), the chains up to each sealed position must give the sealed heads: a chain rewritten and recomputed
 * from end to end passes every other check, not this one.
 */
export async function verifyHashChains(
  store: EventStore,
  options: { batchSize?: number; onProgress?: (eventsChecked: number) => void; seals?: LoggedSeal[] } = {},
): Promise<ChainVerification> {
  const batchSize = options.batchSize ?? 1000;
  // Read before the walk: a stream appended to meanwhile has a head the walk reaches or passes, never one ahead of it.
  const heads = store.streamHeads ? new Map((await store.streamHeads()).map((h) => [h.streamId, { ...h, seen: undefined as string | undefined }])) : null;
  const tails = new Map<string, { revision: number; hash: string; broken: boolean }>();
  const broken: BrokenLink[] = [];
  const pending = [...(options.seals ?? [])].sort((a, b) => comparePositions(parsePosition(a.seal.position), parsePosition(b.seal.position)));
  const sealChecks: SealCheck[] = [];
  const chain = new ChainHeads();
  const checkSeal = ({ line, seal }: LoggedSeal) => {
    const found = { events: chain.events, streams: chain.streams, heads: chain.digest() };
    const sealed = { events: seal.events, streams: seal.streams, heads: seal.heads };
    sealChecks.push({ line, sealedAt: seal.sealedAt, position: seal.position, sealed, found, holds: found.heads === sealed.heads && found.events === sealed.events && found.streams === sealed.streams });
  };
  let after: GlobalPosition | null = null;
  let events = 0;
  for (;;) {
    const batch = await store.readAll({ after, maxCount: batchSize });
    if (batch.length === 0) break;
    for (const e of batch) {
      while (pending.length && comparePositions(e.position, parsePosition(pending[0]!.seal.position)) > 0) checkSeal(pending.shift()!);
      chain.apply(e);
      events++;
      const head = heads?.get(e.streamId);
      if (head && head.revision === e.revision) head.seen = e.hash;
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
    after = batch[batch.length - 1]!.position;
    options.onProgress?.(events);
  }
  for (const s of pending) checkSeal(s);
  if (heads) broken.push(...(await headBreaks(store, heads, tails)));
  sealChecks.sort((a, b) => a.line - b.line);
  return { streams: tails.size, events, broken, headsChecked: heads?.size ?? null, seals: sealChecks };
}

async function headBreaks(
  store: EventStore,
  heads: Map<string, StreamHead & { seen: string | undefined }>,
  tails: Map<string, { broken: boolean }>,
): Promise<BrokenLink[]> {
  const found: BrokenLink[] = [];
  for (const [streamId, head] of heads) {
    if (tails.get(streamId)?.broken) continue;
    if (head.seen === head.lastHash) continue;
    if (head.seen === undefined) {
      // Committed but not readable in global order yet (an older transaction holds the read fence): read it directly.
      const [last] = await store.readStream(streamId, { fromRevision: head.revision, maxCount: 1 });
      if (last?.revision === head.revision && last.hash === head.lastHash) continue;
      found.push({ streamId, revision: head.revision, reason: tails.has(streamId) ? 'missing-last-events' : 'events-missing' });
    } else {
      found.push({ streamId, revision: head.revision, reason: 'head-mismatch' });
    }
  }
  for (const streamId of tails.keys()) {
    // A stream first appended to after the heads were read has a head now.
    if (!heads.has(streamId) && !tails.get(streamId)!.broken && (await store.streamRevision(streamId)) === null) {
      found.push({ streamId, revision: 0, reason: 'head-missing' });
    }
  }
  return found;
}
