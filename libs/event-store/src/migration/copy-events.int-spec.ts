import { randomUUID } from 'node:crypto';
import { aMetadata, createTestDatabase, portable, readEverything, withClient, type TestDatabase } from '@app/testing';
import { WrongExpectedRevisionError } from '../errors';
import { comparePositions, type EventStore, type GlobalPosition, type NewEvent, type RecordedEvent } from '../event-store.port';
import { verifyHashChains } from '../hash-chain';
import { waitUntilReadable } from '../readable';
import { FakeKurrentClient } from '../kurrentdb/kurrentdb-fake-client';
import { KurrentDbEventStore } from '../kurrentdb/kurrentdb-event-store';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { copyEvents, CopyNotYetReadableError, MigrationConflictError, SourceChainBrokenError } from './copy-events';

const databases: TestDatabase[] = [];
const stores: EventStore[] = [];

async function postgresStore(prefix: string): Promise<{ store: PostgresEventStore; db: TestDatabase }> {
  const db = await createTestDatabase(prefix);
  databases.push(db);
  await PostgresEventStore.migrate(db.url);
  const store = new PostgresEventStore({ connectionString: db.url, poolSize: 16 });
  stores.push(store);
  return { store, db };
}

function kurrentStore(): KurrentDbEventStore {
  // System events every few appends, as a running server writes them between ours.
  const store = new KurrentDbEventStore(new FakeKurrentClient({ systemEventEvery: 3 }));
  stores.push(store);
  return store;
}

afterAll(async () => {
  await Promise.allSettled(stores.map((s) => s.close()));
  await Promise.allSettled(databases.map((d) => d.drop()));
});

let seq = 0;

/** Payloads that exercise canonical JSON: Vietnamese text, nesting, key order, floats, nulls, a `$` metadata key. */
function varied(stream: string, note: string): NewEvent {
  const n = seq++;
  return {
    id: randomUUID(),
    type: ['CriterionResultsRecorded', 'CouncilVoteCast', 'DossierRegistered', 'MonitoringReviewRecorded'][n % 4],
    data: {
      zeta: n,
      alpha: { vi: 'Xã Phúc Hòa — đạt chuẩn nông thôn mới', nested: [1, 0.1 + 0.2, -7.5, null, true, { b: 2, a: 1 }] },
      big: 1e21,
      note,
      empty: {},
      list: [],
    },
    metadata: aMetadata({
      actor: { id: `officer-${n % 5}`, role: 'commune_officer', unit: '07330' },
      correlationId: `corr-${stream}`,
      causationId: `cmd-${n}`,
      reason: n % 3 === 0 ? 'Nghị quyết HĐND xã' : undefined,
      $origin: 'migration-spec',
      sequence: n,
    }),
  };
}

const LONG_STREAM = 'dossier-long';

/**
 * Several streams appended in turn, single and multi-event appends, concurrent writers (on separate streams and on a
 * shared one), and one long stretch of a single stream appended an event at a time.
 */
async function writeHistory(store: EventStore): Promise<void> {
  const positions: GlobalPosition[] = [];
  const append = async (...args: Parameters<EventStore['append']>) => positions.push((await store.append(...args)).position);
  const streams = ['dossier-a', 'dossier-b', 'dossier-c', 'dossierslot-07330-standard', 'commune-07330'];
  for (let round = 0; round < 5; round++) {
    for (const [i, s] of streams.entries()) {
      const count = (round + i) % 3 === 0 ? 3 : 1;
      await append(s, Array.from({ length: count }, (_, k) => varied(s, `round ${round} #${k}`)), 'any');
    }
  }
  await Promise.all(
    Array.from({ length: 16 }, (_, w) => {
      const s = w % 2 === 0 ? 'dossier-shared' : `dossier-w${w}`;
      return append(s, [varied(s, `writer ${w} a`), varied(s, `writer ${w} b`)], 'any');
    }),
  );
  for (let k = 0; k < 30; k++) await append(LONG_STREAM, [varied(LONG_STREAM, `long ${k}`)], k === 0 ? 'no_stream' : k - 1);
  for (const s of streams) await append(s, [varied(s, 'after the long stretch')], 'stream_exists');
  await waitUntilReadable(store, positions.reduce((a, b) => (comparePositions(a, b) >= 0 ? a : b)));
}

/**
 * A store whose readers see nothing until `until` settles, as PostgreSQL's readers see nothing past an open
 * transaction anywhere on the server.
 */
function laggingReaders(store: EventStore, until: Promise<void>): EventStore {
  let caughtUp = false;
  void until.then(() => (caughtUp = true));
  return new Proxy(store, {
    get(target, property) {
      if (property === 'headPosition') return async () => (caughtUp ? target.headPosition() : null);
      if (property === 'readAll') return async (options?: Parameters<EventStore['readAll']>[0]) => (caughtUp ? target.readAll(options) : []);
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function expectSameHistory(source: EventStore, target: EventStore): Promise<RecordedEvent[]> {
  const [from, to] = [await readEverything(source), await readEverything(target)];
  expect(to.map((e) => e.id)).toEqual(from.map((e) => e.id));
  expect(to.map(portable)).toEqual(from.map(portable));
  // The target hashed every event itself; the canonical inputs being equal, so must the hashes be.
  const sourceHashes = new Map(from.map((e) => [e.id, e.hash]));
  for (const e of to) expect(e.hash).toBe(sourceHashes.get(e.id));
  return from;
}

describe('copyEvents from one PostgreSQL store into another through the port', () => {
  let source: PostgresEventStore;
  let sourceDb: TestDatabase;
  let history: RecordedEvent[];

  beforeAll(async () => {
    ({ store: source, db: sourceDb } = await postgresStore('copy_source'));
    await writeHistory(source);
    history = await readEverything(source);
  });

  it('copies every event in global order with its stream, revision, id, type, data, metadata and the very same hash', async () => {
    const { store: target } = await postgresStore('copy_target');
    const progress: number[] = [];
    const result = await copyEvents(source, target, { batchSize: 7, total: history.length, onProgress: (n, total) => progress.push(n, total!) });

    expect(result).toMatchObject({ completed: true, read: history.length, copied: history.length, alreadyPresent: 0, headMismatches: [] });
    expect(result.streams).toBe(new Set(history.map((e) => e.streamId)).size);
    expect(result.lastPosition).toEqual(history[history.length - 1].position);
    // Consecutive events of one stream went in one append; never more than one append per event.
    expect(result.appends).toBeLessThan(history.length);
    expect(result.verification).toEqual({ streams: result.streams, events: history.length, broken: [], headsChecked: result.streams, seals: [] });
    expect(progress[progress.length - 2]).toBe(history.length);
    expect(progress[progress.length - 1]).toBe(history.length);

    await expectSameHistory(source, target);
    for (const streamId of new Set(history.map((e) => e.streamId))) {
      expect((await target.readStream(streamId)).map(portable)).toEqual((await source.readStream(streamId)).map(portable));
      expect(await target.streamRevision(streamId)).toBe(await source.streamRevision(streamId));
    }
    expect((await verifyHashChains(target)).broken).toEqual([]);
  });

  it('a second run copies nothing and changes nothing', async () => {
    const { store: target } = await postgresStore('copy_rerun');
    await copyEvents(source, target, { batchSize: 50 });
    const before = await readEverything(target);

    const again = await copyEvents(source, target, { batchSize: 13 });

    expect(again).toMatchObject({ completed: true, read: history.length, copied: 0, alreadyPresent: history.length, headMismatches: [] });
    expect(again.verification!.broken).toEqual([]);
    const after = await readEverything(target);
    expect(after).toEqual(before);
  });

  it('an interrupted copy resumes after its last position', async () => {
    const { store: target } = await postgresStore('copy_resume');
    const controller = new AbortController();
    const first = await copyEvents(source, target, {
      batchSize: 5,
      signal: controller.signal,
      onProgress: (n) => n >= history.length / 3 && controller.abort(),
    });
    expect(first.completed).toBe(false);
    expect(first.verification).toBeNull();
    expect(first.read).toBeGreaterThan(0);
    expect(first.read).toBeLessThan(history.length);
    expect(first.lastPosition).toEqual(history[first.read - 1].position);

    const second = await copyEvents(source, target, { batchSize: 5, after: first.lastPosition });

    expect(second).toMatchObject({ completed: true, read: history.length - first.read, copied: history.length - first.read, headMismatches: [] });
    expect(second.verification!.broken).toEqual([]);
    await expectSameHistory(source, target);
  });

  it('a run from the start over a target holding a prefix cut inside a stream copies only the rest', async () => {
    const { store: target } = await postgresStore('copy_prefix');
    const longStart = history.findIndex((e) => e.streamId === LONG_STREAM);
    const controller = new AbortController();
    // Small pages cut the long single-stream stretch into several appends; stop in its middle.
    const first = await copyEvents(source, target, {
      batchSize: 4,
      signal: controller.signal,
      onProgress: (n) => n >= longStart + 10 && controller.abort(),
    });
    expect(first.completed).toBe(false);
    const held = await target.streamRevision(LONG_STREAM);
    expect(held).toBeGreaterThanOrEqual(5);
    expect(held).toBeLessThan(29);

    // Large pages now make the long stretch one append that starts inside what the target holds.
    const second = await copyEvents(source, target, { batchSize: 500 });

    expect(second).toMatchObject({ completed: true, read: history.length, copied: history.length - first.read, alreadyPresent: first.read, headMismatches: [] });
    expect(second.verification!.broken).toEqual([]);
    await expectSameHistory(source, target);
  });

  it('resuming past events the target never received is refused, naming the stream', async () => {
    const { store: target } = await postgresStore('copy_gap');
    const middle = history.findIndex((e) => e.streamId === LONG_STREAM) + 3;
    const err = await copyEvents(source, target, { after: history[middle].position }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WrongExpectedRevisionError);
    expect((err as WrongExpectedRevisionError).streamId).toBe(LONG_STREAM);
    expect((err as WrongExpectedRevisionError).actual).toBe('no_stream');
  });

  it('refuses a target whose stream of the same name holds other events, naming it', async () => {
    const { store: target } = await postgresStore('copy_conflict');
    await target.append('dossier-b', [varied('dossier-b', 'written to the target by someone else')], 'no_stream');

    const err = await copyEvents(source, target).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(WrongExpectedRevisionError);
    expect(err).toBeInstanceOf(MigrationConflictError);
    expect((err as MigrationConflictError).streamId).toBe('dossier-b');
    expect((err as MigrationConflictError).revision).toBe(0);
    expect((err as Error).message).toMatch(/^stream dossier-b: expected revision no_stream, actual 0: the target's revision 0 is event/);
    // Nothing of that stream was written past the conflict.
    expect(await target.streamRevision('dossier-b')).toBe(0);
  });

  it('reports a stream whose ids the target holds over other content (the idempotent append cannot see it)', async () => {
    const { store: target } = await postgresStore('copy_forged');
    const original = await source.readStream('dossier-c');
    await target.append(
      'dossier-c',
      original.map((e) => ({ id: e.id, type: e.type, data: { forged: true }, metadata: e.metadata })),
      'no_stream',
    );

    const result = await copyEvents(source, target);

    expect(result.verification!.broken).toEqual([]);
    const last = original[original.length - 1];
    expect(result.headMismatches).toEqual([
      { streamId: 'dossier-c', source: { revision: last.revision, hash: last.hash }, target: { revision: last.revision, hash: expect.any(String) } },
    ]);
    expect(result.headMismatches[0].target!.hash).not.toBe(last.hash);
  });

  it('refuses to re-hash a tampered source: the copy stops before the tampered event', async () => {
    const { store: tampered, db } = await postgresStore('copy_tampered');
    await copyEvents(source, tampered, { verify: false });
    const victim = (await tampered.readStream('dossier-a'))[3];
    await withClient(db.url, async (c) => {
      await c.query(`SET session_replication_role = replica`);
      await c.query(`UPDATE es_events SET data = jsonb_set(data, '{note}', '"rewritten"') WHERE event_id = $1`, [victim.id]);
    });
    const { store: target } = await postgresStore('copy_from_tampered');

    const err = await copyEvents(tampered, target).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(SourceChainBrokenError);
    expect(err).toMatchObject({ streamId: 'dossier-a', revision: 3, reason: 'hash-mismatch' });
    expect(await target.streamRevision('dossier-a')).toBe(2);
  });

  it("verifies only once the target's readers see the last copied event, and says so when they never do", async () => {
    const { store } = await postgresStore('copy_lagging');
    // Holding a real transaction open would hold the fence of the whole shared test server, so the lag is staged.
    const never = laggingReaders(store, new Promise<void>(() => undefined));
    const err = await copyEvents(source, never, { readableTimeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CopyNotYetReadableError);
    expect((err as CopyNotYetReadableError).position).toEqual(await store.headPosition());

    let released = false;
    const later = laggingReaders(store, new Promise<void>((resolve) => setTimeout(() => resolve(), 400)).then(() => void (released = true)));
    const again = await copyEvents(source, later);
    expect(released).toBe(true);
    expect(again).toMatchObject({ completed: true, copied: 0, alreadyPresent: history.length, headMismatches: [] });
    expect(again.verification).toEqual({ streams: again.streams, events: history.length, broken: [], headsChecked: again.streams, seals: [] });
  });

  it('gives KurrentDB the same chain: PostgreSQL → KurrentDB adapter (in-memory server) → PostgreSQL, hashes unchanged', async () => {
    const kurrent = kurrentStore();
    const there = await copyEvents(source, kurrent, { batchSize: 9 });
    expect(there).toMatchObject({ completed: true, copied: history.length, headMismatches: [] });
    expect(there.verification!.broken).toEqual([]);
    await expectSameHistory(source, kurrent);

    const { store: back } = await postgresStore('copy_roundtrip');
    const home = await copyEvents(kurrent, back, { batchSize: 11 });
    expect(home).toMatchObject({ completed: true, copied: history.length, headMismatches: [] });
    expect(home.verification!.broken).toEqual([]);
    await expectSameHistory(source, back);

    const rerun = await copyEvents(source, kurrent);
    expect(rerun).toMatchObject({ copied: 0, alreadyPresent: history.length, headMismatches: [] });
  });

  it('leaves the source as it was', async () => {
    expect(await readEverything(source)).toEqual(history);
    const { rows } = await withClient(sourceDb.url, (c) => c.query<{ n: string }>('SELECT count(*) AS n FROM es_events'));
    expect(Number(rows[0].n)).toBe(history.length);
  });
});
