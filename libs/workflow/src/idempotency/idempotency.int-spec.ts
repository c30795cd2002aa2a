import type { Pool } from 'pg';
import type { QueryRunner } from 'typeorm';
import { ProblemException } from '@app/platform';
import { createTestDatabase, withClient, type TestDatabase } from '@app/testing';
import { IdempotencyKeys1763800100000 } from '../migrations/1763800100000-idempotency-keys';
import { IdempotencyKeys, type StoredResponse } from './idempotency-keys';
import { IdempotencyService } from './idempotency.service';

/** Each statement the keys' pool was sent, with how many items it carried (the length of its first array). */
function recordStatements(keys: IdempotencyKeys): { text: string; items: number }[] {
  const pool = (keys as unknown as { pool: Pool }).pool;
  const sent: { text: string; items: number }[] = [];
  type Query = (text: unknown, values?: unknown[]) => unknown;
  const query = pool.query.bind(pool) as Query;
  (pool as unknown as { query: Query }).query = (text, values) => {
    sent.push({ text: String(text).trim().split(/\s+/).slice(0, 2).join(' '), items: Array.isArray(values?.[0]) ? (values![0] as unknown[]).length : 1 });
    return query(text, values);
  };
  return sent;
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const ok = (body: unknown): StoredResponse => ({ status: 200, body, headers: { etag: '"1"' } });
const scope = (principalId: string, body: unknown = { vote: 'approve' }) => ({ principalId, route: 'CastCouncilVote', body });

describe('idempotency keys, claimed and answered in batches (PostgreSQL)', () => {
  let db: TestDatabase;
  let keys: IdempotencyKeys;
  let service: IdempotencyService;
  const row = async (principalId: string, key: string) =>
    (await withClient(db.url, (c) => c.query(`SELECT status, body, headers FROM idempotency_keys WHERE principal_id = $1 AND key = $2`, [principalId, key]))).rows[0];

  beforeAll(async () => {
    db = await createTestDatabase('idempotency');
    await withClient(db.url, (c) => new IdempotencyKeys1763800100000().up({ query: (q: string) => c.query(q) } as unknown as QueryRunner));
  });
  afterAll(() => db.drop());
  beforeEach(() => {
    // One statement of each kind out at a time: whatever is asked while it is out goes together in the next.
    keys = new IdempotencyKeys({ connectionString: db.url, inFlight: 1 });
    service = new IdempotencyService(keys);
  });
  afterEach(() => keys.close());

  it('runs a command once when the same key is claimed several times in one statement; the others are told it is in progress', async () => {
    const sent = recordStatements(keys);
    // The command holds on until every attempt has either started it or been refused, so none can come after its answer.
    const release = deferred<void>();
    const allThere = deferred<void>();
    let runs = 0;
    let decided = 0;
    const decide = () => ++decided === 5 && allThere.resolve();
    const execute = async () => {
      runs++;
      decide();
      await release.promise;
      return ok({ revision: 7 });
    };
    const blocker = keys.claim('member-1', 'another-key-0001', 'f');
    const attempts = Array.from({ length: 5 }, () => service.run('same-key-0001', scope('member-1'), execute));
    attempts.forEach((a) => a.catch(decide));
    await allThere.promise;
    release.resolve();
    const outcomes = await Promise.allSettled(attempts);
    await blocker;

    expect(sent.filter((s) => s.text === 'INSERT INTO').map((s) => s.items)).toEqual([1, 1]);
    expect(runs).toBe(1);
    expect(outcomes.map((r) => (r.status === 'rejected' ? (r.reason as ProblemException).code : r.value.replayed))).toEqual([false, ...Array(4).fill('IDEMPOTENCY.IN_PROGRESS')]);
  });

  it('answers a retry after completion with the stored answer, without running again', async () => {
    let runs = 0;
    const execute = async () => (runs++, ok({ dossierId: 'd-1', revision: 3, note: 'quote " and backslash \\' }));
    const first = await service.run('retry-key-0001', scope('officer-1'), execute);
    const again = await service.run('retry-key-0001', scope('officer-1'), execute);
    expect(runs).toBe(1);
    expect(again).toEqual({ ...first, replayed: true });
    expect(await service.run('retry-key-0001', scope('officer-2'), execute)).toMatchObject({ replayed: false });
    await expect(service.run('retry-key-0001', scope('officer-1', { vote: 'reject' }), execute)).rejects.toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED' });
  });

  it('replays a stored refusal as the first answer', async () => {
    const refuse = async (): Promise<StoredResponse> => {
      throw new ProblemException(422, 'DOSSIER.ALREADY_VOTED', 'already voted');
    };
    await expect(service.run('refusal-key-01', scope('member-2'), refuse)).rejects.toMatchObject({ code: 'DOSSIER.ALREADY_VOTED' });
    const replay = await service.run('refusal-key-01', scope('member-2'), refuse);
    expect(replay).toMatchObject({ status: 422, replayed: true, body: { code: 'DOSSIER.ALREADY_VOTED' } });
  });

  it('keeps the answers of a batch whose statement failed for one of them: each is stored alone', async () => {
    const sent = recordStatements(keys);
    for (const k of ['batch-key-good1', 'batch-key-bad01', 'batch-key-good2', 'batch-key-block']) expect(await keys.claim('officer-3', k, 'f')).toBe(true);
    const blocker = keys.complete('officer-3', 'batch-key-block', ok({ n: 0 }));
    // jsonb refuses the NUL character: the statement carrying this answer fails as a whole.
    const outcomes = await Promise.allSettled([
      keys.complete('officer-3', 'batch-key-good1', ok({ n: 1 })),
      keys.complete('officer-3', 'batch-key-bad01', ok({ text: 'nul \u0000 here' })),
      keys.complete('officer-3', 'batch-key-good2', ok({ n: 2 })),
    ]);
    await blocker;
    expect(sent.filter((s) => s.text === 'UPDATE idempotency_keys').map((s) => s.items)).toEqual([1, 3, 1, 1, 1]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await row('officer-3', 'batch-key-good1')).toEqual({ status: 200, body: { n: 1 }, headers: { etag: '"1"' } });
    expect(await row('officer-3', 'batch-key-good2')).toEqual({ status: 200, body: { n: 2 }, headers: { etag: '"1"' } });
    expect(await row('officer-3', 'batch-key-bad01')).toEqual({ status: null, body: null, headers: null });
  });

  it('keeps the claims of a batch whose statement failed for one of them', async () => {
    const blocker = keys.claim('officer-4', 'claim-key-block', 'f');
    const outcomes = await Promise.allSettled([
      keys.claim('officer-4', 'claim-key-good1', 'f'),
      keys.claim('officer-\u0000', 'claim-key-bad01', 'f'),
      keys.claim('officer-4', 'claim-key-good2', 'f'),
    ]);
    expect(await blocker).toBe(true);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : 'failed'))).toEqual([true, 'failed', true]);
    expect(await row('officer-4', 'claim-key-good2')).toEqual({ status: null, body: null, headers: null });
  });

  it('frees the key after an unexpected failure, so a retry runs the command', async () => {
    const boom = async (): Promise<StoredResponse> => {
      throw new Error('unexpected');
    };
    await expect(service.run('failure-key-01', scope('officer-5'), boom)).rejects.toThrow('unexpected');
    expect(await row('officer-5', 'failure-key-01')).toBeUndefined();
    expect(await service.run('failure-key-01', scope('officer-5'), async () => ok({ done: true }))).toMatchObject({ replayed: false, body: { done: true } });
  });

  it('lets a retry take over a claim older than the expiry, and not a fresh one', async () => {
    expect(await keys.claim('officer-6', 'stale-key-0001', 'f')).toBe(true);
    expect(await keys.reclaim('officer-6', 'stale-key-0001', 120)).toBe(false);
    await withClient(db.url, (c) => c.query(`UPDATE idempotency_keys SET created_at = now() - interval '1 hour' WHERE key = 'stale-key-0001'`));
    expect(await keys.reclaim('officer-6', 'stale-key-0001', 120)).toBe(true);
    expect(await keys.reclaim('officer-6', 'stale-key-0001', 120)).toBe(false);
  });
});
