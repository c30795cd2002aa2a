import type { RecordedEvent } from '@app/event-store';
import type { Projection, ProjectionTx } from '../projection';

const PLANS = `
  CREATE TABLE {table} (
    unit_code          text NOT NULL,
    year               int NOT NULL,
    standard           int,
    advanced           int,
    model              int,
    average_criteria   numeric(5,2),
    recorded_at        timestamptz NOT NULL,
    recorded_by        text NOT NULL,
    PRIMARY KEY (unit_code, year)
  );`;

export interface PlanTargets {
  standard?: number | null;
  advanced?: number | null;
  model?: number | null;
  averageCriteria?: number | null;
}

/** A unit's yearly plan (kế hoạch): communes to recognise per level and the average criteria per commune. */
export const plansProjection: Projection = {
  name: 'plans',
  version: 1,
  tables: { plans: PLANS },
  filter: { streamPrefixes: ['plan-'] },

  async apply(events: RecordedEvent[], tx: ProjectionTx): Promise<void> {
    for (const e of events) {
      if (e.type !== 'PlanRecorded') continue;
      const d = e.data as { unitCode: string; year: number; targets: PlanTargets };
      await tx.query(
        `INSERT INTO ${tx.table('plans')} (unit_code, year, standard, advanced, model, average_criteria, recorded_at, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (unit_code, year) DO UPDATE SET standard = excluded.standard, advanced = excluded.advanced, model = excluded.model,
           average_criteria = excluded.average_criteria, recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by`,
        [d.unitCode, d.year, d.targets.standard ?? null, d.targets.advanced ?? null, d.targets.model ?? null, d.targets.averageCriteria ?? null, e.metadata.occurredAt, e.metadata.actor.id],
      );
    }
  },
};
