export * from './event-store.port';
export * from './errors';
export * from './validation';
export * from './hash-chain';
export { PollingSubscription } from './polling-subscription';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store';
export { eventStoreMigrations } from './postgres/migrations';
export { KurrentDbEventStore, type KurrentDbEventStoreOptions } from './kurrentdb/kurrentdb-event-store';
export * from './migration/copy-events';
