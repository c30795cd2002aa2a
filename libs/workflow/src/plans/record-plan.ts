import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { unitRegistry, vietnamDate, type MapVersion, type ProgrammePeriod, type ReportTargets } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { ProblemException, type Principal } from '@app/platform';
import { eventMetadata, type CommandContext } from '../command-context';
import { deterministicEventId } from '../event-ids';
import { planStream } from '../streams';


export interface PlanInput {
  unitCode: string;
  /** A year plan… */
  year?: number;
  /** …or a whole-period plan (targets for the period's end). */
  period?: ProgrammePeriod;
  /** Year plans: targets are communes recognised by the year's end (default) or newly recognised that year. */
  targetsAre?: 'cumulative' | 'additions';
  targets: ReportTargets;
  /** The map the unit code belongs to; omitted: the map in force at the command's business time. */
  unitMap?: MapVersion;
}

export interface PlanResult {
  unitCode: string;
  year: number | null;
  period: string | null;
  revision: number;
  events: string[];
}

/** A unit's plan (kế hoạch) for a year or a programme period; recording it again replaces the targets, the history keeps both. */
export class RecordPlanCommand extends Command<PlanResult> {
  constructor(
    readonly input: PlanInput,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

const PLANNERS = ['coordination_office', 'administrator'];

/** Whether a planner may plan for the unit: an administrator anywhere, an office for its own province or the ones it was made of. */
export function mayPlanFor(principal: Principal, unitCode: string, map: MapVersion): boolean {
  if (principal.role === 'administrator') return true;
  if (principal.unit === unitCode) return true;
  const own = unitRegistry.findProvince(principal.unit, '2025-07');
  if (map === '2025-03' && own?.predecessors?.some((p) => p === unitCode || unitRegistry.findDistrict(unitCode)?.provinceCode === p)) return true;
  return map === '2025-03' && unitRegistry.findDistrict(unitCode)?.provinceCode === principal.unit;
}

@CommandHandler(RecordPlanCommand)
export class RecordPlanCommandHandler implements ICommandHandler<RecordPlanCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ input, ctx }: RecordPlanCommand): Promise<PlanResult> {
    if (!PLANNERS.includes(ctx.principal.role)) {
      throw new ProblemException(403, 'AUTH.ROLE_NOT_ALLOWED', `${ctx.principal.role} may not record plans`, { role: ctx.principal.role, allowedRoles: PLANNERS });
    }
    const map = input.unitMap ?? unitRegistry.mapInForceOn(vietnamDate(ctx.now));
    if (!mayPlanFor(ctx.principal, input.unitCode, map)) {
      throw new ProblemException(403, 'AUTH.OUTSIDE_JURISDICTION', `unit ${ctx.principal.unit} may not plan for ${input.unitCode}`, { unit: ctx.principal.unit });
    }
    const known = input.unitCode.length === 2 ? unitRegistry.findProvince(input.unitCode, map) : map === '2025-03' ? unitRegistry.findDistrict(input.unitCode) : undefined;
    if (!known) {
      throw new ProblemException(422, 'PLAN.UNKNOWN_UNIT', `no province or district ${input.unitCode} in the ${map} map`, { unitCode: input.unitCode, map });
    }
    if ((input.year === undefined) === (input.period === undefined)) {
      throw new ProblemException(400, 'REQUEST.INVALID', 'give the year of a year plan or the period of a period plan, not both', { errors: [{ field: 'year|period', rules: ['exactly one is required'] }] });
    }
    const t = input.targets;
    const problems: { field: string; rules: string[] }[] = [];
    for (const level of ['standard', 'advanced', 'model'] as const) {
      if (t[level] !== undefined && t[`${level}Percent`] !== undefined) problems.push({ field: `${level}Percent`, rules: [`give ${level} as communes or as a percentage, not both`] });
    }
    if (Object.values(t).every((v) => v === undefined)) problems.push({ field: 'targets', rules: ['a plan names at least one target'] });
    if (problems.length > 0) throw new ProblemException(400, 'REQUEST.INVALID', `invalid plan: ${problems.map((p) => p.field).join(', ')}`, { errors: problems });

    const key = input.year !== undefined ? String(input.year) : input.period!;
    const stream = planStream(input.unitCode, key, map);
    const revision = await this.store.streamRevision(stream);
    if (ctx.expectedRevision !== undefined && revision !== null && ctx.expectedRevision !== revision) {
      throw new ProblemException(412, 'PLAN.STALE_REVISION', `the plan is at revision ${revision}`, { currentRevision: revision });
    }
    const targets = Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined));
    const event =
      input.year !== undefined
        ? { type: 'PlanRecorded', data: { unitCode: input.unitCode, unitMap: map, year: input.year, targetsAre: input.targetsAre ?? 'cumulative', targets } }
        : { type: 'PeriodPlanRecorded', data: { unitCode: input.unitCode, unitMap: map, period: input.period, targets } };
    const appended = await this.store.append(stream, [{ id: deterministicEventId(ctx.commandId, 0), ...event, metadata: eventMetadata(ctx) }], revision ?? 'no_stream');
    return { unitCode: input.unitCode, year: input.year ?? null, period: input.period ?? null, revision: appended.nextRevision, events: appended.idempotent ? [] : [event.type] };
  }
}
