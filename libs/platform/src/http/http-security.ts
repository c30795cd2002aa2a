import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';
import { bodyParserProblem, problem } from './problem-details.filter';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A body that is not JSON is refused with 415 before any parser or route sees it; without this the JSON parser skips
 * it and the command fails validation as if it had no fields, which names the wrong problem. A POST without a body
 * stays allowed (commands with nothing to say, e.g. concluding an appraisal). Upload routes are named by the app and
 * answer their own 415.
 */
export function requireJsonBodies(uploadPaths: readonly string[] = []): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!BODY_METHODS.has(req.method)) return next();
    // Routes that take a file answer other media types themselves (the history import: multipart/form-data only).
    if (uploadPaths.includes(req.path)) return next();
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (!hasBody || req.is(['application/json', 'application/*+json'])) return next();
    const given = req.headers['content-type'] ?? '(none)';
    res
      .status(415)
      .type('application/problem+json')
      .json({ ...problem(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', `request bodies must be application/json, not ${given}`), instance: req.originalUrl });
  };
}

/**
 * The body parser's refusals answered where they happen, with their own status and code (Nest's fallback turns some
 * into a bare 400 and the rest into a 500).
 */
export function bodyParserErrors(): ErrorRequestHandler {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    const answer = bodyParserProblem(err);
    if (!answer) return next(err);
    res.status(answer.status).type('application/problem+json').json({ ...answer, instance: req.originalUrl });
  };
}

/**
 * Helmet's headers with a policy that lets pages of this origin run their own scripts and styles (Swagger UI at /docs,
 * the web console at /) and nothing from elsewhere. Swagger UI and the console style elements inline, hence
 * 'unsafe-inline' for styles only. No upgrade-insecure-requests: a service reached over plain HTTP on an internal
 * address would otherwise have its own scripts blocked.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'connect-src': ["'self'"],
        'upgrade-insecure-requests': null,
      },
    },
  });
}

/** CORS from the allow-list; none at all (no CORS headers, browsers refuse cross-origin calls) when it is empty. */
export function corsOptions(allowList: string): CorsOptions | null {
  const origins = allowList
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  if (origins.length === 0) return null;
  return {
    origin: origins,
    methods: ['GET', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'X-Correlation-Id', 'X-Request-Id'],
    exposedHeaders: ['ETag', 'Location', 'Idempotency-Replayed', 'Retry-After', 'X-Request-Id'],
    maxAge: 600,
  };
}
