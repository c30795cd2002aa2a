import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { unitRegistry } from '@app/domain';
import { mintToken } from '@app/platform';
import { createTestDatabase, waitFor, withClient, type TestDatabase } from '@app/testing';
import { startOwnPostgres, type OwnPostgres } from './support/own-postgres';
import { freePort, spawnService, waitForHttp, type RunningService } from './support/spawn-service';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Faults injected on loopback, each bounded in time: PostgreSQL stopped and restarted under a command load, the
 * service killed with SIGKILL in a burst, SIGTERM with requests in flight and with the database gone. What must hold:
 * no 500, 503 with Retry-After while the database is away, recovery without a restart, and every command the service
 * acknowledged (a 2xx answer) present afterwards.
 */
const NEXT_YEAR = Number(new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 4)) + 1;
const COMMUNES = unitRegistry.communesOf('24', '2025-07').filter((c) => c.kind === 'commune').map((c) => c.code);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Ack {
  dossierId: string;
  revision: number;
  commandId: string;
}

/** Registers one dossier per worker, then has each worker record criterion results on its own dossier in a loop. */
class CommandLoad {
  readonly acks: Ack[] = [];
  readonly statuses = new Map<number, number>();
  readonly unavailable: { retryAfter: string | null; code: unknown }[] = [];
  private stopped = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly baseUrl: () => string,
    private readonly secret: string,
    private readonly dossiers: { id: string; commune: string }[],
  ) {}

  static async prepare(baseUrl: string, secret: string, communes: string[]): Promise<{ id: string; commune: string }[]> {
    const dossiers = [];
    for (const commune of communes) {
      const res = await fetch(`${baseUrl}/dossiers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${mintToken({ id: `officer-${commune}`, role: 'commune_officer', unit: commune }, secret)}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({ communeCode: commune, level: 'standard', targetYear: NEXT_YEAR }),
      });
      if (res.status !== 201) throw new Error(`registering ${commune}: ${res.status} ${await res.text()}`);
      dossiers.push({ id: ((await res.json()) as { dossierId: string }).dossierId, commune });
    }
    return dossiers;
  }

  start(): this {
    this.loops = this.dossiers.map((d) => this.loop(d));
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }

  acksSince(n: number): number {
    return this.acks.length - n;
  }

  private async loop(d: { id: string; commune: string }): Promise<void> {
    const principal = `officer-${d.commune}`;
    const token = mintToken({ id: principal, role: 'commune_officer', unit: d.commune }, this.secret);
    for (let i = 0; !this.stopped; i++) {
      const key = randomUUID();
      let status: number;
      try {
        const res = await fetch(`${this.baseUrl()}/dossiers/${d.id}/criterion-results`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify({ results: [{ code: `C0${(i % 9) + 1}`, met: i % 2 === 0 }] }),
        });
        status = res.status;
        const body = (await res.json().catch(() => null)) as { revision?: number; code?: unknown } | null;
        if (status === 200) this.acks.push({ dossierId: d.id, revision: body!.revision!, commandId: `${principal}:${key}` });
        if (status === 503) this.unavailable.push({ retryAfter: res.headers.get('retry-after'), code: body?.code });
      } catch {
        status = 0; // no answer at all: the process is gone
      }
      this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
      if (status !== 200) await sleep(25);
    }
  }
}

/** Every acknowledged command's events, found by command id, at the revision the answer named. */
async function missingAcks(databaseUrl: string, acks: Ack[]): Promise<Ack[]> {
  const { rows } = await withClient(databaseUrl, (c) =>
    c.query<{ stream_id: string; revision: string; command_id: string }>(
      `SELECT stream_id, stream_revision::text AS revision, metadata->>'commandId' AS command_id FROM es_events WHERE metadata->>'commandId' = ANY($1)`,
      [acks.map((a) => a.commandId)],
    ),
  );
  const found = new Set(rows.map((r) => `${r.stream_id}@${r.revision}@${r.command_id}`));
  return acks.filter((a) => !found.has(`dossier-${a.dossierId}@${a.revision}@${a.commandId}`));
}

describe('faults', () => {
  let own: OwnPostgres;

  beforeAll(async () => {
    own = await startOwnPostgres();
  }, 120_000);
  afterAll(async () => {
    await own?.destroy();
  });

  describe('PostgreSQL stopped and restarted under a command load (the service keeps running)', () => {
    let t: TestApp;
    let db: TestDatabase;

    beforeAll(async () => {
      db = await own.database('outage');
      t = await startTestApp({ DEMO_DATA: 'false', PROJECTION_LEASE_RETRY_MS: '200', DB_POOL_SIZE: '4' }, { database: db });
    }, 60_000);
    afterAll(async () => {
      await t?.close();
    });

    it('answers 503 with Retry-After during the outage, /health says why, recovers by itself, loses no acknowledged command', async () => {
      const dossiers = await CommandLoad.prepare(t.baseUrl, t.config.JWT_SECRET, COMMUNES.slice(0, 4));
      const load = new CommandLoad(() => t.baseUrl, t.config.JWT_SECRET, dossiers).start();
      try {
        await waitFor(() => load.acks.length >= 20, 20_000);
        await own.stop();
        const ackedBeforeRestart = load.acks.length;
        await waitFor(() => load.unavailable.length >= 8, 20_000);
        const health = await fetch(`${t.baseUrl}/health`);
        expect(health.status).toBe(503);
        const report = (await health.json()) as { error: Record<string, { status: string; reachable?: boolean; error?: string }> };
        expect(report.error.database!.status).toBe('down');
        expect(report.error.eventStore).toMatchObject({ status: 'down', reachable: false });
        expect(report.error.eventStore!.error).toMatch(/ECONNREFUSED|connect|terminat/i);
        await own.start();
        await waitFor(() => load.acksSince(ackedBeforeRestart) >= 20, 60_000);
      } finally {
        await load.stop();
      }
      expect([...load.statuses.keys()].filter((s) => s !== 200 && s !== 503)).toEqual([]);
      expect(load.unavailable.every((u) => u.retryAfter !== null && Number(u.retryAfter) > 0 && u.code === 'SERVICE.DATABASE_UNAVAILABLE')).toBe(true);
      expect(await missingAcks(db.url, load.acks)).toEqual([]);
      await waitFor(async () => (await fetch(`${t.baseUrl}/health`)).status === 200, 60_000);
      console.log(`[faults] outage: ${load.acks.length} commands acknowledged (all found), ${load.unavailable.length} answered 503, statuses ${JSON.stringify(Object.fromEntries(load.statuses))}`);
    }, 180_000);
  });

  describe('the service process', () => {
    let db: TestDatabase;
    let port: number;
    let svc: RunningService | null = null;
    const secret = 'a-secret-for-the-fault-tests';
    const env = () => ({ PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: db.url, JWT_SECRET: secret, DEMO_DATA: 'false', LOG_LEVEL: 'warn', PROJECTION_LEASE_RETRY_MS: '200',
      // Enough append statements out for all five held commands of the SIGTERM test to wait on the lock in PostgreSQL.
      EVENT_STORE_APPEND_GROUPS: '8' });
    const exitedWithin = (s: RunningService, ms: number) => Promise.race([s.exited.then((code) => ({ code })), sleep(ms).then(() => ({ code: 'still running' as const }))]);

    beforeAll(async () => {
      db = await createTestDatabase('faults');
      port = await freePort();
    });
    afterAll(async () => {
      if (svc) {
        svc.child.kill('SIGKILL');
        await svc.exited;
      }
      await db.drop();
    });

    it('killed with SIGKILL during a burst: every acknowledged command is there after a restart', async () => {
      svc = spawnService(env());
      await waitForHttp(`http://127.0.0.1:${port}/health`, 90_000, svc.exited);
      const dossiers = await CommandLoad.prepare(`http://127.0.0.1:${port}`, secret, COMMUNES.slice(4, 12));
      const load = new CommandLoad(() => `http://127.0.0.1:${port}`, secret, dossiers).start();
      await waitFor(() => load.acks.length >= 60, 30_000);
      svc.child.kill('SIGKILL');
      await svc.exited;
      await load.stop();
      svc = spawnService(env());
      await waitForHttp(`http://127.0.0.1:${port}/health`, 90_000, svc.exited);
      expect(await missingAcks(db.url, load.acks)).toEqual([]);
      // The restarted service answers from the same streams: each dossier at least at its last acknowledged revision.
      const auditor = mintToken({ id: 'auditor', role: 'auditor', unit: '01' }, secret);
      for (const d of dossiers) {
        const last = Math.max(...load.acks.filter((a) => a.dossierId === d.id).map((a) => a.revision), 0);
        const res = await fetch(`http://127.0.0.1:${port}/dossiers/${d.id}`, { headers: { authorization: `Bearer ${auditor}` } });
        expect(Number(JSON.parse(res.headers.get('etag')!))).toBeGreaterThanOrEqual(last);
      }
      console.log(`[faults] SIGKILL: ${load.acks.length} commands acknowledged before the kill, all found after the restart`);
    }, 240_000);

    it('on SIGTERM stops accepting, answers the requests in flight, and exits 0 within 10 s', async () => {
      const base = `http://127.0.0.1:${port}`;
      const [dossier] = await CommandLoad.prepare(base, secret, [COMMUNES[12]!]);
      const token = mintToken({ id: 'officer', role: 'commune_officer', unit: dossier!.commune }, secret);
      // Hold the dossier's stream lock so that the commands below are still in flight when the signal comes.
      const holder = new Client({ connectionString: db.url });
      // If the test fails before it lets go, the database is dropped under this session: not an error of the suite.
      holder.on('error', () => undefined);
      await holder.connect();
      await holder.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [`dossier-${dossier!.id}`]);
      const inFlight = Array.from({ length: 5 }, (_, i) =>
        fetch(`${base}/dossiers/${dossier!.id}/criterion-results`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: JSON.stringify({ results: [{ code: `C0${i + 1}`, met: true }] }),
        }).then((r) => r.status, (err: Error) => `no answer: ${err.message}`),
      );
      await waitFor(async () => {
        const { rows } = await holder.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'advisory'`);
        return rows[0]!.n >= 5;
      }, 20_000);
      const signalled = Date.now();
      svc!.child.kill('SIGTERM');
      await waitFor(() => fetch(`${base}/health/live`).then(() => false, () => true), 5_000);
      await holder.query(`SELECT pg_advisory_unlock_all()`);
      const answers = await Promise.all(inFlight);
      await holder.end();
      const { code } = await exitedWithin(svc!, 10_000);
      const tookMs = Date.now() - signalled;
      svc = null;
      expect(code).toBe(0);
      expect(tookMs).toBeLessThan(10_000);
      // One wins the stream; the others lost the race to it. None is left without an answer.
      expect(answers.filter((a) => a === 200)).toHaveLength(1);
      expect(answers.filter((a) => a !== 200)).toEqual([409, 409, 409, 409]);
      console.log(`[faults] SIGTERM: 5 requests in flight answered, exited 0 after ${tookMs} ms`);
    }, 120_000);

    it('on SIGTERM with the database gone, exits within 10 s all the same', async () => {
      const gone = await own.database('sigterm');
      const s = spawnService({ ...env(), DATABASE_URL: gone.url });
      svc = s;
      await waitForHttp(`http://127.0.0.1:${port}/health`, 90_000, s.exited);
      await own.stop();
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`)).status === 503, 20_000);
      const signalled = Date.now();
      s.child.kill('SIGTERM');
      const { code } = await exitedWithin(s, 10_000);
      const tookMs = Date.now() - signalled;
      svc = null;
      expect(code).not.toBe('still running');
      expect(tookMs).toBeLessThan(10_000);
      console.log(`[faults] SIGTERM without a database: exited (${code}) after ${tookMs} ms`);
    }, 120_000);
  });
});
