import {
  getPack,
  LevelNotInPackError,
  revocationGrounds,
  UnknownCriterionError,
  type RecognitionLevel,
  type RegulationPack,
} from '.';

const ntm2016 = getPack('ntm-2016-2020', '1');
const ntm2021 = getPack('ntm-2021-2025', '1');
const ntm2026 = getPack('ntm-2026-2030', '1');

const INCOME = 'C10';
const ENVIRONMENT_AND_FOOD = 'C17';
const LIVING_ENVIRONMENT = 'C18';
const nonKey = (count: number) => ['C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C07', 'C08', 'C09', 'C11', 'C12'].slice(0, count);

describe('revocationGrounds (QĐ 18/2022)', () => {
  it.each([
    // label, pack, level, failing, hasGrounds, rule, keyFailing
    ['0 of 19 failing', ntm2021, 'standard', [], false, null, []],
    ['5 of 19 incl. income: under 30%', ntm2021, 'standard', [INCOME, ...nonKey(4)], false, null, [INCOME]],
    ['6 of 19 incl. income: 30%-50% with a key one', ntm2021, 'standard', [INCOME, ...nonKey(5)], true, 'partial-with-key', [INCOME]],
    ['6 of 19, no key criterion', ntm2021, 'standard', nonKey(6), false, null, []],
    ['9 of 19 incl. environment & food safety', ntm2021, 'standard', [ENVIRONMENT_AND_FOOD, ...nonKey(8)], true, 'partial-with-key', [ENVIRONMENT_AND_FOOD]],
    ['9 of 19, no key criterion', ntm2021, 'standard', nonKey(9), false, null, []],
    ['10 of 19, no key criterion: majority', ntm2021, 'standard', nonKey(10), true, 'majority', []],
    ['10 of 19 incl. income: majority wins over partial', ntm2021, 'standard', [INCOME, ...nonKey(9)], true, 'majority', [INCOME]],
    ['advanced: 6 incl. quality of living environment', ntm2021, 'advanced', [LIVING_ENVIRONMENT, ...nonKey(5)], true, 'partial-with-key', [LIVING_ENVIRONMENT]],
    ['model judged against the advanced set', ntm2021, 'model', [LIVING_ENVIRONMENT, ...nonKey(5)], true, 'partial-with-key', [LIVING_ENVIRONMENT]],
    ['standard: living environment is not key there', ntm2021, 'standard', [LIVING_ENVIRONMENT, ...nonKey(5)], false, null, []],
    ['2016 pack has no revocation rule', ntm2016, 'standard', [INCOME, ...nonKey(11)], false, null, []],
    ['2026: 3 of 10 incl. C03 is exactly 30%', ntm2026, 'standard', ['C03', 'C01', 'C02'], true, 'partial-with-key', ['C03']],
    ['2026: 2 of 10 incl. C03 is under 30%', ntm2026, 'standard', ['C03', 'C01'], false, null, ['C03']],
    ['2026: 5 of 10 is exactly half', ntm2026, 'standard', ['C01', 'C02', 'C04', 'C05', 'C06'], true, 'majority', []],
  ] as const)('%s', (_label, pack, level, failing, hasGrounds, rule, keyFailing) => {
    const grounds = revocationGrounds([...failing], pack, level);
    expect(grounds).toMatchObject({ hasGrounds, rule, keyFailing });
    expect(grounds.failing).toHaveLength(failing.length);
  });

  it('reports the judged set, its size and the share failing', () => {
    expect(revocationGrounds([INCOME, ...nonKey(5)], ntm2021, 'model')).toEqual({
      hasGrounds: true,
      rule: 'partial-with-key',
      failing: ['C01', 'C02', 'C03', 'C04', 'C05', 'C10'],
      keyFailing: ['C10'],
      total: 19,
      share: 6 / 19,
      judgedAgainst: '2021-2025/commune-advanced',
      judgedBy: { packId: 'ntm-2021-2025', packVersion: '1' },
    });
  });

  it('meets a share exactly even where binary floating point overshoots (0.28 × 25 = 7)', () => {
    const base = ntm2026.criteriaSets[0]!;
    const criteria = Array.from({ length: 25 }, (_, index) => ({ ...base.criteria[0]!, code: `X${index + 1}` }));
    const pack: RegulationPack = {
      ...ntm2026,
      criteriaSets: [{ ...base, criteria }],
      revocation: { ...ntm2026.revocation!, judgedAgainst: { standard: base.code }, majorityShare: 0.28 },
    };
    const sevenFailing = criteria.slice(0, 7).map((criterion) => criterion.code);
    expect(revocationGrounds(sevenFailing, pack, 'standard')).toMatchObject({ hasGrounds: true, rule: 'majority' });
    expect(revocationGrounds(sevenFailing.slice(1), pack, 'standard').hasGrounds).toBe(false);
  });

  it('counts a criterion named twice once', () => {
    const grounds = revocationGrounds([INCOME, INCOME, ...nonKey(4)], ntm2021, 'standard');
    expect(grounds).toMatchObject({ failing: ['C01', 'C02', 'C03', 'C04', 'C10'], hasGrounds: false });
  });

  it('rejects codes outside the judged set, naming them', () => {
    expect(() => revocationGrounds(['C10', 'C20'], ntm2021, 'standard')).toThrow(UnknownCriterionError);
    expect(() => revocationGrounds(['M01'], ntm2021, 'model')).toThrow(/has no criterion M01/);
    expect(() => revocationGrounds(['C99'], ntm2016, 'standard')).toThrow(UnknownCriterionError);
  });

  it.each([
    [ntm2016.id, ntm2016, 'modern'],
    [ntm2021.id, ntm2021, 'modern'],
  ] as const)('%s refuses a level it does not have', (_id, pack, level: RecognitionLevel) => {
    expect(() => revocationGrounds([], pack, level)).toThrow(LevelNotInPackError);
  });
});
