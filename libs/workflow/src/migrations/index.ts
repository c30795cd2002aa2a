import { IdempotencyKeys1763800100000 } from './1763800100000-idempotency-keys';

/** Migrations of the service's own tables in the read-model database, oldest first. */
export const workflowMigrations = [IdempotencyKeys1763800100000];
