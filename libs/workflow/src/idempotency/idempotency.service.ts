import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ProblemException, toProblem } from '@app/platform';

export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

const KEY = /^[A-Za-z0-9._:-]{8,200}$/;
/** A claim older than this without an answer belongs to a process that died; a retry may take it over. */
const CLAIM_EXPIRY_SECONDS = 120;

/**
 * Idempotency-Key on every command: the first request with a key claims it, runs, and stores its answer; a retry with
 * the same key and body gets that answer back without running again; the same key with another body is refused.
 * The claim is a row inserted before the command runs, so two concurrent retries cannot both run it.
 */
@Injectable()
export class IdempotencyService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async run(
    key: string | undefined,
    scope: { principalId: string; route: string; body: unknown; ifMatch?: string },
    execute: () => Promise<StoredResponse>,
  ): Promise<StoredResponse & { replayed: boolean }> {
    if (!key) throw new ProblemException(428, 'IDEMPOTENCY.KEY_REQUIRED', 'every command needs an Idempotency-Key header (8-200 characters: letters, digits, . _ : -)');
    if (!KEY.test(key)) throw new ProblemException(400, 'IDEMPOTENCY.KEY_INVALID', 'Idempotency-Key must be 8-200 characters of letters, digits, . _ : -');
    const fingerprint = createHash('sha256').update(JSON.stringify({ route: scope.route, body: scope.body ?? null, ifMatch: scope.ifMatch ?? null })).digest('hex');
    const claimed = await this.db.query(
      `INSERT INTO idempotency_keys (principal_id, key, fingerprint) VALUES ($1, $2, $3)
       ON CONFLICT (principal_id, key) DO NOTHING RETURNING key`,
      [scope.principalId, key, fingerprint],
    );
    if (claimed.length === 0) {
      const [row] = await this.db.query(
        `SELECT fingerprint, status, body, headers FROM idempotency_keys WHERE principal_id = $1 AND key = $2`,
        [scope.principalId, key],
      );
      if (!row) return this.run(key, scope, execute);
      if (row.fingerprint !== fingerprint) {
        throw new ProblemException(422, 'IDEMPOTENCY.KEY_REUSED', 'this Idempotency-Key was already used for a different request');
      }
      if (row.status === null) {
        // A claim left by a process that died mid-command expires; the re-run then finds the command's events, if
        // it wrote any, and answers as the first time (see alreadyApplied in the handlers).
        // TypeORM answers UPDATE … RETURNING with [rows, count].
        const [reclaimed] = (await this.db.query(
          `UPDATE idempotency_keys SET created_at = now() WHERE principal_id = $1 AND key = $2 AND status IS NULL
             AND created_at < now() - make_interval(secs => $3) RETURNING key`,
          [scope.principalId, key, CLAIM_EXPIRY_SECONDS],
        )) as [unknown[], number];
        if (reclaimed.length > 0) {
          return this.execute(key, scope.principalId, execute);
        }
        throw new ProblemException(409, 'IDEMPOTENCY.IN_PROGRESS', 'a request with this Idempotency-Key is still being processed; retry shortly');
      }
      return { status: row.status, body: row.body, headers: row.headers ?? {}, replayed: true };
    }
    return this.execute(key, scope.principalId, execute);
  }

  private async execute(key: string, principalId: string, execute: () => Promise<StoredResponse>): Promise<StoredResponse & { replayed: boolean }> {
    let response: StoredResponse;
    try {
      response = await execute();
    } catch (error) {
      // A refused command is an answer too; only unexpected failures free the key for another attempt.
      const answer = refusal(error);
      if (answer) await this.complete(principalId, key, answer);
      else await this.db.query(`DELETE FROM idempotency_keys WHERE principal_id = $1 AND key = $2`, [principalId, key]);
      throw error;
    }
    await this.complete(principalId, key, response);
    return { ...response, replayed: false };
  }

  private async complete(principalId: string, key: string, response: StoredResponse): Promise<void> {
    await this.db.query(
      `UPDATE idempotency_keys SET status = $3, body = $4::jsonb, headers = $5::jsonb, completed_at = now() WHERE principal_id = $1 AND key = $2`,
      [principalId, key, response.status, JSON.stringify(response.body), JSON.stringify(response.headers)],
    );
  }
}

/** A refused command is an answer to keep; a lost race (retry may succeed) is not. */
function refusal(error: unknown): StoredResponse | null {
  const body = toProblem(error);
  if (body.status < 400 || body.status >= 500 || body.code === 'EVENT_STORE.WRONG_EXPECTED_REVISION') return null;
  return { status: body.status, body, headers: { 'content-type': 'application/problem+json' } };
}
