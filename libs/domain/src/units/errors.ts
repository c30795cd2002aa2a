import { DomainError } from '../errors';

/** Each code is stable API; the kind tells the HTTP edge how to answer (404, 409 or 422). */
export const UNIT_ERROR_KINDS = {
  'UNITS.INVALID_DATE': 'rule',
} as const satisfies Record<string, 'not-found' | 'conflict' | 'rule'>;

export type UnitErrorCode = keyof typeof UNIT_ERROR_KINDS;

export class InvalidUnitDateError extends DomainError {
  readonly code = 'UNITS.INVALID_DATE' satisfies UnitErrorCode;
  constructor(value: string) {
    super(`"${value}" is not a calendar date in YYYY-MM-DD form`, { value });
  }
}
