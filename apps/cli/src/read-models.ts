import { DataSource } from 'typeorm';
import { PostgresEventStore, type EventStore } from '@app/event-store';
import { ALL_PROJECTIONS, ProjectionEngine, projectionMigrations, type Projection } from '@app/projections';
import { workflowMigrations } from '@app/workflow';
import { UsageError } from './usage-error';

/** The installation's read-model database with its migrations applied, and the projection engine over it. */
export async function openReadModels(databaseUrl: string, store: EventStore): Promise<{ engine: ProjectionEngine; db: DataSource; close(): Promise<void> }> {
  const db = new DataSource({ type: 'postgres', url: databaseUrl, migrations: [...workflowMigrations, ...projectionMigrations], migrationsTransactionMode: 'each', logging: false });
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  // The CLI opens the store on this same database when the events are in PostgreSQL (configured-store.ts).
  return { engine: new ProjectionEngine(db, store, { eventsInDatabase: store instanceof PostgresEventStore }), db, close: () => db.destroy() };
}

export function selectProjections(name: string | undefined): Projection[] {
  if (!name) return ALL_PROJECTIONS;
  const p = ALL_PROJECTIONS.find((x) => x.name === name);
  if (!p) throw new UsageError(`no projection named ${JSON.stringify(name)}; known: ${ALL_PROJECTIONS.map((x) => x.name).join(', ')}`);
  return [p];
}
