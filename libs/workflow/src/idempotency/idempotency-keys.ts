import { Pool } from 'pg';
import { StatementBatcher } from './statement-batcher';

export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** A key's row: `status` null while the command that claimed it runs. */
export interface IdempotencyRow {
  fingerprint: string;
  status: number | null;
  body: unknown;
  headers: Record<string, string> | null;
}

export interface IdempotencyKeysOptions {
  connectionString: string;
  /** Claim statements, and completion statements, out at once (each); the rest wait and go together in the next. */
  inFlight?: number;
  idleInTransactionTimeoutMs?: number;
}

interface Claim {
  principalId: string;
  key: string;
  fingerprint: string;
}

interface Completion {
  principalId: string;
  key: string;
  response: StoredResponse;
}

/**
 * The `idempotency_keys` table, on a small pool of its own (plain node-postgres, not TypeORM's query path). The claims
 * of concurrent requests go to PostgreSQL together in one statement, and so do their answers (group commit): at most
 * `inFlight` statements of each kind are out, the rest wait for the next.
 */
export class IdempotencyKeys {
  private readonly pool: Pool;
  private readonly claims: StatementBatcher<Claim, boolean>;
  private readonly completions: StatementBatcher<Completion, void>;

  constructor(options: IdempotencyKeysOptions) {
    const inFlight = options.inFlight ?? 2;
    this.pool = new Pool({
      connectionString: options.connectionString,
      // Both kinds' statements out at once, and one for a replay's read or a release.
      max: 2 * inFlight + 1,
      application_name: 'ntm-idempotency',
      // Two hung statements would hold every slot and queue every command behind them: none of these waits is endless.
      options: `-c idle_in_transaction_session_timeout=${options.idleInTransactionTimeoutMs ?? 30_000} -c statement_timeout=30000`,
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
    });
    // An idle client dropped by the server must not end the process; the pool replaces it, the next statement fails.
    this.pool.on('error', () => undefined);
    this.pool.on('connect', (client) => client.on('error', () => undefined));
    this.claims = new StatementBatcher((items) => this.sendClaims(items), inFlight);
    this.completions = new StatementBatcher((items) => this.sendCompletions(items), inFlight);
  }

  /** True when this call inserted the key's row; false when the row was there already (or is claimed by an earlier call in the same statement). */
  claim(principalId: string, key: string, fingerprint: string): Promise<boolean> {
    return this.claims.run({ principalId, key, fingerprint });
  }

  /** Stores the answer on a claimed key. */
  complete(principalId: string, key: string, response: StoredResponse): Promise<void> {
    return this.completions.run({ principalId, key, response });
  }

  async find(principalId: string, key: string): Promise<IdempotencyRow | undefined> {
    const { rows } = await this.pool.query<IdempotencyRow>(`SELECT fingerprint, status, body, headers FROM idempotency_keys WHERE principal_id = $1 AND key = $2`, [principalId, key]);
    return rows[0];
  }

  /** Takes over a claim older than `expirySeconds` that has no answer; true when this call took it. */
  async reclaim(principalId: string, key: string, expirySeconds: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE idempotency_keys SET created_at = now() WHERE principal_id = $1 AND key = $2 AND status IS NULL
         AND created_at < now() - make_interval(secs => $3)`,
      [principalId, key, expirySeconds],
    );
    return rowCount === 1;
  }

  /** Frees a claimed key for another attempt. */
  async release(principalId: string, key: string): Promise<void> {
    await this.pool.query(`DELETE FROM idempotency_keys WHERE principal_id = $1 AND key = $2`, [principalId, key]);
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  /**
   * One INSERT for every claim of the batch. A key twice in one batch (two requests with the same key at once) goes in
   * once: its first request gets the claim, the later ones find it taken, as they would one statement later.
   */
  private async sendClaims(items: Claim[]): Promise<boolean[]> {
    const first = new Map<string, number>();
    items.forEach((c, i) => {
      const id = JSON.stringify([c.principalId, c.key]);
      if (!first.has(id)) first.set(id, i);
    });
    const unique = [...first.values()].map((i) => items[i]);
    const { rows } = await this.pool.query<{ principal_id: string; key: string }>(
      `INSERT INTO idempotency_keys (principal_id, key, fingerprint)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
       ON CONFLICT (principal_id, key) DO NOTHING RETURNING principal_id, key`,
      [unique.map((c) => c.principalId), unique.map((c) => c.key), unique.map((c) => c.fingerprint)],
    );
    const inserted = new Set(rows.map((r) => JSON.stringify([r.principal_id, r.key])));
    return items.map((c, i) => {
      const id = JSON.stringify([c.principalId, c.key]);
      return first.get(id) === i && inserted.has(id);
    });
  }

  /**
   * One UPDATE for every answer of the batch. From `unnest` of arrays, whose length the planner knows, so it looks each
   * key up by the primary key; from a recordset it guessed 100 rows and hashed the whole table (which only grows).
   */
  private async sendCompletions(items: Completion[]): Promise<void[]> {
    await this.pool.query(
      `UPDATE idempotency_keys k SET status = a.status, body = a.body, headers = a.headers, completed_at = now()
         FROM unnest($1::text[], $2::text[], $3::int[], $4::jsonb[], $5::jsonb[]) AS a(principal_id, key, status, body, headers)
        WHERE k.principal_id = a.principal_id AND k.key = a.key`,
      [
        items.map((c) => c.principalId),
        items.map((c) => c.key),
        items.map((c) => c.response.status),
        items.map((c) => JSON.stringify(c.response.body) ?? null),
        items.map((c) => JSON.stringify(c.response.headers)),
      ],
    );
    return items.map(() => undefined);
  }
}
