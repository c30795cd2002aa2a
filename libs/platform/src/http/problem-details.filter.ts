import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, domainErrorKind } from '@app/domain';
import { EventStoreError, EventTooLargeError, WrongExpectedRevisionError } from '@app/event-store';

/** RFC 7807 body; `code` is the stable name clients key on, extra members carry the specifics. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  [member: string]: unknown;
}

/** An HTTP-level refusal that already knows its stable code (validation, preconditions, idempotency, access). */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail, status);
  }
}

export function problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}): ProblemDetails {
  // The fixed members come last: a detail named like one of them (a dossier's `status`) must not replace it.
  return { ...extra, type: `urn:ntm:problem:${code.toLowerCase()}`, title: titleOf(status), status, code, detail };
}

function titleOf(status: number): string {
  const name = HttpStatus[status];
  return typeof name === 'string' ? name.toLowerCase().replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()) : 'Error';
}

/**
 * Errors that Express middleware raise before a route runs (body-parser: a JSON body over its limit is 413, a bad
 * charset 415) carry their status and `expose`, the http-errors way, but are no HttpException.
 */
function isClientHttpError(error: unknown): error is Error & { status: number } {
  const e = error as { status?: unknown; expose?: unknown };
  return error instanceof Error && !(error instanceof HttpException) && e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500;
}

/** The one place errors become HTTP answers; controllers never catch. */
export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof ProblemException) return problem(error.getStatus(), error.code, error.message, error.extra);
  if (error instanceof DomainError) {
    const kind = domainErrorKind(error.code);
    const status = kind === 'not-found' ? 404 : kind === 'conflict' ? 409 : 422;
    const { status: dossierStatus, ...extra } = error.details as Record<string, unknown>;
    if (dossierStatus !== undefined) extra.currentStatus = dossierStatus;
    return problem(status, error.code, error.message, extra);
  }
  if (error instanceof WrongExpectedRevisionError) {
    return problem(409, error.code, 'the dossier changed while this command was being decided; reload and retry', {
      currentRevision: error.actual === 'no_stream' ? null : error.actual,
    });
  }
  if (error instanceof EventTooLargeError) return problem(413, error.code, error.message, { limit: error.limit });
  if (error instanceof EventStoreError) return problem(400, error.code, error.message);
  if (isClientHttpError(error)) return problem(error.status, error.status === 413 ? 'REQUEST.TOO_LARGE' : `HTTP.${error.status}`, error.message);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = status === 401 ? 'AUTH.UNAUTHENTICATED' : status === 403 ? 'AUTH.FORBIDDEN' : status === 404 ? 'HTTP.NOT_FOUND' : `HTTP.${status}`;
    const body = error.getResponse();
    if (typeof body === 'string') return problem(status, code, body);
    // Keep what the exception carried (e.g. terminus's per-indicator report) as extension members.
    const { message, statusCode: _statusCode, error: _name, ...members } = body as Record<string, unknown>;
    const detail = Array.isArray(message) ? message.join('; ') : String(message ?? error.message);
    const extra = 'info' in members || 'details' in members ? { ...members, error: (body as Record<string, unknown>).error } : members;
    return problem(status, code, detail, extra);
  }
  return problem(500, 'INTERNAL', 'an unexpected error occurred; it has been logged with the request id');
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const body = toProblem(error);
    body.instance = req.originalUrl ?? req.url;
    if (body.status >= 500) this.logger.error({ err: error, requestId: (req as { id?: unknown }).id }, 'unhandled error');
    res.status(body.status).type('application/problem+json').json(body);
  }
}
