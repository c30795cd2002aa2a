import { generateKeyPairSync } from 'node:crypto';
import type { Client } from 'pg';
import { anEvent, createTestDatabase, readEverything, recomputeStream, withClient, withTriggersOff, type TestDatabase } from '@app/testing';
import { verifyHashChains } from './hash-chain';
import { waitUntilReadable } from './readable';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { ChainHeads, makeSeal, readSealLog, type LoggedSeal } from './seals';

/**
 * Edits a superuser can make with the append-only triggers off, and which check sees each: the chains themselves, the
 * store's index of stream heads, or the operator's seals. Every kind of edit is tried on a fresh history of three
 * streams of four events, sealed once.
 */
describe('tamper evidence against a superuser (postgresql)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const STREAMS = ['dossier-a', 'dossier-b', 'commune-c'];
  let db: TestDatabase;
  let store: PostgresEventStore;
  let seals: LoggedSeal[];

  beforeAll(async () => {
    db = await createTestDatabase('tamper');
    await PostgresEventStore.migrate(db.url);
    store = new PostgresEventStore({ connectionString: db.url, poolSize: 2 });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  beforeEach(async () => {
    // A fresh history for every case (the triggers refuse TRUNCATE to everyone else).
    await asSuperuser((c) => c.query(`TRUNCATE es_events, es_streams`));
    for (const stream of STREAMS) {
      for (let i = 0; i < 4; i++) await store.append(stream, [anEvent('Recorded', { stream, i, note: `original ${i}` })], i === 0 ? 'no_stream' : i - 1);
    }
    seals = await sealNow(null);
  });

  /**
   * Waits until global reads show every committed event: other suites' writers on the shared server hold the read
   * fence now and then, and a seal or a verification must see what the test appended.
   */
  async function settled(): Promise<void> {
    const last = await store.lastCommittedPosition();
    if (last) await waitUntilReadable(store, last);
  }

  /** Seals the store as it is now, appended to the log so far, and reads the log back as `audit verify` would. */
  async function sealNow(logSoFar: string | null): Promise<LoggedSeal[]> {
    await settled();
    const heads = new ChainHeads();
    for (const e of await readEverything(store)) heads.apply(e);
    const line = JSON.stringify(makeSeal(heads, privateKey, logSoFar === null ? null : logSoFar.split('\n').pop()!, new Date()));
    const log = logSoFar === null ? line : `${logSoFar}\n${line}`;
    const read = readSealLog(log, publicKey);
    expect(read.problems).toEqual([]);
    return read.seals;
  }

  /** As a superuser with the append-only triggers off. */
  const asSuperuser = (fn: (c: Client) => Promise<unknown>) => withClient(db.url, (c) => withTriggersOff(c, fn));
  const recompute = recomputeStream;

  it('finds nothing wrong with an untouched store, nor after legitimate appends since the seal', async () => {
    await store.append('dossier-a', [anEvent('Recorded', { later: true })], 3);
    await store.append('dossier-new', [anEvent('Recorded', {})], 'no_stream');
    const r = await settled().then(() => verifyHashChains(store, { seals }));
    expect(r).toMatchObject({ streams: 4, events: 14, broken: [], headsChecked: 4 });
    expect(r.seals).toEqual([expect.objectContaining({ holds: true, sealed: expect.objectContaining({ events: 12, streams: 3 }) })]);
  });

  it('an event edited in place: its hash no longer recomputes', async () => {
    await asSuperuser((c) => c.query(`UPDATE es_events SET data = '{"forged": true}' WHERE stream_id = 'dossier-a' AND stream_revision = 1`));
    const r = await settled().then(() => verifyHashChains(store, { seals }));
    expect(r.broken).toEqual([{ streamId: 'dossier-a', revision: 1, reason: 'hash-mismatch' }]);
    expect(r.seals[0]!.holds).toBe(true);
  });

  it('a middle event deleted: the next one leaves a revision gap', async () => {
    await asSuperuser((c) => c.query(`DELETE FROM es_events WHERE stream_id = 'dossier-b' AND stream_revision = 2`));
    const r = await settled().then(() => verifyHashChains(store, { seals }));
    expect(r.broken).toEqual([{ streamId: 'dossier-b', revision: 3, reason: 'revision-gap' }]);
    expect(r.seals[0]!.holds).toBe(false);
  });

  it('the last event deleted: no link breaks, but the head the store recorded points past the chain', async () => {
    await asSuperuser((c) => c.query(`DELETE FROM es_events WHERE stream_id = 'commune-c' AND stream_revision = 3`));
    const r = await settled().then(() => verifyHashChains(store));
    expect(r.broken).toEqual([{ streamId: 'commune-c', revision: 3, reason: 'missing-last-events' }]);
  });

  it('the last event deleted and the head moved back to match: only the seal sees it', async () => {
    await asSuperuser(async (c) => {
      const { rows } = await c.query(`SELECT hash FROM es_events WHERE stream_id = 'commune-c' AND stream_revision = 2`);
      await c.query(`DELETE FROM es_events WHERE stream_id = 'commune-c' AND stream_revision = 3`);
      await c.query(`UPDATE es_streams SET revision = 2, last_hash = $1 WHERE stream_id = 'commune-c'`, [rows[0].hash]);
    });
    const r = await settled().then(() => verifyHashChains(store, { seals }));
    expect(r.broken).toEqual([]);
    expect(r.seals[0]).toMatchObject({ holds: false, sealed: { events: 12 }, found: { events: 11 } });
  });

  it('a middle event rewritten and the whole chain and head recomputed: every link holds, the seal does not', async () => {
    await asSuperuser((c) => recompute(c, 'dossier-a', (events) => (events[1]!.data = { stream: 'dossier-a', i: 1, note: 'forged' })));
    const r = await settled().then(() => verifyHashChains(store, { seals }));
    expect(r.broken).toEqual([]);
    expect(r.headsChecked).toBe(3);
    expect(r.seals[0]).toMatchObject({ holds: false, sealed: { events: 12, streams: 3 }, found: { events: 12, streams: 3 } });
    expect(r.seals[0]!.found.heads).not.toBe(r.seals[0]!.sealed.heads);
  });

  it('an event taken out of a stream and the rest renumbered and recomputed: only the seal sees it', async () => {
    await asSuperuser((c) => recompute(c, 'dossier-b', (events) => events.splice(1, 1)));
    const r = await settled().then(() => verifyHashChains(store, { seals }));
    expect(r.broken).toEqual([]);
    expect(r.seals[0]!.holds).toBe(false);
  });

  it('every event truncated: each stream the store recorded has lost its events', async () => {
    await asSuperuser((c) => c.query(`TRUNCATE es_events`));
    const r = await settled().then(() => verifyHashChains(store, { seals }));
    expect(r.broken.map((b) => [b.streamId, b.reason]).sort()).toEqual(STREAMS.map((s) => [s, 'events-missing']).sort());
    expect(r.seals[0]).toMatchObject({ holds: false, found: { events: 0, streams: 0 } });
  });

  it('events and heads both truncated: the store looks new, the seal says it was not', async () => {
    await asSuperuser((c) => c.query(`TRUNCATE es_events, es_streams`));
    const r = await settled().then(() => verifyHashChains(store, { seals }));
    expect(r).toMatchObject({ events: 0, broken: [], headsChecked: 0 });
    expect(r.seals[0]).toMatchObject({ holds: false, sealed: { events: 12 }, found: { events: 0 } });
  });

  it('a whole stream removed with its head: only the seal sees it', async () => {
    await asSuperuser(async (c) => {
      await c.query(`DELETE FROM es_events WHERE stream_id = 'dossier-b'`);
      await c.query(`DELETE FROM es_streams WHERE stream_id = 'dossier-b'`);
    });
    const r = await settled().then(() => verifyHashChains(store, { seals }));
    expect(r.broken).toEqual([]);
    expect(r.seals[0]).toMatchObject({ holds: false, found: { events: 8, streams: 2 } });
  });

  it('a stream forged without a head: the index of heads does not know it', async () => {
    await asSuperuser((c) => recompute(c, 'dossier-a', () => undefined).then(() => c.query(`UPDATE es_events SET stream_id = 'dossier-forged' WHERE stream_id = 'dossier-a'`)));
    const r = await settled().then(() => verifyHashChains(store));
    expect(r.broken.map((b) => [b.streamId, b.reason]).sort()).toEqual([
      ['dossier-a', 'events-missing'],
      ['dossier-forged', 'hash-mismatch'],
    ]);
  });

  it('a rewrite between two seals breaks the later seal and holds the earlier one', async () => {
    const first = seals;
    await store.append('dossier-c2', [anEvent('Recorded', { after: 'first seal' })], 'no_stream');
    await store.append('dossier-c2', [anEvent('Recorded', { after: 'first seal', n: 2 })], 0);
    const both = await sealNow(JSON.stringify(first[0]!.seal));
    await asSuperuser((c) => recompute(c, 'dossier-c2', (events) => (events[1]!.data = { forged: true })));
    const r = await settled().then(() => verifyHashChains(store, { seals: both }));
    expect(r.broken).toEqual([]);
    expect(r.seals.map((s) => s.holds)).toEqual([true, false]);
  });

  it('a seal log with a forged, a removed or a garbled line says which', async () => {
    const lines = [JSON.stringify(seals[0]!.seal)];
    const second = await sealNow(lines[0]!);
    lines.push(JSON.stringify(second[1]!.seal));
    const third = await sealNow(`${lines[0]}\n${lines[1]}`);
    lines.push(JSON.stringify(third[2]!.seal));
    const forged = JSON.stringify({ ...seals[0]!.seal, events: 11 });
    expect(readSealLog([forged, lines[1]].join('\n'), publicKey).problems).toEqual([
      { line: 1, problem: 'bad-signature' },
      { line: 2, problem: 'out-of-chain' },
    ]);
    expect(readSealLog([lines[0], lines[2]].join('\n'), publicKey).problems).toEqual([{ line: 2, problem: 'out-of-chain' }]);
    expect(readSealLog([lines[0], '{not json', lines[1]].join('\n'), publicKey).problems).toEqual([
      { line: 2, problem: 'unreadable' },
      { line: 3, problem: 'out-of-chain' },
    ]);
    const otherKey = generateKeyPairSync('ed25519').publicKey;
    expect(readSealLog(lines.join('\n'), otherKey).problems.map((p) => p.problem)).toEqual(['bad-signature', 'bad-signature', 'bad-signature']);
  });
});
