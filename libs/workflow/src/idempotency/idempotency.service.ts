import { createHash } from 'node:crypto';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ProblemException, toProblem } from '@app/platform';
import { IdempotencyKeys, type StoredResponse } from './idempotency-keys';

const KEY = /^[A-Za-z0-9._:-]{8,200}$/;
/** A claim older than this without an answer belongs to a process that died; a retry may take it over. */
const CLAIM_EXPIRY_SECONDS = 120;

/**
 * Idempotency-Key on every command: the first request with a key claims it, runs, and stores its answer; a retry with
 * the same key and body gets that answer back without running again; the same key with another body is refused.
 * The claim is a row inserted before the command runs, so two concurrent retries cannot both run it.
 */
@Injectable()
export class IdempotencyService implements OnApplicationShutdown {
  constructor(private readonly keys: IdempotencyKeys) {}

  async run(
    key: string | undefined,
    scope: { principalId: string; route: string; body: unknown; ifMatch?: string },
    execute: () => Promise<StoredResponse>,
  ): Promise<StoredResponse & { replayed: boolean }> {
    if (!key) throw new ProblemException(428, 'IDEMPOTENCY.KEY_REQUIRED', 'every command needs an Idempotency-Key header (8-200 characters: letters, digits, . _ : -)');
    if (!KEY.test(key)) throw new ProblemException(400, 'IDEMPOTENCY.KEY_INVALID', 'Idempotency-Key must be 8-200 characters of letters, digits, . _ : -');
    const fingerprint = createHash('sha256').update(JSON.stringify({ route: scope.route, body: scope.body ?? null, ifMatch: scope.ifMatch ?? null })).digest('hex');
    if (await this.keys.claim(scope.principalId, key, fingerprint)) return this.execute(key, scope.principalId, execute);
    const row = await this.keys.find(scope.principalId, key);
    if (!row) return this.run(key, scope, execute);
    if (row.fingerprint !== fingerprint) {
      throw new ProblemException(422, 'IDEMPOTENCY.KEY_REUSED', 'this Idempotency-Key was already used for a different request');
    }
    if (row.status === null) {
      // A claim left by a process that died mid-command expires; the re-run then finds the command's events, if
      // it wrote any, and answers as the first time (see alreadyApplied in the handlers).
      if (await this.keys.reclaim(scope.principalId, key, CLAIM_EXPIRY_SECONDS)) return this.execute(key, scope.principalId, execute);
      throw new ProblemException(409, 'IDEMPOTENCY.IN_PROGRESS', 'a request with this Idempotency-Key is still being processed; retry shortly');
    }
    return { status: row.status, body: row.body, headers: row.headers ?? {}, replayed: true };
  }

  onApplicationShutdown(): Promise<void> {
    return this.keys.close();
  }

  private async execute(key: string, principalId: string, execute: () => Promise<StoredResponse>): Promise<StoredResponse & { replayed: boolean }> {
    let response: StoredResponse;
    try {
      response = await execute();
    } catch (error) {
      // A refused command is an answer too; only unexpected failures free the key for another attempt.
      const answer = refusal(error);
      if (answer) await this.keys.complete(principalId, key, answer);
      else await this.keys.release(principalId, key);
      throw error;
    }
    await this.keys.complete(principalId, key, response);
    return { ...response, replayed: false };
  }
}

/** A refused command is an answer to keep; a lost race (retry may succeed) is not. */
function refusal(error: unknown): StoredResponse | null {
  const body = toProblem(error);
  if (body.status < 400 || body.status >= 500 || body.code === 'EVENT_STORE.WRONG_EXPECTED_REVISION') return null;
  return { status: body.status, body, headers: { 'content-type': 'application/problem+json' } };
}
