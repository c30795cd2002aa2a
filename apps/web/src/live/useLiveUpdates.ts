import { useQueryClient } from '@tanstack/react-query';
import { createParser } from 'eventsource-parser';
import { useEffect, useState } from 'react';
import { authHeader } from '../api/client';
import type { DossierChange } from '../api/types';

/** Queries that show dossiers; reference data (the map, packs, who I am) does not change with events. */
const LIVE_QUERIES = new Set(['dossiers', 'dossier', 'history', 'deadlines', 'appraisal-queue', 'statistics', 'audit', 'standing', 'next-deadline', 'state-at']);

export type LiveState = 'connecting' | 'live' | 'offline';

/**
 * Reads /dossier-events with fetch (the token goes in the Authorization header, as for every request) and refreshes
 * what the page shows when a dossier within the person's jurisdiction changes. Reconnects with a growing pause.
 */
export function useLiveUpdates(enabled: boolean, onChange?: (c: DossierChange) => void): LiveState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');

  useEffect(() => {
    if (!enabled) return;
    const abort = new AbortController();
    let pause = 1000;
    const refresh = (dossierId?: string) =>
      void queryClient.invalidateQueries({
        predicate: (q) => {
          const [head, id] = q.queryKey as [string, unknown];
          if (!LIVE_QUERIES.has(head)) return false;
          // A change to one dossier refreshes lists and that dossier, not every other dossier open in the cache.
          return !dossierId || !['dossier', 'history'].includes(head) || id === dossierId;
        },
      });

    const connect = async (): Promise<void> => {
      while (!abort.signal.aborted) {
        try {
          const res = await fetch('/dossier-events', { headers: { Accept: 'text/event-stream', ...authHeader() }, signal: abort.signal });
          if (res.status === 401) return setState('offline');
          if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
          const parser = createParser({
            onEvent: (e) => {
              if (e.event === 'ready') {
                pause = 1000;
                setState('live');
                refresh();
              } else if (e.event === 'dossier') {
                const change = JSON.parse(e.data) as DossierChange;
                refresh(change.dossierId);
                onChange?.(change);
              }
            },
          });
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            parser.feed(value);
          }
        } catch {
          if (abort.signal.aborted) return;
        }
        setState('offline');
        await new Promise((r) => setTimeout(r, pause));
        pause = Math.min(pause * 2, 30_000);
      }
    };
    void connect();
    return () => abort.abort();
  }, [enabled, queryClient, onChange]);

  return enabled ? state : 'offline';
}
