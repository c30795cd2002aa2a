import { randomUUID } from 'node:crypto';
import { anEvent, createTestDatabase, type TestDatabase } from '@app/testing';
import type { EventStore, RecordedEvent } from './event-store.port';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { readStreams } from './read-streams';

describe('reading several streams at once', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const brief = (m: Map<string, RecordedEvent[]>) => Object.fromEntries([...m].map(([id, evs]) => [id, evs.map((e) => [e.revision, e.type])]));

  beforeAll(async () => {
    db = await createTestDatabase('es_read_streams');
    await PostgresEventStore.migrate(db.url);
    store = new PostgresEventStore({ connectionString: db.url, poolSize: 2 });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('answers every stream named, in revision order, an empty list for a stream with no events, in one statement', async () => {
    const [a, b, none] = ['a', 'b', 'none'].map((x) => `multi-${x}-${randomUUID()}`);
    // Interleaved appends, so that the table's order is not each stream's.
    await store.append(a, [anEvent('A0')], 'no_stream');
    await store.append(b, [anEvent('B0'), anEvent('B1')], 'no_stream');
    await store.append(a, [anEvent('A1'), anEvent('A2')], 0);
    await store.append(b, [anEvent('B2')], 1);
    const queries: unknown[] = [];
    const pool = store.rawPool as unknown as { query: (...args: unknown[]) => unknown };
    const query = pool.query.bind(pool);
    pool.query = (...args: unknown[]) => (queries.push(args[0]), query(...args));
    const read = await store.readStreams([b, none, a, b]);
    pool.query = query;
    // The appends' coalesced notification to other processes may go out meanwhile: only reads of events count.
    expect(queries.filter((q) => /FROM es_events/.test(String(q)))).toHaveLength(1);
    expect(brief(read)).toEqual({ [b]: [[0, 'B0'], [1, 'B1'], [2, 'B2']], [none]: [], [a]: [[0, 'A0'], [1, 'A1'], [2, 'A2']] });
    expect(read.get(a)).toEqual(await store.readStream(a));
  });

  it('reads stream after stream from a store that cannot read several at once, with the same answer', async () => {
    const [a, none] = ['a', 'none'].map((x) => `multi-${x}-${randomUUID()}`);
    await store.append(a, [anEvent('A0'), anEvent('A1')], 'no_stream');
    const oneByOne: EventStore = Object.assign(Object.create(store) as EventStore, { readStreams: undefined });
    expect(brief(await readStreams(oneByOne, [a, none]))).toEqual(brief(await store.readStreams([a, none])));
    expect(await readStreams(store, [])).toEqual(new Map());
  });

  it('refuses an invalid stream name as readStream does', async () => {
    await expect(store.readStreams(['ok-stream', ''])).rejects.toThrow();
  });
});
