import type { ExpectedRevision } from './event-store.port';

/** Base of every error the store raises on purpose; `code` is stable and safe to show to clients. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class WrongExpectedRevisionError extends EventStoreError {
  readonly code = 'EVENT_STORE.WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual revision, or 'no_stream' when it does not exist. */
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
  }
}

export class InvalidStreamNameError extends EventStoreError {
  readonly code = 'EVENT_STORE.INVALID_STREAM_NAME';
  constructor(readonly streamId: unknown) {
    super(`invalid stream name: ${JSON.stringify(streamId)}`);
  }
}

export class EmptyBatchError extends EventStoreError {
  readonly code = 'EVENT_STORE.EMPTY_BATCH';
  constructor(readonly streamId: string) {
    super(`append to ${streamId} with no events`);
  }
}

export class InvalidEventError extends EventStoreError {
  readonly code = 'EVENT_STORE.INVALID_EVENT';
  constructor(
    readonly index: number,
    readonly field: string,
    readonly rule: string,
  ) {
    super(`event #${index}: ${field} ${rule}`);
  }
}

export class EventTooLargeError extends EventStoreError {
  readonly code = 'EVENT_STORE.EVENT_TOO_LARGE';
  constructor(
    readonly index: number,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`event #${index} is ${bytes} bytes, over the limit of ${limit}`);
  }
}

/** Some (not all) of the ids are already stored, or stored elsewhere: not a retry, and not writable. */
export class DuplicateEventIdError extends EventStoreError {
  readonly code = 'EVENT_STORE.DUPLICATE_EVENT_ID';
  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
  ) {
    super(`stream ${streamId}: event ids already used elsewhere: ${eventIds.join(', ')}`);
  }
}
