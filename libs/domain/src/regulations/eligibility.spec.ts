import {
  checkEligibility,
  criteriaSetFor,
  getPack,
  InvalidEligibilityInputError,
  LevelNotInPackError,
  UnknownCriterionError,
  withSettings,
  type EligibilityInput,
  type RegulationPack,
  type UnmetItem,
} from '.';

const ntm2016 = getPack('ntm-2016-2020', '1');
const ntm2021 = getPack('ntm-2021-2025', '1');
const ntm2026 = getPack('ntm-2026-2030', '1');

function allMet(pack: RegulationPack, level: Parameters<typeof criteriaSetFor>[1] = 'standard', unitKind: 'commune' | 'district' = 'commune') {
  return Object.fromEntries(criteriaSetFor(pack, level, unitKind).criteria.map(({ code }) => [code, { met: true }]));
}

function readyCommune(pack: RegulationPack, overrides: Partial<EligibilityInput> = {}): EligibilityInput {
  return {
    criteria: allMet(pack),
    satisfactionPercent: 95,
    hasConstructionDebt: false,
    isComplexSecurityArea: false,
    registeredInPlan: true,
    ...overrides,
  };
}

describe('checkEligibility', () => {
  it.each([
    ['2021-2025 commune with everything in order', ntm2021, readyCommune(ntm2021), []],
    ['2026-2030 commune with everything in order', ntm2026, readyCommune(ntm2026), []],
    [
      'satisfaction exactly at the default rate passes',
      ntm2021,
      readyCommune(ntm2021, { satisfactionPercent: ntm2021.settings.satisfactionMinPercent }),
      [],
    ],
    [
      'satisfaction just below the rate fails, with both figures',
      ntm2021,
      readyCommune(ntm2021, { satisfactionPercent: ntm2021.settings.satisfactionMinPercent - 0.1 }),
      [{ kind: 'satisfaction-below-rate', actual: ntm2021.settings.satisfactionMinPercent - 0.1, required: 90 }],
    ],
    ['satisfaction not yet surveyed', ntm2021, readyCommune(ntm2021, { satisfactionPercent: null }), [{ kind: 'satisfaction-unrecorded' }]],
    ['construction debt not declared', ntm2021, readyCommune(ntm2021, { hasConstructionDebt: null }), [{ kind: 'construction-debt-undeclared' }]],
    ['construction debt outstanding', ntm2021, readyCommune(ntm2021, { hasConstructionDebt: true }), [{ kind: 'construction-debt-outstanding' }]],
    ['security status not declared', ntm2021, readyCommune(ntm2021, { isComplexSecurityArea: null }), [{ kind: 'security-undeclared' }]],
    ['complex security area', ntm2021, readyCommune(ntm2021, { isComplexSecurityArea: true }), [{ kind: 'complex-security-area' }]],
    [
      '2021-2025 does not ask about the plan',
      ntm2021,
      readyCommune(ntm2021, { registeredInPlan: false }),
      [],
    ],
    [
      '2016-2020 ignores satisfaction, debt and security',
      ntm2016,
      readyCommune(ntm2016, { satisfactionPercent: 10, hasConstructionDebt: true, isComplexSecurityArea: null }),
      [],
    ],
    ['2016-2020 needs the plan registration', ntm2016, readyCommune(ntm2016, { registeredInPlan: false }), [{ kind: 'not-registered-in-plan' }]],
    [
      '2016-2020 treats an undeclared registration as missing',
      ntm2016,
      readyCommune(ntm2016, { registeredInPlan: undefined }),
      [{ kind: 'not-registered-in-plan' }],
    ],
  ] as const)('%s', (_label, pack, input, unmet) => {
    const result = checkEligibility(input, pack, 'standard');
    expect(result).toEqual({ eligible: unmet.length === 0, unmet });
  });

  it('lists every unmet item, criteria in set order first, then the conditions', () => {
    const criteria = allMet(ntm2021);
    criteria.C17 = { met: false };
    criteria.C02 = { met: false };
    delete criteria.C10;
    const result = checkEligibility(
      { criteria, satisfactionPercent: 40, hasConstructionDebt: true, isComplexSecurityArea: null },
      ntm2021,
      'standard',
    );
    expect(result.eligible).toBe(false);
    expect(result.unmet).toEqual<UnmetItem[]>([
      { kind: 'criterion-unmet', code: 'C02', nameVi: 'Giao thông', nameEn: 'Transport' },
      { kind: 'criterion-unrecorded', code: 'C10', nameVi: 'Thu nhập', nameEn: 'Income' },
      { kind: 'criterion-unmet', code: 'C17', nameVi: 'Môi trường và an toàn thực phẩm', nameEn: expect.any(String) },
      { kind: 'satisfaction-below-rate', actual: 40, required: 90 },
      { kind: 'construction-debt-outstanding' },
      { kind: 'security-undeclared' },
    ]);
  });

  it('a commune with nothing recorded is told about every criterion', () => {
    const result = checkEligibility(
      { criteria: {}, satisfactionPercent: null, hasConstructionDebt: null, isComplexSecurityArea: null },
      ntm2026,
      'standard',
    );
    expect(result.unmet.filter((item) => item.kind === 'criterion-unrecorded')).toHaveLength(10);
    expect(result.unmet).toHaveLength(13);
  });

  it('judges the model level on the advanced criteria and the QĐ 319 extras', () => {
    const criteria = allMet(ntm2021, 'model');
    criteria.M02 = { met: false };
    const result = checkEligibility(readyCommune(ntm2021, { criteria }), ntm2021, 'model');
    expect(result.unmet).toEqual([{ kind: 'criterion-unmet', code: 'M02', nameVi: 'Có ít nhất một mô hình thôn thông minh', nameEn: 'At least one smart-village model' }]);
  });

  it('holds a district to the 90% rate the law fixes, whatever the commune setting says', () => {
    const lenient = withSettings(ntm2021, { satisfactionMinPercent: 70 });
    const input = { ...readyCommune(lenient), criteria: allMet(lenient, 'standard', 'district'), satisfactionPercent: 85 };
    expect(checkEligibility(input, lenient, 'standard', 'district').unmet).toEqual([
      { kind: 'satisfaction-below-rate', actual: 85, required: 90 },
    ]);
    expect(checkEligibility({ ...input, criteria: allMet(lenient) }, lenient, 'standard').eligible).toBe(true);
  });

  it('uses the configured commune rate', () => {
    const strict = withSettings(ntm2021, { satisfactionMinPercent: 95 });
    expect(checkEligibility(readyCommune(strict, { satisfactionPercent: 94 }), strict, 'standard').unmet).toEqual([
      { kind: 'satisfaction-below-rate', actual: 94, required: 95 },
    ]);
  });

  it('rejects results for criteria the set does not have', () => {
    const criteria = { ...allMet(ntm2026), C11: { met: true } };
    expect(() => checkEligibility(readyCommune(ntm2026, { criteria }), ntm2026, 'standard')).toThrow(UnknownCriterionError);
  });

  it.each([Number.NaN, -1, 100.5])('rejects an impossible satisfaction rate (%p)', (rate) => {
    expect(() => checkEligibility(readyCommune(ntm2021, { satisfactionPercent: rate }), ntm2021, 'standard')).toThrow(
      InvalidEligibilityInputError,
    );
  });

  it('refuses a level the pack does not have', () => {
    expect(() => checkEligibility(readyCommune(ntm2016), ntm2016, 'modern')).toThrow(LevelNotInPackError);
    expect(() => checkEligibility(readyCommune(ntm2026), ntm2026, 'standard', 'district')).toThrow(LevelNotInPackError);
  });
});
