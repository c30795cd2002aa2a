import { deriveProvincialPack, getPack, levelRules, nextPeriodPack, packForDate, registerProvincialPacks, revocationBasis, type ProvincialPackSpec } from '.';

/** Bắc Giang's own advanced set for 2016-2020 (its decision, its criteria), as a province would configure it. */
const bacGiang: ProvincialPackSpec = {
  province: '24',
  basePack: 'ntm-2016-2020',
  baseVersion: '1',
  version: '1',
  decision: 'QĐ 600/QĐ-UBND (2018) của UBND tỉnh Bắc Giang: Bộ tiêu chí xã NTM nâng cao',
  criteriaSets: [
    {
      level: 'advanced',
      criteria: Array.from({ length: 19 }, (_, i) => ({
        code: `C${String(i + 1).padStart(2, '0')}`,
        nameVi: `Tiêu chí ${i + 1} (nâng cao)`,
        nameEn: `Criterion ${i + 1} (advanced)`,
        indicators: i === 9 ? [{ nameVi: 'Thu nhập bình quân đầu người', nameEn: 'Income per person', target: '≥ 55 triệu đồng' }] : [],
      })),
    },
  ],
  settings: { satisfactionMinPercent: 95 },
};

describe('a province’s own pack, derived from the national one as data', () => {
  const derived = deriveProvincialPack(bacGiang);

  it('puts the province’s set in place of the national stand-in, under a set code of its own, with its decision', () => {
    expect(derived).toMatchObject({ id: 'ntm-2016-2020.p24', version: '1', period: '2016-2020', province: { code: '24', basePackId: 'ntm-2016-2020' } });
    const advanced = levelRules(derived, 'advanced');
    expect(advanced.criteriaSetCode).toBe('2016-2020/commune-advanced.p24v1');
    const set = derived.criteriaSets.find((s) => s.code === advanced.criteriaSetCode)!;
    expect(set.criteria[9]!.indicators[0]).toMatchObject({ code: '2016-2020/commune-advanced.p24v1/10.1', target: '≥ 55 triệu đồng' });
    expect(derived.legalBasis).toContain(bacGiang.decision);
    expect(derived.settings.satisfactionMinPercent).toBe(95);
    // The standard level stays the national one.
    expect(levelRules(derived, 'standard').criteriaSetCode).toBe('2016-2020/commune-standard');
  });

  it('is the pack the province’s registrations fall under once registered, and only that province’s', () => {
    registerProvincialPacks([derived]);
    expect(getPack('ntm-2016-2020.p24', '1')).toEqual(derived);
    expect(packForDate('2019-05-01', { province: '24' }).id).toBe('ntm-2016-2020.p24');
    expect(packForDate('2019-05-01', { province: '27' }).id).toBe('ntm-2016-2020');
    // Its recognitions are still judged by QĐ 18/2022 against the national 2021-2025 sets, and requalify under them.
    expect(revocationBasis(derived, 'advanced', 'commune', '2024-01-01')).toMatchObject({ pack: { id: 'ntm-2021-2025' }, setCode: '2021-2025/commune-advanced' });
    expect(nextPeriodPack(derived, '24')?.id).toBe('ntm-2021-2025');
    // Publishing the same version again is harmless; changing a published version is refused.
    expect(() => registerProvincialPacks([deriveProvincialPack(bacGiang)])).not.toThrow();
    expect(() => registerProvincialPacks([deriveProvincialPack({ ...bacGiang, decision: 'another decision' })])).toThrow(/already registered with other content/);
  });

  it.each([
    [{ ...bacGiang, province: '2' }, /2-digit province/],
    [{ ...bacGiang, criteriaSets: [{ level: 'advanced' as const, criteria: [] }] }, /at least one criterion/],
    [{ ...bacGiang, criteriaSets: [{ level: 'advanced' as const, criteria: [{ code: 'X1', nameVi: 'a', nameEn: 'b' }] }] }, /look like C01/],
    [{ ...bacGiang, basePack: 'ntm-2021-2025', criteriaSets: [{ level: 'advanced' as const, criteria: [{ code: 'C01', nameVi: 'a', nameEn: 'b' }] }] }, /lacks the key criteria C10, C17, C18, C19/],
    [{ ...bacGiang, settings: { satisfactionMinPercent: 150 } }, /satisfactionMinPercent/],
  ])('refuses a malformed spec, saying why (%#)', (spec, why) => {
    expect(() => deriveProvincialPack(spec as ProvincialPackSpec)).toThrow(why);
  });
});

describe('transitional rules are settings', () => {
  it('a newer pack may leave the previous one in force for registrations up to a date', () => {
    const lenient = (p: ReturnType<typeof getPack>) => (p.id === 'ntm-2021-2025' ? { ...p.settings, transition: { previousPackUntil: '2022-06-30' } } : p.settings);
    expect(packForDate('2022-05-01').id).toBe('ntm-2021-2025');
    expect(packForDate('2022-05-01', { settingsOf: lenient }).id).toBe('ntm-2016-2020');
    expect(packForDate('2022-07-01', { settingsOf: lenient }).id).toBe('ntm-2021-2025');
  });
});
