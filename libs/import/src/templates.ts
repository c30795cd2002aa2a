import type { Workbook, Worksheet } from 'exceljs';
import { IMPORT_KINDS, type ImportKind } from './import-contract';
import { excel } from './excel';
import { columnsOf, INSTRUCTIONS_SHEET, SHEET_NAMES, templateSheetName, type ColumnType, type ImportColumn } from './columns';

export type TemplateFormat = 'xlsx' | 'csv';

export const TEMPLATE_CONTENT_TYPES: Readonly<Record<TemplateFormat, string>> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** ntm-history-template.xlsx (every kind), ntm-history-recognitions.xlsx, ntm-history-recognitions.csv. */
export function templateFileName(kind: ImportKind | null, format: TemplateFormat): string {
  return `ntm-history-${kind ?? 'template'}.${format}`;
}

/** What an official types in each kind of column, in both languages. */
const TYPE_WORDS: Record<ColumnType, string> = {
  'unit-code': 'mã (văn bản) / code (text)',
  text: 'văn bản / text',
  level: 'mức độ / level',
  period: 'giai đoạn / period',
  date: 'ngày / date',
  year: 'năm / year',
  count: 'số nguyên / whole number',
  decimal: 'số / number',
  percent: '% (0-100)',
  'criteria-list': 'danh sách tiêu chí / criteria list',
  'met-count': 'số hoặc "15/19" / number or "15/19"',
  criterion: 'đạt/không đạt',
  scope: 'giai đoạn/năm / period/year',
};

/** Typed into a number-looking column, these would lose leading zeros or turn "5/10" into a date: the template makes them text. */
const TEXT_TYPES: ReadonlySet<ColumnType> = new Set(['unit-code', 'text', 'criteria-list', 'met-count', 'period', 'level', 'scope', 'criterion']);

const EXAMPLES: Record<ImportKind, Record<string, string>[]> = {
  recognitions: [
    { unit_code: '07246', unit_name: 'Xã Phúc Hòa', level: 'NTM', period: '2016-2020', decision_no: '2150/QĐ-UBND', decision_date: '15/12/2019', signer_name: 'Nguyễn Văn A', signer_title: 'Chủ tịch UBND tỉnh' },
    { unit_code: '07264', unit_name: 'Xã Tân Thịnh', level: 'nâng cao', decision_no: '118/QĐ-UBND', decision_date: '2023-03-02', note: 'Giai đoạn theo ngày quyết định' },
  ],
  revocations: [
    { unit_code: '07294', level: 'NTM', decision_no: '310/QĐ-UBND', decision_date: '01/03/2024', recognition_decision_no: '2150/QĐ-UBND', grounds: 'Không duy trì tiêu chí', failing_criteria: 'C10; C17' },
  ],
  assessments: [
    { unit_code: '07282', year: '2023', assessed_on: '31/12/2023', met_count: 'đạt 15/19', unmet_criteria: 'C10; C13; C17; C19' },
    { unit_code: '07288', year: '2023', total: '19', c01: 'đạt', c02: 'x', c03: 'Đ', c04: '1', c05: 'không đạt', c06: 'KĐ', c07: '0', c08: 'x', c09: 'x', c10: 'x', c11: 'x', c12: 'x', c13: 'x', c14: 'x', c15: 'x', c16: 'x', c17: '', c18: 'x', c19: 'x' },
  ],
  plans: [
    { unit_code: '24', scope: 'giai đoạn', period: '2021-2025', standard_percent: '85', advanced_communes: '30', model_communes: '10', average_criteria: '18', floor_criteria: '15' },
    { unit_code: '24', scope: 'năm', year: '2024', standard_communes: '12', average_criteria: '17,5' },
  ],
};

const INTRO: string[] = [
  'Mẫu nhập lịch sử chương trình nông thôn mới của tỉnh — Template for importing a province\'s new-rural (NTM) history',
  '',
  'Mỗi trang tính là một loại dữ liệu: Công nhận, Thu hồi, Đánh giá tiêu chí, Kế hoạch. Giữ nguyên tên trang tính (có thể thêm chữ phía sau, ví dụ "Công nhận 2012-2015").',
  'Dòng 1 là tiêu đề tiếng Việt, dòng 2 là mã cột tiếng Anh; nhập dữ liệu từ dòng 3. Cột có dấu * là bắt buộc; cột khác có thể để trống hoặc xoá.',
  'Mã đơn vị nhập dạng văn bản, giữ số 0 ở đầu (07246). Ngày nhập dạng ngày của Excel hoặc ngày/tháng/năm (15/12/2019). Đánh giá tiêu chí: nhập "Số tiêu chí đạt" (15 hoặc 15/19) hoặc đánh dấu từng tiêu chí TC1..TC19 (đạt/không đạt, x/để trống, 1/0).',
  'Trang hướng dẫn này không bao giờ được nhập: các dòng ví dụ dưới đây chỉ để tham khảo.',
  '',
  'Each sheet holds one kind: recognitions (Công nhận), revocations (Thu hồi), assessments (Đánh giá tiêu chí), plans (Kế hoạch). Keep the sheet names (more words may follow, e.g. "Công nhận 2012-2015").',
  'Row 1 holds the Vietnamese headers, row 2 the English keys; data starts on row 3. Columns marked * are required; the others may stay blank or be deleted.',
  'Unit codes are text with their leading zeros (07246). Dates are Excel dates or day/month/year (15/12/2019). Assessments give the criteria met (15 or 15/19) or mark each criterion TC1..TC19 (đạt/không đạt, x/blank, 1/0).',
  'This instructions sheet is never imported: the example rows below are examples only.',
];

function headerOf(c: ImportColumn): string {
  return c.required ? `${c.header} *` : c.header;
}

function addInstructions(workbook: Workbook, kinds: readonly ImportKind[]): void {
  const ws = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  ws.columns = [{ width: 26 }, { width: 34 }, { width: 12 }, { width: 28 }, { width: 70 }, { width: 18 }];
  for (const line of INTRO) ws.addRow([line]);
  ws.getRow(1).font = { bold: true, size: 13 };
  for (const kind of kinds) {
    ws.addRow([]);
    ws.addRow([`${SHEET_NAMES[kind].vi} (${kind})`]).font = { bold: true, size: 12 };
    ws.addRow(['Mã cột / Column key', 'Tiêu đề / Vietnamese header', 'Bắt buộc / Required', 'Kiểu / Type', 'Mô tả / Description', 'Ví dụ / Example']).font = { bold: true };
    for (const c of columnsOf(kind)) {
      if (c.type === 'criterion' && c.key !== 'c01') continue;
      const key = c.type === 'criterion' ? 'c01 … c19' : c.key;
      const header = c.type === 'criterion' ? 'TC1 … TC19' : headerOf(c);
      ws.addRow([key, header, c.required ? 'có / yes' : 'không / no', TYPE_WORDS[c.type], c.description, c.example]);
    }
    ws.addRow([`Ví dụ — không được nhập / Example — never imported (${kind})`]).font = { italic: true, color: { argb: 'FF9C0006' } };
    const keys = columnsOf(kind).map((c) => c.key);
    ws.addRow(keys).font = { italic: true, color: { argb: 'FF808080' } };
    for (const example of EXAMPLES[kind]) ws.addRow(keys.map((k) => example[k] ?? ''));
  }
}

function addKindSheet(workbook: Workbook, kind: ImportKind): Worksheet {
  const columns = columnsOf(kind);
  const ws = workbook.addWorksheet(templateSheetName(kind), { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = columns.map((c) => ({
    width: c.type === 'criterion' ? 6 : Math.min(40, Math.max(12, c.header.length + 4)),
    style: TEXT_TYPES.has(c.type) ? { numFmt: '@' } : c.type === 'date' ? { numFmt: 'dd/mm/yyyy' } : {},
  }));
  const vi = ws.addRow(columns.map(headerOf));
  vi.font = { bold: true };
  vi.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  ws.addRow(columns.map((c) => c.key)).font = { italic: true, color: { argb: 'FF808080' } };
  return ws;
}

/** The XLSX template: instructions (Vietnamese and English, with examples) and one sheet per kind, headers only. */
export async function templateWorkbook(kinds: readonly ImportKind[] = IMPORT_KINDS): Promise<Buffer> {
  const workbook = new (excel().Workbook)();
  workbook.creator = 'ntm-dossiers';
  addInstructions(workbook, kinds);
  for (const kind of kinds) addKindSheet(workbook, kind);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function csvField(text: string): string {
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV template of one kind: UTF-8 with a BOM (so that Excel shows Vietnamese right), the Vietnamese headers, then the English keys. */
export function templateCsv(kind: ImportKind): Buffer {
  const columns = columnsOf(kind);
  const lines = [columns.map((c) => csvField(headerOf(c))).join(','), columns.map((c) => c.key).join(',')];
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}
