import { LevelNotInPackError, MalformedPackError } from './errors';
import type { CriteriaSet, LevelRules, RecognitionLevel, RegulationPack, UnitKind } from './regulation-pack';

export function levelRules(pack: RegulationPack, level: RecognitionLevel, unitKind: UnitKind = 'commune'): LevelRules {
  const rules = pack.levels.find((candidate) => candidate.level === level && candidate.unitKind === unitKind);
  if (!rules) throw new LevelNotInPackError(pack.id, pack.version, level, unitKind);
  return rules;
}

export function criteriaSetFor(
  pack: RegulationPack,
  level: RecognitionLevel,
  unitKind: UnitKind = 'commune',
): CriteriaSet {
  return criteriaSetByCode(pack, levelRules(pack, level, unitKind).criteriaSetCode);
}

export function criteriaSetByCode(pack: RegulationPack, code: string): CriteriaSet {
  const set = pack.criteriaSets.find((candidate) => candidate.code === code);
  if (!set) throw new MalformedPackError(pack.id, pack.version, `criteria set ${code} is referenced but not defined`);
  return set;
}
