import { EmptyBatchError, EventTooLargeError, InvalidEventError, InvalidStreamNameError } from './errors';
import type { NewEvent } from './event-store.port';

// `$` starts KurrentDB's system streams; keep names portable between adapters.
const STREAM_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,199}$/;
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.:-]{0,99}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;

export function assertValidStreamName(streamId: unknown): asserts streamId is string {
  if (typeof streamId !== 'string' || !STREAM_NAME.test(streamId)) throw new InvalidStreamNameError(streamId);
}

/** What a store writes for one event after validation: JSON text exactly as it will be hashed and stored. */
export interface PreparedEvent {
  id: string;
  type: string;
  data: unknown;
  metadata: NewEvent['metadata'];
  dataJson: string;
  metadataJson: string;
}

/**
 * Checks a batch before anything is written, and normalises each payload through JSON so that what is hashed is
 * exactly what a reader gets back (undefined fields dropped, Dates as ISO strings).
 */
export function prepareBatch(streamId: string, events: NewEvent[], maxEventBytes = DEFAULT_MAX_EVENT_BYTES): PreparedEvent[] {
  assertValidStreamName(streamId);
  if (!Array.isArray(events) || events.length === 0) throw new EmptyBatchError(streamId);
  const seen = new Set<string>();
  return events.map((event, index) => {
    if (typeof event?.id !== 'string' || !UUID.test(event.id)) throw new InvalidEventError(index, 'id', 'must be a UUID');
    const id = event.id.toLowerCase();
    if (seen.has(id)) throw new InvalidEventError(index, 'id', 'is repeated within the batch');
    seen.add(id);
    if (typeof event.type !== 'string' || !EVENT_TYPE.test(event.type)) {
      throw new InvalidEventError(index, 'type', 'must start with a letter and use letters, digits, _ . : - (max 100)');
    }
    const dataJson = toJson(event.data, index, 'data');
    const metadataJson = toJson(event.metadata, index, 'metadata');
    const data = JSON.parse(dataJson) as unknown;
    const metadata = JSON.parse(metadataJson) as NewEvent['metadata'];
    assertMetadata(metadata, index);
    const bytes = Buffer.byteLength(dataJson) + Buffer.byteLength(metadataJson);
    if (bytes > maxEventBytes) throw new EventTooLargeError(index, bytes, maxEventBytes);
    return { id, type: event.type, data, metadata, dataJson, metadataJson };
  });
}

function toJson(value: unknown, index: number, field: string): string {
  let json: string | undefined;
  try {
    assertPlainJson(value, `${field}`, index, new Set());
    json = JSON.stringify(value);
  } catch (err) {
    if (err instanceof InvalidEventError) throw err;
    throw new InvalidEventError(index, field, `is not JSON-serialisable (${(err as Error).message})`);
  }
  if (json === undefined) throw new InvalidEventError(index, field, 'is not JSON-serialisable');
  return json;
}

// JSON.stringify silently turns NaN into null and drops functions; a legal record must not change on the way in.
function assertPlainJson(value: unknown, path: string, index: number, seen: Set<object>): void {
  switch (typeof value) {
    case 'string':
      // PostgreSQL's jsonb cannot hold U+0000.
      if (value.includes('\u0000')) throw new InvalidEventError(index, path, 'contains a NUL character');
      return;
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new InvalidEventError(index, path, 'is not a finite number');
      return;
    case 'object': {
      if (value === null) return;
      if (value instanceof Date) return;
      if (seen.has(value)) throw new InvalidEventError(index, path, 'is circular');
      seen.add(value);
      if (Array.isArray(value)) value.forEach((v, i) => assertPlainJson(v, `${path}[${i}]`, index, seen));
      else {
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) throw new InvalidEventError(index, path, 'is not a plain object');
        for (const [k, v] of Object.entries(value)) {
          if (v === undefined) continue;
          assertPlainJson(v, `${path}.${k}`, index, seen);
        }
      }
      seen.delete(value);
      return;
    }
    default:
      throw new InvalidEventError(index, path, `is a ${typeof value}, not JSON`);
  }
}

function assertMetadata(metadata: NewEvent['metadata'], index: number): void {
  const nonEmpty = (v: unknown) => typeof v === 'string' && v.length > 0;
  if (metadata === null || typeof metadata !== 'object') throw new InvalidEventError(index, 'metadata', 'must be an object');
  if (!metadata.actor || !nonEmpty(metadata.actor.id) || !nonEmpty(metadata.actor.role) || !nonEmpty(metadata.actor.unit)) {
    throw new InvalidEventError(index, 'metadata.actor', 'must name id, role and unit');
  }
  if (!nonEmpty(metadata.correlationId)) throw new InvalidEventError(index, 'metadata.correlationId', 'is required');
  if (!nonEmpty(metadata.occurredAt) || Number.isNaN(Date.parse(metadata.occurredAt))) {
    throw new InvalidEventError(index, 'metadata.occurredAt', 'must be an ISO-8601 instant');
  }
}
