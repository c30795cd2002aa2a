import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { closeOnSignals, logLine, startProcess, tuneHeap } from '@app/platform';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';

tuneHeap();

async function bootstrap(): Promise<void> {
  const { config, db } = await startProcess();
  const app = await NestFactory.create(AppModule.register({ config, databaseUrl: db.url }), { bufferLogs: true });
  configureApp(app);
  closeOnSignals(app, db);
  await app.listen(config.PORT, config.HOST);
  logLine('info', `listening on http://${config.HOST}:${config.PORT} (API docs at /docs)`, { embeddedDatabase: db.embedded });
}

bootstrap().catch((err: Error) => {
  logLine('error', `start-up failed: ${err.message}`);
  process.exit(1);
});
