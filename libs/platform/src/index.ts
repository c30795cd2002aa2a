export * from './config/app-config';
export * from './database/embedded-postgres';
export * from './logging/logging.module';
export * from './event-store.module';
export * from './health/health.module';
export * from './platform.module';
