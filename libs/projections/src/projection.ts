import type { AllFilter, RecordedEvent } from '@app/event-store';

/** The transaction a projection writes in; `table(name)` is the physical table of the generation being written. */
export interface ProjectionTx {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  table(name: string): string;
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
}

export const PROJECTIONS = Symbol('PROJECTIONS');
