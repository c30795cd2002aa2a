import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, domainErrorKind } from '@app/domain';
import { EventStoreError, EventTooLargeError, WrongExpectedRevisionError } from '@app/event-store';
import { isDatabaseUnavailable } from './database-unavailable';

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
    const code = HTTP_CODES[status] ?? `HTTP.${status}`;
    const body = error.getResponse();
    if (typeof body === 'string') return problem(status, code, body);
    // Keep what the exception carried (e.g. terminus's per-indicator report) as extension members.
    const { message, statusCode: _statusCode, error: _name, ...members } = body as Record<string, unknown>;
    const detail = Array.isArray(message) ? message.join('; ') : String(message ?? error.message);
    const extra = 'info' in members || 'details' in members ? { ...members, error: (body as Record<string, unknown>).error } : members;
    return problem(status, code, detail, extra);
  }
  // After HttpException: a deliberate answer (health's 503 with its report) keeps its own body.
  if (isDatabaseUnavailable(error)) {
    return problem(503, 'SERVICE.DATABASE_UNAVAILABLE', 'the database cannot be reached; retry later (with the same Idempotency-Key, a command is carried out once)');
  }
  return problem(500, 'INTERNAL', 'an unexpected error occurred; it has been logged with the request id');
}

const HTTP_CODES: Record<number, string> = { 401: 'AUTH.UNAUTHENTICATED', 403: 'AUTH.FORBIDDEN', 404: 'HTTP.NOT_FOUND', 429: 'RATE_LIMIT.EXCEEDED' };

/** Seconds a client should wait before retrying a 503: about how long a database restart takes. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The body parser's refusals (http-errors with `expose`: the client's fault), answered with their own status instead of
 * a 500: too large, not JSON, an encoding or charset it cannot read.
 */
export function bodyParserProblem(error: unknown): ProblemDetails | null {
  const e = error as { type?: unknown; status?: unknown; expose?: unknown; limit?: unknown; message?: unknown };
  if (typeof e?.type !== 'string' || typeof e.status !== 'number' || e.expose !== true || e.status < 400 || e.status >= 500) return null;
  switch (e.type) {
    case 'entity.too.large':
      return problem(413, 'REQUEST.TOO_LARGE', `the request body is over the limit of ${String(e.limit)} bytes`, { limit: e.limit });
    case 'entity.parse.failed':
      return problem(400, 'REQUEST.MALFORMED_JSON', 'the request body is not a JSON object or array');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return problem(415, 'REQUEST.UNSUPPORTED_ENCODING', String(e.message));
    default:
      return problem(e.status, `REQUEST.${e.type.toUpperCase().replace(/\./g, '_')}`, String(e.message));
  }
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
    if (body.status === 503) {
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      this.logger.warn({ err: error, requestId: (req as { id?: unknown }).id }, 'database unavailable');
    } else if (body.status >= 500) {
      this.logger.error({ err: error, requestId: (req as { id?: unknown }).id }, 'unhandled error');
    }
    res.status(body.status).type('application/problem+json').json(body);
  }
}
