import type { Server, ServerResponse } from 'node:http';
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

/**
 * How long a signal's shutdown may take before the process exits anyway: in-flight requests drain within it, and a
 * database that is gone (a close that would wait on it forever) cannot keep the process alive past it. Under the 10 s
 * an orchestrator usually waits before SIGKILL.
 */
export const SHUTDOWN_DEADLINE_MS = 8_000;

interface Closable {
  close(): Promise<void>;
  /** The HTTP server of an application that has one. */
  getHttpServer?(): Server;
}

/**
 * Stops accepting connections at once and resolves when the requests in flight have been answered. Nest would only
 * close the listener after running every module's destroy hooks, accepting requests it can no longer serve meanwhile.
 *
 * `server.close()` only shuts the connections idle at that instant. A kept-alive connection whose request was being
 * read or answered then would go back to idle afterwards and stay usable until its keep-alive timeout — each request on
 * it restarting that timeout, so a prober reusing it is answered for ever. So every answer from now on says
 * `Connection: close`, and connections that fall idle are shut as they do.
 */
export function drain(server: Server | undefined, sweepMs = 50): Promise<void> {
  if (!server?.listening) return Promise.resolve();
  const drained = new Promise<void>((resolve) => server.close(() => resolve()));
  server.prependListener('request', (_req, res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('connection', 'close');
  });
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), sweepMs).unref();
  return drained.finally(() => clearInterval(sweep));
}

/**
 * On SIGINT/SIGTERM: stop accepting and answer the requests in flight, then the application (projections, timers,
 * pools), the database it uses last, then exit 0 — or 1 once SHUTDOWN_DEADLINE_MS has passed, whatever still waits.
 */
export function closeOnSignals(app: Closable, db: RunningDatabase, deadlineMs = SHUTDOWN_DEADLINE_MS): void {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logLine('info', `received ${signal}: closing`);
    setTimeout(() => {
      logLine('error', `shutdown did not finish within ${deadlineMs} ms (a database out of reach?): exiting anyway`);
      process.exit(1);
    }, deadlineMs).unref();
    await drain(app.getHttpServer?.());
    await app.close().catch((err: Error) => logLine('error', 'error while closing the application', { err: err.message }));
    await db.stop().catch((err: Error) => logLine('error', 'error while stopping PostgreSQL', { err: err.message }));
    logLine('info', 'stopped');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown(signal));
}
