import { Injectable } from '@nestjs/common';
import {
  DEFAULT_CALENDAR,
  holdsRecognition,
  newestPack,
  pendingDeadlines,
  recognisedUnderOlderSet,
  renewingCommunes,
  requalificationTarget,
  unitRegistry,
  vietnamDate,
  type DossierDeadline,
  type DossierState,
  type RequalificationTarget,
} from '@app/domain';
import { DossierRepository } from '../dossiers/dossier.repository';
import { RegulationOverrides } from '../regulation-overrides';

/**
 * What the pure deadline rules need from outside a dossier's own stream: the calendar, the current set's
 * re-qualification date as this deployment configures it, and whether the commune already renewed its recognition.
 */
@Injectable()
export class DeadlineRules {
  /** The calendar the decider and the projection count on, so all three agree on every due date. */
  readonly calendar = DEFAULT_CALENDAR;

  constructor(
    private readonly overrides: RegulationOverrides,
    private readonly dossiers: DossierRepository,
  ) {}

  requalificationTarget(): RequalificationTarget | null {
    const pack = newestPack();
    return requalificationTarget({ ...pack, settings: this.overrides.settingsFor(pack) ?? pack.settings });
  }

  /** The target for this dossier, or null when it is not a recognition under an older set or it was renewed. */
  async requalificationFor(state: DossierState): Promise<RequalificationTarget | null> {
    const target = this.requalificationTarget();
    if (!target || !holdsRecognition(state) || !recognisedUnderOlderSet(state.dossier, target)) return null;
    const { communeCode, level, registeredAt } = state.dossier;
    // Read from the renewing dossiers' own streams, never from a read model that may lag.
    for (const code of renewingCommunes(communeCode, unitRegistry.mapInForceOn(vietnamDate(registeredAt)))) {
      for await (const { state: other } of this.dossiers.dossiersInSlot(code, level)) {
        if (holdsRecognition(other) && !recognisedUnderOlderSet(other.dossier, target)) return null;
      }
    }
    return target;
  }

  async deadlinesOf(state: DossierState): Promise<DossierDeadline[]> {
    return pendingDeadlines(state, this.calendar, await this.requalificationFor(state));
  }
}
