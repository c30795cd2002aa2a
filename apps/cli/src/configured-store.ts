import { Injectable } from '@nestjs/common';
import { KurrentDbEventStore, PostgresEventStore, type EventStore } from '@app/event-store';
import { loadConfig, startDatabase, type AppConfig, type RunningDatabase } from '@app/platform';
import { RegulationOverrides } from '@app/workflow';

/** The installation's event store, opened the way the service opens it, and everything the CLI started for it. */
export interface OpenedStore {
  store: EventStore;
  adapter: AppConfig['EVENT_STORE'];
  config: AppConfig;
  /** The installation's PostgreSQL (read models; events too with the postgres adapter); null when not started. */
  databaseUrl: string | null;
  /** True when the CLI started the embedded server itself (no DATABASE_URL). */
  embedded: boolean;
  /** Where the events are, for messages: the database, or the KurrentDB connection string. */
  describe: string;
  /** Closes the store, then stops the embedded server if the CLI started it. */
  close(): Promise<void>;
}

export interface OpenOptions {
  /**
   * Start (or connect to) the PostgreSQL of the installation even when the events are in KurrentDB; commands that
   * touch read models or checkpoints need it, `events migrate` does not.
   */
  needsDatabase?: boolean;
  log?: (line: string) => void;
}

/**
 * Opens the event store configured by the environment, as `npm start` does: DATABASE_URL when set, otherwise the
 * embedded server in EMBEDDED_PG_DIR, which then must not be in use by a running service (it holds the data folder).
 */
@Injectable()
export class ConfiguredStore {
  async open(options: OpenOptions = {}): Promise<OpenedStore> {
    const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    const config = loadConfig();
    // Provinces' own packs, so that dossiers pinning one can be folded, rebuilt and exported here as in the service.
    new RegulationOverrides(config).onModuleInit();
    const needsDatabase = options.needsDatabase ?? true;
    let db: RunningDatabase | null = null;
    if (config.EVENT_STORE === 'postgres' || needsDatabase) {
      if (!config.DATABASE_URL) log(`no DATABASE_URL: starting the embedded PostgreSQL in ${config.EMBEDDED_PG_DIR} on port ${config.EMBEDDED_PG_PORT}`);
      db = await startDatabase(config);
    }
    const stopDatabase = async () => {
      await db?.stop();
    };
    try {
      if (config.EVENT_STORE === 'kurrentdb') {
        const store = KurrentDbEventStore.fromConnectionString(config.KURRENTDB_CONNECTION_STRING!, { maxEventBytes: config.EVENT_MAX_BYTES });
        return opened(store, config, db, `KurrentDB ${redact(config.KURRENTDB_CONNECTION_STRING!)}`, stopDatabase);
      }
      const url = db!.url;
      await PostgresEventStore.migrate(url);
      const store = new PostgresEventStore({
        connectionString: url,
        poolSize: config.DB_POOL_SIZE,
        appendGroupsInFlight: config.EVENT_STORE_APPEND_GROUPS,
        maxEventBytes: config.EVENT_MAX_BYTES,
        idleInTransactionTimeoutMs: config.EVENT_STORE_IDLE_TX_TIMEOUT_MS,
        fenceStallSeconds: config.EVENT_STORE_FENCE_STALL_SECONDS,
      });
      const where = db!.embedded ? `embedded PostgreSQL in ${config.EMBEDDED_PG_DIR}` : `PostgreSQL ${redact(url)}`;
      return opened(store, config, db, where, stopDatabase);
    } catch (err) {
      await stopDatabase().catch(() => undefined);
      throw err;
    }
  }

  /** Runs `fn` with the configured store and always closes it (and the embedded server) afterwards. */
  async use<T>(fn: (opened: OpenedStore) => Promise<T>, options: OpenOptions = {}): Promise<T> {
    const handle = await this.open(options);
    try {
      return await fn(handle);
    } finally {
      await handle.close();
    }
  }
}

function opened(store: EventStore, config: AppConfig, db: RunningDatabase | null, describe: string, stopDatabase: () => Promise<void>): OpenedStore {
  let closing: Promise<void> | null = null;
  return {
    store,
    adapter: config.EVENT_STORE,
    config,
    databaseUrl: db?.url ?? null,
    embedded: db?.embedded ?? false,
    describe,
    // The store first, the server it talks to last, as the service shuts down.
    close: () => (closing ??= store.close().finally(stopDatabase)),
  };
}

/** A connection string for messages: the password replaced, so that logs and terminals never show it. */
export function redact(connection: string): string {
  try {
    const url = new URL(connection);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return connection.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}
