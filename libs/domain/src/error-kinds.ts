import { DOSSIER_ERROR_KINDS } from './dossier/errors';

export type DomainErrorKind = 'not-found' | 'conflict' | 'rule';

/** How the edge should answer a domain error: unknown subject, wrong state for the command, or a rule refused it. */
export function domainErrorKind(code: string): DomainErrorKind {
  const known = (DOSSIER_ERROR_KINDS as Record<string, DomainErrorKind>)[code];
  if (known) return known;
  if (code.endsWith('NOT_FOUND')) return 'not-found';
  if (code.endsWith('WRONG_STATE') || code.includes('ALREADY_')) return 'conflict';
  return 'rule';
}
