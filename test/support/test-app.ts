import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { loadConfig, type AppConfig } from '@app/platform';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import type { Clock } from '@app/workflow';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';

export interface TestApp {
  app: INestApplication;
  baseUrl: string;
  db: TestDatabase;
  config: AppConfig;
  /** Stops the app and drops its database. */
  close(): Promise<void>;
  /** Stops the app and keeps its database, for another app to start on (a restart, a second instance). */
  stop(): Promise<void>;
}

export interface TestAppOptions {
  /** Start on this database instead of a new one: a restart, or a second instance beside a running one. */
  database?: TestDatabase;
  clock?: Clock;
  /** Providers replaced by token: a stand-in for a part that is not the test's subject. */
  replace?: { provide: string | symbol; useValue: unknown }[];
}

/**
 * The real API on a real port over a database of its own. The deadline timer is off unless `env` turns it on, so
 * that no sweep races the history a test writes; so are the rate limits.
 */
export async function startTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.database ?? (await createTestDatabase('e2e'));
  // Rate limits off unless a test sets them: the suites send bursts from a few principals on purpose.
  const config = loadConfig({ LOG_LEVEL: 'silent', RUN_TIMERS: 'false', RATE_LIMIT_PER_MINUTE: '0', AUTH_FAILURES_PER_MINUTE: '0', ...env, DATABASE_URL: db.url });
  const app = await createApp(AppModule.register({ config, databaseUrl: db.url, clock: options.clock }), options.replace ?? []);
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    db,
    config,
    async close() {
      await app.close();
      await db.drop();
    },
    async stop() {
      await app.close();
    },
  };
}

async function createApp(module: ReturnType<typeof AppModule.register>, replace: NonNullable<TestAppOptions['replace']>): Promise<INestApplication> {
  if (replace.length === 0) return NestFactory.create(module, { logger: false, bufferLogs: true });
  let builder = Test.createTestingModule({ imports: [module] });
  for (const r of replace) builder = builder.overrideProvider(r.provide).useValue(r.useValue);
  return (await builder.compile()).createNestApplication({ logger: false, bufferLogs: true });
}

/** A clock a test sets by hand. */
export class TestClock implements Clock {
  private at: number;

  constructor(iso: string) {
    this.at = Date.parse(iso);
  }

  now(): Date {
    return new Date(this.at);
  }

  set(iso: string): void {
    this.at = Date.parse(iso);
  }
}
