import { Injectable } from '@nestjs/common';
import {
  DEFAULT_CALENDAR,
  getPack,
  holdsRecognition,
  pendingDeadlines,
  recognisedUnderOlderSet,
  renewingCommunes,
  requalificationTargetFor,
  type DossierDeadline,
  type DossierState,
  type MapVersion,
  type RequalificationTarget,
} from '@app/domain';
import { DossierRepository } from '../dossiers/dossier.repository';
import { RegulationOverrides } from '../regulation-overrides';

/**
 * What the pure deadline rules need from outside a dossier's own stream: the calendar, the requalification deadline as
 * this deployment and province configure it, and whether the commune already renewed its recognition.
 */
@Injectable()
export class DeadlineRules {
  /** The calendar the decider and the projection count on, so all three agree on every due date. */
  readonly calendar = DEFAULT_CALENDAR;

  constructor(
    private readonly overrides: RegulationOverrides,
    private readonly dossiers: DossierRepository,
  ) {}

  /** The set and deadline a recognition under a pack must be renewed by, in a province; null if none. */
  readonly requalificationOf = (packId: string, packVersion: string, provinceCode: string, map: MapVersion): RequalificationTarget | null =>
    requalificationTargetFor(getPack(packId, packVersion), this.overrides.settingsOf(provinceCode, map));

  targetFor(state: DossierState): RequalificationTarget | null {
    if (state.status === 'unregistered') return null;
    const { packId, packVersion, provinceCode, unitMap } = state.dossier;
    return this.requalificationOf(packId, packVersion, provinceCode, unitMap);
  }

  /** The target for this dossier, or null when it does not hold a recognition under an older set or it was renewed. */
  async requalificationFor(state: DossierState): Promise<RequalificationTarget | null> {
    const target = this.targetFor(state);
    if (!target || !holdsRecognition(state) || !recognisedUnderOlderSet(state.dossier, target)) return null;
    const { communeCode, level, unitMap } = state.dossier;
    // Read from the renewing dossiers' own streams, never from a read model that may lag.
    for (const unit of renewingCommunes(communeCode, unitMap)) {
      for await (const { state: other } of this.dossiers.dossiersInSlot(unit.code, level)) {
        if (holdsRecognition(other) && other.dossier.unitMap === unit.map && recognisedUnderOlderSet(state.dossier, periodOf(other))) return null;
      }
    }
    return target;
  }

  async deadlinesOf(state: DossierState): Promise<DossierDeadline[]> {
    return pendingDeadlines(state, this.calendar, await this.requalificationFor(state));
  }
}

function periodOf(state: Extract<DossierState, { dossier: unknown }>) {
  return { period: getPack(state.dossier.packId, state.dossier.packVersion).period };
}
