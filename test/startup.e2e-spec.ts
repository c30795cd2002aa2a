import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, withClient } from '@app/testing';
import { freePort, ROOT, spawnService, waitForHttp } from './support/spawn-service';

describe('starting the service (the real entry point, as `npm start` runs it)', () => {
  it('stops at once with one line naming a bad variable', async () => {
    const svc = spawnService({ PORT: 'abc' });
    expect(await svc.exited).toBe(1);
    const lines = svc.output().trim().split('\n');
    expect(lines[lines.length - 1]).toMatch(/^Invalid configuration: PORT="abc" — expected/);
  });

  it('with no database configured, starts embedded PostgreSQL, keeps its data between runs and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(ROOT, '.data', 'startup-spec-'));
    const [port, pgPort] = [await freePort(), await freePort()];
    const env = { PORT: String(port), EMBEDDED_PG_DIR: dir, EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'warn' };
    try {
      const first = spawnService(env);
      await waitForHttp(`http://127.0.0.1:${port}/health`, 60_000, first.exited);
      const url = `postgres://postgres:postgres@127.0.0.1:${pgPort}/ntm`;
      await withClient(url, (c) => c.query(`CREATE TABLE startup_marker (v int); INSERT INTO startup_marker VALUES (7)`));
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      await expect(withClient(url, (c) => c.query('SELECT 1'))).rejects.toThrow();

      const second = spawnService(env);
      await waitForHttp(`http://127.0.0.1:${port}/health`, 60_000, second.exited);
      const { rows } = await withClient(url, (c) => c.query('SELECT v FROM startup_marker'));
      expect(rows).toEqual([{ v: 7 }]);
      second.child.kill('SIGINT');
      expect(await second.exited).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);

  it('with DATABASE_URL, uses that server and starts no PostgreSQL of its own', async () => {
    const db = await createTestDatabase('startup');
    const port = await freePort();
    const svc = spawnService({ PORT: String(port), DATABASE_URL: db.url, EMBEDDED_PG_DIR: '/nonexistent/never-created', LOG_LEVEL: 'warn' });
    try {
      const res = await waitForHttp(`http://127.0.0.1:${port}/health`, 60_000, svc.exited);
      expect(((await res.json()) as { status: string }).status).toBe('ok');
      const { rows } = await withClient(db.url, (c) => c.query(`SELECT to_regclass('es_events')::text AS t`));
      expect(rows[0].t).toBe('es_events');
    } finally {
      svc.child.kill('SIGTERM');
      expect(await svc.exited).toBe(0);
      await db.drop();
    }
  }, 90_000);
});
