import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { unitRegistry } from '@app/domain';
import { loadConfig } from '@app/platform';
import { dossiersProjection, ProjectionRunner } from '@app/projections';
import { createTestDatabase, waitFor, withClient, type TestDatabase } from '@app/testing';
import { walkDossier } from '../apps/api/src/demo/walk';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { spawnService } from './support/spawn-service';

describe('apps/worker: one active worker per projection under a database lease, and takeover', () => {
  let db: TestDatabase;
  const workers: INestApplicationContext[] = [];
  const communes = unitRegistry.communesOf('24', '2025-07').filter((c) => c.kind === 'commune').map((c) => c.code);

  async function startWorker(databaseUrl = db.url): Promise<INestApplicationContext> {
    const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, DEMO_DATA: 'false', PROJECTION_LEASE_RETRY_MS: '100' });
    const app = await NestFactory.createApplicationContext(WorkerModule.register({ config, databaseUrl }), { logger: false });
    await app.init();
    workers.push(app);
    return app;
  }
  const states = async (w: INestApplicationContext) => new Set((await w.get(ProjectionRunner).status()).map((s) => s.state));

  beforeAll(async () => {
    db = await createTestDatabase('worker');
  });
  afterAll(async () => {
    for (const w of workers) await w.close().catch(() => undefined);
    await db.drop();
  });

  it('runs each projection in one worker; the standby takes over when the active one dies and misses nothing', async () => {
    const first = await startWorker();
    const second = await startWorker();
    expect(await states(first)).toEqual(new Set(['running']));
    expect(await states(second)).toEqual(new Set(['standby']));

    const now = new Date().toISOString();
    for (const commune of communes.slice(0, 3)) await walkDossier(first.get(CommandBus), { commune, province: '24', stage: 'recognised', now, idPrefix: 'w1' });
    await first.get(ProjectionRunner).settle();

    await first.close();
    for (const commune of communes.slice(3, 6)) await walkDossier(second.get(CommandBus), { commune, province: '24', stage: 'under_appraisal', now, idPrefix: 'w2' });
    await waitFor(async () => (await states(second)).has('running') && (await states(second)).size === 1);
    const runner = second.get(ProjectionRunner);
    await runner.settle();
    const [{ n }] = await second.get(DataSource).query(`SELECT count(*)::int AS n FROM rm_dossier_status`);
    expect(n).toBe(6);
    expect(await runner.engine.verify(dossiersProjection)).toEqual({});
  });

  it('takes over from a worker process killed with SIGKILL (its lease dies with its session)', async () => {
    const crashDb = await createTestDatabase('worker_crash');
    const leaseHolders = async () =>
      (await withClient(crashDb.url, (c) =>
        c.query(`SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a USING (pid)
                  WHERE a.application_name = 'ntm-projection-lease' AND a.datname = current_database() AND l.locktype = 'advisory' AND l.granted`),
      )).rows[0].n as number;
    const killed = spawnService({ DATABASE_URL: crashDb.url, LOG_LEVEL: 'warn', PROJECTION_LEASE_RETRY_MS: '100' }, 'apps/worker/src/main.ts');
    try {
      const until = Date.now() + 60_000;
      while ((await leaseHolders()) < 3) {
        if (Date.now() > until) throw new Error(`the worker process never took its leases: ${killed.output()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const standby = await startWorker(crashDb.url);
      expect(await states(standby)).toEqual(new Set(['standby']));
      killed.child.kill('SIGKILL');
      await killed.exited;
      await waitFor(async () => (await states(standby)).size === 1 && (await states(standby)).has('running'), 15_000);
      await walkDossier(standby.get(CommandBus), { commune: communes[10], province: '24', stage: 'recognised', now: new Date().toISOString(), idPrefix: 'crash' });
      await standby.get(ProjectionRunner).settle();
      const [{ n }] = await standby.get(DataSource).query(`SELECT count(*)::int AS n FROM rm_dossier_status`);
      expect(n).toBe(1);
      await standby.close();
    } finally {
      killed.child.kill('SIGKILL');
      await crashDb.drop();
    }
  }, 120_000);
});
