import type { EventMetadata } from '@app/event-store';
import type { Principal } from '@app/platform';

/** Who issues a command, why, and under which ids: becomes every event's metadata. */
export interface CommandContext {
  principal: Principal;
  /** ISO instant: the business time of the command (the server clock at the edge, a historical date on import). */
  now: string;
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
  };
}
