import { EventStore1763800000000 } from './1763800000000-event-store';
import { LockStreamUnsorted1763900000000 } from './1763900000000-lock-stream-unsorted';
import { AppendInOneStatement1764900000000 } from './1764900000000-append-in-one-statement';

/** Every migration of the PostgreSQL event store, oldest first. */
export const eventStoreMigrations = [EventStore1763800000000, LockStreamUnsorted1763900000000, AppendInOneStatement1764900000000];
