import { InvalidEligibilityInputError, UnknownCriterionError } from './errors';
import { criteriaSetFor, levelRules } from './level-rules';
import type { CriteriaSet, RecognitionCondition, RecognitionLevel, RegulationPack, UnitKind } from './regulation-pack';

export interface EligibilityInput {
  criteria: Record<string, { met: boolean } | undefined>;
  /** null = not yet surveyed */
  satisfactionPercent: number | null;
  /** null = not declared */
  hasConstructionDebt: boolean | null;
  isComplexSecurityArea: boolean | null;
  registeredInPlan?: boolean | null;
}

/** A criterion named as the law names it, so that a refusal reads without the set at hand. */
export interface NamedCriterion {
  code: string;
  nameVi: string;
  nameEn: string;
}

export type UnmetItem =
  | ({ kind: 'criterion-unrecorded' } & NamedCriterion)
  | ({ kind: 'criterion-unmet' } & NamedCriterion)
  | { kind: 'satisfaction-unrecorded' }
  | { kind: 'satisfaction-below-rate'; actual: number; required: number }
  | { kind: 'construction-debt-undeclared' }
  | { kind: 'construction-debt-outstanding' }
  | { kind: 'security-undeclared' }
  | { kind: 'complex-security-area' }
  | { kind: 'not-registered-in-plan' };

export interface EligibilityResult {
  eligible: boolean;
  unmet: UnmetItem[];
}

/**
 * Lists everything that still stands between the unit and recognition at `level`, so that one refusal tells the
 * commune all it has to do. Criteria come first, in the set's order, then the conditions in the order the level lists
 * them; a condition the level does not list is not looked at, whatever the input says.
 */
export function checkEligibility(
  input: EligibilityInput,
  pack: RegulationPack,
  level: RecognitionLevel,
  unitKind: UnitKind = 'commune',
): EligibilityResult {
  const rules = levelRules(pack, level, unitKind);
  const set = criteriaSetFor(pack, level, unitKind);
  const known = new Set(set.criteria.map((criterion) => criterion.code));
  const strangers = Object.keys(input.criteria).filter(
    (code) => input.criteria[code] !== undefined && !known.has(code),
  );
  // A result for a criterion the set lacks means the caller judged against another set; better to stop than to ignore it.
  if (strangers.length > 0) throw new UnknownCriterionError(set.code, strangers);

  const requiredSatisfaction = rules.satisfactionMinPercent ?? pack.settings.satisfactionMinPercent;
  const unmet: UnmetItem[] = [
    ...(rules.conditions.includes('all-criteria-met') ? unmetCriteria(set, input) : []),
    ...rules.conditions.flatMap((condition) => unmetCondition(condition, input, requiredSatisfaction)),
  ];
  return { eligible: unmet.length === 0, unmet };
}

function unmetCriteria(set: CriteriaSet, input: EligibilityInput): UnmetItem[] {
  return set.criteria.flatMap(({ code, nameVi, nameEn }): UnmetItem[] => {
    const result = input.criteria[code];
    if (result === undefined) return [{ kind: 'criterion-unrecorded', code, nameVi, nameEn }];
    return result.met ? [] : [{ kind: 'criterion-unmet', code, nameVi, nameEn }];
  });
}

function unmetCondition(
  condition: RecognitionCondition,
  input: EligibilityInput,
  requiredSatisfaction: number,
): UnmetItem[] {
  switch (condition) {
    case 'all-criteria-met':
      // Listed by unmetCriteria, ahead of every condition.
      return [];
    case 'satisfaction-rate': {
      const actual = input.satisfactionPercent;
      if (actual === null) return [{ kind: 'satisfaction-unrecorded' }];
      // NaN would compare as "not below" and pass; an impossible rate is a caller bug, not a low rate.
      if (!Number.isFinite(actual) || actual < 0 || actual > 100) {
        throw new InvalidEligibilityInputError('satisfactionPercent', actual);
      }
      if (actual >= requiredSatisfaction) return [];
      return [{ kind: 'satisfaction-below-rate', actual, required: requiredSatisfaction }];
    }
    case 'no-construction-debt':
      if (input.hasConstructionDebt === null) return [{ kind: 'construction-debt-undeclared' }];
      return input.hasConstructionDebt ? [{ kind: 'construction-debt-outstanding' }] : [];
    case 'not-complex-security-area':
      if (input.isComplexSecurityArea === null) return [{ kind: 'security-undeclared' }];
      return input.isComplexSecurityArea ? [{ kind: 'complex-security-area' }] : [];
    case 'registered-in-plan':
      // Registration in the district's plan is something the commune must show; silence does not count as registered.
      return input.registeredInPlan === true ? [] : [{ kind: 'not-registered-in-plan' }];
    default: {
      const unhandled: never = condition;
      throw new Error(`unhandled recognition condition ${String(unhandled)}`);
    }
  }
}
