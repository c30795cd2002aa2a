import { randomUUID } from 'node:crypto';
import {
  eventTypeFilter,
  excludeSystemEvents,
  StreamNotFoundError,
  streamNameFilter,
  UnavailableError,
  WrongExpectedVersionError,
  type AppendToStreamOptions,
} from '@kurrent/kurrentdb-client';
import { aMetadata, anEvent, eventStoreContract, rejection, waitFor } from '@app/testing';
import {
  comparePositions,
  DuplicateEventIdError,
  InvalidEventError,
  InvalidStreamNameError,
  verifyHashChains,
  WrongExpectedRevisionError,
  type GlobalPosition,
  type RecordedEvent,
} from '@app/event-store';
import { KurrentDbEventStore, type KurrentDbEventStoreOptions } from './kurrentdb-event-store';
import { FakeKurrentClient, type FakeKurrentClientOptions } from './kurrentdb-fake-client';
import {
  buildServerFilter,
  fromStoredMetadata,
  isStreamNotFound,
  toActualRevision,
  toRecordedEvent,
  toStoredMetadata,
  toStreamState,
  translateAppendError,
} from './kurrentdb-mapping';
import { acceptsEvent } from '../filter';

const stream = (prefix = 'dossier') => `${prefix}-${randomUUID()}`;

async function readEverything(store: KurrentDbEventStore, maxCount: number): Promise<RecordedEvent[][]> {
  const pages: RecordedEvent[][] = [];
  let after: GlobalPosition | null = null;
  for (;;) {
    const page = await store.readAll({ after, maxCount });
    if (page.length === 0) return pages;
    pages.push(page);
    after = page[page.length - 1].position;
  }
}

describe('kurrentdb mapping', () => {
  it('maps expected revisions to the client stream states and the server state back to an actual revision', () => {
    expect(toStreamState('any')).toBe('any');
    expect(toStreamState('no_stream')).toBe('no_stream');
    expect(toStreamState('stream_exists')).toBe('stream_exists');
    expect(toStreamState(0)).toBe(0n);
    expect(toStreamState(41)).toBe(41n);

    expect(toActualRevision('no_stream')).toBe('no_stream');
    expect(toActualRevision(0n)).toBe(0);
    expect(toActualRevision(41n)).toBe(41);
    expect(toActualRevision('17')).toBe(17);
    // Older servers report a missing stream as -1, a deleted one as a further negative number.
    expect(toActualRevision(-1n)).toBe('no_stream');
    expect(toActualRevision(-5n)).toBe('no_stream');
    expect(() => toActualRevision('soon')).toThrow(TypeError);
  });

  it("translates the client's wrong-expected-version error into the port's, with the actual revision", () => {
    const missing = translateAppendError(new WrongExpectedVersionError(undefined, { streamName: 's', expected: 0n, current: 'no_stream' }), 's', 0);
    expect(missing).toBeInstanceOf(WrongExpectedRevisionError);
    expect(missing).toMatchObject({ streamId: 's', expected: 0, actual: 'no_stream' });

    const stale = translateAppendError(new WrongExpectedVersionError(undefined, { streamName: 's', expected: 'no_stream', current: 4n }), 's', 'no_stream');
    expect(stale).toMatchObject({ expected: 'no_stream', actual: 4 });

    // Field names of the older @eventstore/db-client releases.
    expect(translateAppendError({ name: 'WrongExpectedVersionError', actualVersion: 3n }, 's', 1)).toMatchObject({ actual: 3 });
    expect(translateAppendError({ type: 'wrong-expected-version', actualRevision: -1n }, 's', 1)).toMatchObject({ actual: 'no_stream' });

    const other = new UnavailableError(undefined, 'down');
    expect(translateAppendError(other, 's', 1)).toBe(other);
  });

  it("recognises the client's stream-not-found error", () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 's'))).toBe(true);
    expect(isStreamNotFound(new UnavailableError(undefined, 'down'))).toBe(false);
    expect(isStreamNotFound(null)).toBe(false);
  });

  it("builds the server-side filters exactly as the client's builders do", () => {
    expect(buildServerFilter({ streamPrefixes: ['dossier-', 'commune-'] })).toEqual(streamNameFilter({ prefixes: ['dossier-', 'commune-'] }));
    expect(buildServerFilter({ eventTypes: ['DossierRegistered'] })).toEqual(eventTypeFilter({ prefixes: ['DossierRegistered'] }));
    // One dimension only on the server: the stream prefixes, with the types checked on the client.
    expect(buildServerFilter({ streamPrefixes: ['dossier-'], eventTypes: ['X'] })).toEqual(streamNameFilter({ prefixes: ['dossier-'] }));
    expect(buildServerFilter(undefined)).toEqual(excludeSystemEvents());
    expect(buildServerFilter({ streamPrefixes: [], eventTypes: [] })).toEqual(excludeSystemEvents());
  });

  it('filters exactly on the client and never accepts a system event', () => {
    const accept = acceptsEvent({ streamPrefixes: ['dossier-', ''], eventTypes: ['Numbered', '$>'] });
    expect(accept({ streamId: 'dossier-1', type: 'Numbered' })).toBe(true);
    expect(accept({ streamId: 'dossier-1', type: 'NumberedTwice' })).toBe(false);
    expect(accept({ streamId: '$ce-dossier', type: '$>' })).toBe(false);
    expect(accept({ streamId: 'dossier-1', type: '$>' })).toBe(false);
    expect(acceptsEvent(undefined)({ streamId: '$stats-127.0.0.1:2113', type: '$statsCollected' })).toBe(false);
    expect(acceptsEvent({ streamPrefixes: ['dossier-'] })({ streamId: 'commune-1', type: 'Numbered' })).toBe(false);
  });

  it("keeps the chain fields under reserved keys and round-trips a caller's own $ keys", () => {
    const metadata = aMetadata({ reason: 'r', $hash: 'mine', $$odd: 1 } as never);
    const stored = toStoredMetadata(metadata, { hash: 'a'.repeat(64), prevHash: null, appendId: 'append-1' });
    expect(stored).toMatchObject({ $hash: 'a'.repeat(64), $prevHash: null, $appendId: 'append-1', $$hash: 'mine', $$$odd: 1 });
    expect(fromStoredMetadata(JSON.parse(JSON.stringify(stored)))).toEqual({ metadata, hash: 'a'.repeat(64), prevHash: null, appendId: 'append-1' });
    expect(fromStoredMetadata(undefined)).toEqual({ metadata: {}, hash: '', prevHash: null, appendId: null });
  });

  it('refuses an event without its log position rather than invent one', () => {
    expect(() => toRecordedEvent({ streamId: 's', id: randomUUID(), revision: 0n, type: 'T', created: new Date(), data: {} })).toThrow(/log position/);
  });
});

describe('KurrentDbEventStore over the fake client', () => {
  const open: KurrentDbEventStore[] = [];
  function setup(fakeOptions: FakeKurrentClientOptions = {}, storeOptions: KurrentDbEventStoreOptions = {}) {
    const fake = new FakeKurrentClient(fakeOptions);
    const store = new KurrentDbEventStore(fake, storeOptions);
    open.push(store);
    return { fake, store };
  }
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  describe('appending', () => {
    it('always appends with the exact revision it read, whatever the caller expected', async () => {
      const { fake, store } = setup();
      const states: AppendToStreamOptions['streamState'][] = [];
      const append = fake.appendToStream.bind(fake);
      jest.spyOn(fake, 'appendToStream').mockImplementation((name, events, options) => {
        states.push(options?.streamState);
        return append(name, events, options);
      });
      const s = stream();
      await store.append(s, [anEvent(), anEvent()], 'any');
      await store.append(s, [anEvent()], 'stream_exists');
      await store.append(s, [anEvent()], 2);
      await store.append(stream(), [anEvent()], 'no_stream');
      expect(states).toEqual(['no_stream', 1n, 2n, 'no_stream']);
    });

    it('refuses a missing stream with no_stream and an existing one with its revision, before writing', async () => {
      const { fake, store } = setup();
      const s = stream();
      const missing = await rejection(store.append(s, [anEvent()], 3));
      expect(missing).toMatchObject({ constructor: WrongExpectedRevisionError, expected: 3, actual: 'no_stream' });
      await store.append(s, [anEvent(), anEvent()], 'no_stream');
      const writes = fake.calls.appendToStream;
      expect(await rejection(store.append(s, [anEvent()], 0))).toMatchObject({ expected: 0, actual: 1 });
      expect(await rejection(store.append(s, [anEvent()], 'no_stream'))).toMatchObject({ expected: 'no_stream', actual: 1 });
      expect(fake.calls.appendToStream).toBe(writes);
    });

    it("translates the server's refusal when another writer got in first, with the revision the server reports", async () => {
      const { fake, store } = setup();
      const s = stream();
      await store.append(s, [anEvent()], 'no_stream');
      fake.beforeAppend = (name) => {
        fake.beforeAppend = undefined;
        fake.forge(name, { id: randomUUID(), type: 'Sneaked', data: {}, metadata: aMetadata() });
      };
      const err = await rejection(store.append(s, [anEvent()], 0));
      expect(err).toBeInstanceOf(WrongExpectedRevisionError);
      expect(err).toMatchObject({ streamId: s, expected: 0, actual: 1 });
    });

    it('retries a loose append that lost the race and keeps the hash chain intact', async () => {
      const { fake, store } = setup();
      const other = new KurrentDbEventStore(fake);
      const s = stream();
      await store.append(s, [anEvent()], 'no_stream');
      fake.beforeAppend = async (name) => {
        fake.beforeAppend = undefined;
        await other.append(name, [anEvent('ByOther')], 'any');
      };
      const result = await store.append(s, [anEvent('Mine')], 'any');
      expect(result).toMatchObject({ nextRevision: 2, idempotent: false });
      expect((await store.readStream(s)).map((e) => e.type)).toEqual(['TestHappened', 'ByOther', 'Mine']);
      expect((await verifyHashChains(store)).broken).toEqual([]);
    });

    it('gives a loose append up after the configured attempts', async () => {
      const { fake, store } = setup({}, { looseAppendAttempts: 3 });
      const s = stream();
      await store.append(s, [anEvent()], 'no_stream');
      const before = fake.calls.appendToStream;
      fake.beforeAppend = (name) => fake.forge(name, { id: randomUUID(), type: 'Sneaked', data: {} });
      const err = await rejection(store.append(s, [anEvent()], 'any'));
      expect(err).toBeInstanceOf(WrongExpectedRevisionError);
      expect(fake.calls.appendToStream - before).toBe(3);
    });

    it('answers a retry at the position its expectation implies without writing', async () => {
      const { fake, store } = setup();
      const s = stream();
      const first = [anEvent(), anEvent()];
      const second = [anEvent()];
      const original = await store.append(s, first, 'no_stream');
      await store.append(s, second, 1);
      const writes = fake.calls.appendToStream;
      expect(await store.append(s, first, 'no_stream')).toEqual({ ...original, idempotent: true });
      expect(await store.append(s, second, 1)).toMatchObject({ nextRevision: 2, idempotent: true });
      expect(await store.append(s, first, 'any')).toEqual({ ...original, idempotent: true });
      expect(fake.calls.appendToStream).toBe(writes);
      expect(await store.readStream(s)).toHaveLength(3);
    });

    it('recognises a loose retry only within the idempotency window, as KurrentDB itself', async () => {
      const { store } = setup({}, { idempotencyWindow: 3 });
      const s = stream();
      const early = [anEvent()];
      await store.append(s, early, 'no_stream');
      await store.append(s, [anEvent()], 'any');
      expect((await store.append(s, early, 'any')).idempotent).toBe(true);
      await store.append(s, [anEvent(), anEvent()], 'any');
      // Out of the window: written again. The command layer's idempotency keys are what stops this retry.
      expect(await store.append(s, early, 'any')).toMatchObject({ idempotent: false, nextRevision: 4 });
      // With an exact expectation the implied position is read directly, however old it is.
      expect((await store.append(s, early, 'no_stream')).idempotent).toBe(true);
    });

    it('reports an identical append the server deduplicated for a concurrent retry as idempotent', async () => {
      const { fake, store } = setup();
      const other = new KurrentDbEventStore(fake);
      const s = stream();
      const batch = [anEvent(), anEvent()];
      let theirs: unknown;
      fake.beforeAppend = async (name) => {
        fake.beforeAppend = undefined;
        theirs = await other.append(name, batch, 'no_stream');
      };
      const ours = await store.append(s, batch, 'no_stream');
      expect(theirs).toMatchObject({ idempotent: false, nextRevision: 1 });
      expect(ours).toEqual({ ...(theirs as object), idempotent: true });
      expect((await store.readStream(s)).map((e) => e.id)).toEqual(batch.map((e) => e.id));
    });

    it('refuses ids reused within the window that are not a whole retry', async () => {
      const { store } = setup();
      const s = stream();
      const batch = [anEvent(), anEvent()];
      await store.append(s, batch, 'no_stream');
      const err = await rejection(store.append(s, [batch[0], anEvent()], 'any'));
      expect(err).toBeInstanceOf(DuplicateEventIdError);
      expect((err as DuplicateEventIdError).eventIds).toEqual([batch[0].id]);
    });

    it('refuses bad input exactly as the shared validation does, before any I/O', async () => {
      const { fake, store } = setup();
      expect(await rejection(store.append('$system', [anEvent()], 'any'))).toBeInstanceOf(InvalidStreamNameError);
      expect(await rejection(store.append(stream(), [anEvent('X', { n: Number.NaN })], 'any'))).toBeInstanceOf(InvalidEventError);
      expect(await rejection(store.append(stream(), [anEvent()], -1))).toBeInstanceOf(TypeError);
      expect(await rejection(store.readStream(stream(), { fromRevision: -1 }))).toBeInstanceOf(TypeError);
      expect(fake.calls).toEqual({ appendToStream: 0, readStream: 0, readAll: 0, subscribeToAll: 0 });
    });
  });

  describe('reading', () => {
    it('reads a missing stream as empty and its revision as null', async () => {
      const { store } = setup();
      expect(await store.readStream(stream())).toEqual([]);
      expect(await store.streamRevision(stream())).toBeNull();
    });

    it('pages through $all past system events with exclusive positions', async () => {
      const { fake, store } = setup({ serverSideFilters: false, systemEventEvery: 1 });
      const written: string[] = [];
      for (let i = 0; i < 10; i++) {
        const batch = [anEvent('Numbered', { i })];
        await store.append(stream(), batch, 'no_stream');
        written.push(batch[0].id);
      }
      expect(fake.records.filter((r) => r.streamId.startsWith('$')).length).toBeGreaterThan(20);
      const pages = await readEverything(store, 3);
      expect(pages.map((p) => p.length)).toEqual([3, 3, 3, 1]);
      const all = pages.flat();
      expect(all.map((e) => e.id)).toEqual(written);
      for (let i = 1; i < all.length; i++) expect(comparePositions(all[i - 1].position, all[i].position)).toBe(-1);

      const fourth = all[3];
      const readsBefore = fake.allReads.length;
      const after = await store.readAll({ after: fourth.position, maxCount: 2 });
      expect(after.map((e) => e.id)).toEqual(written.slice(4, 6));
      // The server's fromPosition is inclusive: the adapter asks from the checkpoint itself, one more than it needs,
      // then on past the system events that filled the first answer.
      expect(fake.allReads[readsBefore]).toMatchObject({ fromPosition: fourth.position, maxCount: 3 });
      expect(fake.allReads.length - readsBefore).toBeGreaterThan(1);
    });

    it('skips system events in $all and in the head position', async () => {
      const { fake, store } = setup({ serverSideFilters: false });
      expect(await store.readAll()).toEqual([]);
      expect(await store.headPosition()).toBeNull();
      const s = stream();
      await store.append(s, [anEvent(), anEvent()], 'no_stream');
      for (let i = 0; i < 40; i++) fake.writeSystemEvent();
      const all = await store.readAll();
      expect(all.map((e) => e.streamId)).toEqual([s, s]);
      expect(await store.headPosition()).toEqual(all[1].position);
    });

    it('sends stream prefixes or event types to the server and filters exactly on the client', async () => {
      const { fake, store } = setup();
      const s = stream('reading');
      await store.append(s, [anEvent('Numbered'), anEvent('NumberedTwice'), anEvent('Other')], 'no_stream');
      await store.append(stream('other'), [anEvent('Numbered')], 'no_stream');

      const mine = await store.readAll({ filter: { streamPrefixes: ['reading-'] } });
      expect(mine.map((e) => e.type)).toEqual(['Numbered', 'NumberedTwice', 'Other']);
      expect(fake.allReads[fake.allReads.length - 1]?.filter).toEqual(streamNameFilter({ prefixes: ['reading-'] }));

      const numbered = await store.readAll({ filter: { eventTypes: ['Numbered'] } });
      expect(numbered.map((e) => e.type)).toEqual(['Numbered', 'Numbered']);
      expect(fake.allReads[fake.allReads.length - 1]?.filter).toEqual(eventTypeFilter({ prefixes: ['Numbered'] }));

      const both = await store.readAll({ filter: { streamPrefixes: ['reading-'], eventTypes: ['Numbered', 'Other'] } });
      expect(both.map((e) => e.type)).toEqual(['Numbered', 'Other']);
    });

    it('round-trips metadata exactly while the stored metadata carries the hash chain', async () => {
      const { fake, store } = setup();
      const s = stream();
      const metadata = aMetadata({ reason: 'thẩm định lại', causationId: randomUUID(), $source: 'import' } as never);
      await store.append(s, [{ id: randomUUID(), type: 'A', data: { n: 1 }, metadata }, anEvent('B')], 'no_stream');
      const [first, second] = await store.readStream(s);
      expect(first.metadata).toEqual(metadata);
      expect(first.prevHash).toBeNull();
      expect(second.prevHash).toBe(first.hash);
      const stored = fake.storedMetadata(s, 0) as Record<string, unknown>;
      expect(stored).toMatchObject({ $hash: first.hash, $prevHash: null, $$source: 'import' });
      expect(typeof stored.$appendId).toBe('string');
      expect(fake.storedMetadata(s, 1)).toMatchObject({ $hash: second.hash, $prevHash: first.hash, $appendId: stored.$appendId });
    });

    it('chains hashes across appends and finds an event forged behind the adapter', async () => {
      const { fake, store } = setup({ systemEventEvery: 2 });
      const s = stream();
      await store.append(s, [anEvent(), anEvent()], 'no_stream');
      await store.append(s, [anEvent()], 1);
      await store.append(stream(), [anEvent()], 'no_stream');
      expect(await verifyHashChains(store)).toMatchObject({ streams: 2, events: 4, broken: [] });

      const last = (await store.readStream(s))[2];
      fake.forge(s, { id: randomUUID(), type: 'Forged', data: { approved: true }, metadata: { ...aMetadata(), $hash: 'f'.repeat(64), $prevHash: last.hash } });
      await store.append(s, [anEvent()], 'any');
      const result = await verifyHashChains(store);
      expect(result.broken).toEqual([{ streamId: s, revision: 3, reason: 'hash-mismatch' }]);
    });
  });

  describe('subscribing', () => {
    it('resumes from a checkpoint kept with the projection rows, strictly after it', async () => {
      const { fake, store } = setup({ systemEventEvery: 3 });
      const s = stream('proj');
      for (let i = 0; i < 10; i++) await store.append(s, [anEvent('Numbered', { i })], i === 0 ? 'no_stream' : i - 1);
      // The projection database: rows and checkpoint change together or not at all.
      const db = { rows: [] as number[], checkpoint: null as GlobalPosition | null };
      const project = (crashAt?: number) => async (batch: RecordedEvent[]) => {
        const rows = [...db.rows, ...batch.map((e) => (e.data as { i: number }).i)];
        if (crashAt !== undefined && rows.length > crashAt) throw new Error('projector crashed');
        db.rows = rows;
        db.checkpoint = batch[batch.length - 1].position;
      };
      const first = store.subscribeToAll({ filter: { streamPrefixes: [s] }, batchSize: 3 }, project(7));
      await expect(first.done).rejects.toThrow('projector crashed');
      expect(db.rows).toEqual([0, 1, 2, 3, 4, 5]);
      expect(first.lastPosition).toEqual(db.checkpoint);

      const resumed = store.subscribeToAll({ after: db.checkpoint, filter: { streamPrefixes: [s] }, batchSize: 3 }, project());
      expect(fake.allReads[fake.allReads.length - 1]).toMatchObject({ fromPosition: db.checkpoint });
      await waitFor(() => db.rows.length === 10);
      await store.append(s, [anEvent('Numbered', { i: 10 })], 9);
      await waitFor(() => db.rows.length === 11);
      await resumed.stop();
      expect(db.rows).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('hands over batches of at most batchSize, one at a time, skipping system events', async () => {
      const { store } = setup({ serverSideFilters: false, systemEventEvery: 1 });
      const s = stream();
      for (let i = 0; i < 12; i++) await store.append(s, [anEvent('Numbered', { i })], i === 0 ? 'no_stream' : i - 1);
      const sizes: number[] = [];
      const seen: RecordedEvent[] = [];
      let running = 0;
      let overlapped = false;
      const sub = store.subscribeToAll({ batchSize: 5 }, async (batch) => {
        overlapped ||= running > 0;
        running++;
        await new Promise((r) => setTimeout(r, 5));
        sizes.push(batch.length);
        seen.push(...batch);
        running--;
      });
      await waitFor(() => seen.length === 12);
      await sub.stop();
      expect(overlapped).toBe(false);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(5);
      expect(seen.every((e) => e.streamId === s)).toBe(true);
      expect(seen.map((e) => e.revision)).toEqual([...Array(12).keys()]);
      expect(sub.lastPosition).toEqual(seen[11].position);
    });

    it('is live on the caught-up signal, or after an idle interval when the server sends none', async () => {
      for (const caughtUpSignal of [true, false]) {
        const { store } = setup({ caughtUpSignal });
        const s = stream();
        await store.append(s, [anEvent()], 'no_stream');
        const seen: RecordedEvent[] = [];
        const sub = store.subscribeToAll({ filter: { streamPrefixes: [s] }, pollIntervalMs: 30 }, async (b) => {
          seen.push(...b);
        });
        expect(sub.isLive).toBe(false);
        await waitFor(() => sub.isLive);
        expect(seen).toHaveLength(1);
        await sub.stop();
      }
    });

    it("rejects done with the client's error and lets go of the client's subscription", async () => {
      const { fake, store } = setup();
      const sub = store.subscribeToAll({}, async () => undefined);
      await waitFor(() => sub.isLive);
      expect(fake.activeSubscriptions).toBe(1);
      fake.failSubscriptions(new Error('connection reset'));
      await expect(sub.done).rejects.toThrow('connection reset');
      expect(fake.activeSubscriptions).toBe(0);
    });

    it("stops cleanly, ending the client's subscription", async () => {
      const { fake, store } = setup();
      const sub = store.subscribeToAll({}, async () => undefined);
      await waitFor(() => sub.isLive);
      await sub.stop();
      await expect(sub.done).resolves.toBeUndefined();
      await waitFor(() => fake.activeSubscriptions === 0);
    });
  });

  describe('health and lifecycle', () => {
    it('reports reachable and progressing when a read succeeds, unreachable when it fails', async () => {
      const { fake, store } = setup();
      expect(await store.health()).toEqual({ reachable: true, progressing: true, details: { adapter: 'kurrentdb' } });
      fake.setUnavailable(true);
      expect(await store.health()).toEqual({
        reachable: false,
        progressing: false,
        details: { adapter: 'kurrentdb', error: 'failed to connect to 127.0.0.1:2113' },
      });
    });

    it('stops its subscriptions and disposes the client on close', async () => {
      const { fake, store } = setup();
      const sub = store.subscribeToAll({}, async () => undefined);
      await store.close();
      await expect(sub.done).resolves.toBeUndefined();
      expect(fake.isDisposed).toBe(true);
      await expect(store.append(stream(), [anEvent()], 'any')).rejects.toThrow('event store is closed');
      expect(() => store.subscribeToAll({}, async () => undefined)).toThrow('event store is closed');
    });

    it('builds a client from a connection string without connecting', async () => {
      const store = KurrentDbEventStore.fromConnectionString('kurrentdb://localhost:2113?tls=false');
      expect(store).toBeInstanceOf(KurrentDbEventStore);
      await store.close();
    });
  });
});

let contractFake: FakeKurrentClient;
eventStoreContract('kurrentdb (in-memory fake client)', {
  async create() {
    contractFake = new FakeKurrentClient({ systemEventEvery: 5 });
    return new KurrentDbEventStore(contractFake);
  },
  // Only the fake can change a stored event; it shows the adapter's reads expose the change to the verification.
  async tamper(streamId, revision) {
    contractFake.tamper(streamId, revision);
  },
  async teardown() {},
});
