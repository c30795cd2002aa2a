import type { Criterion, CriterionGroup, Indicator } from '../regulation-pack';

export interface IndicatorSpec {
  nameVi: string;
  nameEn: string;
  target?: string;
}

export interface CriterionSpec {
  nameVi: string;
  nameEn: string;
  group?: string;
  /**
   * Listed only where the legal text's complete breakdown is known, because indicator codes are positional: an empty
   * list means "not transcribed yet", never "no indicators".
   */
  indicators?: IndicatorSpec[];
}

function indicators(setCode: string, number: number, specs: IndicatorSpec[]): Indicator[] {
  return specs.map((spec, index) => ({ code: `${setCode}/${number}.${index + 1}`, ...spec }));
}

export function criterion(setCode: string, code: string, number: number, spec: CriterionSpec): Criterion {
  const { indicators: indicatorSpecs = [], ...names } = spec;
  return { code, number, ...names, indicators: indicators(setCode, number, indicatorSpecs) };
}

/** Codes follow the law's numbering (criterion 10 → C10) so that a code can be read against the legal text. */
export function numberedCriteria(setCode: string, prefix: 'C' | 'D', specs: CriterionSpec[]): Criterion[] {
  return specs.map((spec, index) => {
    const number = index + 1;
    return criterion(setCode, `${prefix}${String(number).padStart(2, '0')}`, number, spec);
  });
}

/** The commune standard sets of 2016-2020 (QĐ 1980) and 2021-2025 (QĐ 318) share these five groups. */
export const FIVE_CRITERIA_GROUPS: CriterionGroup[] = [
  { code: 'I', nameVi: 'Quy hoạch', nameEn: 'Planning' },
  { code: 'II', nameVi: 'Hạ tầng kinh tế - xã hội', nameEn: 'Socio-economic infrastructure' },
  { code: 'III', nameVi: 'Kinh tế và tổ chức sản xuất', nameEn: 'Economy and production organisation' },
  { code: 'IV', nameVi: 'Văn hóa - xã hội - môi trường', nameEn: 'Culture, society and environment' },
  { code: 'V', nameVi: 'Hệ thống chính trị', nameEn: 'Political system' },
];
