import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from './config/app-config';
import { APP_CONFIG, DATABASE_URL, EventStoreModule } from './event-store.module';
import { SealingTimer } from './audit/sealing-timer';
import { LoggingModule } from './logging/logging.module';

export interface PlatformOptions {
  config: AppConfig;
  databaseUrl: string;
  /** Read-model migrations, applied at start-up in order (never TypeORM synchronize). */
  migrations?: (new () => unknown)[];
}

/** Configuration, logging, the read-model database (TypeORM) and the event store, for every app of the monorepo. */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const values = [
      { provide: APP_CONFIG, useValue: options.config },
      { provide: DATABASE_URL, useValue: options.databaseUrl },
    ];
    return {
      module: PlatformModule,
      global: true,
      imports: [
        LoggingModule.forRoot(options.config),
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: options.databaseUrl,
          autoLoadEntities: true,
          synchronize: false,
          migrations: options.migrations ?? [],
          migrationsRun: true,
          migrationsTransactionMode: 'each',
          // Any transaction left open here would hold the event store's read fence (it is server-wide): end it.
          extra: {
            max: options.config.DB_POOL_SIZE,
            application_name: 'ntm-read-models',
            options: `-c idle_in_transaction_session_timeout=${options.config.EVENT_STORE_IDLE_TX_TIMEOUT_MS}`,
          },
        }),
        { module: ConfigValuesModule, global: true, providers: values, exports: values.map((v) => v.provide) },
        EventStoreModule.forRoot(),
      ],
      providers: [SealingTimer],
      exports: [],
    };
  }
}

@Module({})
class ConfigValuesModule {}
