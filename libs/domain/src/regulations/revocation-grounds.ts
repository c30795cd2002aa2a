import { UnknownCriterionError } from './errors';
import { criteriaSetByCode, levelRules } from './level-rules';
import { laterPeriodPacks } from './pack-registry';
import type { RecognitionLevel, RegulationPack, RevocationRule, UnitKind } from './regulation-pack';

export interface RevocationGrounds {
  hasGrounds: boolean;
  rule: 'partial-with-key' | 'majority' | 'communes-lost' | null;
  /** Distinct failing criteria, in the judged set's order. */
  failing: string[];
  keyFailing: string[];
  total: number;
  share: number;
  /** Code of the criteria set the unit was judged against. */
  judgedAgainst: string;
  /** The pack whose rule judged it; null when no rule applied on the review date. */
  judgedBy: { packId: string; packVersion: string } | null;
  /** Districts: communes that held their recognition when the district was recognised and have since lost it. */
  communesLost?: { lost: number; of: number; share: number };
}

/** The rule that judges a recognition on a review date, and the set it judges against. */
export interface RevocationBasis {
  pack: RegulationPack;
  rule: RevocationRule;
  setCode: string;
}

// Decimal shares have no exact binary form: 0.28 × 25 comes out a hair above 7, so without slack 7 failing criteria
// of 25 would fall short of a 28% rule.
const SHARE_TOLERANCE = 1e-9;

/**
 * Which rule judges a recognition granted under `recognitionPack` at a review dated `reviewedOn`: the pack's own rule
 * if it has one; otherwise the rule of the first later period that has one — QĐ 18/2022 judges communes recognised
 * under the 2016-2020 (or 2010-2015) sets against the 2021-2025 set of their level, advanced and model communes
 * against the advanced set. A rule not yet in force on the review date judges nothing: history is judged by the rules
 * of its time. null: no rule applies.
 */
export function revocationBasis(
  recognitionPack: RegulationPack,
  level: RecognitionLevel,
  unitKind: UnitKind,
  reviewedOn: string,
): RevocationBasis | null {
  const province = recognitionPack.province?.code;
  const pack = [recognitionPack, ...laterPeriodPacks(recognitionPack, province)].find((p) => p.revocation !== null);
  const rule = pack?.revocation;
  if (!pack || !rule || reviewedOn < rule.effectiveFrom) return null;
  const setCode = unitKind === 'district' ? rule.district?.judgedAgainst[level] : rule.judgedAgainst[level];
  return setCode ? { pack, rule, setCode } : null;
}

/**
 * QĐ 18/2022: grounds to revoke a recognition when (b) at least the majority share of the criteria fail, or (a) at
 * least the partial share fail and one of them is a key criterion; for a district also when at least the commune-loss
 * share of its communes lost their recognition. With no basis (no rule in force), the codes are still checked against
 * `ownSetCode` and nothing is grounds.
 */
export function judgeRevocation(
  failingCriteria: string[],
  basis: RevocationBasis | null,
  fallback: { pack: RegulationPack; setCode: string },
  communesLost: { lost: number; of: number } | null = null,
): RevocationGrounds {
  const set = criteriaSetByCode(basis?.pack ?? fallback.pack, basis?.setCode ?? fallback.setCode);
  const known = new Set(set.criteria.map((criterion) => criterion.code));
  const unknown = failingCriteria.filter((code) => !known.has(code));
  if (unknown.length > 0) throw new UnknownCriterionError(set.code, unknown);

  const rule = basis?.rule ?? null;
  const failingSet = new Set(failingCriteria);
  const failing = set.criteria.map((criterion) => criterion.code).filter((code) => failingSet.has(code));
  const keys = new Set(rule?.keyCriteria[set.code] ?? []);
  const keyFailing = failing.filter((code) => keys.has(code));
  const total = set.criteria.length;
  const share = failing.length / total;
  const atLeast = (count: number, of: number, threshold: number) => count >= threshold * of - SHARE_TOLERANCE;
  const losses = communesLost && communesLost.of > 0 ? { ...communesLost, share: communesLost.lost / communesLost.of } : undefined;

  const grounds = (ruleName: RevocationGrounds['rule']): RevocationGrounds => ({
    hasGrounds: ruleName !== null,
    rule: ruleName,
    failing,
    keyFailing,
    total,
    share,
    judgedAgainst: set.code,
    judgedBy: basis ? { packId: basis.pack.id, packVersion: basis.pack.version } : null,
    ...(losses ? { communesLost: losses } : {}),
  });

  if (rule === null) return grounds(null);
  if (atLeast(failing.length, total, rule.majorityShare)) return grounds('majority');
  if (atLeast(failing.length, total, rule.partialShare) && keyFailing.length > 0) return grounds('partial-with-key');
  const lossShare = rule.district?.communeLossShare;
  if (set.unitKind === 'district' && losses && lossShare !== undefined && atLeast(losses.lost, losses.of, lossShare)) return grounds('communes-lost');
  return grounds(null);
}

/**
 * A commune judged by `pack`'s own rule, whatever the date: the rule as the pack states it (tables of the law's
 * arithmetic test this). Monitoring uses revocationBasis to find the rule in force on the review date.
 */
export function revocationGrounds(failingCriteria: string[], pack: RegulationPack, level: RecognitionLevel): RevocationGrounds {
  const ownSetCode = levelRules(pack, level).criteriaSetCode;
  const setCode = pack.revocation?.judgedAgainst[level];
  const basis = pack.revocation && setCode ? { pack, rule: pack.revocation, setCode } : null;
  return judgeRevocation(failingCriteria, basis, { pack, setCode: ownSetCode });
}
