import { createHash } from 'node:crypto';

/**
 * The id of the n-th event a command produces, derived from the command's id: re-running the same command (a retry
 * whose first answer was lost) yields the same ids, so the store's idempotent append writes nothing twice.
 */
export function deterministicEventId(commandId: string, index: number): string {
  const h = createHash('sha256').update(`${commandId}#${index}`).digest('hex');
  // RFC 9562 version 8 (custom) with the RFC variant bits.
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
