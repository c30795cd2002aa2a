import { DomainError } from '../errors';
import type { CommuneCommandType } from './commands';

export const COMMUNE_ERROR_KINDS = {
  'COMMUNE.INVALID_INPUT': 'rule',
  'COMMUNE.UNKNOWN_CRITERION': 'rule',
  'COMMUNE.INCOMPLETE_ASSESSMENT': 'rule',
  'COMMUNE.RECOGNITION_NOT_HELD': 'conflict',
} as const satisfies Record<string, 'not-found' | 'conflict' | 'rule'>;

export type CommuneErrorCode = keyof typeof COMMUNE_ERROR_KINDS;

export class CommuneInvalidInputError extends DomainError {
  readonly code = 'COMMUNE.INVALID_INPUT' satisfies CommuneErrorCode;
  constructor(command: CommuneCommandType, problems: { field: string; rule: string }[]) {
    super(`${command}: ${problems.map((p) => `${p.field} ${p.rule}`).join('; ')}`, { command, problems });
  }
}

export class CommuneUnknownCriterionError extends DomainError {
  readonly code = 'COMMUNE.UNKNOWN_CRITERION' satisfies CommuneErrorCode;
  constructor(unknown: string[], criteriaSetCode: string) {
    super(`criteria not in set ${criteriaSetCode}: ${unknown.join(', ')}`, { unknown, criteriaSetCode });
  }
}

export class IncompleteAssessmentError extends DomainError {
  readonly code = 'COMMUNE.INCOMPLETE_ASSESSMENT' satisfies CommuneErrorCode;
  constructor(missing: string[], criteriaSetCode: string, named: { code: string; nameVi: string; nameEn: string }[] = []) {
    super(`a yearly assessment covers every criterion of ${criteriaSetCode}; missing ${missing.join(', ')}`, {
      missing,
      criteriaSetCode,
      criteria: named,
    });
  }
}

export class RecognitionNotHeldError extends DomainError {
  readonly code = 'COMMUNE.RECOGNITION_NOT_HELD' satisfies CommuneErrorCode;
  constructor(communeCode: string, level: string, dossierId: string, heldBy: string | null) {
    super(`commune ${communeCode} holds no ${level} recognition from dossier ${dossierId}`, {
      communeCode,
      level,
      dossierId,
      heldBy,
    });
  }
}
