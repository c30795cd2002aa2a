import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { withClient, type TestDatabase } from '@app/testing';
import { freePort, ROOT } from './spawn-service';

export interface OwnPostgres {
  /** A database of its own on this server, in the shape the test apps take. */
  database(name: string): Promise<TestDatabase>;
  /** Stops the server (fast shutdown: sessions are ended), keeping its data. */
  stop(): Promise<void>;
  /** Starts it again on the same data and port. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL server for one suite alone, for tests that stop and restart it, or that must not see the writers of
 * the other suites' databases on the shared server (its read fence is server-wide).
 */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(join(ROOT, '.data', 'own-pg-'));
  const port = await freePort();
  const child = spawn(process.execPath, [join(__dirname, 'own-postgres-server.js'), dir, String(port)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiting: { line: string; resolve: () => void }[] = [];
  let errors = '';
  child.stderr!.on('data', (d: Buffer) => (errors += d.toString()));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const w of waiting.filter((x) => x.line === line)) w.resolve();
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const expectLine = (line: string) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ line, resolve });
      void exited.then(() => reject(new Error(`own PostgreSQL exited before "${line}": ${errors}`)));
    });
  const command = async (cmd: string, reply: string) => {
    const done = expectLine(reply);
    child.stdin!.write(`${cmd}\n`);
    await done;
  };
  await expectLine('ready');
  const admin = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  let running = true;
  return {
    async database(name) {
      await withClient(admin, (c) => c.query(`CREATE DATABASE "${name}"`));
      return {
        url: `postgres://postgres:postgres@127.0.0.1:${port}/${name}`,
        name,
        drop: () => (running ? withClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined) : Promise.resolve()),
      };
    },
    async stop() {
      await command('stop', 'stopped');
      running = false;
    },
    async start() {
      await command('start', 'started');
      running = true;
    },
    async destroy() {
      child.stdin!.write('exit\n');
      await exited;
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
