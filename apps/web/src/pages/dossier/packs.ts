import type { CriteriaSet, Level, RegulationPackSummary, UnitKind } from '../../api/types';

export function findPack(packs: readonly RegulationPackSummary[], id: string, version?: string): RegulationPackSummary | undefined {
  const versions = packs.filter((p) => p.id === id);
  return (version ? versions.find((p) => p.version === version) : undefined) ?? versions[versions.length - 1];
}

export function findSet(packs: readonly RegulationPackSummary[], code: string): CriteriaSet | undefined {
  for (const p of packs) {
    const set = p.criteriaSets.find((s) => s.code === code);
    if (set) return set;
  }
  return undefined;
}

/**
 * The rule a monitoring review of a recognition is judged by, as the server judges it (QĐ 18/2022 for every earlier
 * period): the pinned pack's own revocation rule, else the first later period's (the province's own pack before the
 * national one), against that rule's set for the level. Shown so that the person ticks the criteria of that set; the
 * server remains the judge.
 */
export function judgingOf(packs: readonly RegulationPackSummary[], pinned: RegulationPackSummary, level: Level, unitKind: UnitKind): { pack: RegulationPackSummary; set: CriteriaSet } | null {
  const province = pinned.province?.code ?? null;
  const ofPeriod = (period: string) => packs.filter((p) => p.period === period && (p.province === null || p.province.code === province)).sort((a, b) => Number(b.province !== null) - Number(a.province !== null))[0];
  const later = [...new Set(packs.map((p) => p.period))].filter((period) => period > pinned.period).sort();
  const chain = [pinned, ...later.map(ofPeriod).filter((p): p is RegulationPackSummary => p !== undefined)];
  const pack = chain.find((p) => p.revocation !== null);
  const setCode = pack && (unitKind === 'district' ? pack.revocation!.district?.judgedAgainst[level] : pack.revocation!.judgedAgainst[level]);
  const set = pack && setCode ? pack.criteriaSets.find((s) => s.code === setCode) : undefined;
  return pack && set ? { pack, set } : null;
}
