import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { REPORT_LEVELS, type UnitReport } from '@app/domain';

type Cell = string | number | boolean | null;

const LEVEL_VI: Record<string, string> = { standard: 'Đạt chuẩn NTM', advanced: 'NTM nâng cao', model: 'NTM kiểu mẫu', modern: 'Xã NTM hiện đại' };
const BASIS_VI: Record<string, string> = {
  own: 'Quyết định của xã',
  continuity: 'Kế thừa (xã giữ nguyên)',
  'merged-same-level': 'Sáp nhập: các xã cùng mức',
  'merged-lower-level': 'Sáp nhập: mức thấp hơn',
  'merged-some-unrecognised': 'Sáp nhập: có xã chưa đạt',
  'merged-not-counted': 'Sáp nhập: chưa tính đến khi đánh giá lại',
  none: '',
};

/** The statistics table as rows: a Vietnamese label, the English key, the figures. */
export function summaryRows(r: UnitReport): Cell[][] {
  const rows: Cell[][] = [
    ['Chỉ tiêu (indicator)', 'Khóa (key)', 'Số xã (communes)', 'Tỷ lệ % (percent)', 'Kế hoạch (target)', '% kế hoạch (percent of plan)'],
    ['Đơn vị', 'unit', `${r.unitCode} ${r.unitName}`, null, null, null],
    ['Ngày số liệu', 'as_of', r.asOf, null, null, null],
    ['Bản đồ hành chính', 'map', r.map, null, null, null],
    ['Tổng số xã', 'communes', r.communes, 100, null, null],
  ];
  for (const level of REPORT_LEVELS) {
    const p = level === 'modern' ? undefined : r.plan.period?.[level];
    rows.push([`Xã ${LEVEL_VI[level]}`, `recognised_${level}`, r.recognised[level].communes, r.recognised[level].percent, p?.targetCommunes ?? null, p?.percentOfPlan ?? null]);
  }
  rows.push([`Bình quân tiêu chí/xã (bộ ${r.criteriaSet.code}, ${r.criteriaSet.total} tiêu chí)`, 'average_criteria', r.averageCriteria, null, r.plan.period?.averageCriteria?.target ?? null, r.plan.period?.averageCriteria?.percentOfPlan ?? null]);
  rows.push(['Số xã đã đánh giá', 'assessed_communes', r.coverage.assessed, r.communes ? Math.round((r.coverage.assessed / r.communes) * 10000) / 100 : null, null, null]);
  if (r.below) rows.push([`Số xã dưới ${r.below.threshold} tiêu chí`, 'below_floor', r.below.communes, null, 0, null]);
  if (r.plan.year) {
    for (const level of ['standard', 'advanced', 'model'] as const) {
      const line = r.plan.year[level];
      if (line) rows.push([`Kế hoạch năm ${r.plan.year.year}: ${LEVEL_VI[level]} (${r.plan.year.targetsAre === 'additions' ? 'tăng thêm' : 'lũy kế'})`, `year_plan_${level}`, line.actual, null, line.targetCommunes, line.percentOfPlan]);
    }
  }
  for (const d of r.districts) {
    rows.push([`Huyện ${d.name}: xã đạt chuẩn`, `district_${d.districtCode}_standard`, d.recognised.standard.communes, d.recognised.standard.percent, null, null]);
  }
  return rows;
}

/** The commune list as rows. */
export function communeRows(r: UnitReport): Cell[][] {
  const rows: Cell[][] = [
    ['Mã xã (commune_code)', 'Tên xã (name)', 'Huyện (district)', 'Mức đạt chuẩn (level)', 'Căn cứ (basis)', 'Số quyết định (decision_no)', 'Từ ngày (since)', 'Số tiêu chí đạt (met)', 'Tổng tiêu chí (total)', 'Ngày đánh giá (assessed_on)', 'Dưới ngưỡng (below_floor)'],
  ];
  for (const c of r.communeList) {
    rows.push([
      c.code, c.name, c.districtName, c.level ? (LEVEL_VI[c.level] ?? c.level) : 'Chưa đạt', BASIS_VI[c.basis] ?? c.basis, c.decisionNo, c.since,
      c.assessment?.met ?? null, c.assessment?.total ?? null, c.assessment?.assessedOn ?? null, c.belowFloor,
    ]);
  }
  return rows;
}

export async function exportRows(rows: Cell[][], format: 'csv' | 'xlsx', sheet: string): Promise<Buffer> {
  if (format === 'csv') return Buffer.from(`\uFEFF${stringify(rows)}`, 'utf8');
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet(sheet);
  for (const row of rows) ws.addRow(row);
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((col) => {
    col.width = Math.min(60, Math.max(12, ...(col.values ?? []).map((v) => String(v ?? '').length + 2)));
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
