import type { CriteriaSet, RegulationPack } from '../regulation-pack';
import { DEFAULT_SETTINGS } from './default-settings';
import { FIVE_CRITERIA_GROUPS, criterion, numberedCriteria } from './define';

const COMMUNE_STANDARD = '2016-2020/commune-standard';
const COMMUNE_ADVANCED = '2016-2020/commune-advanced';
const COMMUNE_MODEL = '2016-2020/commune-model';
const DISTRICT_STANDARD = '2016-2020/district-standard';

const communeStandard: CriteriaSet = {
  code: COMMUNE_STANDARD,
  unitKind: 'commune',
  level: 'standard',
  legalBasis: 'QĐ 1980/QĐ-TTg',
  groups: FIVE_CRITERIA_GROUPS,
  criteria: numberedCriteria(COMMUNE_STANDARD, 'C', [
    {
      nameVi: 'Quy hoạch',
      nameEn: 'Planning',
      group: 'I',
      indicators: [
        {
          nameVi: 'Quy hoạch chung xây dựng xã được phê duyệt và công bố công khai đúng thời hạn',
          nameEn: 'General construction plan of the commune approved and published on time',
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
          nameVi: 'Đường xã và đường từ trung tâm xã đến đường huyện được nhựa hóa hoặc bê tông hóa',
          nameEn: 'Commune roads and roads to the district road asphalted or concreted',
          target: '100%',
        },
        { nameVi: 'Đường trục thôn và đường liên thôn được cứng hóa', nameEn: 'Village and inter-village roads hardened' },
        { nameVi: 'Đường ngõ, xóm sạch, không lầy lội vào mùa mưa', nameEn: 'Alleys clean and not muddy in the rainy season' },
        {
          nameVi: 'Đường trục chính nội đồng đảm bảo vận chuyển hàng hóa quanh năm',
          nameEn: 'Main field roads passable for goods all year',
        },
      ],
    },
    {
      nameVi: 'Thủy lợi',
      nameEn: 'Irrigation',
      group: 'II',
      indicators: [
        {
          nameVi: 'Diện tích đất sản xuất nông nghiệp được tưới và tiêu nước chủ động',
          nameEn: 'Farmland with controlled irrigation and drainage',
          target: '≥ 80%',
        },
        {
          nameVi: 'Đáp ứng yêu cầu dân sinh và phòng, chống thiên tai tại chỗ',
          nameEn: 'Meets daily-life needs and on-site disaster prevention requirements',
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
          nameVi: 'Ứng dụng công nghệ thông tin trong quản lý, điều hành',
          nameEn: 'Information technology used in administration',
        },
      ],
    },
    {
      nameVi: 'Nhà ở dân cư',
      nameEn: 'Housing',
      group: 'II',
      indicators: [
        { nameVi: 'Nhà tạm, dột nát', nameEn: 'Makeshift or dilapidated houses', target: 'none' },
        { nameVi: 'Tỷ lệ hộ có nhà ở đạt chuẩn', nameEn: 'Households with standard housing', target: 'per region' },
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
          target: 'per region and year',
        },
      ],
    },
    {
      nameVi: 'Hộ nghèo',
      nameEn: 'Poor households',
      group: 'III',
      indicators: [
        { nameVi: 'Tỷ lệ hộ nghèo đa chiều', nameEn: 'Multidimensional poor-household rate', target: 'per region' },
      ],
    },
    {
      nameVi: 'Lao động có việc làm',
      nameEn: 'Employment',
      group: 'III',
      indicators: [
        {
          nameVi: 'Tỷ lệ người có việc làm trên dân số trong độ tuổi lao động có khả năng lao động',
          nameEn: 'Employed share of the working-age population able to work',
          target: '≥ 90%',
        },
      ],
    },
    {
      nameVi: 'Tổ chức sản xuất',
      nameEn: 'Production organisation',
      group: 'III',
      indicators: [
        { nameVi: 'Hợp tác xã hoạt động theo Luật Hợp tác xã', nameEn: 'A cooperative operating under the Cooperatives Law' },
        {
          nameVi: 'Mô hình liên kết sản xuất gắn với tiêu thụ nông sản chủ lực',
          nameEn: 'Production linkage tied to selling the commune’s key products',
        },
      ],
    },
    {
      nameVi: 'Giáo dục và Đào tạo',
      nameEn: 'Education and training',
      group: 'IV',
      indicators: [
        {
          nameVi: 'Phổ cập giáo dục mầm non cho trẻ 5 tuổi, tiểu học, trung học cơ sở; xóa mù chữ',
          nameEn: 'Universal preschool (age 5), primary and lower-secondary education; literacy',
        },
        {
          nameVi: 'Tỷ lệ học sinh tốt nghiệp trung học cơ sở được tiếp tục học trung học',
          nameEn: 'Lower-secondary graduates continuing to upper-secondary or vocational education',
        },
        { nameVi: 'Tỷ lệ lao động có việc làm qua đào tạo', nameEn: 'Employed workers with training', target: 'per region' },
      ],
    },
    {
      nameVi: 'Y tế',
      nameEn: 'Health',
      group: 'IV',
      indicators: [
        { nameVi: 'Tỷ lệ người dân tham gia bảo hiểm y tế', nameEn: 'Health insurance coverage' },
        { nameVi: 'Xã đạt tiêu chí quốc gia về y tế', nameEn: 'Commune meets the national health criteria' },
        {
          nameVi: 'Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi',
          nameEn: 'Stunting among children under five',
          target: 'per region',
        },
      ],
    },
    {
      nameVi: 'Văn hóa',
      nameEn: 'Culture',
      group: 'IV',
      indicators: [
        { nameVi: 'Tỷ lệ thôn đạt tiêu chuẩn văn hóa', nameEn: 'Villages meeting the cultural standard', target: '≥ 70%' },
      ],
    },
    {
      nameVi: 'Môi trường và an toàn thực phẩm',
      nameEn: 'Environment and food safety',
      group: 'IV',
      indicators: [
        {
          nameVi: 'Tỷ lệ hộ sử dụng nước hợp vệ sinh và nước sạch',
          nameEn: 'Households using hygienic and clean water',
          target: 'per region',
        },
        {
          nameVi: 'Cơ sở sản xuất, kinh doanh, nuôi trồng thủy sản, làng nghề đảm bảo quy định về bảo vệ môi trường',
          nameEn: 'Businesses, aquaculture and craft villages complying with environmental rules',
          target: '100%',
        },
        { nameVi: 'Cảnh quan, môi trường xanh - sạch - đẹp, an toàn', nameEn: 'Green, clean, attractive and safe landscape' },
        { nameVi: 'Mai táng phù hợp quy định và quy hoạch', nameEn: 'Burials following regulations and the plan' },
        {
          nameVi: 'Chất thải rắn và nước thải được thu gom, xử lý theo quy định',
          nameEn: 'Solid waste and wastewater collected and treated as required',
        },
        {
          nameVi: 'Tỷ lệ hộ có nhà tiêu, nhà tắm, bể chứa nước sinh hoạt hợp vệ sinh và đảm bảo 3 sạch',
          nameEn: 'Households with hygienic latrine, bathroom and water tank ("three cleans")',
        },
        {
          nameVi: 'Tỷ lệ hộ chăn nuôi có chuồng trại đảm bảo vệ sinh môi trường',
          nameEn: 'Livestock households with hygienic pens',
        },
        {
          nameVi: 'Tỷ lệ hộ gia đình và cơ sở sản xuất, kinh doanh thực phẩm tuân thủ quy định an toàn thực phẩm',
          nameEn: 'Households and food businesses complying with food-safety rules',
          target: '100%',
        },
      ],
    },
    {
      nameVi: 'Hệ thống chính trị và tiếp cận pháp luật',
      nameEn: 'Political system and access to law',
      group: 'V',
      indicators: [
        { nameVi: 'Cán bộ, công chức xã đạt chuẩn', nameEn: 'Commune officials meet the standard' },
        { nameVi: 'Có đủ các tổ chức trong hệ thống chính trị cơ sở', nameEn: 'All grassroots political organisations in place' },
        {
          nameVi: 'Đảng bộ, chính quyền xã đạt tiêu chuẩn "trong sạch, vững mạnh"',
          nameEn: 'Party committee and commune government rated "clean and strong"',
        },
        {
          nameVi: 'Tổ chức chính trị - xã hội của xã đạt loại khá trở lên',
          nameEn: 'Socio-political organisations rated good or better',
        },
        { nameVi: 'Xã đạt chuẩn tiếp cận pháp luật', nameEn: 'Commune meets the access-to-law standard' },
        {
          nameVi: 'Đảm bảo bình đẳng giới và phòng, chống bạo lực gia đình',
          nameEn: 'Gender equality and domestic-violence prevention',
        },
      ],
    },
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
          nameVi: 'Xã đạt chuẩn an toàn về an ninh, trật tự xã hội',
          nameEn: 'Commune meets the public security and order standard',
        },
      ],
    },
  ]),
};

/**
 * There was no national advanced set for 2016-2020: provinces issued their own [practice], mostly raising the
 * thresholds of the nineteen national criteria. The national criteria stand in, names only, so that an advanced
 * recognition of those years can be recorded; a province's own set replaces it through a provincial pack.
 */
const communeAdvanced: CriteriaSet = {
  code: COMMUNE_ADVANCED,
  unitKind: 'commune',
  level: 'advanced',
  legalBasis: 'Issued by each province (no national set); the QĐ 1980/QĐ-TTg criteria stand in',
  provisional: true,
  groups: FIVE_CRITERIA_GROUPS,
  criteria: communeStandard.criteria.map(({ code, number, nameVi, nameEn, group }) =>
    criterion(COMMUNE_ADVANCED, code, number, { nameVi, nameEn, group }),
  ),
};

/**
 * QĐ 691/QĐ-TTg (2018) [unsure]: a model commune of 2018-2020 already held the standard recognition and met the
 * requirements below on top of the standard set; the four areas are the best available reading.
 */
const communeModel: CriteriaSet = {
  code: COMMUNE_MODEL,
  unitKind: 'commune',
  level: 'model',
  legalBasis: 'QĐ 691/QĐ-TTg (2018): model new rural communes 2018-2020',
  provisional: true,
  groups: FIVE_CRITERIA_GROUPS,
  criteria: [
    ...communeStandard.criteria.map(({ code, number, nameVi, nameEn, group }) => criterion(COMMUNE_MODEL, code, number, { nameVi, nameEn, group })),
    criterion(COMMUNE_MODEL, 'M01', 20, { nameVi: 'Sản xuất - Thu nhập - Hộ nghèo', nameEn: 'Production, income and poor households' }),
    criterion(COMMUNE_MODEL, 'M02', 21, { nameVi: 'Giáo dục - Y tế - Văn hóa', nameEn: 'Education, health and culture' }),
    criterion(COMMUNE_MODEL, 'M03', 22, { nameVi: 'Môi trường', nameEn: 'Environment' }),
    criterion(COMMUNE_MODEL, 'M04', 23, { nameVi: 'An ninh, trật tự - Hành chính công', nameEn: 'Security and order, public administration' }),
  ],
};

/**
 * QĐ 558/QĐ-TTg (2016) [unsure]: districts reaching the standard, and towns and provincial cities that "completed the
 * task" of building new rural areas, judged on nine criteria. Names are the best available reading.
 */
const districtStandard: CriteriaSet = {
  code: DISTRICT_STANDARD,
  unitKind: 'district',
  level: 'standard',
  legalBasis: 'QĐ 558/QĐ-TTg (2016): new rural districts and towns that completed the task',
  provisional: true,
  criteria: numberedCriteria(DISTRICT_STANDARD, 'D', [
    { nameVi: 'Quy hoạch', nameEn: 'Planning' },
    { nameVi: 'Giao thông', nameEn: 'Transport' },
    { nameVi: 'Thủy lợi', nameEn: 'Irrigation' },
    { nameVi: 'Điện', nameEn: 'Electricity' },
    { nameVi: 'Y tế - Văn hóa - Giáo dục', nameEn: 'Health, culture and education' },
    { nameVi: 'Sản xuất', nameEn: 'Production' },
    { nameVi: 'Môi trường', nameEn: 'Environment' },
    { nameVi: 'An ninh, trật tự xã hội', nameEn: 'Social security and order' },
    { nameVi: 'Chỉ đạo xây dựng nông thôn mới', nameEn: 'Steering of new rural development' },
  ]),
};

const DISTRICT_CONDITIONS = { conditions: ['all-criteria-met' as const], communePrerequisites: { standardShare: 1, advancedShare: 0, perCommuneSatisfactionMinPercent: 0 } };

/**
 * 2016-2020: QĐ 1980 (criteria) and QĐ 2540 (procedure). The commune had to be in the district's plan; there was no
 * satisfaction or security condition and no revocation rule. The pack applies from the day QĐ 1980 was signed (the
 * 2010-2015 set applied until then) to the day before the 2021-2025 sets were issued, which provinces waited for.
 */
export const NTM_2016_2020: RegulationPack = {
  id: 'ntm-2016-2020',
  version: '1',
  period: '2016-2020',
  validFrom: '2016-10-17',
  validTo: '2022-03-07',
  title: 'Nông thôn mới 2016-2020',
  legalBasis: [
    'QĐ 1980/QĐ-TTg (17/10/2016): national criteria for new rural communes 2016-2020',
    'QĐ 2540/QĐ-TTg (30/12/2016): conditions, procedure and dossier for recognition 2016-2020',
    'QĐ 691/QĐ-TTg (2018): model new rural communes 2018-2020',
    'QĐ 558/QĐ-TTg (2016): new rural districts; towns and provincial cities that completed the task',
  ],
  criteriaSets: [communeStandard, communeAdvanced, communeModel, districtStandard],
  levels: [
    { level: 'standard', unitKind: 'commune', criteriaSetCode: COMMUNE_STANDARD, requires: null, conditions: ['all-criteria-met', 'registered-in-plan'] },
    { level: 'advanced', unitKind: 'commune', criteriaSetCode: COMMUNE_ADVANCED, requires: 'standard', conditions: ['all-criteria-met'] },
    { level: 'model', unitKind: 'commune', criteriaSetCode: COMMUNE_MODEL, requires: 'standard', conditions: ['all-criteria-met'] },
    { level: 'standard', unitKind: 'district', criteriaSetCode: DISTRICT_STANDARD, requires: null, ...DISTRICT_CONDITIONS },
    { level: 'task-completed', unitKind: 'district', criteriaSetCode: DISTRICT_STANDARD, requires: null, ...DISTRICT_CONDITIONS },
  ],
  revocation: null,
  // satisfactionMinPercent is carried but unused: no level of this pack has a satisfaction condition.
  settings: { ...DEFAULT_SETTINGS },
};
