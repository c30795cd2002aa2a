import { ConfigError, loadConfig, type AppConfig } from './config/app-config';
import { startDatabase, type RunningDatabase } from './database/embedded-postgres';

/** A JSON log line like pino's, for what happens before Nest's logger exists and after it is gone. */
export function logLine(level: 'info' | 'error', msg: string, extra: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ level: level === 'info' ? 30 : 50, time: Date.now(), msg, ...extra })}\n`);
}

/**
 * The start of every service process: the configuration (a bad value ends the process with its one-line message) and
 * the database (embedded unless DATABASE_URL is set).
 */
export async function startProcess(env: NodeJS.ProcessEnv = process.env): Promise<{ config: AppConfig; db: RunningDatabase }> {
  let config: AppConfig;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  if (!config.DATABASE_URL) logLine('info', `no DATABASE_URL: starting embedded PostgreSQL in ${config.EMBEDDED_PG_DIR} on port ${config.EMBEDDED_PG_PORT}`);
  return { config, db: await startDatabase(config) };
}

/** On SIGINT/SIGTERM: the application first (HTTP, projections, timers), the database it uses last, then exit 0. */
export function closeOnSignals(app: { close(): Promise<void> }, db: RunningDatabase): void {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logLine('info', `received ${signal}: closing`);
    await app.close().catch((err: Error) => logLine('error', 'error while closing the application', { err: err.message }));
    await db.stop().catch((err: Error) => logLine('error', 'error while stopping PostgreSQL', { err: err.message }));
    logLine('info', 'stopped');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown(signal));
}
