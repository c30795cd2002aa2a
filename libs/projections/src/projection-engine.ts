import { acceptsEvent, comparePositions, STORED_EVENTS_FENCE_SQL, storedEventsSlice, storedEventsSource, type EventStore, type GlobalPosition, type RecordedEvent } from '@app/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import type { Projection, ProjectionTx } from './projection';

export interface GenerationRow {
  name: string;
  generation: number;
  version: number;
  status: 'live' | 'building' | 'retired';
  checkpoint: GlobalPosition | null;
  lastRecordedAt: Date | null;
  eventsApplied: number;
  error: string | null;
  errorEvent: unknown;
}

export class StaleProjectionCodeError extends Error {
  constructor(name: string, codeVersion: number, generationVersion: number) {
    super(`projection ${name}: this process runs version ${codeVersion}, the generation is version ${generationVersion}`);
    this.name = 'StaleProjectionCodeError';
  }
}

export const physicalTable = (table: string, generation: number) => `rm_${table}__g${generation}`;
export const viewName = (table: string) => `rm_${table}`;

function toRow(r: Record<string, unknown>): GenerationRow {
  return {
    name: r.name as string,
    generation: Number(r.generation),
    version: Number(r.version),
    status: r.status as GenerationRow['status'],
    checkpoint: r.checkpoint_commit === null ? null : { commit: BigInt(r.checkpoint_commit as string), prepare: BigInt(r.checkpoint_prepare as string) },
    lastRecordedAt: (r.last_recorded_at as Date | null) ?? null,
    eventsApplied: Number(r.events_applied),
    error: (r.error as string | null) ?? null,
    errorEvent: r.error_event ?? null,
  };
}

/** Events per transaction of an in-database build: ~1–2 s of work on a small machine. */
export const BUILD_SLICE_EVENTS = 50_000;

function samePosition(a: GlobalPosition | null, b: GlobalPosition | null): boolean {
  return a === null || b === null ? a === b : comparePositions(a, b) === 0;
}

function txFor(em: EntityManager, generation: number): ProjectionTx {
  return {
    query: <T>(sql: string, params?: unknown[]) => em.query(sql, params) as Promise<T[]>,
    table: (name: string) => physicalTable(name, generation),
  };
}

/**
 * Generations, checkpoints and batches of projections in the read-model database. Every write to a generation takes
 * the projection's advisory lock and moves its checkpoint in the same transaction as its rows.
 */
export class ProjectionEngine {
  constructor(
    private readonly db: DataSource,
    private readonly store: EventStore,
    /** `eventsInDatabase`: the store is PostgreSQL in this very database, so a generation can be built inside it. */
    private readonly options: { eventsInDatabase?: boolean } = {},
  ) {}

  async generations(name: string): Promise<GenerationRow[]> {
    const rows = await this.db.query(`SELECT * FROM projection_generations WHERE name = $1 ORDER BY generation`, [name]);
    return rows.map(toRow);
  }

  async live(name: string): Promise<GenerationRow | null> {
    const [row] = await this.db.query(`SELECT * FROM projection_generations WHERE name = $1 AND status = 'live'`, [name]);
    return row ? toRow(row) : null;
  }

  /** Creates the tables of a new generation; the first generation of a projection becomes live at once. */
  async createGeneration(p: Projection, status: 'live' | 'building'): Promise<number> {
    return this.db.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [p.name]);
      const [{ next }] = await em.query(`SELECT coalesce(max(generation), 0) + 1 AS next FROM projection_generations WHERE name = $1`, [p.name]);
      const generation = Number(next);
      for (const [table, ddl] of Object.entries(p.tables)) {
        const physical = physicalTable(table, generation);
        await em.query(`DROP TABLE IF EXISTS ${physical}`);
        await em.query(ddl.replaceAll('{table}', physical));
      }
      await em.query(`INSERT INTO projection_generations (name, generation, version, status) VALUES ($1, $2, $3, $4)`, [p.name, generation, p.version, status]);
      if (status === 'live') await this.pointViews(em, p, generation);
      return generation;
    });
  }

  /**
   * Ensures a live generation of the current version exists; returns it. A live generation of an older version (its
   * tables have another shape) is rebuilt beside it and switched to, serving reads until then.
   */
  async ensureLive(p: Projection): Promise<GenerationRow> {
    const live = await this.live(p.name);
    if (live && live.version >= p.version) return live;
    if (live) await this.rebuild(p);
    else await this.createGeneration(p, 'live');
    return (await this.live(p.name))!;
  }

  /**
   * Applies a batch to one generation. Events at or before its checkpoint are skipped, so a redelivered batch
   * changes nothing; `generation: 'live'` resolves the live generation inside the lock, so a batch never lands in a
   * generation that was switched out while it waited.
   */
  async applyBatch(p: Projection, generation: number | 'live', events: RecordedEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    return this.db.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [p.name]);
      const [raw] =
        generation === 'live'
          ? await em.query(`SELECT * FROM projection_generations WHERE name = $1 AND status = 'live'`, [p.name])
          : await em.query(`SELECT * FROM projection_generations WHERE name = $1 AND generation = $2`, [p.name, generation]);
      if (!raw) throw new Error(`projection ${p.name} has no ${generation === 'live' ? 'live' : `generation ${generation}`}`);
      const row = toRow(raw);
      // A process running older projection code must not write into a generation built for another shape.
      if (row.version !== p.version) throw new StaleProjectionCodeError(p.name, p.version, row.version);
      return this.applyInTx(em, p, row.generation, row.checkpoint, events);
    });
  }

  /** Reads from the generation's checkpoint to the store's current head, applying as it goes. */
  async catchUp(p: Projection, generation: number, batchSize = 1000, onProgress?: (applied: number) => void): Promise<number> {
    const row = (await this.generations(p.name)).find((g) => g.generation === generation);
    if (!row) throw new Error(`projection ${p.name} has no generation ${generation}`);
    // applyBatch skips events at or before the stored checkpoint, so a checkpoint moved meanwhile by the live runner
    // only makes a later batch a no-op.
    // The page after a full batch is read while the batch applies (dropped unread if the apply fails); after a short
    // one, once it has applied, as before.
    const read = (after: GlobalPosition | null) => {
      const page = this.store.readAll({ after, maxCount: batchSize, filter: p.filter });
      page.catch(() => undefined);
      return page;
    };
    let next = read(row.checkpoint);
    let total = 0;
    for (;;) {
      const batch = await next;
      if (batch.length === 0) return total;
      const last = batch[batch.length - 1].position;
      const full = batch.length === batchSize;
      if (full) next = read(last);
      total += await this.applyBatch(p, generation, batch);
      if (!full) next = read(last);
      onProgress?.(total);
    }
  }

  /**
   * Blue/green: the building generation catches up while the live one keeps serving; then, holding the lock (so the
   * live runner waits), it takes the last events, the views switch to it and the old generation retires.
   */
  async switchTo(p: Projection, generation: number): Promise<void> {
    await this.catchUp(p, generation);
    const retired = await this.db.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [p.name]);
      const [raw] = await em.query(`SELECT * FROM projection_generations WHERE name = $1 AND generation = $2`, [p.name, generation]);
      let checkpoint = toRow(raw).checkpoint;
      for (;;) {
        const batch = await this.store.readAll({ after: checkpoint, maxCount: 1000, filter: p.filter });
        if (batch.length === 0) break;
        await this.applyInTx(em, p, generation, checkpoint, batch);
        checkpoint = batch[batch.length - 1].position;
      }
      // TypeORM answers UPDATE … RETURNING with [rows, count].
      const [old] = (await em.query(`UPDATE projection_generations SET status = 'retired', updated_at = now() WHERE name = $1 AND status = 'live' RETURNING generation`, [p.name])) as [{ generation: number }[], number];
      await em.query(`UPDATE projection_generations SET status = 'live', updated_at = now() WHERE name = $1 AND generation = $2`, [p.name, generation]);
      await this.pointViews(em, p, generation);
      return old.map((o) => Number(o.generation));
    });
    for (const g of retired) await this.dropGeneration(p, g);
  }

  async dropGeneration(p: Projection, generation: number): Promise<void> {
    for (const table of Object.keys(p.tables)) await this.db.query(`DROP TABLE IF EXISTS ${physicalTable(table, generation)}`);
    await this.db.query(`DELETE FROM projection_generations WHERE name = $1 AND generation = $2 AND status <> 'live'`, [p.name, generation]);
  }

  /** Rows that differ between two generations, per table (both directions), up to `sample` rows each. */
  async diff(p: Projection, a: number, b: number, sample = 5): Promise<Record<string, { onlyInA: unknown[]; onlyInB: unknown[] }>> {
    const out: Record<string, { onlyInA: unknown[]; onlyInB: unknown[] }> = {};
    for (const table of Object.keys(p.tables)) {
      const ta = physicalTable(table, a);
      const tb = physicalTable(table, b);
      const onlyInA = await this.db.query(`SELECT * FROM (SELECT * FROM ${ta} EXCEPT ALL SELECT * FROM ${tb}) d LIMIT ${sample}`);
      const onlyInB = await this.db.query(`SELECT * FROM (SELECT * FROM ${tb} EXCEPT ALL SELECT * FROM ${ta}) d LIMIT ${sample}`);
      if (onlyInA.length || onlyInB.length) out[table] = { onlyInA, onlyInB };
    }
    return out;
  }

  /** Builds a throw-away generation to the head and compares it with the live one (which is caught up first). */
  async verify(p: Projection): Promise<Record<string, { onlyInA: unknown[]; onlyInB: unknown[] }>> {
    const live = await this.live(p.name);
    if (!live) throw new Error(`projection ${p.name} has no live generation`);
    const shadow = await this.createGeneration(p, 'building');
    try {
      await this.catchUp(p, shadow);
      await this.catchUp(p, live.generation);
      await this.catchUp(p, shadow);
      return await this.diff(p, live.generation, shadow);
    } finally {
      await this.dropGeneration(p, shadow);
    }
  }

  canBuildInDatabase(p: Projection): boolean {
    return Boolean(this.options.eventsInDatabase && p.buildInDatabase);
  }

  /**
   * Builds a generation that has applied nothing yet inside PostgreSQL, from every event stored under a fence taken
   * at the start, in slices of `options.sliceEvents` (default BUILD_SLICE_EVENTS): each slice is one transaction
   * holding the projection's lock, its rows and its checkpoint (the slice's last event) in the same commit. A slice is
   * a short transaction, so neither the store's read fence (server-wide) nor the projection's lock is held for the
   * whole build. The events after the fence are left to `catchUp` or the subscription. Stops between slices when the
   * signal aborts, or when the checkpoint is no longer where the last slice left it (another writer took over: the
   * rest is theirs). Returns how many events it applied, or null when the projection has no such build, the events
   * live elsewhere, or the generation had applied something already.
   */
  async buildInDatabase(
    p: Projection,
    generation: number,
    options: { sliceEvents?: number; signal?: AbortSignal; onProgress?: (applied: number) => void | Promise<void> } = {},
  ): Promise<number | null> {
    if (!this.canBuildInDatabase(p)) return null;
    const size = options.sliceEvents ?? BUILD_SLICE_EVENTS;
    const [{ fence }] = (await this.db.query(STORED_EVENTS_FENCE_SQL)) as { fence: string }[];
    let after: GlobalPosition | null = null;
    let total = 0;
    for (;;) {
      if (options.signal?.aborted) return total;
      const from: GlobalPosition | null = after;
      const slice = await this.db.transaction(async (em): Promise<{ n: number; last: GlobalPosition | null } | null> => {
        await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [p.name]);
        const [raw] = await em.query(`SELECT * FROM projection_generations WHERE name = $1 AND generation = $2`, [p.name, generation]);
        if (!raw) throw new Error(`projection ${p.name} has no generation ${generation}`);
        const row = toRow(raw);
        if (row.version !== p.version) throw new StaleProjectionCodeError(p.name, p.version, row.version);
        if (!samePosition(row.checkpoint, from)) return null;
        const sliceParams: unknown[] = [];
        const [last] = (await em.query(storedEventsSlice(p.filter, fence, from, size, sliceParams), sliceParams)) as { n: string; commit: string | null; prepare: string | null; recorded_at: Date | null }[];
        if (last.commit === null) return { n: 0, last: from };
        const upTo = { commit: BigInt(last.commit), prepare: BigInt(last.prepare!) };
        const params: unknown[] = [];
        const sql = storedEventsSource(p.filter, fence, { after: from, upTo }, params);
        await p.buildInDatabase!(txFor(em, generation), { sql, params });
        await em.query(
          `UPDATE projection_generations
              SET checkpoint_commit = $3, checkpoint_prepare = $4, last_recorded_at = $5, events_applied = events_applied + $6, error = NULL, error_event = NULL, updated_at = now()
            WHERE name = $1 AND generation = $2`,
          [p.name, generation, last.commit, last.prepare, last.recorded_at, Number(last.n)],
        );
        return { n: Number(last.n), last: upTo };
      });
      if (slice === null) return from === null ? null : total;
      total += slice.n;
      after = slice.last;
      if (slice.n > 0) await options.onProgress?.(total);
      if (slice.n < size) return total;
    }
  }

  /**
   * Blue/green rebuild: a new generation from the first event (inside the database when it can be, see
   * `buildInDatabase`, then through the store for the rest), switched to once it has caught up.
   */
  async rebuild(p: Projection, onProgress?: (applied: number) => void): Promise<number> {
    const generation = await this.createGeneration(p, 'building');
    try {
      const built = await this.buildInDatabase(p, generation, { onProgress });
      await this.catchUp(p, generation, 1000, onProgress && ((n) => onProgress(n + (built ?? 0))));
      await this.switchTo(p, generation);
      return generation;
    } catch (err) {
      await this.dropGeneration(p, generation).catch(() => undefined);
      throw err;
    }
  }

  async recordFailure(name: string, error: Error, event: RecordedEvent | null): Promise<void> {
    await this.db.query(
      `UPDATE projection_generations SET error = $2, error_event = $3, updated_at = now() WHERE name = $1 AND status = 'live'`,
      [name, `${error.name}: ${error.message}`, event ? JSON.stringify({ id: event.id, streamId: event.streamId, revision: event.revision, type: event.type }) : null],
    );
  }

  /**
   * Applies the events after `checkpoint` to a generation and moves its checkpoint, inside the caller's locked
   * transaction; returns how many events the projection accepted.
   */
  private async applyInTx(em: EntityManager, p: Projection, generation: number, checkpoint: GlobalPosition | null, events: RecordedEvent[]): Promise<number> {
    const fresh = checkpoint ? events.filter((e) => comparePositions(e.position, checkpoint) > 0) : events;
    if (fresh.length === 0) return 0;
    const relevant = fresh.filter(acceptsEvent(p.filter));
    if (relevant.length) await p.apply(relevant, txFor(em, generation));
    const last = fresh[fresh.length - 1];
    // same transaction as the rows: a redelivered batch changes nothing
    await em.query(
      `UPDATE projection_generations
          SET checkpoint_commit = $3, checkpoint_prepare = $4, last_recorded_at = $5, events_applied = events_applied + $6,
              error = NULL, error_event = NULL, updated_at = now()
        WHERE name = $1 AND generation = $2`,
      [p.name, generation, last.position.commit.toString(), last.position.prepare.toString(), last.recordedAt, relevant.length],
    );
    return relevant.length;
  }

  private async pointViews(em: EntityManager, p: Projection, generation: number): Promise<void> {
    for (const table of Object.keys(p.tables)) {
      await em.query(`DROP VIEW IF EXISTS ${viewName(table)}`);
      await em.query(`CREATE VIEW ${viewName(table)} AS SELECT * FROM ${physicalTable(table, generation)}`);
    }
  }
}
