import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ProblemException, type Principal } from '@app/platform';
import { CLOCK, IdempotencyService, type Clock, type CommandContext } from '@app/workflow';

function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!m) throw new ProblemException(400, 'REQUEST.INVALID_IF_MATCH', 'If-Match must be the revision, e.g. "3"');
  return Number(m[1]);
}

export interface CommandOutcome {
  revision: number;
  location?: string;
}

/**
 * What every command route shares: the Idempotency-Key (first answer replayed, nothing written twice), If-Match as
 * the expected revision, the command context (who, when, why, correlation), ETag of the new revision.
 */
@Injectable()
export class CommandEndpoint {
  constructor(
    private readonly idempotency: IdempotencyService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run<R extends CommandOutcome>(
    req: Request,
    res: Response,
    principal: Principal,
    route: string,
    body: { reason?: string },
    execute: (ctx: CommandContext) => Promise<R>,
    successStatus: 200 | 201,
  ): Promise<unknown> {
    const key = req.header('idempotency-key');
    const ifMatchHeader = req.header('if-match');
    const expectedRevision = parseIfMatch(ifMatchHeader);
    const answer = await this.idempotency.run(key, { principalId: principal.id, route, body, ifMatch: ifMatchHeader }, async () => {
      const ctx: CommandContext = {
        principal,
        now: this.clock.now().toISOString(),
        correlationId: req.header('x-correlation-id') ?? String((req as { id?: unknown }).id ?? key),
        commandId: `${principal.id}:${key}`,
        reason: body.reason,
        expectedRevision,
      };
      const result = await execute(ctx);
      const headers: Record<string, string> = { etag: `"${result.revision}"` };
      if (result.location) headers.location = result.location;
      const { location: _location, ...shown } = result;
      return { status: successStatus, body: shown, headers };
    });
    if (answer.replayed) res.setHeader('Idempotency-Replayed', 'true');
    res.status(answer.status);
    for (const [h, v] of Object.entries(answer.headers)) res.setHeader(h, v);
    // A stored refusal is answered again exactly as the first time.
    if (answer.status >= 400) res.type('application/problem+json');
    return answer.body;
  }
}
