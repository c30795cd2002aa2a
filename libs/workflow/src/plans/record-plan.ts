import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { ProblemException } from '@app/platform';
import { eventMetadata, type CommandContext } from '../command-context';
import { deterministicEventId } from '../event-ids';
import { planStream } from '../streams';

export interface PlanInput {
  unitCode: string;
  year: number;
  targets: { standard?: number; advanced?: number; model?: number; averageCriteria?: number };
}

/** A unit's plan for a year (kế hoạch); recording it again replaces the targets, and the history keeps both. */
export class RecordPlanCommand extends Command<{ unitCode: string; year: number; revision: number }> {
  constructor(
    readonly input: PlanInput,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

const PLANNERS = ['coordination_office', 'administrator'];

@CommandHandler(RecordPlanCommand)
export class RecordPlanCommandHandler implements ICommandHandler<RecordPlanCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ input, ctx }: RecordPlanCommand) {
    if (!PLANNERS.includes(ctx.principal.role)) {
      throw new ProblemException(403, 'AUTH.ROLE_NOT_ALLOWED', `${ctx.principal.role} may not record plans`, { role: ctx.principal.role, allowedRoles: PLANNERS });
    }
    if (ctx.principal.role !== 'administrator' && ctx.principal.unit !== input.unitCode) {
      throw new ProblemException(403, 'AUTH.OUTSIDE_JURISDICTION', `unit ${ctx.principal.unit} may not plan for ${input.unitCode}`, { unit: ctx.principal.unit });
    }
    const stream = planStream(input.unitCode, input.year);
    const revision = await this.store.streamRevision(stream);
    if (ctx.expectedRevision !== undefined && revision !== null && ctx.expectedRevision !== revision) {
      throw new ProblemException(412, 'PLAN.STALE_REVISION', `the plan is at revision ${revision}`, { currentRevision: revision });
    }
    const appended = await this.store.append(
      stream,
      [{ id: deterministicEventId(ctx.commandId, 0), type: 'PlanRecorded', data: { unitCode: input.unitCode, year: input.year, targets: input.targets }, metadata: eventMetadata(ctx) }],
      revision ?? 'no_stream',
    );
    return { unitCode: input.unitCode, year: input.year, revision: appended.nextRevision };
  }
}
