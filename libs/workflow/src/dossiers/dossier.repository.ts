import { Inject, Injectable } from '@nestjs/common';
import { evolveDossier, initialDossierState, type DossierEvent, type DossierState, type RecognitionLevel } from '@app/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@app/event-store';
import { dossierSlotStream, dossierStream } from '../streams';

export interface LoadedDossier {
  state: DossierState;
  /** Revision of the stream's last event; null when the dossier does not exist. */
  revision: number | null;
  events: RecordedEvent[];
}

/** A dossier as its commune's slot stream names it: the slot event that took the slot, and the dossier loaded. */
export interface SlotDossier extends LoadedDossier {
  dossierId: string;
  slotEvent: RecordedEvent;
}

export interface Until {
  revision?: number;
  /** ISO instant: the events whose business time (metadata.occurredAt) is not after it. */
  at?: string;
}

/** The dossier as its events make it, optionally cut at a revision or a time ("as it stood then"). */
export function foldDossier(events: RecordedEvent[], until: Until = {}): LoadedDossier {
  const at = until.at === undefined ? undefined : Date.parse(until.at);
  const kept = events.filter((e) => (until.revision === undefined || e.revision <= until.revision) && (at === undefined || Date.parse(e.metadata.occurredAt) <= at));
  const state = kept.reduce((s, e) => evolveDossier(s, { type: e.type, data: e.data } as DossierEvent), initialDossierState());
  return { state, revision: kept.length ? kept[kept.length - 1].revision : null, events: kept };
}

@Injectable()
export class DossierRepository {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load(dossierId: string, until?: Until): Promise<LoadedDossier> {
    const events: RecordedEvent[] = [];
    for (;;) {
      const page = await this.store.readStream(dossierStream(dossierId), { fromRevision: events.length, maxCount: 1000 });
      events.push(...page);
      if (page.length < 1000) break;
    }
    return foldDossier(events, until);
  }

  /**
   * Every dossier registered in a commune's slot at a level, in slot order, each loaded only when the caller reaches
   * it (so a caller may stop early). `loaded` lets a caller reading several slots load a dossier only once.
   */
  async *dossiersInSlot(communeCode: string, level: RecognitionLevel, loaded = new Map<string, LoadedDossier>()): AsyncGenerator<SlotDossier> {
    for (const slotEvent of await this.store.readStream(dossierSlotStream(communeCode, level))) {
      const dossierId = (slotEvent.data as { dossierId: string }).dossierId;
      let dossier = loaded.get(dossierId);
      if (!dossier) {
        dossier = await this.load(dossierId);
        loaded.set(dossierId, dossier);
      }
      yield { ...dossier, dossierId, slotEvent };
    }
  }
}
