import type { CriteriaSet, RegulationPack } from '../regulation-pack';
import { DEFAULT_SETTINGS } from './default-settings';
import { FIVE_CRITERIA_GROUPS, numberedCriteria } from './define';

const COMMUNE_STANDARD = '2010-2015/commune-standard';

/**
 * QĐ 491/QĐ-TTg (2009) as amended by QĐ 342/QĐ-TTg (2013): the first national set, 19 criteria. Criterion 12 was
 * "Cơ cấu lao động" until QĐ 342 replaced it by the share of people in regular work. Names only: the indicators and
 * their regional thresholds are not transcribed, and the list is provisional until checked against the texts.
 */
const communeStandard: CriteriaSet = {
  code: COMMUNE_STANDARD,
  unitKind: 'commune',
  level: 'standard',
  legalBasis: 'QĐ 491/QĐ-TTg (16/4/2009), amended by QĐ 342/QĐ-TTg (20/02/2013)',
  provisional: true,
  groups: FIVE_CRITERIA_GROUPS,
  criteria: numberedCriteria(COMMUNE_STANDARD, 'C', [
    { nameVi: 'Quy hoạch và thực hiện quy hoạch', nameEn: 'Planning and carrying out the plan', group: 'I' },
    { nameVi: 'Giao thông', nameEn: 'Transport', group: 'II' },
    { nameVi: 'Thủy lợi', nameEn: 'Irrigation', group: 'II' },
    { nameVi: 'Điện', nameEn: 'Electricity', group: 'II' },
    { nameVi: 'Trường học', nameEn: 'Schools', group: 'II' },
    { nameVi: 'Cơ sở vật chất văn hóa', nameEn: 'Cultural facilities', group: 'II' },
    { nameVi: 'Chợ nông thôn', nameEn: 'Rural market', group: 'II' },
    { nameVi: 'Bưu điện', nameEn: 'Post office', group: 'II' },
    { nameVi: 'Nhà ở dân cư', nameEn: 'Housing', group: 'II' },
    { nameVi: 'Thu nhập', nameEn: 'Income', group: 'III' },
    { nameVi: 'Hộ nghèo', nameEn: 'Poor households', group: 'III' },
    { nameVi: 'Tỷ lệ lao động có việc làm thường xuyên', nameEn: 'Share of people in regular work', group: 'III' },
    { nameVi: 'Hình thức tổ chức sản xuất', nameEn: 'Forms of production organisation', group: 'III' },
    { nameVi: 'Giáo dục', nameEn: 'Education', group: 'IV' },
    { nameVi: 'Y tế', nameEn: 'Health', group: 'IV' },
    { nameVi: 'Văn hóa', nameEn: 'Culture', group: 'IV' },
    { nameVi: 'Môi trường', nameEn: 'Environment', group: 'IV' },
    { nameVi: 'Hệ thống tổ chức chính trị xã hội vững mạnh', nameEn: 'Strong political and social organisations', group: 'V' },
    { nameVi: 'An ninh, trật tự xã hội được giữ vững', nameEn: 'Social security and order maintained', group: 'V' },
  ]),
};

/**
 * 2010-2015: the first programme period. Recognitions of these years are recorded by importing a province's history;
 * there was no revocation rule, and such a recognition is judged for revocation by QĐ 18/2022 against the 2021-2025 set
 * once that rule took effect (see revocationJudgement). The pack runs from QĐ 491 until QĐ 1980 replaced the set.
 */
export const NTM_2010_2015: RegulationPack = {
  id: 'ntm-2010-2015',
  version: '1',
  period: '2010-2015',
  validFrom: '2009-04-16',
  validTo: '2016-10-16',
  title: 'Nông thôn mới 2010-2015',
  legalBasis: [
    'QĐ 491/QĐ-TTg (16/4/2009): national criteria for new rural communes',
    'QĐ 342/QĐ-TTg (20/02/2013): amendments to the national criteria',
  ],
  criteriaSets: [communeStandard],
  levels: [{ level: 'standard', unitKind: 'commune', criteriaSetCode: COMMUNE_STANDARD, requires: null, conditions: ['all-criteria-met'] }],
  revocation: null,
  settings: { ...DEFAULT_SETTINGS },
};
