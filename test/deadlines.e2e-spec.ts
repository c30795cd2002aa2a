import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { unitRegistry, type Role } from '@app/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@app/event-store';
import { mintToken } from '@app/platform';
import { waitFor, withClient } from '@app/testing';
import { DeadlineTimer } from '@app/workflow';
import { walkDossier } from '../apps/api/src/demo/walk';
import { startTestApp, TestClock, type TestApp } from './support/test-app';

/** Communes of Bắc Ninh (province 24) on the July 2025 map; each test takes its own. */
const COMMUNES = unitRegistry.communesOf('24', '2025-07').filter((c) => c.kind === 'commune').map((c) => c.code);
/** Recognised on 2 March 2026, under the 2026-2030 set: 10 criteria, key ones C03, C08, C10. */
const RECOGNISED_AT = '2026-03-02T03:00:00.000Z';
/** Three of ten with a key one: grounds under rule (a). */
const FAILING = ['C08', 'C09', 'C10'];
/** 180 calendar days after the 1 April 2026 review. */
const REMEDIATION_DUE = '2026-09-28T16:59:59.999Z';
/** 15 working days after a submission on Monday 2 March 2026. */
const VERIFICATION_DUE = '2026-03-23T16:59:59.999Z';

const streamOf = (t: TestApp, dossierId: string): Promise<RecordedEvent[]> => t.app.get<EventStore>(EVENT_STORE).readStream(`dossier-${dossierId}`);
const typesOf = async (t: TestApp, dossierId: string) => (await streamOf(t, dossierId)).map((e) => e.type);

/**
 * Waits until the read model holds each dossier at its stream's last revision (the streams are the truth the timer
 * checks against).
 */
async function projected(t: TestApp, ids: string[]): Promise<void> {
  const db = t.app.get(DataSource);
  await waitFor(async () => {
    for (const id of ids) {
      const [row] = await db.query(`SELECT revision FROM rm_dossier_status WHERE dossier_id = $1`, [id]);
      if (!row || Number(row.revision) !== (await streamOf(t, id)).length - 1) return false;
    }
    return true;
  });
}

function client(t: TestApp) {
  const token = (role: Role, unit: string) => mintToken({ id: `${role}-${unit}`, role, unit }, t.config.JWT_SECRET);
  return {
    get: (path: string, role: Role = 'coordination_office', unit = '24') =>
      request(t.baseUrl).get(path).set('Authorization', `Bearer ${token(role, unit)}`).expect(200).then((r) => r.body),
    post: (path: string, body: object, role: Role = 'coordination_office', unit = '24') =>
      request(t.baseUrl).post(path).set('Authorization', `Bearer ${token(role, unit)}`).set('Idempotency-Key', randomUUID()).send(body).expect(200).then((r) => r.body),
  };
}

describe('remediation, revocation due and the deadline board, on a controlled clock', () => {
  const clock = new TestClock(RECOGNISED_AT);
  let t: TestApp;
  let http: ReturnType<typeof client>;
  let timer: DeadlineTimer;
  const [failing, remedied] = [COMMUNES[0]!, COMMUNES[1]!];
  let failingId: string;
  let remediedId: string;

  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'false' }, { clock });
    http = client(t);
    timer = t.app.get(DeadlineTimer);
    const bus = t.app.get(CommandBus);
    failingId = await walkDossier(bus, { commune: failing, province: '24', stage: 'recognised', now: RECOGNISED_AT, idPrefix: 'dl' });
    remediedId = await walkDossier(bus, { commune: remedied, province: '24', stage: 'recognised', now: RECOGNISED_AT, idPrefix: 'dl' });
    clock.set('2026-04-01T03:00:00.000Z');
    for (const id of [failingId, remediedId]) {
      await http.post(`/dossiers/${id}/monitoring-reviews`, { year: 2026, reviewedOn: '2026-04-01', failingCriteria: FAILING });
    }
  });
  afterAll(() => t.close());

  it('opens a remediation period with the failing review, and a passing review in time closes it', async () => {
    clock.set('2026-08-03T03:00:00.000Z');
    await http.post(`/dossiers/${remediedId}/monitoring-reviews`, { year: 2026, reviewedOn: '2026-08-03', failingCriteria: [] });
    await projected(t, [failingId, remediedId]);

    const board = await http.get('/deadlines?unit=24&kind=remediation');
    expect(board.items).toEqual([
      expect.objectContaining({
        dossierId: failingId,
        communeCode: failing,
        kind: 'remediation',
        dueAt: REMEDIATION_DUE,
        overdue: false,
        daysLeft: 56,
        reachedAt: null,
        actionBy: ['commune_officer', 'coordination_office'],
        consequence: expect.stringContaining('flagged revocation due for the provincial chairperson'),
      }),
    ]);
    const next = await http.get(`/communes/${remedied}/next-deadline`);
    expect(next.next).toMatchObject({ dossierId: remediedId, kind: 'monitoring-review', dueAt: '2027-08-03T16:59:59.999Z', overdue: false });
    expect(next.deadlines.map((d: { kind: string }) => d.kind)).toEqual(['monitoring-review']);
  });

  it('records nothing while the last day of the period lasts', async () => {
    clock.set('2026-09-28T16:59:00.000Z');
    expect(await timer.sweep()).toMatchObject({ swept: true, recorded: 0 });
    expect(await typesOf(t, failingId)).not.toContain('DeadlineReached');
  });

  it('flags the revocation as due once the period ended with the grounds standing; the passing review left nothing to flag', async () => {
    clock.set('2026-09-29T01:00:00.000Z');
    expect(await timer.sweep()).toMatchObject({ swept: true, recorded: 1, failed: 0 });

    const events = await streamOf(t, failingId);
    expect(events.slice(-2).map((e) => [e.type, e.data, e.metadata.actor])).toEqual([
      [
        'DeadlineReached',
        { dossierId: failingId, kind: 'remediation', startedAt: '2026-03-31T17:00:00.000Z', dueAt: REMEDIATION_DUE, reachedAt: '2026-09-29T01:00:00.000Z' },
        { id: 'deadline-timer', role: 'system', unit: 'VN' },
      ],
      [
        'RevocationDue',
        { dossierId: failingId, reviewedOn: '2026-04-01', grounds: { rule: 'partial-with-key', failingCriteria: FAILING }, dueAt: REMEDIATION_DUE, flaggedAt: '2026-09-29T01:00:00.000Z' },
        { id: 'deadline-timer', role: 'system', unit: 'VN' },
      ],
    ]);
    expect(await typesOf(t, remediedId)).not.toContain('DeadlineReached');

    await projected(t, [failingId, remediedId]);
    const [row] = (await http.get(`/dossiers?unit=${failing}`)).items;
    expect(row).toMatchObject({ status: 'recognised', revocationDue: true, deadlineKind: 'remediation', stepDeadline: REMEDIATION_DUE });
    expect((await http.get(`/dossiers?unit=${remedied}`)).items[0]).toMatchObject({ revocationDue: false, deadlineKind: 'monitoring-review' });

    const flagged = await http.get('/deadlines?overdue=true&revocationDue=true', 'provincial_chairperson');
    expect(flagged.items).toEqual([
      expect.objectContaining({ dossierId: failingId, kind: 'remediation', overdue: true, daysLeft: -1, reachedAt: '2026-09-29T01:00:00.000Z', revocationDue: true }),
    ]);
    expect((await http.get(`/communes/${failing}/next-deadline`, 'commune_officer', failing)).next).toMatchObject({ kind: 'remediation', overdue: true, revocationDue: true });
  });

  it('records each deadline once however often it sweeps; revoking stays the chairperson’s decision', async () => {
    const before = (await streamOf(t, failingId)).length;
    expect(await timer.sweep()).toMatchObject({ recorded: 0 });
    expect(await timer.sweepUnlocked()).toMatchObject({ recorded: 0 });
    expect(await streamOf(t, failingId)).toHaveLength(before);
    expect((await streamOf(t, failingId)).at(-1)!.type).toBe('RevocationDue');
  });

  it('shows due-soon and overdue by unit and role, earliest first', async () => {
    clock.set('2027-07-20T03:00:00.000Z');
    const board = await http.get('/deadlines?unit=24&within=30d');
    expect(board.items.map((d: { dossierId: string; kind: string; overdue: boolean }) => [d.dossierId, d.kind, d.overdue])).toEqual([
      [failingId, 'remediation', true],
      [failingId, 'monitoring-review', true],
      [remediedId, 'monitoring-review', false],
    ]);
    expect((await http.get('/deadlines?unit=24&within=30d&overdue=false')).items).toHaveLength(1);
    // Once flagged, the remediation waits for the office's proposal and the chairperson's decision.
    expect((await http.get('/deadlines?unit=24&role=provincial_chairperson')).items).toEqual([
      expect.objectContaining({ dossierId: failingId, kind: 'remediation', actionBy: ['coordination_office', 'provincial_chairperson'] }),
    ]);
    expect((await http.get('/deadlines?unit=24&role=commune_officer')).items).toEqual([]);
    expect((await http.get('/deadlines', 'coordination_office', '01')).items).toEqual([]);
    await request(t.baseUrl).get('/deadlines?within=soon').set('Authorization', `Bearer ${mintToken({ id: 'a', role: 'auditor', unit: '01' }, t.config.JWT_SECRET)}`).expect(400);
  });
});

describe('two timers at once', () => {
  const clock = new TestClock(RECOGNISED_AT);
  let first: TestApp;
  let second: TestApp;
  const communes = COMMUNES.slice(2, 7);
  const ids: string[] = [];

  beforeAll(async () => {
    first = await startTestApp({ DEMO_DATA: 'false' }, { clock });
    second = await startTestApp({ DEMO_DATA: 'false' }, { clock, database: first.db });
    const bus = first.app.get(CommandBus);
    for (const [i, commune] of communes.entries()) {
      ids.push(await walkDossier(bus, { commune, province: '24', stage: i < 3 ? 'under_verification' : 'drafting', now: RECOGNISED_AT, idPrefix: 'race' }));
    }
    // One of the two runs the projections (it holds their lease); they share the read model.
    await projected(first, ids);
  });
  afterAll(async () => {
    await second.stop();
    await first.close();
  });

  const reached = async (id: string) => (await streamOf(first, id)).filter((e) => e.type === 'DeadlineReached').map((e) => (e.data as { kind: string }).kind);

  it('records each passed deadline exactly once when both sweep together', async () => {
    clock.set('2026-04-15T03:00:00.000Z');
    const results = await Promise.all([first.app.get(DeadlineTimer).sweep(), second.app.get(DeadlineTimer).sweep()]);
    expect(results.reduce((n, r) => n + r.recorded, 0)).toBe(3);
    for (const id of ids.slice(0, 3)) expect(await reached(id)).toEqual(['verification']);
    for (const id of ids.slice(3)) expect(await reached(id)).toEqual([]);
  });

  it('lets one instance sweep at a time: while the lock is held elsewhere, a sweep steps aside', async () => {
    await withClient(first.db.url, async (other) => {
      await other.query(`SELECT pg_advisory_lock($1, $2)`, [0x4e544d, 1]);
      expect(await second.app.get(DeadlineTimer).sweep()).toEqual({ swept: false, dossiers: 0, recorded: 0, failed: 0 });
      await other.query(`SELECT pg_advisory_unlock($1, $2)`, [0x4e544d, 1]);
    });
    expect(await second.app.get(DeadlineTimer).sweep()).toMatchObject({ swept: true, recorded: 0 });
  });

  it('still records once when they race without the lock: same command id, same event ids, same expected revision', async () => {
    clock.set('2028-01-02T03:00:00.000Z');
    const timers = [first, second, first, second].map((t) => t.app.get(DeadlineTimer));
    const results = await Promise.all(timers.map((timer) => timer.sweepUnlocked()));
    for (const id of ids.slice(0, 3)) expect(await reached(id)).toEqual(['verification']);
    for (const id of ids.slice(3)) expect(await reached(id)).toEqual(['target-year']);
    expect(results.every((r) => r.failed === 0)).toBe(true);
  });
});

describe('a deadline that passes while the service is down', () => {
  const clock = new TestClock(RECOGNISED_AT);
  let t: TestApp;

  afterAll(() => t.close());

  it('is recorded by the sweep on start-up', async () => {
    const before = await startTestApp({ DEMO_DATA: 'false', RUN_TIMERS: 'true' }, { clock });
    const dossierId = await walkDossier(before.app.get(CommandBus), { commune: COMMUNES[8]!, province: '24', stage: 'under_verification', now: RECOGNISED_AT, idPrefix: 'down' });
    await projected(before, [dossierId]);
    await before.stop();

    clock.set('2026-04-01T02:00:00.000Z');
    t = await startTestApp({ DEMO_DATA: 'false', RUN_TIMERS: 'true' }, { clock, database: before.db });
    await waitFor(async () => (await typesOf(t, dossierId)).includes('DeadlineReached'));
    const events = await streamOf(t, dossierId);
    expect(events.filter((e) => e.type === 'DeadlineReached').map((e) => e.data)).toEqual([
      { dossierId, kind: 'verification', startedAt: RECOGNISED_AT, dueAt: VERIFICATION_DUE, reachedAt: '2026-04-01T02:00:00.000Z' },
    ]);
  });
});

describe('re-qualification of recognitions under an older set', () => {
  const clock = new TestClock('2024-06-10T03:00:00.000Z');
  let t: TestApp;
  let http: ReturnType<typeof client>;
  const old = unitRegistry.communesOf('24', '2025-03').filter((c) => c.kind === 'commune').map((c) => c.code);
  const renewing = unitRegistry.successorsOf(old[0]!)[0]!.code;
  const [renewed, notRenewed] = [old[0]!, old.find((c) => !unitRegistry.successorsOf(c).some((s) => s.code === renewing))!];
  const ids: Record<string, string> = {};
  const DUE = '2029-06-30T16:59:59.999Z';

  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'false', REGULATION_OVERRIDES: JSON.stringify({ 'ntm-2026-2030': { requalificationDeadline: '2029-06-30' } }) }, { clock });
    http = client(t);
    const bus = t.app.get(CommandBus);
    for (const commune of [renewed, notRenewed]) {
      ids[commune] = await walkDossier(bus, { commune, province: '24', stage: 'recognised', now: '2024-06-10T03:00:00.000Z', idPrefix: 'old' });
    }
  });
  afterAll(() => t.close());

  const requalifying = async () =>
    (await http.get('/deadlines?kind=requalification', 'auditor', '01')).items.map((d: { communeCode: string; dueAt: string; startedAt: string }) => [d.communeCode, d.dueAt, d.startedAt]);

  it('lists every recognition under the 2021-2025 set with the configured date, until the commune is recognised under the current set', async () => {
    clock.set('2026-03-02T03:00:00.000Z');
    await projected(t, Object.values(ids));
    expect(await requalifying()).toEqual([
      [renewed, DUE, '2026-02-14T17:00:00.000Z'],
      [notRenewed, DUE, '2026-02-14T17:00:00.000Z'],
    ].sort((a, b) => a[0]!.localeCompare(b[0]!)));

    ids[renewing] = await walkDossier(t.app.get(CommandBus), { commune: renewing, province: '24', stage: 'recognised', now: '2026-03-02T03:00:00.000Z', idPrefix: 'new' });
    await projected(t, Object.values(ids));
    expect(await requalifying()).toEqual([[notRenewed, DUE, '2026-02-14T17:00:00.000Z']]);
    const next = await http.get(`/communes/${notRenewed}/next-deadline`, 'auditor', '01');
    expect(next.deadlines.find((d: { kind: string }) => d.kind === 'requalification')).toMatchObject({
      consequence: expect.stringContaining('by 2029-06-30'),
      actionBy: ['commune_officer'],
    });
  });

  it('records the date as passed only for the recognition nobody renewed', async () => {
    clock.set('2029-07-01T03:00:00.000Z');
    expect(await t.app.get(DeadlineTimer).sweep()).toMatchObject({ failed: 0 });
    const kinds = async (id: string) => (await streamOf(t, id)).filter((e) => e.type === 'DeadlineReached').map((e) => (e.data as { kind: string }).kind);
    expect(await kinds(ids[notRenewed]!)).toEqual(['monitoring-review', 'requalification']);
    // The renewed one was replaced in 2026 by its successor's recognition under the current set: nothing left to wait for.
    expect(await kinds(ids[renewed]!)).toEqual([]);
    expect((await streamOf(t, ids[renewed]!)).map((e) => e.type).pop()).toBe('RecognitionRenewed');
    await projected(t, Object.values(ids));
    expect((await http.get('/deadlines?kind=requalification', 'auditor', '01')).items).toEqual([
      expect.objectContaining({ communeCode: notRenewed, overdue: true, reachedAt: '2029-07-01T03:00:00.000Z' }),
    ]);
  });
});

describe("a commune's next deadline when its code names another commune on the July 2025 map", () => {
  // A commune of the March 2025 map whose code the July 2025 map gave to the commune it merged into (or another).
  const reused = unitRegistry.communesOf('24', '2025-03').find((c) => c.kind === 'commune' && unitRegistry.findCommune(c.code, '2025-07'))!;
  const today = unitRegistry.findCommune(reused.code, '2025-07')!;
  const gone = unitRegistry.communesOf('24', '2025-03').find((c) => c.kind === 'commune' && !unitRegistry.findCommune(c.code, '2025-07'))!;
  let t: TestApp;
  let oldDossier: string;

  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'false' }, { clock: new TestClock('2026-01-10T03:00:00.000Z') });
    oldDossier = await walkDossier(t.app.get(CommandBus), { commune: reused.code, province: '24', stage: 'recognised', now: '2024-06-10T03:00:00.000Z', idPrefix: 'reused' });
  });
  afterAll(() => t.close());

  const next = (query: string) =>
    request(t.baseUrl).get(`/communes/${reused.code}/next-deadline${query}`).set('Authorization', `Bearer ${mintToken({ id: 'auditor-01', role: 'auditor', unit: '01' }, t.config.JWT_SECRET)}`);

  it('answers for the commune on the map asked for; by default, the commune the code names today', async () => {
    expect(today.name).not.toBe(reused.name);
    const older = (await next('?map=2025-03').expect(200)).body;
    expect(older).toMatchObject({ communeCode: reused.code, name: reused.name, next: { dossierId: oldDossier, level: 'standard', status: 'recognised' } });
    expect(older.deadlines.map((d: { kind: string }) => d.kind)).toEqual(expect.arrayContaining(['monitoring-review']));
    const current = (await next('').expect(200)).body;
    expect(current).toMatchObject({ communeCode: today.code, name: today.name, next: null, deadlines: [] });
    expect((await next('?map=2025-07').expect(200)).body).toEqual(current);
  });

  it('refuses a map that does not exist, naming the field, and answers 404 for a code not on the map asked for', async () => {
    const bad = await next('?map=2024-01').expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'map' })]);
    const auditor = mintToken({ id: 'auditor-01', role: 'auditor', unit: '01' }, t.config.JWT_SECRET);
    await request(t.baseUrl).get(`/communes/${gone.code}/next-deadline?map=2025-07`).set('Authorization', `Bearer ${auditor}`).expect(404);
    await request(t.baseUrl).get(`/communes/${gone.code}/next-deadline`).set('Authorization', `Bearer ${auditor}`).expect(200);
  });
});
