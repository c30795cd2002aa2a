import type { AllFilter, RecordedEvent } from '@app/event-store';

/** The transaction a projection writes in; `table(name)` is the physical table of the generation being written. */
export interface ProjectionTx {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  table(name: string): string;
}

/**
 * The stored events a generation is built from inside the database: `sql` is a subquery with one row per event that
 * passes the projection's filter, under a fence (every one of them final), with the columns event_id, stream_id,
 * revision, event_type, data, metadata, hash, prev_hash, recorded_at, position_commit, position_prepare (bigints), and
 * first_data, first_metadata (its stream's first event); its placeholders take `params`.
 */
export interface StoredEventsSource {
  sql: string;
  params: unknown[];
}

export interface Projection {
  /** Stable name; also the checkpoint's key. */
  readonly name: string;
  /** Bump when the tables' shape changes: a new version is built beside the old one and switched to (blue/green). */
  readonly version: number;
  /** Logical table name → DDL with `{table}` where the physical name goes (and `{table}_` as an index-name prefix). */
  readonly tables: Record<string, string>;
  readonly filter?: AllFilter;
  /** Applies a batch in global order. Must be deterministic: a rebuild from scratch must give the same rows. */
  apply(events: RecordedEvent[], tx: ProjectionTx): Promise<void>;
  /**
   * Optional: writes, into an empty generation, exactly the rows `apply` would write for every event of `source`, in
   * statements run inside PostgreSQL (no event crosses to the application). Used when the events are stored in the
   * read-model database; the projections e2e test compares it with `apply` row for row.
   */
  buildInDatabase?(tx: ProjectionTx, source: StoredEventsSource): Promise<void>;
}

export const PROJECTIONS = Symbol('PROJECTIONS');
