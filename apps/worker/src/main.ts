import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig, startDatabase, type AppConfig } from '@app/platform';
import { WorkerModule } from './worker.module';

function log(level: 'info' | 'error', msg: string): void {
  process.stdout.write(`${JSON.stringify({ level: level === 'info' ? 30 : 50, time: Date.now(), msg, app: 'worker' })}\n`);
}

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig({ ...process.env, RUN_PROJECTIONS: process.env.RUN_PROJECTIONS ?? 'true', DEMO_DATA: 'false' });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const db = await startDatabase(config);
  const app = await NestFactory.createApplicationContext(WorkerModule.register({ config, databaseUrl: db.url }), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log('info', `received ${signal}: closing`);
    await app.close().catch((err: Error) => log('error', `error while closing: ${err.message}`));
    await db.stop().catch(() => undefined);
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown(signal));
  log('info', 'worker running: projections (under leases) and timers');
}

bootstrap().catch((err: Error) => {
  log('error', `start-up failed: ${err.message}`);
  process.exit(1);
});
