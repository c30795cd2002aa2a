export * from './test-database';
export * from './event-store.contract';
export * from './event-store.helpers';
export * from './event-builders';
export * from './decider';
export * from './import-files';
export * from './schema-arbitrary';
export * from './tamper';
