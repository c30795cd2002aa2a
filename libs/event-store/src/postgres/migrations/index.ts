import { EventStore1763800000000 } from './1763800000000-event-store';

/** Every migration of the PostgreSQL event store, oldest first. */
export const eventStoreMigrations = [EventStore1763800000000];
