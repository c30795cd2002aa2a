import { UnknownCriterionError } from './errors';
import { criteriaSetByCode, levelRules } from './level-rules';
import type { RecognitionLevel, RegulationPack } from './regulation-pack';

export interface RevocationGrounds {
  hasGrounds: boolean;
  rule: 'partial-with-key' | 'majority' | null;
  /** Distinct failing criteria, in the judged set's order. */
  failing: string[];
  keyFailing: string[];
  total: number;
  share: number;
  /** Code of the criteria set the unit was judged against. */
  judgedAgainst: string;
}

// Decimal shares have no exact binary form: 0.28 × 25 comes out a hair above 7, so without slack 7 failing criteria
// of 25 would fall short of a 28% rule.
const SHARE_TOLERANCE = 1e-9;

/**
 * QĐ 18/2022: grounds to revoke a commune's recognition when (b) at least the majority share of the criteria fail,
 * or (a) at least the partial share fail and one of them is a key criterion. Judged against the set the rule names
 * for the level (advanced and model: the advanced set); a pack without a revocation rule never gives grounds, but the
 * codes are still checked against the level's own set.
 */
export function revocationGrounds(
  failingCriteria: string[],
  pack: RegulationPack,
  level: RecognitionLevel,
): RevocationGrounds {
  const rule = pack.revocation;
  const ownSetCode = levelRules(pack, level).criteriaSetCode;
  const set = criteriaSetByCode(pack, rule?.judgedAgainst[level] ?? ownSetCode);

  const known = new Set(set.criteria.map((criterion) => criterion.code));
  const unknown = failingCriteria.filter((code) => !known.has(code));
  if (unknown.length > 0) throw new UnknownCriterionError(set.code, unknown);

  const failingSet = new Set(failingCriteria);
  const failing = set.criteria.map((criterion) => criterion.code).filter((code) => failingSet.has(code));
  const keys = new Set(rule?.keyCriteria[set.code] ?? []);
  const keyFailing = failing.filter((code) => keys.has(code));
  const total = set.criteria.length;
  const share = failing.length / total;
  const atLeast = (threshold: number) => failing.length >= threshold * total - SHARE_TOLERANCE;

  const grounds = (ruleName: RevocationGrounds['rule']): RevocationGrounds => ({
    hasGrounds: ruleName !== null,
    rule: ruleName,
    failing,
    keyFailing,
    total,
    share,
    judgedAgainst: set.code,
  });

  if (rule === null) return grounds(null);
  if (atLeast(rule.majorityShare)) return grounds('majority');
  if (atLeast(rule.partialShare) && keyFailing.length > 0) return grounds('partial-with-key');
  return grounds(null);
}
