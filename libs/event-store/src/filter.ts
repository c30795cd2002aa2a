import type { AllFilter } from './event-store.port';

/** KurrentDB's own streams and types start with `$`; no adapter ever hands them to a caller. */
export function isSystemEvent(e: { streamId: string; type: string }): boolean {
  return e.streamId.startsWith('$') || e.type.startsWith('$');
}

/** The exact semantics of a port filter as a predicate, with system events never accepted. */
export function acceptsEvent(filter: AllFilter | undefined): (e: { streamId: string; type: string }) => boolean {
  const prefixes = filter?.streamPrefixes?.length ? filter.streamPrefixes : null;
  const typeSet = filter?.eventTypes?.length ? new Set(filter.eventTypes) : null;
  return (e) => {
    if (isSystemEvent(e)) return false;
    if (prefixes && !prefixes.some((p) => e.streamId.startsWith(p))) return false;
    if (typeSet && !typeSet.has(e.type)) return false;
    return true;
  };
}
