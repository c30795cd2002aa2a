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
    expect(await engine.buildInDatabase(auditTrailProjection, g)).toBe(2);
    const trail = () => ds.query(`SELECT stream_id FROM rm_audit_trail__g${g} ORDER BY position_commit, position_prepare`) as Promise<{ stream_id: string }[]>;
    expect((await trail()).map((r) => r.stream_id)).toEqual([`dossier-${early}`, `dossier-${early}`]);

    release();
    await lateAppend;
    expect(await engine.catchUp(auditTrailProjection, g)).toBe(2);
    expect((await trail()).map((r) => r.stream_id).sort()).toEqual([`dossier-${early}`, `dossier-${early}`, `dossier-${late}`, `dossier-${young}`].sort());

    const reference = await jsOnly.createGeneration(auditTrailProjection, 'building');
    expect(await jsOnly.buildInDatabase(auditTrailProjection, reference)).toBeNull();
    await jsOnly.catchUp(auditTrailProjection, reference);
    expect(await engine.diff(auditTrailProjection, reference, g)).toEqual({});
    const [built, applied] = (await engine.generations(auditTrailProjection.name)).filter((x) => x.generation === g || x.generation === reference);
    expect(built.eventsApplied).toBe(4);
    expect(applied.eventsApplied).toBe(4);
    expect(built.checkpoint).toEqual(applied.checkpoint);
  });
});
