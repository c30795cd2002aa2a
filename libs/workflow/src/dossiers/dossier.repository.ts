import { Inject, Injectable } from '@nestjs/common';
import { evolveDossier, initialDossierState, type DossierEvent, type DossierState, type RecognitionLevel } from '@app/domain';
import { EVENT_STORE, readStreams, readWholeStream, type EventStore, type RecordedEvent } from '@app/event-store';
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
    return foldDossier(await readWholeStream(this.store, dossierStream(dossierId)), until);
  }

  /** The dossiers not in `loaded` yet, read in one go and added to it. */
  async loadAll(dossierIds: Iterable<string>, loaded: Map<string, LoadedDossier>): Promise<void> {
    const missing = [...new Set(dossierIds)].filter((id) => !loaded.has(id));
    if (missing.length === 0) return;
    const streams = await readStreams(this.store, missing.map(dossierStream));
    for (const id of missing) loaded.set(id, foldDossier(streams.get(dossierStream(id)) ?? []));
  }

  /**
   * The dossiers of several (commune, level) slots, each in slot order: one read of all the slot streams, one of the
   * dossiers they name that `loaded` does not hold yet (where the store reads several streams at once).
   */
  async inSlots(slots: { code: string; level: RecognitionLevel }[], loaded = new Map<string, LoadedDossier>()): Promise<SlotDossier[][]> {
    const ids = slots.map((s) => dossierSlotStream(s.code, s.level));
    const streams = await readStreams(this.store, ids);
    const slotEvents = ids.map((id) => streams.get(id) ?? []);
    await this.loadAll(slotEvents.flat().map(slotDossierId), loaded);
    return slotEvents.map((events) => events.map((slotEvent) => ({ ...loaded.get(slotDossierId(slotEvent))!, dossierId: slotDossierId(slotEvent), slotEvent })));
  }

  /**
   * Every dossier registered in a commune's slot at a level, in slot order, each loaded only when the caller reaches
   * it (so a caller may stop early). `loaded` lets a caller reading several slots load a dossier only once.
   */
  async *dossiersInSlot(communeCode: string, level: RecognitionLevel, loaded = new Map<string, LoadedDossier>()): AsyncGenerator<SlotDossier> {
    for (const slotEvent of await this.store.readStream(dossierSlotStream(communeCode, level))) {
      const dossierId = slotDossierId(slotEvent);
      let dossier = loaded.get(dossierId);
      if (!dossier) {
        dossier = await this.load(dossierId);
        loaded.set(dossierId, dossier);
      }
      yield { ...dossier, dossierId, slotEvent };
    }
  }
}

function slotDossierId(slotEvent: RecordedEvent): string {
  return (slotEvent.data as { dossierId: string }).dossierId;
}
