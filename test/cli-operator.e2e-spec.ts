import { withClient, type TestDatabase } from '@app/testing';
import { ProjectionRunner } from '@app/projections';
import { DEMO_COMMUNES } from '../apps/api/src/demo/demo-data';
import { npmRunCli } from './support/cli';
import { startTestApp } from './support/test-app';

const cli = (args: string[], databaseUrl: string) => npmRunCli(args, { DATABASE_URL: databaseUrl }).finished;

describe('operator CLI: projections rebuild/verify, audit verify, dossier replay/export', () => {
  let db: TestDatabase;
  let recognisedId: string;

  beforeAll(async () => {
    const t = await startTestApp({ DEMO_DATA: 'true' });
    await t.app.get(ProjectionRunner).settle();
    db = t.db;
    recognisedId = (await withClient(db.url, (c) => c.query(`SELECT dossier_id FROM rm_dossier_status WHERE commune_code = $1`, [DEMO_COMMUNES.recognised]))).rows[0].dossier_id;
    await t.stop();
  });
  afterAll(() => db.drop());

  it('verifies the read models, rebuilds them blue/green, and verifies again', async () => {
    const before = await cli(['projections', 'verify'], db.url);
    expect(before.code).toBe(0);
    expect(before.stdout).toContain('dossiers: live read model equals a clean rebuild');
    const gens = async () => (await withClient(db.url, (c) => c.query(`SELECT name, generation FROM projection_generations WHERE status = 'live' ORDER BY name`))).rows;
    const liveBefore = await gens();
    const rebuilt = await cli(['projections', 'rebuild', 'dossiers', '--no-progress'], db.url);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/dossiers: generation \d+ is live/);
    const liveAfter = await gens();
    expect(liveAfter.find((g) => g.name === 'dossiers')!.generation).toBeGreaterThan(liveBefore.find((g) => g.name === 'dossiers')!.generation);
    expect((await cli(['projections', 'verify', 'dossiers'], db.url)).code).toBe(0);
    // A row changed behind the projection is reported, with exit code 1.
    await withClient(db.url, async (c) => {
      const [{ generation }] = (await c.query(`SELECT generation FROM projection_generations WHERE name = 'dossiers' AND status = 'live'`)).rows;
      await c.query(`UPDATE rm_dossier_status__g${generation} SET status = 'withdrawn' WHERE commune_code = $1`, [DEMO_COMMUNES.recognised]);
    });
    const broken = await cli(['projections', 'verify', 'dossiers'], db.url);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('dossiers.dossier_status: 1 row(s) only in the live model');
    expect((await cli(['projections', 'verify', 'nope'], db.url)).code).toBe(2);
  }, 120_000);

  it('checks every hash chain, and names the first broken link after tampering', async () => {
    const ok = await cli(['audit', 'verify'], db.url);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('every hash chain is intact');
    await withClient(db.url, async (c) => {
      await c.query('SET session_replication_role = replica');
      await c.query(`UPDATE es_events SET data = jsonb_set(data, '{decisionNo}', '"forged"') WHERE stream_id = $1 AND event_type = 'DossierRecognised'`, [`dossier-${recognisedId}`]);
    });
    const bad = await cli(['audit', 'verify'], db.url);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(new RegExp(`BROKEN dossier-${recognisedId} at revision \\d+: hash-mismatch`));
  }, 60_000);

  it('replays a dossier as it stood at a revision and exports it as JSON and CSV', async () => {
    const replay = await cli(['dossier', 'replay', recognisedId, '--revision', '0'], db.url);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain('#0');
    expect(replay.stdout).toContain('DossierRegistered by demo-commune_officer-');
    expect(replay.stdout).toContain('"status": "drafting"');
    expect(replay.stdout).not.toContain('#1 ');
    const json = await cli(['dossier', 'export', recognisedId, '--format', 'json'], db.url);
    expect(json.code).toBe(0);
    const exported = JSON.parse(json.stdout) as { events: { revision: number; hash: string; actorRole: string }[] };
    expect(exported.events.map((e) => e.revision)).toEqual([...exported.events.keys()]);
    expect(exported.events[0]).toMatchObject({ actorRole: 'commune_officer', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const csv = await cli(['dossier', 'export', recognisedId, '--format', 'csv'], db.url);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('revision,type,occurredAt,recordedAt,actorId,actorRole,actorUnit,reason,correlationId,globalPosition,hash,prevHash,data');
    expect(lines).toHaveLength(exported.events.length + 1);
    expect((await cli(['dossier', 'export', recognisedId, '--format', 'xml'], db.url)).code).toBe(2);
  }, 120_000);
});
