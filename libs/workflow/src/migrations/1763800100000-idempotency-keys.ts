import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyKeys1763800100000 implements MigrationInterface {
  name = 'IdempotencyKeys1763800100000';

  async up(q: QueryRunner): Promise<void> {
    // status NULL = claimed and running; keys are per principal so one user's key never answers another's request.
    await q.query(`
      CREATE TABLE idempotency_keys (
        principal_id  text NOT NULL,
        key           text NOT NULL,
        fingerprint   text NOT NULL,
        status        int,
        body          jsonb,
        headers       jsonb,
        created_at    timestamptz NOT NULL DEFAULT now(),
        completed_at  timestamptz,
        PRIMARY KEY (principal_id, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
  }
}
