import type { CriteriaSet, LevelRules, RecognitionCondition, RecognitionLevel, RegulationPack } from '../regulation-pack';
import { DEFAULT_SETTINGS } from './default-settings';
import { FIVE_CRITERIA_GROUPS, criterion, numberedCriteria } from './define';

const COMMUNE_STANDARD = '2021-2025/commune-standard';
const COMMUNE_ADVANCED = '2021-2025/commune-advanced';
const COMMUNE_MODEL = '2021-2025/commune-model';
const DISTRICT_STANDARD = '2021-2025/district-standard';

/**
 * QĐ 318 Appendix I. Indicators are listed for the criteria whose breakdown is certain; criteria 12-15, 17 and 18 were
 * reworked in 2022 and amended by QĐ 211/2024, and their indicators are not transcribed yet. Thresholds that vary by the
 * seven regions stay free text here.
 */
const communeStandard: CriteriaSet = {
  code: COMMUNE_STANDARD,
  unitKind: 'commune',
  level: 'standard',
  legalBasis: 'QĐ 318/QĐ-TTg, Appendix I (amended by QĐ 211/QĐ-TTg 2024)',
  groups: FIVE_CRITERIA_GROUPS,
  criteria: numberedCriteria(COMMUNE_STANDARD, 'C', [
    {
      nameVi: 'Quy hoạch',
      nameEn: 'Planning',
      group: 'I',
      indicators: [
        {
          nameVi: 'Quy hoạch chung xây dựng xã còn thời hạn hoặc đã được rà soát, điều chỉnh',
          nameEn: 'General construction plan of the commune in force, or reviewed and adjusted',
        },
        {
          nameVi: 'Quy định quản lý quy hoạch được ban hành và thực hiện',
          nameEn: 'Rules for managing the plan issued and applied',
        },
      ],
    },
    {
      nameVi: 'Giao thông',
      nameEn: 'Transport',
      group: 'II',
      indicators: [
        {
          nameVi: 'Đường xã được nhựa hóa hoặc bê tông hóa, ô tô đi lại thuận tiện quanh năm',
          nameEn: 'Commune roads asphalted or concreted, passable by car all year',
          target: '100%',
        },
        {
          nameVi: 'Đường thôn và đường liên thôn được cứng hóa',
          nameEn: 'Village and inter-village roads hardened',
          target: 'per region',
        },
        {
          nameVi: 'Đường ngõ, xóm được cứng hóa, sạch, không lầy lội',
          nameEn: 'Alleys hardened, clean and not muddy',
          target: 'per region',
        },
        {
          nameVi: 'Đường trục chính nội đồng đảm bảo vận chuyển hàng hóa quanh năm',
          nameEn: 'Main field roads passable for goods all year',
          target: 'per region',
        },
      ],
    },
    {
      nameVi: 'Thủy lợi và phòng, chống thiên tai',
      nameEn: 'Irrigation and disaster prevention',
      group: 'II',
      indicators: [
        {
          nameVi: 'Tỷ lệ diện tích đất sản xuất nông nghiệp được tưới và tiêu nước chủ động',
          nameEn: 'Farmland with controlled irrigation and drainage',
          target: 'per region',
        },
        {
          nameVi: 'Chủ động phòng, chống thiên tai theo phương châm "4 tại chỗ"',
          nameEn: 'Disaster prevention ready under the "four on-the-spot" motto',
        },
      ],
    },
    {
      nameVi: 'Điện',
      nameEn: 'Electricity',
      group: 'II',
      indicators: [
        { nameVi: 'Hệ thống điện đạt chuẩn', nameEn: 'Power system up to standard' },
        {
          nameVi: 'Tỷ lệ hộ sử dụng điện thường xuyên, an toàn',
          nameEn: 'Households with regular, safe electricity',
          target: 'per region',
        },
      ],
    },
    {
      nameVi: 'Trường học',
      nameEn: 'Schools',
      group: 'II',
      indicators: [
        {
          nameVi: 'Tỷ lệ trường học các cấp có cơ sở vật chất và thiết bị dạy học đạt chuẩn quốc gia',
          nameEn: 'Schools whose facilities and teaching equipment meet the national standard',
          target: 'per region',
        },
      ],
    },
    {
      nameVi: 'Cơ sở vật chất văn hóa',
      nameEn: 'Cultural facilities',
      group: 'II',
      indicators: [
        {
          nameVi: 'Nhà văn hóa hoặc hội trường đa năng và sân thể thao của xã',
          nameEn: 'Commune cultural house or multipurpose hall and sports ground',
        },
        {
          nameVi: 'Điểm vui chơi, giải trí và thể thao cho trẻ em và người cao tuổi',
          nameEn: 'Play, leisure and sports areas for children and the elderly',
        },
        {
          nameVi: 'Tỷ lệ thôn có nhà văn hóa hoặc nơi sinh hoạt văn hóa, thể thao',
          nameEn: 'Villages with a cultural house or community venue',
          target: '100%',
        },
      ],
    },
    {
      nameVi: 'Cơ sở hạ tầng thương mại nông thôn',
      nameEn: 'Rural commercial infrastructure',
      group: 'II',
      indicators: [{ nameVi: 'Chợ nông thôn hoặc nơi mua bán, trao đổi hàng hóa', nameEn: 'Rural market or trading place' }],
    },
    {
      nameVi: 'Thông tin và Truyền thông',
      nameEn: 'Information and communication',
      group: 'II',
      indicators: [
        { nameVi: 'Điểm phục vụ bưu chính', nameEn: 'Postal service point' },
        { nameVi: 'Dịch vụ viễn thông, internet', nameEn: 'Telecommunication and internet services' },
        { nameVi: 'Đài truyền thanh và hệ thống loa đến các thôn', nameEn: 'Radio station with loudspeakers in every village' },
        {
          nameVi: 'Ứng dụng công nghệ thông tin trong quản lý, điều hành kinh tế - xã hội',
          nameEn: 'Information technology used in socio-economic administration',
        },
      ],
    },
    {
      nameVi: 'Nhà ở dân cư',
      nameEn: 'Housing',
      group: 'II',
      indicators: [
        { nameVi: 'Nhà tạm, dột nát', nameEn: 'Makeshift or dilapidated houses', target: 'none' },
        {
          nameVi: 'Tỷ lệ hộ có nhà ở kiên cố hoặc bán kiên cố',
          nameEn: 'Households in permanent or semi-permanent houses',
          target: 'per region',
        },
      ],
    },
    {
      nameVi: 'Thu nhập',
      nameEn: 'Income',
      group: 'III',
      indicators: [
        {
          nameVi: 'Thu nhập bình quân đầu người khu vực nông thôn',
          nameEn: 'Average rural income per person',
          target: 'per region and year (thresholds unconfirmed)',
        },
      ],
    },
    {
      nameVi: 'Nghèo đa chiều',
      nameEn: 'Multidimensional poverty',
      group: 'III',
      indicators: [
        { nameVi: 'Tỷ lệ nghèo đa chiều giai đoạn 2021-2025', nameEn: 'Multidimensional poverty rate 2021-2025', target: 'per region' },
      ],
    },
    { nameVi: 'Lao động', nameEn: 'Labour', group: 'III' },
    {
      nameVi: 'Tổ chức sản xuất và phát triển kinh tế nông thôn',
      nameEn: 'Production organisation and rural economic development',
      group: 'III',
    },
    { nameVi: 'Giáo dục và Đào tạo', nameEn: 'Education and training', group: 'IV' },
    { nameVi: 'Y tế', nameEn: 'Health', group: 'IV' },
    {
      nameVi: 'Văn hóa',
      nameEn: 'Culture',
      group: 'IV',
      indicators: [{ nameVi: 'Tỷ lệ thôn đạt chuẩn văn hóa', nameEn: 'Villages meeting the cultural standard' }],
    },
    { nameVi: 'Môi trường và an toàn thực phẩm', nameEn: 'Environment and food safety', group: 'IV' },
    { nameVi: 'Hệ thống chính trị và tiếp cận pháp luật', nameEn: 'Political system and access to law', group: 'V' },
    {
      nameVi: 'Quốc phòng và An ninh',
      nameEn: 'Defence and security',
      group: 'V',
      indicators: [
        {
          nameVi: 'Dân quân "vững mạnh, rộng khắp" và hoàn thành chỉ tiêu quốc phòng',
          nameEn: 'Militia "strong and widespread"; defence targets met',
        },
        {
          nameVi: 'Xã đạt chuẩn an toàn về an ninh, trật tự',
          nameEn: 'Commune meets the public security and order standard',
        },
      ],
    },
  ]),
};

/**
 * QĐ 318 Appendix II. The notes confirm Thu nhập, Môi trường, Chất lượng môi trường sống and Quốc phòng và An ninh; the
 * rest of the list and its order are the best available reading, hence provisional. The codes of the four confirmed
 * criteria (C10, C17, C18, C19) are what the revocation rule keys on.
 */
const communeAdvanced: CriteriaSet = {
  code: COMMUNE_ADVANCED,
  unitKind: 'commune',
  level: 'advanced',
  legalBasis: 'QĐ 318/QĐ-TTg, Appendix II',
  provisional: true,
  criteria: numberedCriteria(COMMUNE_ADVANCED, 'C', [
    { nameVi: 'Quy hoạch', nameEn: 'Planning' },
    { nameVi: 'Giao thông', nameEn: 'Transport' },
    { nameVi: 'Thủy lợi và phòng, chống thiên tai', nameEn: 'Irrigation and disaster prevention' },
    { nameVi: 'Điện', nameEn: 'Electricity' },
    { nameVi: 'Giáo dục', nameEn: 'Education' },
    { nameVi: 'Văn hóa', nameEn: 'Culture' },
    { nameVi: 'Cơ sở hạ tầng thương mại nông thôn', nameEn: 'Rural commercial infrastructure' },
    { nameVi: 'Thông tin và Truyền thông', nameEn: 'Information and communication' },
    { nameVi: 'Nhà ở dân cư', nameEn: 'Housing' },
    { nameVi: 'Thu nhập', nameEn: 'Income' },
    { nameVi: 'Nghèo đa chiều', nameEn: 'Multidimensional poverty' },
    { nameVi: 'Lao động', nameEn: 'Labour' },
    { nameVi: 'Tổ chức sản xuất và phát triển kinh tế nông thôn', nameEn: 'Production organisation and rural economic development' },
    { nameVi: 'Y tế', nameEn: 'Health' },
    { nameVi: 'Hành chính công', nameEn: 'Public administration' },
    { nameVi: 'Tiếp cận pháp luật', nameEn: 'Access to law' },
    { nameVi: 'Môi trường', nameEn: 'Environment' },
    { nameVi: 'Chất lượng môi trường sống', nameEn: 'Quality of the living environment' },
    { nameVi: 'Quốc phòng và An ninh', nameEn: 'Defence and security' },
  ]),
};

/**
 * QĐ 319: a model commune must still meet the whole advanced set and, on top of it, the three requirements below, so
 * its set is the advanced set plus M01-M03. Numbers 20-22 only order them after the advanced criteria.
 */
const communeModel: CriteriaSet = {
  code: COMMUNE_MODEL,
  unitKind: 'commune',
  level: 'model',
  legalBasis: 'QĐ 319/QĐ-TTg (with QĐ 318/QĐ-TTg, Appendix II)',
  provisional: true,
  criteria: [
    ...communeAdvanced.criteria,
    criterion(COMMUNE_MODEL, 'M01', 20, {
      nameVi: 'Thu nhập bình quân đầu người cao hơn ít nhất 10% so với mức đạt chuẩn nông thôn mới nâng cao',
      nameEn: 'Average income per person at least 10% above the advanced-level threshold',
      indicators: [
        {
          nameVi: 'Thu nhập bình quân đầu người so với ngưỡng nông thôn mới nâng cao',
          nameEn: 'Average income per person against the advanced threshold',
          target: '≥ 110% of the advanced threshold',
        },
      ],
    }),
    criterion(COMMUNE_MODEL, 'M02', 21, {
      nameVi: 'Có ít nhất một mô hình thôn thông minh',
      nameEn: 'At least one smart-village model',
      indicators: [{ nameVi: 'Số mô hình thôn thông minh', nameEn: 'Smart-village models', target: '≥ 1' }],
    }),
    criterion(COMMUNE_MODEL, 'M03', 22, {
      nameVi: 'Đạt chuẩn kiểu mẫu trong ít nhất một lĩnh vực nổi trội do tỉnh lựa chọn',
      nameEn: 'Model standard in at least one outstanding field chosen by the province',
      indicators: [
        {
          nameVi: 'Số lĩnh vực nổi trội đạt chuẩn kiểu mẫu',
          nameEn: 'Outstanding fields at model standard',
          target: '≥ 1',
        },
      ],
    }),
  ],
};

/** QĐ 320. The notes confirm D06-D09 by name; D01-D05 are the best available reading, hence provisional. */
const districtStandard: CriteriaSet = {
  code: DISTRICT_STANDARD,
  unitKind: 'district',
  level: 'standard',
  legalBasis: 'QĐ 320/QĐ-TTg',
  provisional: true,
  criteria: numberedCriteria(DISTRICT_STANDARD, 'D', [
    { nameVi: 'Quy hoạch', nameEn: 'Planning' },
    { nameVi: 'Giao thông', nameEn: 'Transport' },
    { nameVi: 'Thủy lợi và phòng, chống thiên tai', nameEn: 'Irrigation and disaster prevention' },
    { nameVi: 'Điện', nameEn: 'Electricity' },
    { nameVi: 'Y tế - Văn hóa - Giáo dục', nameEn: 'Health, culture and education' },
    { nameVi: 'Kinh tế', nameEn: 'Economy' },
    { nameVi: 'Môi trường', nameEn: 'Environment' },
    { nameVi: 'Chất lượng môi trường sống', nameEn: 'Quality of the living environment' },
    {
      nameVi: 'Hệ thống chính trị - An ninh, trật tự - Hành chính công',
      nameEn: 'Political system, security and order, public administration',
    },
  ]),
};

/** QĐ 18/2022 art. 3: all four hold for every commune level. */
const COMMUNE_CONDITIONS: RecognitionCondition[] = [
  'all-criteria-met',
  'satisfaction-rate',
  'no-construction-debt',
  'not-complex-security-area',
];

const levels: LevelRules[] = [
  { level: 'standard', unitKind: 'commune', criteriaSetCode: COMMUNE_STANDARD, requires: null, conditions: COMMUNE_CONDITIONS },
  {
    level: 'advanced',
    unitKind: 'commune',
    criteriaSetCode: COMMUNE_ADVANCED,
    requires: 'standard',
    conditions: COMMUNE_CONDITIONS,
  },
  { level: 'model', unitKind: 'commune', criteriaSetCode: COMMUNE_MODEL, requires: 'advanced', conditions: COMMUNE_CONDITIONS },
  districtLevel('standard', null, 0.1),
  // [unsure] QĐ 320 also sets the advanced district level and the towns that "completed the task"; their own lists and
  // commune shares are not in the notes, so the standard district set and conditions stand in.
  districtLevel('advanced', 'standard', 0.1),
  districtLevel('task-completed', null, 0),
];

/**
 * A district level of QĐ 320: only the conditions the notes confirm for districts (satisfaction ≥ 90 % district-wide);
 * what its communes must have reached lives in communePrerequisites.
 */
function districtLevel(level: RecognitionLevel, requires: RecognitionLevel | null, advancedShare: number): LevelRules {
  return {
    level,
    unitKind: 'district',
    criteriaSetCode: DISTRICT_STANDARD,
    requires,
    conditions: ['all-criteria-met', 'satisfaction-rate'],
    satisfactionMinPercent: 90,
    communePrerequisites: { standardShare: 1, advancedShare, perCommuneSatisfactionMinPercent: 80 },
  };
}

/**
 * 2021-2025: QĐ 318/319/320 (criteria) and QĐ 18/2022 (conditions, procedure, revocation). Runs from the day the
 * criteria were issued until QĐ 51/2025 takes effect. Verification stays with the district by default although
 * districts were abolished on 1 July 2025: a deployment judging dossiers after that date sets verifyingLevel.
 */
export const NTM_2021_2025: RegulationPack = {
  id: 'ntm-2021-2025',
  version: '1',
  period: '2021-2025',
  validFrom: '2022-03-08',
  validTo: '2026-02-14',
  title: 'Nông thôn mới 2021-2025',
  legalBasis: [
    'QĐ 318/QĐ-TTg (08/3/2022): national criteria for new rural and advanced new rural communes 2021-2025',
    'QĐ 319/QĐ-TTg (08/3/2022): model new rural communes 2021-2025',
    'QĐ 320/QĐ-TTg (08/3/2022): national criteria for new rural districts 2021-2025',
    'QĐ 18/2022/QĐ-TTg (02/8/2022): conditions, procedure, dossier, recognition and revocation 2021-2025',
    'QĐ 211/QĐ-TTg (2024): amendments to indicators of the 2021-2025 criteria',
  ],
  criteriaSets: [communeStandard, communeAdvanced, communeModel, districtStandard],
  levels,
  revocation: {
    // [unsure] QĐ 18/2022 is dated 2 August 2022; its effective date is not in the notes, so the signing date stands.
    effectiveFrom: '2022-08-02',
    // Advanced and model communes are judged against the advanced set (QĐ 18/2022).
    judgedAgainst: { standard: COMMUNE_STANDARD, advanced: COMMUNE_ADVANCED, model: COMMUNE_ADVANCED },
    // A district loses its recognition when ≥ 30 % of its communes lost theirs, or by the criteria rule on its own set.
    district: { judgedAgainst: { standard: DISTRICT_STANDARD, advanced: DISTRICT_STANDARD, 'task-completed': DISTRICT_STANDARD }, communeLossShare: 0.3 },
    keyCriteria: {
      [COMMUNE_STANDARD]: ['C10', 'C17', 'C19'],
      [COMMUNE_ADVANCED]: ['C10', 'C17', 'C18', 'C19'],
      [DISTRICT_STANDARD]: ['D06', 'D07', 'D08', 'D09'],
    },
    partialShare: 0.3,
    majorityShare: 0.5,
  },
  settings: {
    ...DEFAULT_SETTINGS,
    // [unsure] Provinces speak of a deadline for 2016-2020 recognitions to meet this set; none is confirmed. The end of
    // the period is the latest defensible date; a province sets its own (REGULATION_OVERRIDES, per province).
    requalificationDeadline: '2025-12-31',
  },
};
