import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProjectionRegistry1763800200000 implements MigrationInterface {
  name = 'ProjectionRegistry1763800200000';

  async up(q: QueryRunner): Promise<void> {
    // One row per generation of a projection. The checkpoint lives here and is updated in the same transaction as
    // that generation's rows, so a redelivered batch changes nothing and a crash loses nothing.
    await q.query(`
      CREATE TABLE projection_generations (
        name              text NOT NULL,
        generation        int NOT NULL,
        version           int NOT NULL,
        status            text NOT NULL CHECK (status IN ('live', 'building', 'retired')),
        checkpoint_commit bigint,
        checkpoint_prepare bigint,
        last_recorded_at  timestamptz,
        events_applied    bigint NOT NULL DEFAULT 0,
        error             text,
        error_event       jsonb,
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (name, generation)
      )`);
    await q.query(`CREATE UNIQUE INDEX projection_one_live ON projection_generations (name) WHERE status = 'live'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE projection_generations`);
  }
}
