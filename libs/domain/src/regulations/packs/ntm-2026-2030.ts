import type { CriteriaSet, RecognitionCondition, RegulationPack } from '../regulation-pack';
import { DEFAULT_SETTINGS } from './default-settings';
import { type CriterionSpec, numberedCriteria } from './define';

const COMMUNE_STANDARD = '2026-2030/commune-standard';
const COMMUNE_MODERN = '2026-2030/commune-modern';

const TEN_CRITERIA: CriterionSpec[] = [
  { nameVi: 'Quy hoạch', nameEn: 'Planning' },
  { nameVi: 'Hạ tầng kinh tế - xã hội', nameEn: 'Socio-economic infrastructure' },
  { nameVi: 'Phát triển kinh tế nông thôn', nameEn: 'Rural economic development' },
  { nameVi: 'Đào tạo nguồn nhân lực nông thôn', nameEn: 'Rural human-resource training' },
  { nameVi: 'Văn hóa, giáo dục, y tế', nameEn: 'Culture, education and health' },
  { nameVi: 'Giảm nghèo và an sinh xã hội', nameEn: 'Poverty reduction and social security' },
  { nameVi: 'Khoa học công nghệ và chuyển đổi số', nameEn: 'Science, technology and digital transformation' },
  { nameVi: 'Môi trường và cảnh quan nông thôn', nameEn: 'Rural environment and landscape' },
  { nameVi: 'Xây dựng hệ thống chính trị và hành chính công', nameEn: 'Political system and public administration' },
  { nameVi: 'Tiếp cận pháp luật và an ninh, quốc phòng', nameEn: 'Access to law, security and defence' },
];

/**
 * QĐ 51/2025 Appendix I: the ten criteria are confirmed; their 47 indicators, whose thresholds differ by commune group,
 * are not transcribed yet.
 */
const communeStandard: CriteriaSet = {
  code: COMMUNE_STANDARD,
  unitKind: 'commune',
  level: 'standard',
  legalBasis: 'QĐ 51/2025/QĐ-TTg, Appendix I',
  criteria: numberedCriteria(COMMUNE_STANDARD, 'C', TEN_CRITERIA),
};

/**
 * QĐ 51/2025 Appendix II, the pilot modern-commune framework. Its structure is not transcribed; this stand-in assumes
 * the same ten areas judged at higher thresholds, so that a modern dossier is judged on something rather than on an
 * empty set that every commune would pass.
 */
const communeModern: CriteriaSet = {
  code: COMMUNE_MODERN,
  unitKind: 'commune',
  level: 'modern',
  legalBasis: 'QĐ 51/2025/QĐ-TTg, Appendix II (pilot)',
  provisional: true,
  criteria: numberedCriteria(COMMUNE_MODERN, 'C', TEN_CRITERIA),
};

/** The replacement for QĐ 18/2022 is unconfirmed; its four conditions are the documented default. */
const COMMUNE_CONDITIONS: RecognitionCondition[] = [
  'all-criteria-met',
  'satisfaction-rate',
  'no-construction-debt',
  'not-complex-security-area',
];

/**
 * 2026-2030 (phase 1 of the 2026-2035 programme): QĐ 51/2025, in force 15 February 2026. No districts exist any more,
 * so the province verifies.
 */
export const NTM_2026_2030: RegulationPack = {
  id: 'ntm-2026-2030',
  version: '1',
  period: '2026-2030',
  validFrom: '2026-02-15',
  validTo: '2030-12-31',
  title: 'Nông thôn mới 2026-2030',
  legalBasis: [
    'QĐ 51/2025/QĐ-TTg (in force 15/02/2026): national criteria for new rural communes 2026-2030 ' +
      'and the pilot modern-commune framework',
  ],
  criteriaSets: [communeStandard, communeModern],
  levels: [
    { level: 'standard', unitKind: 'commune', criteriaSetCode: COMMUNE_STANDARD, requires: null, conditions: COMMUNE_CONDITIONS },
    { level: 'modern', unitKind: 'commune', criteriaSetCode: COMMUNE_MODERN, requires: 'standard', conditions: COMMUNE_CONDITIONS },
  ],
  /**
   * No 2026-2030 revocation rule is confirmed: QĐ 18/2022's shares stand in. Its key criteria are mapped onto the new
   * set by subject — income now sits in C03 (rural economic development), environment in C08, defence and security in
   * C10. A confirmed rule replaces this through a new pack version, never a setting, so that a recognition is judged
   * by the rule of the pack it was granted under.
   */
  revocation: {
    effectiveFrom: '2026-02-15',
    judgedAgainst: { standard: COMMUNE_STANDARD, modern: COMMUNE_MODERN },
    keyCriteria: { [COMMUNE_STANDARD]: ['C03', 'C08', 'C10'], [COMMUNE_MODERN]: ['C03', 'C08', 'C10'] },
    partialShare: 0.3,
    majorityShare: 0.5,
    provisional: true,
  },
  settings: {
    ...DEFAULT_SETTINGS,
    verifyingLevel: 'province',
    // [unsure] Placeholder: communes recognised under 2021-2025 must meet this set by the end of the phase.
    requalificationDeadline: '2030-12-31',
  },
  communeGroups: [
    {
      code: '1',
      nameVi: 'Nhóm 1: xã ven đô thị hoặc có tỷ trọng nông nghiệp dưới 10% cơ cấu kinh tế',
      nameEn: 'Group 1: near-urban communes, or agriculture under 10% of the economy',
    },
    { code: '2', nameVi: 'Nhóm 2: các xã còn lại', nameEn: 'Group 2: all other communes' },
    {
      code: '3',
      nameVi: 'Nhóm 3: xã khu vực II, III vùng đồng bào dân tộc thiểu số và miền núi',
      nameEn: 'Group 3: region II and III ethnic-minority and mountain communes',
    },
  ],
};
