import { unitRegistry, vietnamDate, type MapVersion, type ReportTargets } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { Projection, ProjectionTx } from '../projection';

const TARGET_COLUMNS = `
    standard           int,
    standard_percent   numeric(5,2),
    advanced           int,
    advanced_percent   numeric(5,2),
    model              int,
    model_percent      numeric(5,2),
    average_criteria   numeric(5,2),
    floor_criteria     int,
    recorded_at        timestamptz NOT NULL,
    recorded_by        text NOT NULL,`;

// A unit code names the unit of one map (province 24 is Bắc Giang before July 2025, the new Bắc Ninh after), so the
// map is part of every plan's key.
const PLANS = `
  CREATE TABLE {table} (
    unit_code          text NOT NULL,
    unit_map           text NOT NULL,
    year               int NOT NULL,
    targets_are        text NOT NULL CHECK (targets_are IN ('cumulative', 'additions')),${TARGET_COLUMNS}
    PRIMARY KEY (unit_code, unit_map, year)
  );`;

const PERIOD_PLANS = `
  CREATE TABLE {table} (
    unit_code          text NOT NULL,
    unit_map           text NOT NULL,
    period             text NOT NULL,${TARGET_COLUMNS}
    PRIMARY KEY (unit_code, unit_map, period)
  );`;

/** Targets per level as communes or as a percentage of the unit's communes, the average criteria and the floor. */
export type PlanTargets = ReportTargets;

export interface PlanRecordedData {
  unitCode: string;
  year: number;
  targets: PlanTargets;
  /** Absent on plans recorded before maps were kept: the map in force when it was recorded. */
  unitMap?: MapVersion;
  /** 'cumulative': communes recognised by the year's end (absent: the early meaning); 'additions': newly recognised that year. */
  targetsAre?: 'cumulative' | 'additions';
}

export interface PeriodPlanRecordedData {
  unitCode: string;
  unitMap: MapVersion;
  /** A programme period, e.g. '2021-2025': the targets are for its end. */
  period: string;
  targets: PlanTargets;
}

/** A unit's plans (kế hoạch): for each year and for a whole programme period. Recording again replaces the targets. */
export const plansProjection: Projection = {
  name: 'plans',
  version: 2,
  tables: { plans: PLANS, period_plans: PERIOD_PLANS },
  filter: { streamPrefixes: ['plan-'] },

  async apply(events: RecordedEvent[], tx: ProjectionTx): Promise<void> {
    for (const e of events) {
      if (e.type === 'PlanRecorded') {
        const d = e.data as PlanRecordedData;
        const map = d.unitMap ?? unitRegistry.mapInForceOn(vietnamDate(e.metadata.occurredAt));
        await upsert(tx, 'plans', ['year', 'targets_are'], [d.year, d.targetsAre ?? 'cumulative'], d.unitCode, map, d.targets, e);
      } else if (e.type === 'PeriodPlanRecorded') {
        const d = e.data as PeriodPlanRecordedData;
        await upsert(tx, 'period_plans', ['period'], [d.period], d.unitCode, d.unitMap, d.targets, e);
      }
    }
  },
};

async function upsert(tx: ProjectionTx, table: 'plans' | 'period_plans', keys: string[], values: unknown[], unit: string, map: string, t: PlanTargets, e: RecordedEvent) {
  const columns = ['unit_code', 'unit_map', ...keys, 'standard', 'standard_percent', 'advanced', 'advanced_percent', 'model', 'model_percent', 'average_criteria', 'floor_criteria', 'recorded_at', 'recorded_by'];
  const params = [
    unit, map, ...values,
    t.standard ?? null, t.standardPercent ?? null, t.advanced ?? null, t.advancedPercent ?? null, t.model ?? null, t.modelPercent ?? null,
    t.averageCriteria ?? null, t.floorCriteria ?? null, e.metadata.occurredAt, e.metadata.actor.id,
  ];
  const key = table === 'plans' ? '(unit_code, unit_map, year)' : '(unit_code, unit_map, period)';
  const updated = columns.filter((c) => !['unit_code', 'unit_map', 'year', 'period'].includes(c));
  await tx.query(
    `INSERT INTO ${tx.table(table)} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT ${key} DO UPDATE SET ${updated.map((c) => `${c} = excluded.${c}`).join(', ')}`,
    params,
  );
}
