import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { closeOnSignals, logLine, startProcess, tuneHeap } from '@app/platform';
import { WorkerModule } from './worker.module';

tuneHeap();

async function bootstrap(): Promise<void> {
  // A worker exists to run projections and never seeds demo data (the api of the same installation may).
  const { config, db } = await startProcess({ ...process.env, RUN_PROJECTIONS: process.env.RUN_PROJECTIONS ?? 'true', DEMO_DATA: 'false' });
  const app = await NestFactory.createApplicationContext(WorkerModule.register({ config, databaseUrl: db.url }), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  closeOnSignals(app, db);
  logLine('info', 'worker running: projections (under leases) and timers', { app: 'worker' });
}

bootstrap().catch((err: Error) => {
  logLine('error', `start-up failed: ${err.message}`, { app: 'worker' });
  process.exit(1);
});
