import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, startDatabase, type AppConfig, type RunningDatabase } from '@app/platform';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';

function log(level: 'info' | 'error', msg: string, extra: Record<string, unknown> = {}): void {
  // Before Nest's logger exists (configuration, database start) lines are still JSON, like pino's.
  process.stdout.write(`${JSON.stringify({ level: level === 'info' ? 30 : 50, time: Date.now(), msg, ...extra })}\n`);
}

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  if (!config.DATABASE_URL) log('info', `no DATABASE_URL: starting embedded PostgreSQL in ${config.EMBEDDED_PG_DIR} on port ${config.EMBEDDED_PG_PORT}`);
  const db: RunningDatabase = await startDatabase(config);
  const app = await NestFactory.create(AppModule.register({ config, databaseUrl: db.url }), { bufferLogs: true });
  configureApp(app);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log('info', `received ${signal}: closing`);
    // HTTP and background work first, the database they use last.
    await app.close().catch((err: Error) => log('error', 'error while closing the application', { err: err.message }));
    await db.stop().catch((err: Error) => log('error', 'error while stopping PostgreSQL', { err: err.message }));
    log('info', 'stopped');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown(signal));

  await app.listen(config.PORT, config.HOST);
  log('info', `listening on http://${config.HOST}:${config.PORT} (API docs at /docs)`, { embeddedDatabase: db.embedded });
}

bootstrap().catch((err: Error) => {
  log('error', `start-up failed: ${err.message}`);
  process.exit(1);
});
