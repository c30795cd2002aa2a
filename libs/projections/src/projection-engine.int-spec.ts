import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PostgresEventStore, type NewEvent } from '@app/event-store';
import { aMetadata, createTestDatabase, type TestDatabase } from '@app/testing';
import { projectionMigrations } from './migrations';
import { ProjectionEngine } from './projection-engine';
import { auditTrailProjection } from './projections/audit-trail.projection';

/**
 * The in-database build against writers still in flight: rows inserted by a transaction that has not committed get
 * positions below those of rows committed meanwhile by younger transactions. The build must stop under the oldest
 * open transaction, so that the store's catch-up after its checkpoint still finds the late rows.
 */
describe('ProjectionEngine.buildInDatabase under concurrent writers', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: PostgresEventStore;
  let held: PostgresEventStore;
  let release!: () => void;
  let entered!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const inHook = new Promise<void>((r) => (entered = r));

  beforeAll(async () => {
    db = await createTestDatabase('projection_engine');
    await PostgresEventStore.migrate(db.url);
    ds = new DataSource({ type: 'postgres', url: db.url, migrations: projectionMigrations, logging: false });
    await ds.initialize();
    await ds.runMigrations();
    store = new PostgresEventStore({ connectionString: db.url, poolSize: 4 });
    // An append through this store inserts its rows, then waits before COMMIT until released.
    held = new PostgresEventStore({
      connectionString: db.url,
      poolSize: 2,
      beforeCommit: () => {
        entered();
        return released;
      },
    });
  });
  afterAll(async () => {
    release();
    await store.close();
    await held.close();
    await ds.destroy();
    await db.drop();
  });

  const registration = (communeCode: string): NewEvent => ({
    id: randomUUID(),
    type: 'DossierRegistered',
    data: { communeCode, provinceCode: '24', districtCode: null, unitMap: '2025-07' },
    metadata: aMetadata({ occurredAt: '2026-02-01T03:00:00.000Z', reason: 'test' }),
  });

  /**
   * Catches up until `expected` events were applied, summing what each call applied. The store's read fence is
   * server-wide: while another suite on the same server holds a transaction older than these rows open, a catch-up stops
   * below it and finds them on a later call. The sum must come to exactly `expected`: an event applied twice would pass it.
   */
  const catchUpTo = async (engine: ProjectionEngine, g: number, expected: number) => {
    let applied = 0;
    const deadline = Date.now() + 30_000;
    for (;;) {
      applied += await engine.catchUp(auditTrailProjection, g);
      if (applied >= expected || Date.now() > deadline) return applied;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('leaves a row committed late by an older transaction to the catch-up, and ends with the rows apply gives', async () => {
    const engine = new ProjectionEngine(ds, store, { eventsInDatabase: true });
    const jsOnly = new ProjectionEngine(ds, store);
    const [early, late, young] = [randomUUID(), randomUUID(), randomUUID()];
    await store.append(`dossier-${early}`, [registration('07246'), registration('07246')], 'no_stream');
    // The older transaction inserts and waits before COMMIT …
    const lateAppend = held.append(`dossier-${late}`, [registration('07264')], 'no_stream');
    await inHook;
    // … while a younger one commits a row with a higher position.
    await store.append(`dossier-${young}`, [registration('07282')], 'no_stream');

    const g = await engine.createGeneration(auditTrailProjection, 'building');
    // Two on a quiet server; fewer while another suite on the same server holds an older transaction open (the fence
    // is server-wide). Never the young row: it sorts after the held one, which has not committed.
    const built = (await engine.buildInDatabase(auditTrailProjection, g))!;
    expect(built).toBeLessThanOrEqual(2);
    const trail = () => ds.query(`SELECT stream_id FROM rm_audit_trail__g${g} ORDER BY position_commit, position_prepare`) as Promise<{ stream_id: string }[]>;
    expect((await trail()).map((r) => r.stream_id)).toEqual(Array(built).fill(`dossier-${early}`));

    release();
    await lateAppend;
    expect(await catchUpTo(engine, g, 4 - built)).toBe(4 - built);
    // Nothing left: a further catch-up applies nothing (the checkpoint is past every row).
    expect(await engine.catchUp(auditTrailProjection, g)).toBe(0);
    expect((await trail()).map((r) => r.stream_id).sort()).toEqual([`dossier-${early}`, `dossier-${early}`, `dossier-${late}`, `dossier-${young}`].sort());

    const reference = await jsOnly.createGeneration(auditTrailProjection, 'building');
    expect(await jsOnly.buildInDatabase(auditTrailProjection, reference)).toBeNull();
    expect(await catchUpTo(jsOnly, reference, 4)).toBe(4);
    expect(await engine.diff(auditTrailProjection, reference, g)).toEqual({});
    const [inDatabase, applied] = (await engine.generations(auditTrailProjection.name)).filter((x) => x.generation === g || x.generation === reference);
    expect(inDatabase.eventsApplied).toBe(4);
    expect(applied.eventsApplied).toBe(4);
    expect(inDatabase.checkpoint).toEqual(applied.checkpoint);
  });

  describe('in slices', () => {
    const engine = () => new ProjectionEngine(ds, store, { eventsInDatabase: true });
    const reference = async () => {
      const r = await engine().createGeneration(auditTrailProjection, 'building');
      await new ProjectionEngine(ds, store).catchUp(auditTrailProjection, r);
      return r;
    };
    const rowOf = async (g: number) => (await engine().generations(auditTrailProjection.name)).find((x) => x.generation === g)!;

    beforeAll(async () => {
      for (let i = 0; i < 10; i++) await store.append(`dossier-${randomUUID()}`, [registration('07246'), registration('07246'), registration('07246')], 'no_stream');
    });

    it('commits each slice with its checkpoint and ends with the rows apply gives', async () => {
      const e = engine();
      const g = await e.createGeneration(auditTrailProjection, 'building');
      const progress: number[] = [];
      const built = (await e.buildInDatabase(auditTrailProjection, g, { sliceEvents: 4, onProgress: (n) => void progress.push(n) }))!;
      expect(built).toBeGreaterThan(0);
      // One transaction per slice of four: the count after each is a multiple of four, the last one the whole.
      expect(progress).toEqual(Array.from({ length: Math.ceil(built / 4) }, (_, i) => Math.min(4 * (i + 1), built)));
      await e.catchUp(auditTrailProjection, g);
      const r = await reference();
      expect(await e.diff(auditTrailProjection, r, g)).toEqual({});
      expect((await rowOf(g)).eventsApplied).toBe((await rowOf(r)).eventsApplied);
      expect((await rowOf(g)).checkpoint).toEqual((await rowOf(r)).checkpoint);
    });

    it('stops between slices when told to, and when another writer moved the checkpoint; nothing is applied twice', async () => {
      const e = engine();
      const stopped = await e.createGeneration(auditTrailProjection, 'building');
      const abort = new AbortController();
      expect(await e.buildInDatabase(auditTrailProjection, stopped, { sliceEvents: 4, signal: abort.signal, onProgress: () => abort.abort() })).toBe(4);
      expect((await rowOf(stopped)).eventsApplied).toBe(4);
      // It built something: the build does not start again over it; the store's catch-up carries on from its checkpoint.
      expect(await e.buildInDatabase(auditTrailProjection, stopped)).toBeNull();
      await e.catchUp(auditTrailProjection, stopped);

      const overtaken = await e.createGeneration(auditTrailProjection, 'building');
      // After the first slice, the store's catch-up applies everything to the same generation (a runner after a takeover).
      const built = await e.buildInDatabase(auditTrailProjection, overtaken, { sliceEvents: 4, onProgress: async () => void (await e.catchUp(auditTrailProjection, overtaken)) });
      expect(built).toBe(4);

      const r = await reference();
      for (const g of [stopped, overtaken]) {
        expect(await e.diff(auditTrailProjection, r, g)).toEqual({});
        expect((await rowOf(g)).eventsApplied).toBe((await rowOf(r)).eventsApplied);
      }
    });
  });

  it('catchUp reads the page after a full batch while the batch applies, and applies every event once', async () => {
    for (let i = 0; i < 5; i++) await store.append(`dossier-${randomUUID()}`, [registration('07246'), registration('07246'), registration('07246')], 'no_stream');
    // The engine reads through a view of the store that counts the pages asked for.
    let reads = 0;
    const counting = Object.create(store) as PostgresEventStore;
    counting.readAll = (options) => {
      reads++;
      return store.readAll(options);
    };
    const engine = new ProjectionEngine(ds, counting);
    const applying = engine.applyBatch.bind(engine);
    const seen: { size: number; readsSoFar: number }[] = [];
    engine.applyBatch = (p, generation, events) => {
      seen.push({ size: events.length, readsSoFar: reads });
      return applying(p, generation, events);
    };
    const g = await engine.createGeneration(auditTrailProjection, 'building');
    const applied = await engine.catchUp(auditTrailProjection, g, 3);

    const full = seen.filter((b) => b.size === 3);
    expect(full.length).toBeGreaterThanOrEqual(5);
    // Batch k (0-based) is applied once k + 1 pages have been read; when it is full, the page after it is under way too.
    seen.forEach((b, k) => expect(b.readsSoFar).toBe(b.size === 3 ? k + 2 : k + 1));
    expect(applied).toBe(seen.reduce((n, b) => n + b.size, 0));
    const r = await new ProjectionEngine(ds, store).createGeneration(auditTrailProjection, 'building');
    await new ProjectionEngine(ds, store).catchUp(auditTrailProjection, r);
    expect(await engine.diff(auditTrailProjection, r, g)).toEqual({});
  });
});
