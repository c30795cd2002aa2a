import { COMMUNE_ERROR_KINDS } from './commune/errors';
import { DOSSIER_ERROR_KINDS } from './dossier/errors';
import { REGULATION_ERROR_KINDS } from './regulations/errors';
import { UNIT_ERROR_KINDS } from './units/errors';

export type DomainErrorKind = 'not-found' | 'conflict' | 'rule';

const KINDS: Record<string, DomainErrorKind> = {
  ...REGULATION_ERROR_KINDS,
  ...UNIT_ERROR_KINDS,
  ...COMMUNE_ERROR_KINDS,
  ...DOSSIER_ERROR_KINDS,
};

/** How the edge should answer a domain error: unknown subject, wrong state for the command, or a rule refused it. */
export function domainErrorKind(code: string): DomainErrorKind {
  return KINDS[code] ?? 'rule';
}
