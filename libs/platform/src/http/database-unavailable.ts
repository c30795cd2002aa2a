/** PostgreSQL SQLSTATEs that mean the server is going away, starting, or the connection is gone (classes 08 and 57P). */
const UNAVAILABLE_SQLSTATES = /^(08\d{3}|57P0[1-4])$/;
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// node-postgres reports a lost or refused connection in words only.
const PG_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end on the pool',
];

/**
 * True when an error means the database is out of reach (stopped, restarting, unreachable) rather than a query or a
 * rule being wrong: the request may succeed later, so it is answered 503 with Retry-After instead of 500. Looks
 * through TypeORM's `driverError`, `cause` and AggregateError's `errors` (a refused connection to localhost tries
 * ::1 and 127.0.0.1).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 4 || error === null || typeof error !== 'object') return false;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATES.test(e.code) || SOCKET_CODES.has(e.code))) return true;
  if (typeof e.message === 'string' && PG_MESSAGES.some((m) => (e.message as string).includes(m))) return true;
  const inner = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])];
  return inner.some((x) => isDatabaseUnavailable(x, depth + 1));
}
