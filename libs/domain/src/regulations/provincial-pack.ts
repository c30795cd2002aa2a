import { deepFreeze } from './deep-freeze';
import { InvalidProvincialPackError } from './errors';
import { getPack } from './pack-registry';
import type { CriteriaSet, Criterion, LevelRules, RecognitionCondition, RecognitionLevel, RegulationPack, UnitKind } from './regulation-pack';
import { type DeepPartial, withSettings } from './with-settings';
import type { PackSettings } from './regulation-pack';

/**
 * A province's own pack as configuration writes it: a national pack, and what the province decided differently — its
 * own criteria set for a level (its advanced set for 2016-2020, its thresholds), its decision, its settings.
 */
export interface ProvincialPackSpec {
  province: string;
  basePack: string;
  baseVersion: string;
  version: string;
  /** The province's decision, e.g. "QĐ 1234/QĐ-UBND (12/06/2017) of the People's Committee of Bắc Giang". */
  decision: string;
  title?: string;
  criteriaSets?: {
    level: RecognitionLevel;
    unitKind?: UnitKind;
    legalBasis?: string;
    /** Required for a level the national pack lacks. */
    requires?: RecognitionLevel | null;
    conditions?: RecognitionCondition[];
    criteria: { code: string; nameVi: string; nameEn: string; group?: string; indicators?: { nameVi: string; nameEn: string; target?: string }[] }[];
  }[];
  settings?: DeepPartial<PackSettings>;
}

const CODE = /^[A-Z]\d{2}$/;

/**
 * The pack a spec describes: the national pack with the province's sets put in place of (or beside) the national ones,
 * under set codes of their own so that a pinned code means one set. The revocation rule's key criteria carry over to a
 * replaced set by code, and must exist in it.
 */
export function deriveProvincialPack(spec: ProvincialPackSpec): RegulationPack {
  const fail = (problem: string): never => {
    throw new InvalidProvincialPackError(`${spec.basePack}.p${spec.province}`, problem);
  };
  if (!/^\d{2}$/.test(spec.province ?? '')) fail('province must be a 2-digit province code');
  if (typeof spec.version !== 'string' || !/^[\w.-]{1,20}$/.test(spec.version)) fail('version must be a short text such as "1"');
  if (typeof spec.decision !== 'string' || spec.decision.trim() === '') fail('decision must name the province\'s decision');
  const base = getPack(spec.basePack, spec.baseVersion);
  if (base.province) fail('must derive from a national pack');
  const id = `${base.id}.p${spec.province}`;
  const renamed = new Map<string, string>();
  const sets: CriteriaSet[] = [...base.criteriaSets];
  const levels: LevelRules[] = [...base.levels];

  for (const [index, own] of (spec.criteriaSets ?? []).entries()) {
    const unitKind = own.unitKind ?? 'commune';
    const where = `criteriaSets[${index}]`;
    if (!Array.isArray(own.criteria) || own.criteria.length === 0) fail(`${where}.criteria must list at least one criterion`);
    const codes = own.criteria.map((c) => c.code);
    if (codes.some((c) => typeof c !== 'string' || !CODE.test(c))) fail(`${where}.criteria codes must look like C01`);
    if (new Set(codes).size !== codes.length) fail(`${where}.criteria codes must be unique`);
    for (const c of own.criteria) if (!c.nameVi?.trim() || !c.nameEn?.trim()) fail(`${where}.criteria ${c.code} needs nameVi and nameEn`);
    const existing = levels.findIndex((l) => l.level === own.level && l.unitKind === unitKind);
    const baseCode = existing >= 0 ? levels[existing]!.criteriaSetCode : `${base.period}/${unitKind}-${own.level}`;
    const code = `${baseCode}.p${spec.province}v${spec.version}`;
    renamed.set(baseCode, code);
    sets.push({
      code,
      unitKind,
      level: own.level,
      legalBasis: own.legalBasis ?? spec.decision,
      criteria: own.criteria.map((c, i): Criterion => ({
        code: c.code,
        number: i + 1,
        nameVi: c.nameVi,
        nameEn: c.nameEn,
        ...(c.group !== undefined ? { group: c.group } : {}),
        indicators: (c.indicators ?? []).map((ind, j) => ({ code: `${code}/${i + 1}.${j + 1}`, ...ind })),
      })),
    });
    if (existing >= 0) {
      levels[existing] = { ...levels[existing]!, criteriaSetCode: code, ...(own.conditions ? { conditions: own.conditions } : {}) };
    } else {
      if (own.requires === undefined) fail(`${where}.requires must say which level ${own.level} requires (null for none)`);
      levels.push({ level: own.level, unitKind, criteriaSetCode: code, requires: own.requires ?? null, conditions: own.conditions ?? ['all-criteria-met'] });
    }
  }

  let revocation = base.revocation;
  if (revocation && renamed.size > 0) {
    const keyCriteria = { ...revocation.keyCriteria };
    for (const [from, to] of renamed) {
      const keys = revocation.keyCriteria[from];
      if (!keys) continue;
      const set = sets.find((s) => s.code === to)!;
      const missing = keys.filter((k) => !set.criteria.some((c) => c.code === k));
      if (missing.length > 0) fail(`the province's ${set.level} set lacks the key criteria ${missing.join(', ')} the revocation rule names`);
      keyCriteria[to] = keys;
    }
    const remap = (m: Partial<Record<RecognitionLevel, string>>) =>
      Object.fromEntries(Object.entries(m).map(([level, code]) => [level, renamed.get(code!) ?? code])) as Partial<Record<RecognitionLevel, string>>;
    revocation = {
      ...revocation,
      judgedAgainst: remap(revocation.judgedAgainst),
      keyCriteria,
      ...(revocation.district ? { district: { ...revocation.district, judgedAgainst: remap(revocation.district.judgedAgainst) } } : {}),
    };
  }

  const derived: RegulationPack = {
    ...base,
    id,
    version: spec.version,
    province: { code: spec.province, basePackId: base.id, basePackVersion: base.version, decision: spec.decision },
    title: spec.title ?? `${base.title} (${spec.province})`,
    legalBasis: [...base.legalBasis, spec.decision],
    criteriaSets: sets,
    levels,
    revocation,
  };
  return deepFreeze(spec.settings ? withSettings(derived, spec.settings) : derived);
}
