import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  COMMUNE_COMMAND_ROLES,
  decideCommune,
  evolveCommuneEvents,
  mayIssueCommuneCommand,
  packForDate,
  unitRegistry,
  type CommuneEvent,
  type CommuneState,
  type RecognitionLevel,
} from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { ProblemException } from '@app/platform';
import { commandMetadata, toNewEvents, type CommandContext } from '../command-context';
import { Jurisdiction } from '../jurisdiction';
import { communeStream } from '../streams';

export interface CommuneAssessmentInput {
  communeCode: string;
  year: number;
  assessedOn: string;
  level?: RecognitionLevel;
  results: Record<string, { met: boolean }>;
}

export interface CommuneCommandResult {
  communeCode: string;
  revision: number;
  events: string[];
}

/** The province's yearly assessment of a commune's criteria, dossier or not: statistics count every commune. */
export class AssessCommuneCommand extends Command<CommuneCommandResult> {
  constructor(
    readonly input: CommuneAssessmentInput,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

export async function loadCommune(store: EventStore, communeCode: string): Promise<{ state: CommuneState; revision: number | null }> {
  const events = await store.readStream(communeStream(communeCode), { maxCount: 100_000 });
  const state = evolveCommuneEvents(events.map((e) => ({ type: e.type, data: e.data }) as CommuneEvent));
  return { state, revision: events.length ? events[events.length - 1].revision : null };
}

@CommandHandler(AssessCommuneCommand)
export class AssessCommuneCommandHandler implements ICommandHandler<AssessCommuneCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly jurisdiction: Jurisdiction,
  ) {}

  async execute({ input, ctx }: AssessCommuneCommand): Promise<CommuneCommandResult> {
    if (!mayIssueCommuneCommand(ctx.principal.role, 'AssessCommuneCriteria')) {
      throw new ProblemException(403, 'AUTH.ROLE_NOT_ALLOWED', `${ctx.principal.role} may not AssessCommuneCriteria`, {
        role: ctx.principal.role,
        allowedRoles: COMMUNE_COMMAND_ROLES.AssessCommuneCriteria,
      });
    }
    const commune = unitRegistry.communeValidOn(input.communeCode, input.assessedOn);
    if (!commune) {
      throw new ProblemException(422, 'COMMUNE.UNKNOWN_COMMUNE', `no commune ${input.communeCode} in the map in force on ${input.assessedOn}`, { communeCode: input.communeCode });
    }
    this.jurisdiction.assertCovers(ctx.principal, { communeCode: commune.code, provinceCode: commune.provinceCode, districtCode: commune.districtCode ?? null, map: commune.map }, ctx.actedAt ?? ctx.now);
    const pack = packForDate(input.assessedOn);
    const { state, revision } = await loadCommune(this.store, commune.code);
    const events = decideCommune(
      {
        type: 'AssessCommuneCriteria',
        data: { communeCode: commune.code, year: input.year, level: input.level, packId: pack.id, packVersion: pack.version, results: input.results, assessedOn: input.assessedOn },
        metadata: commandMetadata(ctx),
      },
      state,
    );
    const appended = await this.store.append(communeStream(commune.code), toNewEvents(events, ctx), revision ?? 'no_stream');
    return { communeCode: commune.code, revision: appended.nextRevision, events: events.map((e) => e.type) };
  }
}
