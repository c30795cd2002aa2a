import type { CommandMetadata } from '@app/domain';
import type { EventMetadata } from '@app/event-store';
import type { Principal } from '@app/platform';
import { deterministicEventId } from './event-ids';

/** Who issues a command, why, and under which ids: becomes every event's metadata. */
export interface CommandContext {
  principal: Principal;
  /** ISO instant: the business time of the command (the server clock at the edge, a historical date on import). */
  now: string;
  /**
   * ISO instant the principal acted (record time), when it differs from business time: an import writes facts of 2014
   * today, and the importer's jurisdiction is judged on today's map. Omitted: `now`.
   */
  actedAt?: string;
  /** Where an imported fact came from (file, sheet, row); recorded in every event's metadata. */
  source?: Record<string, unknown>;
  correlationId: string;
  commandId: string;
  causationId?: string;
  reason?: string;
  /** The revision the client last saw (If-Match); the command is refused with 412 if the dossier moved on. */
  expectedRevision?: number;
}

export function eventMetadata(ctx: CommandContext): EventMetadata {
  return {
    actor: { id: ctx.principal.id, role: ctx.principal.role, unit: ctx.principal.unit },
    correlationId: ctx.correlationId,
    causationId: ctx.causationId ?? ctx.commandId,
    commandId: ctx.commandId,
    reason: ctx.reason,
    occurredAt: ctx.now,
    ...(ctx.source ? { source: ctx.source } : {}),
  };
}

/** The metadata a domain command carries: business time, the acting person and why. */
export function commandMetadata(ctx: CommandContext): CommandMetadata {
  return { now: ctx.now, actor: { id: ctx.principal.id, role: ctx.principal.role, unit: ctx.principal.unit }, reason: ctx.reason };
}

/** The events a command decided, ready to append: ids derived from the command id, every one with the command's metadata. */
export function toNewEvents<E extends { type: string; data: unknown }>(events: readonly E[], ctx: CommandContext) {
  const metadata = eventMetadata(ctx);
  return events.map((e, i) => ({ id: deterministicEventId(ctx.commandId, i), type: e.type, data: e.data, metadata }));
}
