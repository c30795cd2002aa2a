import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_STORE, readSealLog, verifyHashChains, type EventStore } from '@app/event-store';
import { mintToken } from '@app/platform';
import { recomputeStream, waitFor, withClient, withTriggersOff } from '@app/testing';
import { cliProcess } from './support/cli';
import { ROOT } from './support/spawn-service';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The service seals the chain heads on its own timer into the operator's log; `audit seal` adds one on demand; and
 * `audit verify --seals` reports a dossier rewritten after the seals even when the forger recomputed its whole chain
 * and its head, which no check inside the database can see.
 */
describe('seals of the chain heads: the service writes them, audit verify --seals holds the database to them', () => {
  const dir = mkdtempSync(join(ROOT, '.data', 'seals-'));
  const keyFile = join(dir, 'seal.pem');
  const publicFile = join(dir, 'seal.pub.pem');
  const logFile = join(dir, 'seals.log');
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(publicFile, publicKey.export({ type: 'spki', format: 'pem' }));
  let t: TestApp;
  let store: EventStore;

  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'true', SEAL_KEY_FILE: keyFile, SEAL_LOG_FILE: logFile, SEAL_INTERVAL_MS: '1000' });
    store = t.app.get(EVENT_STORE);
  });
  let stopped = false;
  afterAll(async () => {
    await (stopped ? t.db.drop() : t?.close());
    rmSync(dir, { recursive: true, force: true });
  });

  const seals = () => readSealLog(readFileSync(logFile, 'utf8'), publicKey);
  const events = async () => withClient(t.db.url, (c) => c.query<{ n: number }>('SELECT count(*)::int AS n FROM es_events')).then((r) => r.rows[0]!.n);

  it('seals at start-up and again after each change, every seal signed and chained to the one before', async () => {
    // The start-up seal is written in the background: until then there is no log file yet.
    await waitFor(async () => existsSync(logFile) && seals().seals.some((s) => s.seal.events === 0 || s.seal.events > 0), 20_000);
    const before = await events();
    const res = await fetch(`${t.baseUrl}/dossiers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mintToken({ id: 'o', role: 'commune_officer', unit: '07330' }, t.config.JWT_SECRET)}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ communeCode: '07330', level: 'standard', targetYear: 2030 }),
    });
    expect(res.status).toBe(201);
    await waitFor(() => seals().seals.some((s) => s.seal.events > before), 20_000);
    const log = seals();
    expect(log.problems).toEqual([]);
    // Nothing appended between two ticks: no new seal.
    const count = log.seals.length;
    await new Promise((r) => setTimeout(r, 2_500));
    expect(seals().seals.length).toBe(count);
    const verified = await verifyHashChains(store, { seals: seals().seals });
    expect(verified.broken).toEqual([]);
    expect(verified.seals.every((s) => s.holds)).toBe(true);
  }, 60_000);

  it('`audit seal` appends a seal; after a recomputed rewrite `audit verify --seals` exits 1 naming the seals it broke', async () => {
    await t.stop();
    stopped = true;
    const env = { DATABASE_URL: t.db.url };
    const sealed = await cliProcess(['audit', 'seal', '--key', keyFile, '--log', logFile], env).finished;
    expect(sealed).toMatchObject({ code: 0, stdout: expect.stringMatching(/^nothing to seal|^sealed \d+ events/) });
    await withClient(t.db.url, async (c) => {
      const { rows } = await c.query<{ stream_id: string }>(`SELECT stream_id FROM es_events WHERE event_type = 'DossierRegistered' ORDER BY global_position LIMIT 1`);
      await withTriggersOff(c, (cc) => recomputeStream(cc, rows[0]!.stream_id, (es) => (es[0]!.data = { ...es[0]!.data, targetYear: 2099 })));
    });
    const verified = await cliProcess(['audit', 'verify', '--seals', logFile, '--key', publicFile], env).finished;
    expect(verified.code).toBe(1);
    expect(verified.stdout).not.toMatch(/^BROKEN/m);
    expect(verified.stdout).toMatch(/^REWRITTEN since seal of line \d+ \(.*\): sealed \d+ events in \d+ streams, found \d+ in \d+, chain heads differ$/m);
  }, 90_000);
});
