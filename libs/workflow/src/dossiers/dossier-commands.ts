import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  assertLevelFitsDistrict,
  decideDossier,
  dossierCommandRoles,
  evolveDossier,
  holdsRecognition,
  isOpen,
  packForDate,
  unitRegistry,
  vietnamDate,
  type DossierCommand,
  type DossierCommandType,
  type DossierState,
  type RecognitionLevel,
  type UnitKind,
} from '@app/domain';
import { EVENT_STORE, WrongExpectedRevisionError, type EventStore, type RecordedEvent } from '@app/event-store';
import { ProblemException, type Principal } from '@app/platform';
import { commandMetadata, eventMetadata, toNewEvents, type CommandContext } from '../command-context';
import { deterministicEventId } from '../event-ids';
import { Jurisdiction, type DossierPlace } from '../jurisdiction';
import { RegulationOverrides } from '../regulation-overrides';
import { DOSSIER_STREAM_PREFIX, dossierSlotStream, dossierStream } from '../streams';
import { DeadlineRules } from '../deadlines/deadline-rules';
import { UnitStandings, ofUnit, unitOn, type UnitRef } from '../units/unit-standing';
import { DossierRepository, foldDossier, type SlotDossier } from './dossier.repository';

const SLOT_GRACE_MS = 5 * 60_000;

export interface DossierCommandResult {
  dossierId: string;
  revision: number;
  status: DossierState['status'];
  events: string[];
}

type WithoutMetadata<C> = C extends DossierCommand ? { type: C['type']; data: C['data'] } : never;
export type DossierCommandInput = WithoutMetadata<Exclude<DossierCommand, { type: 'RegisterDossier' }>>;

export interface RegistrationInput {
  /** A commune (5 digits) or, before July 2025, a district (3 digits), on the map in force on the day. */
  communeCode: string;
  level: RecognitionLevel;
  targetYear: number;
}

/** A command on an existing dossier. */
export class ExecuteDossierCommand extends Command<DossierCommandResult> {
  constructor(
    readonly input: DossierCommandInput,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

export class RegisterDossierCommand extends Command<DossierCommandResult> {
  constructor(
    readonly input: RegistrationInput,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

/** Refuses a role that may not issue the command for this kind of unit; without a kind, one that may for neither. */
export function assertRole(type: DossierCommandType, principal: Principal, unitKind?: UnitKind): void {
  const allowed = unitKind ? dossierCommandRoles(type, unitKind) : [...new Set([...dossierCommandRoles(type, 'commune'), ...dossierCommandRoles(type, 'district')])];
  if (!allowed.includes(principal.role)) {
    throw new ProblemException(403, 'AUTH.ROLE_NOT_ALLOWED', `${principal.role} may not ${type}${unitKind === 'district' ? ' on a district dossier' : ''}`, { role: principal.role, allowedRoles: allowed });
  }
}

export function placeOf(state: DossierState): DossierPlace {
  if (state.status === 'unregistered') throw new Error('an unregistered dossier has no place');
  const d = state.dossier;
  return { unitKind: d.unitKind, communeCode: d.communeCode, provinceCode: d.provinceCode, districtCode: d.districtCode, map: d.unitMap };
}

/** The unit a registration or an import names, as a place jurisdiction judges. */
export function placeOfUnit(unit: UnitRef): DossierPlace {
  return { unitKind: unit.kind, communeCode: unit.code, provinceCode: unit.provinceCode, districtCode: unit.districtCode, map: unit.map };
}

/**
 * The result a command produced if the stream already holds its events (same command id), rebuilt from the stream:
 * a retry after a lost reply then gets the first answer instead of a refusal by the state it moved on to.
 */
function alreadyApplied(history: RecordedEvent[], commandId: string): DossierCommandResult | null {
  const own = history.filter((e) => e.metadata.commandId === commandId);
  if (own.length === 0) return null;
  const last = own[own.length - 1];
  const { state } = foldDossier(history, { revision: last.revision });
  const dossierId = last.streamId.slice(DOSSIER_STREAM_PREFIX.length);
  return { dossierId, revision: last.revision, status: state.status, events: own.map((e) => e.type) };
}

@CommandHandler(ExecuteDossierCommand)
export class ExecuteDossierCommandHandler implements ICommandHandler<ExecuteDossierCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly dossiers: DossierRepository,
    private readonly jurisdiction: Jurisdiction,
    private readonly standings: UnitStandings,
    private readonly deadlines: DeadlineRules,
  ) {}

  async execute({ input, ctx }: ExecuteDossierCommand): Promise<DossierCommandResult> {
    assertRole(input.type, ctx.principal);
    const { state, revision, events: history } = await this.dossiers.load(input.data.dossierId);
    if (state.status !== 'unregistered') {
      assertRole(input.type, ctx.principal, state.dossier.unitKind);
      this.jurisdiction.assertCovers(ctx.principal, placeOf(state), ctx.actedAt ?? ctx.now);
    }
    // The same command already carried out (its answer was lost and the client retried): answer as the first time.
    const done = alreadyApplied(history, ctx.commandId);
    if (done) {
      // A retry also finishes what the first run may not have: renewing the older recognitions.
      if (input.type === 'RecordRecognitionDecision') await this.renewOlder(foldDossier(history).state, ctx);
      return done;
    }
    if (ctx.expectedRevision !== undefined && revision !== null && ctx.expectedRevision !== revision) {
      throw new ProblemException(412, 'DOSSIER.STALE_REVISION', `If-Match revision ${ctx.expectedRevision} is stale; the dossier is at ${revision}`, {
        currentRevision: revision,
        currentStatus: state.status,
      });
    }
    const looked = await this.lookUp(input, state, ctx);
    const events = decideDossier({ ...looked, metadata: commandMetadata(ctx) } as DossierCommand, state);
    // A command already carried out (a deadline recorded by another sweep) decides nothing, and nothing is written.
    if (events.length === 0) return { dossierId: input.data.dossierId, revision: revision!, status: state.status, events: [] };
    const appended = await this.store.append(dossierStream(input.data.dossierId), toNewEvents(events, ctx), revision ?? 'no_stream');
    const next = events.reduce(evolveDossier, state);
    if (input.type === 'RecordRecognitionDecision') await this.renewOlder(next, ctx);
    return { dossierId: input.data.dossierId, revision: appended.nextRevision, status: next.status, events: events.map((e) => e.type) };
  }

  /**
   * A recognition under a later period's set replaces the unit's older ones at the same level (and, for a commune of
   * the July 2025 map, its predecessors'): each is recorded as renewed in its own stream, with ids from this command, so
   * a retry writes each once.
   */
  private async renewOlder(recognised: DossierState, ctx: CommandContext): Promise<void> {
    if (!holdsRecognition(recognised)) return;
    for (const older of await this.standings.olderRecognitions(recognised)) {
      const commandId = `${ctx.commandId}:renews:${older.dossierId}`;
      if (alreadyApplied(older.events, commandId)) continue;
      const renewal = decideDossier(
        {
          type: 'RecordRenewal',
          data: { dossierId: older.dossierId, byDossierId: recognised.dossier.dossierId, packId: recognised.dossier.packId, packVersion: recognised.dossier.packVersion, renewedOn: recognised.recognition.decisionDate },
          metadata: commandMetadata(ctx),
        },
        older.state,
      );
      await this.store.append(dossierStream(older.dossierId), toNewEvents(renewal, { ...ctx, commandId }), older.revision ?? 'no_stream');
    }
  }

  /**
   * What some commands need from outside the dossier's stream, looked up here so the decider stays pure: a district's
   * communes, and whether a recognition was renewed under the next period's set.
   */
  private async lookUp(input: DossierCommandInput, state: DossierState, ctx: CommandContext): Promise<DossierCommandInput> {
    if (state.status === 'unregistered') return input;
    const d = state.dossier;
    switch (input.type) {
      case 'SubmitForVerification':
        if (d.unitKind !== 'district') return input;
        return { ...input, data: { ...input.data, communeStanding: await this.standings.districtCommunes(d.communeCode, vietnamDate(ctx.now)) } };
      case 'RecordMonitoringReview':
        if (d.unitKind !== 'district' || !('recognition' in state)) return input;
        return { ...input, data: { ...input.data, communesLost: await this.standings.communesLost(d.communeCode, state.recognition.decisionDate, input.data.reviewedOn) } };
      case 'ProposeRevocation':
        if (input.data.grounds?.rule !== 'not-requalified') return input;
        return { ...input, data: { ...input.data, requalification: await this.deadlines.requalificationFor(state) } };
      case 'RevokeRecognition':
        if (input.data.grounds?.rule !== 'not-requalified') return input;
        return { ...input, data: { ...input.data, requalification: await this.deadlines.requalificationFor(state) } };
      default:
        return input;
    }
  }
}

/**
 * Registration spans streams: the slot stream of (commune, level) lists every dossier ever registered there, and is
 * appended to with its expected revision, so two concurrent registrations cannot both open a dossier. Recognitions
 * the commune holds are read from those same dossiers, never from a copy that could drift.
 */
@CommandHandler(RegisterDossierCommand)
export class RegisterDossierCommandHandler implements ICommandHandler<RegisterDossierCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly dossiers: DossierRepository,
    private readonly jurisdiction: Jurisdiction,
    private readonly overrides: RegulationOverrides,
    private readonly standings: UnitStandings,
  ) {}

  async execute({ input, ctx }: RegisterDossierCommand): Promise<DossierCommandResult> {
    assertRole('RegisterDossier', ctx.principal);
    const today = vietnamDate(ctx.now);
    const unit = unitOn(input.communeCode, today);
    if (!unit) {
      throw new ProblemException(422, 'DOSSIER.UNKNOWN_COMMUNE', `no commune or district ${input.communeCode} in the administrative map in force on ${today}`, {
        communeCode: input.communeCode,
        map: unitRegistry.mapInForceOn(today),
      });
    }
    assertRole('RegisterDossier', ctx.principal, unit.kind);
    this.jurisdiction.assertCovers(ctx.principal, placeOfUnit(unit), ctx.actedAt ?? ctx.now);
    if (unit.kind === 'district') assertLevelFitsDistrict(unit.code, unitRegistry.findDistrict(unit.code)?.kind, input.level);
    const dossierId = deterministicEventId(`${ctx.commandId}:dossier`, 0);
    const earlier = await this.dossiers.load(dossierId);
    const done = alreadyApplied(earlier.events, ctx.commandId);
    if (done) return done;
    const settingsOf = this.overrides.settingsOf(unit.provinceCode, unit.map);
    const pack = packForDate(today, { province: unit.provinceCode, settingsOf });
    const effectiveSettings = settingsOf(pack);

    // The slot streams (this unit's and its predecessors', every level) in one read, the dossiers they name in another,
    // for the open-dossier check and the recognitions held.
    const standing = await this.standings.forRegistration(unit, input.level, today);
    const slot = slotOf(standing.slot, unit);
    if (slot.openDossierId && slot.openDossierId !== dossierId) {
      throw new ProblemException(409, 'DOSSIER.OPEN_DOSSIER_EXISTS', `${unit.kind} ${unit.code} already has an open ${input.level} dossier`, {
        dossierId: slot.openDossierId,
      });
    }
    const currentRecognitions = standing.currentRecognitions;
    const events = decideDossier(
      {
        type: 'RegisterDossier',
        data: {
          dossierId,
          communeCode: unit.code,
          provinceCode: unit.provinceCode,
          districtCode: unit.districtCode,
          unitKind: unit.kind,
          unitMap: unit.map,
          level: input.level,
          targetYear: input.targetYear,
          packId: pack.id,
          packVersion: pack.version,
          currentRecognitions,
          effectiveSettings,
        },
        metadata: commandMetadata(ctx),
      },
      { status: 'unregistered' },
    );
    const metadata = eventMetadata(ctx);
    try {
      // A retry whose slot event landed but whose dossier did not (crash in between) only writes the dossier.
      if (slot.openDossierId !== dossierId) await this.store.append(
        dossierSlotStream(unit.code, input.level),
        [{ id: deterministicEventId(`${ctx.commandId}:slot`, 0), type: 'DossierSlotTaken', data: { dossierId, level: input.level }, metadata }],
        slot.revision ?? 'no_stream',
      );
    } catch (err) {
      if (err instanceof WrongExpectedRevisionError) {
        throw new ProblemException(409, 'DOSSIER.OPEN_DOSSIER_EXISTS', `another ${input.level} dossier for ${unit.kind} ${unit.code} was registered concurrently`);
      }
      throw err;
    }
    // A crash here leaves a slot naming a dossier that was never written; `slotOf()` treats such a slot as free.
    const appended = await this.store.append(dossierStream(dossierId), toNewEvents(events, ctx), 'no_stream');
    return { dossierId, revision: appended.nextRevision, status: 'drafting', events: events.map((e) => e.type) };
  }
}

/**
 * The open dossier the slot names for this unit, if any, and the slot's revision. A slot whose dossier was never written counts as taken for a grace
 * period — its registration may still be on its way (or be retried) — and as free after it, so a crash between
 * the two appends neither lets a second registration in at once nor blocks the commune for good.
 */
function slotOf(dossiers: SlotDossier[], unit: UnitRef): { openDossierId: string | null; revision: number | null } {
  const last = dossiers[dossiers.length - 1];
  if (!last) return { openDossierId: null, revision: null };
  // Any of the unit's own dossiers may be the open one: an imported recognition can be appended after it. The same
  // code on the other map is another unit.
  const open = ofUnit(dossiers, unit).find(({ state, slotEvent }) => isOpen(state) || (state.status === 'unregistered' && Date.now() - slotEvent.recordedAt.getTime() < SLOT_GRACE_MS));
  return { openDossierId: open?.dossierId ?? null, revision: last.slotEvent.revision };
}
