import { Inject, Injectable } from '@nestjs/common';
import { evolveDossier, initialDossierState, type DossierEvent, type DossierState } from '@app/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@app/event-store';
import { dossierStream } from '../streams';

export interface LoadedDossier {
  state: DossierState;
  /** Revision of the stream's last event; null when the dossier does not exist. */
  revision: number | null;
  events: RecordedEvent[];
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
}
