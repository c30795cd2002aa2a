import { unitReport, type ReportAssessment, type ReportInterval, type UnitReportInput } from '.';

const SET = { code: '2021-2025/commune-standard', total: 19 };
const commune = (code: string, district = '001') => ({ code, name: `Xã ${code}`, districtCode: district, districtName: `Huyện ${district}` });
const rec = (communeCode: string, level: ReportInterval['level'], from: string, to: string | null = null, map: ReportInterval['map'] = '2025-03'): ReportInterval => ({
  communeCode, map, level, from, to, decisionNo: `${communeCode}/${from}`,
});
let order = 0;
const asm = (communeCode: string, assessedOn: string, met: number, total = 19, criteriaSetCode = SET.code, source = 'yearly', map: ReportAssessment['map'] = '2025-03'): ReportAssessment => ({
  communeCode, map, criteriaSetCode, assessedOn, met, total, source, order: String(++order),
});

/**
 * Five communes of a district on the March 2025 map, hand-counted:
 *   A standard since 2022-05-01 (advanced since 2024-06-01) · B standard 2023-02-01, revoked 2024-09-01 · C standard 2024-03-01
 *   D none · E none. Assessments of the 2021-2025 set: A 19 (full), B 14 (count), C 19 (full), D 12 (count) then 13
 *   the same day (a correction), E only under the 2016-2020 set (15/19).
 */
const base = (asOf: string, extra: Partial<UnitReportInput> = {}): UnitReportInput => ({
  unit: { code: '001', name: 'Huyện 001', level: 'district', map: '2025-03' },
  asOf,
  policy: 'guidance-267',
  communes: ['A', 'B', 'C', 'D', 'E'].map((c) => commune(c)),
  criteriaSet: SET,
  intervals: [rec('A', 'standard', '2022-05-01'), rec('A', 'advanced', '2024-06-01'), rec('B', 'standard', '2023-02-01', '2024-09-01'), rec('C', 'standard', '2024-03-01')],
  assessments: [asm('A', '2024-12-20', 19), asm('B', '2024-12-20', 14, 19, SET.code, 'count'), asm('C', '2024-12-20', 19), asm('D', '2024-12-20', 12, 19, SET.code, 'count'), asm('D', '2024-12-20', 13, 19, SET.code, 'count'), asm('E', '2020-12-20', 15, 19, '2016-2020/commune-standard')],
  periodPlan: null,
  yearPlan: null,
  floor: null,
  ...extra,
});

describe('a unit’s report as provinces state it', () => {
  it('counts each level (a higher level includes the lower) over every commune of the unit', () => {
    const r = unitReport(base('2024-12-31'));
    expect(r.communes).toBe(5);
    expect(r.recognised).toEqual({
      standard: { communes: 2, percent: 40 },
      advanced: { communes: 1, percent: 20 },
      model: { communes: 0, percent: 0 },
      modern: { communes: 0, percent: 0 },
    });
  });

  it('averages full and count-only assessments of the date’s set alike, the latest (a correction) of each commune, never another set', () => {
    const r = unitReport(base('2024-12-31'));
    // (19 + 14 + 19 + 13) / 4 = 16.25; E's 2016-2020 count is not mixed in but shown on its own.
    expect(r.averageCriteria).toBe(16.25);
    expect(r.coverage).toEqual({ assessed: 4, of: 5, complete: false });
    expect(r.otherSets).toEqual([{ criteriaSet: '2016-2020/commune-standard', total: 19, assessed: 1, average: 15 }]);
  });

  it('counts communes below a floor and lists them', () => {
    expect(unitReport(base('2024-12-31', { floor: 15 })).below).toEqual({ threshold: 15, communes: 2, codes: ['B', 'D'] });
  });

  it('gives progress against the period’s plan (communes or % by its end) and the year’s (added this year)', () => {
    const r = unitReport(
      base('2024-12-31', {
        periodPlan: { period: '2021-2025', standardPercent: 80, advanced: 2, averageCriteria: 17, floorCriteria: 15 },
        yearPlan: { year: 2024, targetsAre: 'additions', standard: 2, advanced: 1 },
      }),
    );
    // 80 % of 5 communes is 4; 2 recognised → 50 %. Advanced: 1 of 2.
    expect(r.plan.period).toEqual({
      period: '2021-2025',
      standard: { target: { communes: null, percent: 80 }, targetCommunes: 4, actual: 2, percentOfPlan: 50 },
      advanced: { target: { communes: 2, percent: null }, targetCommunes: 2, actual: 1, percentOfPlan: 50 },
      averageCriteria: { target: 17, actual: 16.25, percentOfPlan: 95.59 },
      floor: { threshold: 15, below: 2, met: false },
    });
    // Added in 2024: C reached standard (B held it at the end of 2023 and lost it), A reached advanced.
    expect(r.plan.year).toMatchObject({ year: 2024, targetsAre: 'additions', standard: { targetCommunes: 2, actual: 1, percentOfPlan: 50 }, advanced: { actual: 1, percentOfPlan: 100 } });
  });

  it('as of a past date, only what held then: mid-2023 two recognised, none advanced, no assessment yet', () => {
    const r = unitReport(base('2023-06-30'));
    expect(r.recognised.standard.communes).toBe(2);
    expect(r.recognised.advanced.communes).toBe(0);
    expect(r.averageCriteria).toBeNull();
  });

  it('on the July 2025 map counts a merged commune by the province’s policy, and its own recognitions', () => {
    const july = (policy: UnitReportInput['policy']) =>
      unitReport({
        ...base('2025-12-31'),
        policy,
        unit: { code: '99', name: 'Tỉnh 99', level: 'province', map: '2025-07' },
        communes: [
          { ...commune('N1'), predecessors: [{ code: 'A', partial: false }, { code: 'C', partial: false }] },
          { ...commune('N2'), predecessors: [{ code: 'B', partial: false }, { code: 'D', partial: false }] },
          { ...commune('N3'), predecessors: [{ code: 'E', partial: false }] },
        ],
        intervals: [...base('2025-12-31').intervals, rec('N3', 'standard', '2025-10-01', null, '2025-07')],
      });
    // N1 = A (advanced) + C (standard): mixed → standard under 267; nothing until re-assessed otherwise. N2: B revoked, D none → none.
    expect(july('guidance-267').communeList.map((c) => [c.code, c.level, c.basis])).toEqual([
      ['N1', 'standard', 'merged-lower-level'],
      ['N2', null, 'none'],
      ['N3', 'standard', 'own'],
    ]);
    expect(july('none-until-reassessed').communeList.map((c) => [c.code, c.level])).toEqual([
      ['N1', null],
      ['N2', null],
      ['N3', 'standard'],
    ]);
    expect(july('guidance-267').districts).toEqual([]);
  });

  it('breaks a province down by district before July 2025', () => {
    const r = unitReport({ ...base('2024-12-31'), unit: { code: '01', name: 'Tỉnh 01', level: 'province', map: '2025-03' }, communes: [commune('A', '001'), commune('B', '001'), commune('C', '002')] });
    expect(r.districts.map((d) => [d.districtCode, d.communes, d.recognised.standard.communes, d.averageCriteria])).toEqual([
      ['001', 2, 1, 16.5],
      ['002', 1, 1, 19],
    ]);
  });
});
