import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, KurrentDbEventStore, PostgresEventStore, type EventStore } from '@app/event-store';
import type { AppConfig } from './config/app-config';

export const APP_CONFIG = Symbol('APP_CONFIG');
export const DATABASE_URL = Symbol('DATABASE_URL');

class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** Provides the configured event store adapter behind the port. */
@Module({})
export class EventStoreModule {
  static forRoot(): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        {
          provide: EVENT_STORE,
          inject: [APP_CONFIG, DATABASE_URL],
          useFactory: async (config: AppConfig, databaseUrl: string): Promise<EventStore> => {
            if (config.EVENT_STORE === 'kurrentdb') {
              return KurrentDbEventStore.fromConnectionString(config.KURRENTDB_CONNECTION_STRING!, { maxEventBytes: config.EVENT_MAX_BYTES });
            }
            await PostgresEventStore.migrate(databaseUrl);
            return new PostgresEventStore({
              connectionString: databaseUrl,
              poolSize: config.DB_POOL_SIZE,
              appendGroupsInFlight: config.EVENT_STORE_APPEND_GROUPS,
              maxEventBytes: config.EVENT_MAX_BYTES,
              idleInTransactionTimeoutMs: config.EVENT_STORE_IDLE_TX_TIMEOUT_MS,
              fenceStallSeconds: config.EVENT_STORE_FENCE_STALL_SECONDS,
            });
          },
        },
        EventStoreCloser,
      ],
      exports: [EVENT_STORE],
    };
  }
}
