import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { anEvent, createTestDatabase, waitFor, type TestDatabase } from '@app/testing';
import { PostgresEventStore, readAllQuery, sessionOptions, subscriptionPageQuery } from './postgres-event-store';

/**
 * The plans the store's statements get on a table whose statistics are stale — the state just after a bulk append or
 * an `events migrate`, before autovacuum analyses it (switched off here so it stays that way). A wrong plan there is no
 * wrong answer, only a catch-up that goes quadratic, so the plans themselves are what is checked.
 */
describe('postgresql event store: reading a large table with stale statistics', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  type PlanNode = { 'Node Type': string; 'Index Name'?: string; Plans?: PlanNode[] };
  const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];
  const session = async (options: string, fn: (c: Client) => Promise<void>) => {
    const c = new Client({ connectionString: db.url, options });
    await c.connect();
    try {
      await fn(c);
    } finally {
      await c.end();
    }
  };
  const readAllPlan = async (c: Client, after: Awaited<ReturnType<PostgresEventStore['headPosition']>>, query = readAllQuery) => {
    const q = query({ after, maxCount: 1000, filter: { streamPrefixes: ['dossier-', 'commune-'] } });
    const { rows } = await c.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>({ text: `EXPLAIN (FORMAT JSON) ${q.text}`, values: q.values });
    return nodes(rows[0]['QUERY PLAN'][0].Plan);
  };

  beforeAll(async () => {
    db = await createTestDatabase('es_plans');
    await PostgresEventStore.migrate(db.url);
    await session('', async (c) => {
      await c.query(`ALTER TABLE es_events SET (autovacuum_enabled = false)`);
    });
    store = new PostgresEventStore({ connectionString: db.url, poolSize: 4 });
    const data = { results: Object.fromEntries(Array.from({ length: 20 }, (_, k) => [`C${k}`, { met: true, evidence: ['doc://x'] }])) };
    for (let s = 0; s < 60; s++) {
      const stream = `${s % 6 ? 'dossier' : 'commune'}-${randomUUID()}`;
      for (let k = 0; k < 4; k++) {
        const events = Array.from({ length: 25 }, () => anEvent('Recorded', data));
        await store.append(stream, events, k === 0 ? 'no_stream' : k * 25 - 1);
      }
    }
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('a filtered readAll page walks the global-order index instead of sorting the rest of the table', async () => {
    // Control: the default planner, on these statistics, fetches every later row and sorts them for each page.
    await session('', async (c) => {
      expect((await readAllPlan(c, null)).map((n) => n['Node Type'])).toContain('Sort');
    });
    await session(sessionOptions({}), async (c) => {
      for (const query of [readAllQuery, subscriptionPageQuery]) {
        for (const after of [null, await store.headPosition()]) {
          const plan = await readAllPlan(c, after, query);
          expect(plan.map((n) => n['Node Type'])).not.toContain('Sort');
          expect(plan).toEqual(expect.arrayContaining([expect.objectContaining({ 'Node Type': 'Index Scan', 'Index Name': 'es_events_order_ix' })]));
        }
      }
    });
  });

  it('a filtered subscription steps over the events it does not want, and still delivers the next one it does', async () => {
    const head = (await store.headPosition())!;
    const delivered: string[] = [];
    const sub = store.subscribeToAll({ filter: { streamPrefixes: ['rare-'] }, batchSize: 100, pollIntervalMs: 20 }, async (batch) => {
      delivered.push(...batch.map((e) => e.id));
    });
    try {
      // Without stepping over, the position would stay at the start and every wake-up would re-read all 6,000 events.
      await waitFor(() => sub.isLive && sub.lastPosition !== null);
      expect(sub.lastPosition).toEqual(head);
      const rare = anEvent('Rare', {});
      const { position } = await store.append(`rare-${randomUUID()}`, [rare], 'no_stream');
      await waitFor(() => delivered.length > 0);
      expect(delivered).toEqual([rare.id]);
      expect(sub.lastPosition).toEqual(position);
    } finally {
      await sub.stop();
    }
  });

  it('counts what readAll would return without reading it', async () => {
    const head = (await store.headPosition())!;
    const [someDossier] = await store.readAll({ filter: { streamPrefixes: ['dossier-'] }, maxCount: 1 });
    const cases = [
      {},
      { filter: { streamPrefixes: ['commune-'] } },
      { filter: { streamPrefixes: ['dossier-', 'commune-'] }, maxCount: 250 },
      { filter: { streamPrefixes: [someDossier.streamId] } },
      { filter: { eventTypes: ['Recorded'], streamPrefixes: ['commune-'] }, after: someDossier.position },
      { after: head },
    ];
    for (const options of cases) {
      const read = await store.readAll({ maxCount: 10_000, ...options });
      const oldest = read.length ? new Date(Math.min(...read.map((e) => e.recordedAt.getTime()))) : null;
      expect(await store.countAll({ maxCount: 10_000, ...options })).toEqual({ count: read.length, oldestRecordedAt: oldest });
    }
    expect((await store.countAll({ after: head })).count).toBe(0);
  });

  // es_append_group's lookup of already stored ids, as auto_explain reports it from inside the function in a store-like session. The old
  // function's ordered aggregate only went wrong where the planner feeds aggregates presorted input (PostgreSQL 16+),
  // and LOAD needs a superuser: elsewhere there is nothing this test could tell apart, so it is skipped, saying why.
  const server = { version: Number(process.env.NTM_TEST_PG_VERSION_NUM ?? 0), superuser: process.env.NTM_TEST_PG_SUPERUSER === 'true' };
  const planCheckable = server.version >= 160000 && server.superuser;
  if (!planCheckable) console.log(`[postgres-reads] append plan not checked: needs PostgreSQL 16+ and a superuser (server ${server.version}, superuser ${server.superuser})`);
  (planCheckable ? it : it.skip)('an append looks up its event ids by id, never walking the global order', async () => {
    await session(sessionOptions({}), async (c) => {
      await c.query(`LOAD 'auto_explain'`);
      await c.query(`SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on; SET auto_explain.log_level = 'notice'; SET auto_explain.log_format = 'json'`);
      const notices: string[] = [];
      c.on('notice', (n) => notices.push(n.message ?? ''));
      await c.query('BEGIN');
      // A wrong expected revision: the lookup of the ids runs, nothing is written.
      await c.query(
        `SELECT * FROM es_append_group($1::text[], $2::text[], $3::int[], $4::uuid[], $5::text[], $6::jsonb[], $7::jsonb[], $8::text[], $9::text[])`,
        [['dossier-x'], ['5'], [2], [randomUUID(), randomUUID()], ['A', 'B'], ['{}', '{}'], ['{}', '{}'], ['', ''], ['', '']],
      );
      await c.query('ROLLBACK');
      const inner = notices.map((m) => m.slice(m.indexOf('{'))).map((j) => JSON.parse(j) as { 'Query Text': string; Plan: PlanNode }).find((p) => p['Query Text'].includes('jsonb_agg'));
      expect(inner).toBeDefined();
      const indexes = nodes(inner!.Plan).map((n) => n['Index Name']).filter(Boolean);
      expect(indexes).toContain('es_events_event_id_uq');
      expect(indexes).not.toContain('es_events_order_ix');
    });
  });
});
