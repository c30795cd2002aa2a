import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig, type AppConfig } from '@app/platform';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';

export interface TestApp {
  app: INestApplication;
  baseUrl: string;
  db: TestDatabase;
  config: AppConfig;
  close(): Promise<void>;
}

/** The real API on a real port over a database of its own. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase('e2e');
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env, DATABASE_URL: db.url });
  const app = await NestFactory.create(AppModule.register({ config, databaseUrl: db.url }), { logger: false, bufferLogs: true });
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
  };
}
