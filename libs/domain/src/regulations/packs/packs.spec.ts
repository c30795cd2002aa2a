import { allPacks, criteriaSetFor, getPack, validatePackSettings } from '..';
import type { CriteriaSet, RegulationPack } from '../regulation-pack';

const packs = allPacks();
const everySet = packs.flatMap((pack) => pack.criteriaSets.map((set) => ({ pack, set })));

function dayAfter(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

function codes(set: CriteriaSet): string[] {
  return set.criteria.map((criterion) => criterion.code);
}

describe('regulation packs as data', () => {
  it('holds the four programme periods, 2010-2015 included so a history starting in 2011 holds', () => {
    expect(packs.map((pack) => `${pack.id}@${pack.version}`)).toEqual([
      'ntm-2010-2015@1',
      'ntm-2016-2020@1',
      'ntm-2021-2025@1',
      'ntm-2026-2030@1',
    ]);
  });

  it.each([
    ['ntm-2010-2015', 'standard', 'commune', 19],
    ['ntm-2016-2020', 'standard', 'commune', 19],
    ['ntm-2016-2020', 'advanced', 'commune', 19],
    ['ntm-2016-2020', 'model', 'commune', 23],
    ['ntm-2016-2020', 'standard', 'district', 9],
    ['ntm-2016-2020', 'task-completed', 'district', 9],
    ['ntm-2021-2025', 'task-completed', 'district', 9],
    ['ntm-2021-2025', 'standard', 'commune', 19],
    ['ntm-2021-2025', 'advanced', 'commune', 19],
    ['ntm-2021-2025', 'model', 'commune', 22],
    ['ntm-2021-2025', 'standard', 'district', 9],
    ['ntm-2026-2030', 'standard', 'commune', 10],
    ['ntm-2026-2030', 'modern', 'commune', 10],
  ] as const)('%s %s %s set has %i criteria', (id, level, unitKind, count) => {
    expect(criteriaSetFor(getPack(id, '1'), level, unitKind).criteria).toHaveLength(count);
  });

  it('numbers criteria C01.. (communes) and D01.. (districts) in the law’s order', () => {
    for (const { set } of everySet) {
      const prefix = set.unitKind === 'district' ? 'D' : 'C';
      const numbered = set.criteria.filter((criterion) => criterion.code.startsWith(prefix));
      expect(numbered.map((criterion) => criterion.code)).toEqual(
        numbered.map((_, index) => `${prefix}${String(index + 1).padStart(2, '0')}`),
      );
      expect(numbered.map((criterion) => criterion.number)).toEqual(numbered.map((_, index) => index + 1));
    }
  });

  it('the model set is the whole advanced set plus the three QĐ 319 requirements', () => {
    const pack = getPack('ntm-2021-2025', '1');
    expect(codes(criteriaSetFor(pack, 'model'))).toEqual([...codes(criteriaSetFor(pack, 'advanced')), 'M01', 'M02', 'M03']);
  });

  it.each(everySet.map(({ pack, set }) => [set.code, pack, set] as const))(
    '%s: unique codes, names in both languages, known groups, unique indicator codes',
    (_code, _pack, set) => {
      expect(new Set(codes(set)).size).toBe(set.criteria.length);
      for (const criterion of set.criteria) {
        expect(criterion.nameVi.trim()).not.toBe('');
        expect(criterion.nameEn.trim()).not.toBe('');
        if (criterion.group !== undefined) expect(set.groups?.map((group) => group.code)).toContain(criterion.group);
        for (const indicator of criterion.indicators) {
          expect(indicator.nameVi.trim()).not.toBe('');
          expect(indicator.nameEn.trim()).not.toBe('');
        }
      }
      const indicatorCodes = set.criteria.flatMap((criterion) => criterion.indicators.map((indicator) => indicator.code));
      expect(new Set(indicatorCodes).size).toBe(indicatorCodes.length);
    },
  );

  it('criteria set codes are unique across all packs, so a pinned code means one set', () => {
    const setCodes = everySet.map(({ set }) => set.code);
    expect(new Set(setCodes).size).toBe(setCodes.length);
  });

  it('the 2021-2025 commune standard set has the five QĐ 318 groups', () => {
    const set = criteriaSetFor(getPack('ntm-2021-2025', '1'), 'standard');
    const groupSizes: Record<string, number> = {};
    for (const criterion of set.criteria) groupSizes[criterion.group ?? 'none'] = (groupSizes[criterion.group ?? 'none'] ?? 0) + 1;
    expect(groupSizes).toEqual({
      I: 1,
      II: 8,
      III: 4,
      IV: 4,
      V: 2,
    });
  });

  it.each(packs.map((pack) => [pack.id, pack] as const))('%s: every level names a set of its unit kind and level', (_id, pack) => {
    for (const rules of pack.levels) {
      const set = pack.criteriaSets.find((candidate) => candidate.code === rules.criteriaSetCode);
      // A district level without a list of its own is judged on the district standard set (data says so, provisionally).
      expect(set).toMatchObject({ unitKind: rules.unitKind, level: rules.unitKind === 'district' ? 'standard' : rules.level });
      if (rules.requires !== null) {
        expect(pack.levels.some((other) => other.level === rules.requires && other.unitKind === rules.unitKind)).toBe(true);
      }
    }
  });

  it.each(packs.filter((pack) => pack.revocation !== null).map((pack) => [pack.id, pack] as const))(
    '%s: every key criterion and judged-against set exists',
    (_id, pack) => {
      const revocation = pack.revocation!;
      for (const [setCode, keys] of Object.entries(revocation.keyCriteria)) {
        const set = pack.criteriaSets.find((candidate) => candidate.code === setCode);
        expect(set).toBeDefined();
        expect(keys.length).toBeGreaterThan(0);
        for (const key of keys) expect(codes(set!)).toContain(key);
      }
      for (const setCode of Object.values(revocation.judgedAgainst)) {
        expect(Object.keys(revocation.keyCriteria)).toContain(setCode);
      }
    },
  );

  it('the key criteria are the ones QĐ 18/2022 names', () => {
    const pack = getPack('ntm-2021-2025', '1');
    const names = (level: 'standard' | 'advanced') => {
      const set = criteriaSetFor(pack, level);
      return pack.revocation!.keyCriteria[set.code]!.map((code) => set.criteria.find((c) => c.code === code)!.nameVi);
    };
    expect(names('standard')).toEqual(['Thu nhập', 'Môi trường và an toàn thực phẩm', 'Quốc phòng và An ninh']);
    expect(names('advanced')).toEqual(['Thu nhập', 'Môi trường', 'Chất lượng môi trường sống', 'Quốc phòng và An ninh']);
  });

  it('validity ranges follow the decisions, are ordered, contiguous and cover 2009-04-16..2030-12-31 without overlap', () => {
    const sorted = [...packs].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
    expect(sorted.map((p) => p.validFrom)).toEqual(['2009-04-16', '2016-10-17', '2022-03-08', '2026-02-15']);
    expect(sorted[sorted.length - 1]!.validTo).toBe('2030-12-31');
    for (const pack of sorted) expect(pack.validFrom <= pack.validTo).toBe(true);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.validFrom).toBe(dayAfter(sorted[i - 1]!.validTo));
  });

  it('QĐ 51/2025 takes over on 15 February 2026', () => {
    expect(getPack('ntm-2026-2030', '1').validFrom).toBe('2026-02-15');
  });

  it.each(packs.map((pack) => [pack.id, pack] as const))('%s: default settings pass validation', (_id, pack) => {
    expect(() => validatePackSettings(pack.settings)).not.toThrow();
  });

  it('the 2016-2020 rules ask standard communes for plan registration only and have no revocation of their own', () => {
    const pack: RegulationPack = getPack('ntm-2016-2020', '1');
    expect(pack.levels.find((l) => l.level === 'standard' && l.unitKind === 'commune')!.conditions).toEqual(['all-criteria-met', 'registered-in-plan']);
    expect(pack.revocation).toBeNull();
    expect(getPack('ntm-2010-2015', '1').revocation).toBeNull();
  });

  it('QĐ 18/2022 takes effect on its own date, after the 2021-2025 sets', () => {
    expect(getPack('ntm-2021-2025', '1').revocation!.effectiveFrom).toBe('2022-08-02');
    expect(getPack('ntm-2021-2025', '1').revocation!.district).toEqual(expect.objectContaining({ communeLossShare: 0.3 }));
  });

  it('packs are frozen, so no caller can edit the law for everyone', () => {
    const pack = getPack('ntm-2021-2025', '1');
    expect(Object.isFrozen(pack)).toBe(true);
    expect(Object.isFrozen(pack.criteriaSets[0]!.criteria[0])).toBe(true);
    expect(Object.isFrozen(pack.settings.timeLimits)).toBe(true);
  });
});
