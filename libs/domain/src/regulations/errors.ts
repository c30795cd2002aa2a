import { DomainError } from '../errors';
import type { RecognitionLevel, UnitKind } from './regulation-pack';

/** Each code is stable API; the kind tells the HTTP edge how to answer (404, 409 or 422). */
export const REGULATION_ERROR_KINDS = {
  'REGULATION.UNKNOWN_PACK': 'not-found',
  'REGULATION.NO_PACK_FOR_DATE': 'rule',
  'REGULATION.INVALID_DATE': 'rule',
  'REGULATION.INVALID_SETTINGS': 'rule',
  'REGULATION.LEVEL_NOT_IN_PACK': 'rule',
  'REGULATION.UNKNOWN_CRITERION': 'rule',
  'REGULATION.INVALID_ELIGIBILITY_INPUT': 'rule',
  'REGULATION.MALFORMED_PACK': 'rule',
  'REGULATION.INVALID_PROVINCIAL_PACK': 'rule',
} as const satisfies Record<string, 'not-found' | 'conflict' | 'rule'>;

export type RegulationErrorCode = keyof typeof REGULATION_ERROR_KINDS;

export class UnknownRegulationPackError extends DomainError {
  readonly code = 'REGULATION.UNKNOWN_PACK' satisfies RegulationErrorCode;
  constructor(packId: string, version: string) {
    super(`no regulation pack ${packId} version ${version}`, { packId, version });
  }
}

export class NoPackForDateError extends DomainError {
  readonly code = 'REGULATION.NO_PACK_FOR_DATE' satisfies RegulationErrorCode;
  constructor(date: string, covered: { from: string; to: string }) {
    super(`no regulation pack covers ${date}; packs cover ${covered.from} to ${covered.to}`, { date, ...covered });
  }
}

export class InvalidRegulationDateError extends DomainError {
  readonly code = 'REGULATION.INVALID_DATE' satisfies RegulationErrorCode;
  constructor(value: string) {
    super(`"${value}" is not a calendar date in YYYY-MM-DD form`, { value });
  }
}

export class InvalidPackSettingsError extends DomainError {
  readonly code = 'REGULATION.INVALID_SETTINGS' satisfies RegulationErrorCode;
  constructor(
    readonly setting: string,
    problem: string,
    value: unknown,
  ) {
    super(`setting ${setting}: ${problem}`, { setting, problem, value });
  }
}

export class LevelNotInPackError extends DomainError {
  readonly code = 'REGULATION.LEVEL_NOT_IN_PACK' satisfies RegulationErrorCode;
  constructor(packId: string, version: string, level: RecognitionLevel, unitKind: UnitKind) {
    super(`pack ${packId} version ${version} has no ${unitKind} level "${level}"`, { packId, version, level, unitKind });
  }
}

export class UnknownCriterionError extends DomainError {
  readonly code = 'REGULATION.UNKNOWN_CRITERION' satisfies RegulationErrorCode;
  constructor(criteriaSetCode: string, criterionCodes: string[]) {
    super(`criteria set ${criteriaSetCode} has no criterion ${criterionCodes.join(', ')}`, {
      criteriaSetCode,
      criterionCodes,
    });
  }
}

export class InvalidEligibilityInputError extends DomainError {
  readonly code = 'REGULATION.INVALID_ELIGIBILITY_INPUT' satisfies RegulationErrorCode;
  constructor(field: string, value: unknown) {
    super(`eligibility input ${field} is out of range`, { field, value });
  }
}

/** A pack whose level names a criteria set it does not contain: a data defect, caught by the packs' own tests. */
export class MalformedPackError extends DomainError {
  readonly code = 'REGULATION.MALFORMED_PACK' satisfies RegulationErrorCode;
  constructor(packId: string, version: string, problem: string) {
    super(`pack ${packId} version ${version}: ${problem}`, { packId, version, problem });
  }
}

/** A province's own pack that cannot be registered: malformed, or a published version changed. */
export class InvalidProvincialPackError extends DomainError {
  readonly code = 'REGULATION.INVALID_PROVINCIAL_PACK' satisfies RegulationErrorCode;
  constructor(packId: string, problem: string) {
    super(`provincial pack ${packId}: ${problem}`, { packId, problem });
  }
}
