import { Inject, Injectable } from '@nestjs/common';
import {
  WorkingDayCalendar,
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
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { DossierRepository } from '../dossiers/dossier.repository';
import { RegulationOverrides } from '../regulation-overrides';
import { dossierSlotStream } from '../streams';

/**
 * What the pure deadline rules need from outside a dossier's own stream: the calendar, the current set's
 * re-qualification date as this deployment configures it, and whether the commune already renewed its recognition.
 */
@Injectable()
export class DeadlineRules {
  /** The calendar the decider and the projection count on, so all three agree on every due date. */
  readonly calendar = new WorkingDayCalendar();

  constructor(
    private readonly overrides: RegulationOverrides,
    private readonly dossiers: DossierRepository,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  requalificationTarget(): RequalificationTarget | null {
    const pack = newestPack();
    return requalificationTarget({ ...pack, settings: this.overrides.settingsFor(pack) ?? pack.settings });
  }

  /** The target for this dossier, or null when it is not a recognition under an older set or it was renewed. */
  async requalificationFor(state: DossierState): Promise<RequalificationTarget | null> {
    const target = this.requalificationTarget();
    if (!target || state.status === 'unregistered' || !holdsRecognition(state) || !recognisedUnderOlderSet(state.dossier, target)) return null;
    const { communeCode, level, registeredAt } = state.dossier;
    // Read from the renewing dossiers' own streams, never from a read model that may lag.
    for (const code of renewingCommunes(communeCode, unitRegistry.mapInForceOn(vietnamDate(registeredAt)))) {
      const slot = await this.store.readStream(dossierSlotStream(code, level));
      for (const e of slot) {
        const { state: other } = await this.dossiers.load((e.data as { dossierId: string }).dossierId);
        if (other.status !== 'unregistered' && holdsRecognition(other) && !recognisedUnderOlderSet(other.dossier, target)) return null;
      }
    }
    return target;
  }

  async deadlinesOf(state: DossierState): Promise<DossierDeadline[]> {
    return pendingDeadlines(state, this.calendar, await this.requalificationFor(state));
  }
}
