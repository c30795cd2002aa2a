import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { unitRegistry } from '@app/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@app/event-store';
import { mintToken } from '@app/platform';
import { auditTrailProjection, dossiersProjection, plansProjection, ProjectionEngine, ProjectionRunner, type Projection } from '@app/projections';
import { AssessCommuneCommand, RecordPlanCommand, type CommandContext } from '@app/workflow';
import { waitFor } from '@app/testing';
import { walkDossier } from '../apps/api/src/demo/walk';
import { startTestApp, type TestApp } from './support/test-app';

describe('projections: read models, crash safety, ordering, blue/green rebuild', () => {
  let t: TestApp;
  let runner: ProjectionRunner;
  let bus: CommandBus;
  let store: EventStore;
  const token = (role: Parameters<typeof mintToken>[0]['role'], unit: string, id = `${role}-${unit}`) => mintToken({ id, role, unit }, t.config.JWT_SECRET);
  const get = (path: string, tok: string) => request(t.baseUrl).get(path).set('Authorization', `Bearer ${tok}`);

  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'true' });
    runner = t.app.get(ProjectionRunner);
    bus = t.app.get(CommandBus);
    store = t.app.get(EVENT_STORE);
    await runner.settle();
  });
  afterAll(() => t.close());

  it('answers each read model with role and jurisdiction applied', async () => {
    const all = await get('/dossiers', token('auditor', '01')).expect(200);
    expect(all.body.total).toBe(6);
    const mine = await get('/dossiers', token('commune_officer', '07246')).expect(200);
    expect(mine.body.items.map((d: { communeCode: string }) => d.communeCode)).toEqual(['07246']);
    expect((await get('/dossiers', token('coordination_office', '19')).expect(200)).body.total).toBe(0);
    const recognised = await get('/dossiers?status=recognised&sort=commune_code&order=asc', token('coordination_office', '24')).expect(200);
    expect(recognised.body.items).toEqual([expect.objectContaining({ communeCode: '07246', status: 'recognised', level: 'standard', period: '2026-2030', criteriaMet: 10, criteriaTotal: 10 })]);
    await get('/dossiers?status=flying', token('auditor', '01')).expect(400);

    const queue = await get('/appraisal-queue', token('council_member', '24', 'member-x')).expect(200);
    expect(queue.body).toHaveLength(1);
    expect(queue.body[0]).toMatchObject({ communeCode: '07264', satisfactionPercent: 96.2, council: { members: expect.any(Array) } });
    expect(Object.keys(queue.body[0].criteria)).toHaveLength(10);
    expect(Object.values(queue.body[0].votes)).toEqual([{ vote: 'approve', comment: 'Đạt' }]);
    expect((await get('/appraisal-queue', token('council_member', '19')).expect(200)).body).toEqual([]);

    const id = mine.body.items[0].dossierId;
    const history = await get(`/dossiers/${id}/history`, token('auditor', '01')).expect(200);
    expect(history.body.map((e: { revision: number }) => e.revision)).toEqual([...Array(history.body.length).keys()]);
    expect(history.body[0]).toMatchObject({ type: 'DossierRegistered', actorRole: 'commune_officer', actorUnit: '07246', reason: 'demo data', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await get(`/dossiers/${id}/history`, token('commune_officer', '07264')).expect(403);
    const byActor = await get(`/audit-trail?actorId=demo-provincial_chairperson-24`, token('auditor', '01')).expect(200);
    expect(byActor.body.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['DossierRecognised']));
    expect(byActor.body.every((e: { actorId: string }) => e.actorId === 'demo-provincial_chairperson-24')).toBe(true);
    expect((await get('/audit-trail', token('coordination_office', '19')).expect(200)).body).toEqual([]);

    const standing = await get('/communes/07246/standing', token('commune_officer', '07246')).expect(200);
    // The dossier's own results were its draft: only a yearly assessment or a review is an assessment a standing shows.
    expect(standing.body).toMatchObject({ recognisedLevel: 'standard', basis: 'own', decisionNo: expect.any(String), latestAssessment: null });
    await get('/communes/07246/standing', token('commune_officer', '07264')).expect(403);
  });

  it('after a runner killed mid-batch and restarted, equals a clean rebuild row for row', async () => {
    await runner.stop('dossiers');
    for (const commune of ['07330', '07333', '07339']) await walkDossier(bus, { commune, province: '24', stage: 'recognised', now: new Date().toISOString(), idPrefix: 'crash' });
    let calls = 0;
    // Dies after writing some rows of its second batch: the transaction, checkpoint included, must roll back whole.
    const dying: Projection = {
      ...dossiersProjection,
      async apply(events, tx) {
        calls++;
        if (calls === 2) {
          await dossiersProjection.apply(events.slice(0, Math.ceil(events.length / 2)), tx);
          throw new Error('killed mid-batch');
        }
        return dossiersProjection.apply(events, tx);
      },
    };
    const live = (await runner.engine.live('dossiers'))!;
    const engine = runner.engine;
    const before = live.checkpoint;
    await expect(engine.catchUp(dying, live.generation, 7)).rejects.toThrow('killed mid-batch');
    const after = (await engine.live('dossiers'))!;
    expect(after.checkpoint).not.toEqual(before);
    await runner.start('dossiers');
    await runner.settle();
    expect(await engine.verify(dossiersProjection)).toEqual({});
  });

  it('stops on a poison event, names it on /health, and resumes after a retry', async () => {
    const poisonType = 'CriterionResultsRecorded';
    const original = dossiersProjection.apply;
    let poisoned = true;
    dossiersProjection.apply = async (events: RecordedEvent[], tx) => {
      if (poisoned && events.some((e) => e.type === poisonType && (e.data as { results: Record<string, unknown> }).results.C01 !== undefined && e.metadata.reason === 'poison')) {
        throw new Error('cannot apply');
      }
      return original.call(dossiersProjection, events, tx);
    };
    try {
      const officer = token('commune_officer', '07288');
      const drafting = (await get('/dossiers', officer).expect(200)).body.items[0].dossierId;
      await request(t.baseUrl).post(`/dossiers/${drafting}/criterion-results`).set('Authorization', `Bearer ${officer}`).set('Idempotency-Key', randomUUID())
        .send({ results: [{ code: 'C01', met: true }], reason: 'poison' }).expect(200);
      await waitFor(async () => (await runner.status()).find((s) => s.name === 'dossiers')!.state === 'failed');
      const health = await request(t.baseUrl).get('/health').expect(503);
      expect(health.body.error.projections.dossiers).toMatchObject({ state: 'failed', error: 'Error: cannot apply', failedEvent: { type: poisonType } });
      const metrics = await request(t.baseUrl).get('/metrics').expect(200);
      expect(metrics.text).toMatch(/ntm_projection_failed\{projection="dossiers"\} 1/);
      poisoned = false;
      await runner.retry('dossiers');
      await runner.settle();
      await request(t.baseUrl).get('/health').expect(200);
      expect((await get(`/dossiers?unit=07288`, officer).expect(200)).body.items[0].revision).toBe(2);
    } finally {
      dossiersProjection.apply = original;
    }
  });

  it('never applies one stream out of order under concurrent writers, and a rebuild during writes ends equal to a clean one', async () => {
    const communes = unitCommunes();
    const writers = communes.map((commune, i) =>
      walkDossier(bus, { commune, province: '24', stage: i % 2 ? 'recognised' : 'under_appraisal', now: new Date().toISOString(), idPrefix: 'race' }),
    );
    let reads = 0;
    let polling = true;
    const poll = (async () => {
      const auditor = token('auditor', '01');
      while (polling) {
        const res = await get('/dossiers?limit=1', auditor);
        expect(res.status).toBe(200);
        expect(res.body.total).toBeGreaterThan(0);
        reads++;
      }
    })();
    const rebuilt = runner.engine.rebuild(dossiersProjection);
    await Promise.all([...writers, rebuilt]);
    polling = false;
    await poll;
    expect(reads).toBeGreaterThan(0);
    await runner.settle();
    const status = (await runner.status()).find((s) => s.name === 'dossiers')!;
    expect(status.error).toBeNull();
    expect(status.state).toBe('running');
    expect(status.generation).toBe(await rebuilt);

    expect(await runner.engine.verify(dossiersProjection)).toEqual({});
    for (const row of (await get('/dossiers?limit=500', token('auditor', '01')).expect(200)).body.items as { dossierId: string; revision: number }[]) {
      expect(row.revision).toBe(await store.streamRevision(`dossier-${row.dossierId}`));
    }
  });

  it('leaves the same rows whether a history is applied one event per batch or many', async () => {
    // Paths only a batch of several events takes: revoked in the batch that recognised it, a stream's place found in the
    // batch rather than stored, the criteria count kept from the stored row once a decided status has no record.
    const [revoked, withdrawn] = unitRegistry.communesOf('24', '2025-07').filter((c) => c.kind === 'commune').slice(-2).map((c) => c.code);
    await walkDossier(bus, { commune: revoked, province: '24', stage: 'revoked', now: new Date().toISOString(), idPrefix: 'batches' });
    await walkDossier(bus, { commune: withdrawn, province: '24', stage: 'withdrawn', now: new Date().toISOString(), idPrefix: 'batches' });
    const office = token('coordination_office', '24');
    const today = new Date().toISOString().slice(0, 10);
    await request(t.baseUrl).post(`/communes/${revoked}/assessments`).set('Authorization', `Bearer ${office}`).set('Idempotency-Key', randomUUID())
      .send({ year: Number(today.slice(0, 4)), assessedOn: today, results: ['C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C07', 'C08', 'C09', 'C10'].map((code) => ({ code, met: code !== 'C05' })) })
      .expect(200);

    // What only the audit trail's in-database build reads differently: a stream placed on the March 2025 map by the
    // date of its first event, plans of a province and of a district, a commune stream of the old map, an imported
    // fact with its source, a dossier registered just before the reform (18:00 UTC on 30 June 2025 is already 1 July
    // in Vietnam), an event without a reason.
    const old = unitRegistry.communesOf('24', '2025-03').filter((c) => c.kind === 'commune');
    const district = unitRegistry.districtsOf('24')[0].code;
    const oldDossier = await walkDossier(bus, { commune: old[0].code, province: '24', stage: 'recognised', now: '2023-06-10T03:00:00.000Z', idPrefix: 'batches' });
    // A registration written before events named their map, on the evening of 30 June 2025 UTC: placed on the day's map.
    const [registered] = await store.readStream(`dossier-${oldDossier}`, { maxCount: 1 });
    const { unitMap: _unitMap, ...olderShape } = registered.data as Record<string, unknown>;
    const unmapped = randomUUID();
    await store.append(`dossier-${unmapped}`, [{ id: randomUUID(), type: registered.type, data: { ...olderShape, dossierId: unmapped }, metadata: { ...registered.metadata, occurredAt: '2025-06-30T18:00:00.000Z', reason: undefined } }], 'no_stream');
    const historian = (now: string, commandId: string, extra: Partial<CommandContext> = {}): CommandContext => ({
      principal: { id: 'office-24', role: 'coordination_office', unit: '24' },
      now,
      correlationId: 'batches',
      commandId,
      ...extra,
    });
    await bus.execute(new RecordPlanCommand({ unitCode: '24', year: 2023, targets: { standard: 4 } }, historian('2023-01-05T03:00:00.000Z', 'batches-plan-24')));
    await bus.execute(new RecordPlanCommand({ unitCode: district, year: 2024, targets: { standard: 1 } }, historian('2024-01-05T03:00:00.000Z', 'batches-plan-d', { reason: 'district plan' })));
    const results = Object.fromEntries(Array.from({ length: 19 }, (_, i) => [`C${String(i + 1).padStart(2, '0')}`, { met: i < 15 }]));
    await bus.execute(
      new AssessCommuneCommand(
        { communeCode: old[2].code, year: 2023, assessedOn: '2023-10-01', results },
        historian('2023-10-01T03:00:00.000Z', 'batches-assess', { actedAt: new Date().toISOString(), source: { file: 'lich-su.xlsx', sheet: 'assessments', row: 7 } }),
      ),
    );

    const engine = runner.engine;
    for (const p of [dossiersProjection, auditTrailProjection]) {
      const built: number[] = [];
      try {
        for (const size of [1, 13, 1000]) {
          const g = await engine.createGeneration(p, 'building');
          built.push(g);
          await engine.catchUp(p, g, size);
        }
        expect(await engine.diff(p, built[0], built[1])).toEqual({});
        expect(await engine.diff(p, built[0], built[2])).toEqual({});
        if (p.buildInDatabase) {
          // The same rows built inside PostgreSQL, then the generation's checkpoint carries on through the store.
          const g = await engine.createGeneration(p, 'building');
          built.push(g);
          const inDatabase = (await engine.buildInDatabase(p, g))!;
          expect(inDatabase).toBe((await engine.generations(p.name)).find((x) => x.generation === g)!.eventsApplied);
          expect(await engine.buildInDatabase(p, g)).toBeNull();
          // Everything on a quiet server; what another suite's open transaction kept under the fence is the catch-up's.
          expect(inDatabase + (await engine.catchUp(p, g))).toBe((await engine.generations(p.name)).find((x) => x.generation === built[0])!.eventsApplied);
          expect(await engine.diff(p, built[0], g)).toEqual({});
          // In slices of 7 events, each its own transaction: the same rows.
          const sliced = await engine.createGeneration(p, 'building');
          built.push(sliced);
          expect(await engine.buildInDatabase(p, sliced, { sliceEvents: 7 })).toBeGreaterThan(0);
          await engine.catchUp(p, sliced);
          expect(await engine.diff(p, built[0], sliced)).toEqual({});
        }
      } finally {
        for (const g of built) await engine.dropGeneration(p, g);
      }
    }
    await runner.settle();
    const db = t.app.get(DataSource);
    const interval = await db.query(`SELECT to_date::text, revocation_no FROM rm_recognition_intervals i JOIN rm_dossier_status s USING (dossier_id) WHERE s.commune_code = $1`, [revoked]);
    expect(interval).toEqual([{ to_date: expect.any(String), revocation_no: expect.any(String) }]);
    const [decided] = await db.query(`SELECT dossier_id, status, criteria_met FROM rm_dossier_status WHERE commune_code = $1`, [revoked]);
    expect(decided).toEqual({ dossier_id: expect.any(String), status: 'revoked', criteria_met: 10 });
    // Every event of the dossier is placed where its registration put it, in whichever batch it arrived.
    const places = await db.query(`SELECT DISTINCT dossier_id, commune_code, province_code FROM rm_audit_trail WHERE stream_id = $1`, [`dossier-${decided.dossier_id}`]);
    expect(places).toEqual([{ dossier_id: decided.dossier_id, commune_code: revoked, province_code: '24' }]);
    const placed = await db.query(
      `SELECT DISTINCT split_part(stream_id, '-', 1) AS kind, commune_code, unit_map, province_code, district_code, source IS NOT NULL AS imported
         FROM rm_audit_trail WHERE correlation_id = 'batches' AND NOT stream_id LIKE 'dossier-%' ORDER BY 1, 2, 3, 4, 5`,
    );
    expect(placed).toEqual([
      { kind: 'commune', commune_code: old[2].code, unit_map: '2025-03', province_code: '24', district_code: old[2].districtCode, imported: true },
      { kind: 'plan', commune_code: null, unit_map: '2025-03', province_code: '24', district_code: district, imported: false },
      { kind: 'plan', commune_code: null, unit_map: '2025-03', province_code: '24', district_code: null, imported: false },
    ]);
    expect(await db.query(`SELECT unit_map, commune_code, province_code FROM rm_audit_trail WHERE stream_id = $1`, [`dossier-${unmapped}`])).toEqual([
      { unit_map: '2025-07', commune_code: old[0].code, province_code: '24' },
    ]);
  });

  function unitCommunes(): string[] {
    const used = new Set(['07246', '07264', '07282', '07288', '07294', '07306', '07330', '07333', '07339']);
    return unitRegistry.communesOf('24', '2025-07').filter((c) => c.kind === 'commune' && !used.has(c.code)).slice(0, 8).map((c) => c.code);
  }
});


describe('projections: the first start over a history written while nothing projected', () => {
  it('settling does not scan the store for a projection that has nothing to apply', async () => {
    // A history without a single plan: the plans projection has applied nothing and never will from it. Settling (the
    // deadline timer waits on it at start-up) used to look for a plan event after that projection's empty checkpoint —
    // a scan of the whole store — on every 20 ms pass until every other projection had caught up.
    const t = await startTestApp({ DEMO_DATA: 'false' });
    try {
      const store = t.app.get<EventStore>(EVENT_STORE);
      const officer = mintToken({ id: 'officer-07288', role: 'commune_officer', unit: '07288' }, t.config.JWT_SECRET);
      await request(t.baseUrl).post('/dossiers').set('Authorization', `Bearer ${officer}`).set('Idempotency-Key', randomUUID())
        .send({ communeCode: '07288', level: 'standard', targetYear: 2027, reason: 'no plan anywhere' }).expect(201);
      const reads = jest.spyOn(store, 'readAll');
      const runner = t.app.get(ProjectionRunner);
      await runner.settle();
      expect((await runner.engine.live('plans'))!.checkpoint).toBeNull();
      const plansReads = reads.mock.calls.filter(([o]) => JSON.stringify(o?.filter) === JSON.stringify(plansProjection.filter));
      expect(plansReads).toEqual([]);
      // The others were still waited for: the registration is in the dossier read model.
      expect((await runner.engine.live(dossiersProjection.name))!.eventsApplied).toBeGreaterThan(0);
      reads.mockRestore();
    } finally {
      await t.close();
    }
  });

  it('builds the audit trail inside PostgreSQL in the background, then follows the events written after it', async () => {
    // The history is written with the projections off (an import, a migration, an older deployment): every live
    // generation exists and has applied nothing.
    const writer = await startTestApp({ DEMO_DATA: 'true', RUN_PROJECTIONS: 'false' });
    let t: TestApp | undefined;
    const built = jest.spyOn(ProjectionEngine.prototype, 'buildInDatabase');
    try {
      const events = (await writer.app.get<EventStore>(EVENT_STORE).readAll({ after: null, maxCount: 10_000, filter: auditTrailProjection.filter })).length;
      expect(events).toBeGreaterThan(30);
      expect((await writer.app.get(ProjectionRunner).engine.live('audit-trail'))!.checkpoint).toBeNull();
      await writer.stop();

      t = await startTestApp({ DEMO_DATA: 'false' }, { database: writer.db });
      const runner = t.app.get(ProjectionRunner);
      await runner.settle();
      // The lease holder built the live generation once, in the database (all of it on a quiet server; the store's
      // catch-up takes what another suite's open transaction on the same server kept under the fence).
      const results = await Promise.all(built.mock.results.filter((r) => r.type === 'return').map((r) => r.value as Promise<number | null>));
      expect(results).toEqual([expect.any(Number)]);
      expect(results[0]).toBeLessThanOrEqual(events);
      const live = (await runner.engine.live('audit-trail'))!;
      expect(live.eventsApplied).toBe(events);
      // Then it follows: a command after the build lands in the trail through the subscription.
      const auditor = mintToken({ id: 'auditor-01', role: 'auditor', unit: '01' }, t.config.JWT_SECRET);
      const officer = mintToken({ id: 'officer-07288', role: 'commune_officer', unit: '07288' }, t.config.JWT_SECRET);
      const drafting = (await request(t.baseUrl).get('/dossiers').set('Authorization', `Bearer ${officer}`).expect(200)).body.items[0].dossierId;
      await request(t.baseUrl).post(`/dossiers/${drafting}/criterion-results`).set('Authorization', `Bearer ${officer}`).set('Idempotency-Key', randomUUID())
        .send({ results: [{ code: 'C01', met: true }], reason: 'after the build' }).expect(200);
      await runner.settle();
      const trail = await request(t.baseUrl).get(`/dossiers/${drafting}/history`).set('Authorization', `Bearer ${auditor}`).expect(200);
      expect(trail.body.at(-1)).toMatchObject({ type: 'CriterionResultsRecorded', reason: 'after the build' });
      expect((await runner.engine.live('audit-trail'))!.eventsApplied).toBe(events + 1);
      // And the rows are those the events applied one by one in JavaScript give.
      expect(await runner.engine.verify(auditTrailProjection)).toEqual({});
    } finally {
      built.mockRestore();
      if (t) await t.close();
      else await writer.close();
    }
  });
});
