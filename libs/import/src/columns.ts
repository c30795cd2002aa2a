import { IMPORT_KINDS, type ImportKind } from './import-contract';
import { fold } from './cells';

export type ColumnType =
  | 'unit-code'
  | 'text'
  | 'level'
  | 'period'
  | 'date'
  | 'year'
  | 'count'
  | 'decimal'
  | 'percent'
  | 'criteria-list'
  | 'met-count'
  | 'criterion'
  | 'scope';

export interface ImportColumn {
  /** English key, snake_case: the second header row of the templates, and the `column` of every problem. */
  key: string;
  /** Vietnamese header: the first header row of the templates. */
  header: string;
  type: ColumnType;
  /** Every row must fill it (and the header must name it). */
  required: boolean;
  description: string;
  /** Other headers officials write for the same column (matched without accents and case). */
  aliases?: readonly string[];
  /** What a filled cell looks like, for the instructions sheet. */
  example: string;
}

const col = (key: string, header: string, type: ColumnType, required: boolean, description: string, example: string, aliases: string[] = []): ImportColumn => ({
  key,
  header,
  type,
  required,
  description,
  example,
  aliases,
});

const unitName = col('unit_name', 'Tên đơn vị', 'text', false, 'Name of the unit, for the reader of the file; the code decides', 'Xã Phúc Hòa', ['Tên xã', 'Tên xã/huyện']);
const signerName = col('signer_name', 'Người ký', 'text', false, 'Who signed the decision', 'Nguyễn Văn A', ['Người ký quyết định']);
const signerTitle = col('signer_title', 'Chức vụ người ký', 'text', false, "The signer's title", 'Chủ tịch UBND tỉnh', ['Chức vụ']);

export const CRITERION_COUNT = 19;

/** Per-criterion columns of the assessments: c01..c19, headed TC1..TC19 in the templates (C01, C1, TC01, "Tiêu chí 1" also read). */
export const CRITERION_COLUMNS: readonly ImportColumn[] = Array.from({ length: CRITERION_COUNT }, (_, i) => {
  const n = i + 1;
  return col(`c${String(n).padStart(2, '0')}`, `TC${n}`, 'criterion', false, `Criterion ${n}: đạt/không đạt, Đ/KĐ, x or blank, 1/0, true/false`, n === 1 ? 'đạt' : 'x');
});

export const IMPORT_COLUMNS: Readonly<Record<ImportKind, readonly ImportColumn[]>> = {
  recognitions: [
    col('unit_code', 'Mã đơn vị (xã/huyện)', 'unit-code', true, 'Commune code (5 digits) or, before July 2025, district code (3 digits), on the map of the decision date; type it as text', '07246', ['Mã xã', 'Mã đơn vị', 'Mã xã/huyện']),
    unitName,
    col('level', 'Mức độ', 'level', true, 'standard (NTM, đạt chuẩn), advanced (nâng cao), model (kiểu mẫu), modern (hiện đại) or task-completed (hoàn thành nhiệm vụ)', 'NTM', ['Mức độ công nhận', 'Mức đạt chuẩn']),
    col('period', 'Giai đoạn', 'period', false, 'Programme period whose criteria set judged it (2010-2015, 2016-2020, 2021-2025, 2026-2030); blank: the one in force on the decision date', '2016-2020', ['Bộ tiêu chí giai đoạn']),
    col('decision_no', 'Số quyết định', 'text', true, 'Number of the recognition decision', '2150/QĐ-UBND', ['Số QĐ', 'Số quyết định công nhận']),
    col('decision_date', 'Ngày quyết định', 'date', true, 'Date of the decision: a date cell, dd/mm/yyyy or yyyy-mm-dd', '15/12/2019', ['Ngày QĐ', 'Ngày ký', 'Ngày công nhận']),
    signerName,
    signerTitle,
    col('note', 'Ghi chú', 'text', false, 'Free text kept with the event', '', []),
  ],
  revocations: [
    col('unit_code', 'Mã đơn vị (xã/huyện)', 'unit-code', true, 'Commune code (5 digits) or, before July 2025, district code (3 digits), on the map of the decision date; type it as text', '07246', ['Mã xã', 'Mã đơn vị', 'Mã xã/huyện']),
    unitName,
    col('level', 'Mức độ bị thu hồi', 'level', true, 'The level revoked: standard, advanced, model, modern or task-completed (Vietnamese words as for recognitions)', 'NTM', ['Mức độ']),
    col('decision_no', 'Số quyết định thu hồi', 'text', true, 'Number of the revocation decision', '310/QĐ-UBND', ['Số QĐ thu hồi']),
    col('decision_date', 'Ngày quyết định thu hồi', 'date', true, 'Date of the revocation decision', '01/03/2024', ['Ngày QĐ thu hồi', 'Ngày thu hồi']),
    signerName,
    signerTitle,
    col('recognition_decision_no', 'Số quyết định công nhận bị thu hồi', 'text', false, 'Number of the recognition decision revoked, when known', '2150/QĐ-UBND', ['Số QĐ công nhận']),
    col('grounds', 'Lý do thu hồi', 'text', false, 'Grounds of the revocation', 'Không duy trì tiêu chí môi trường', ['Lý do', 'Căn cứ thu hồi']),
    col('failing_criteria', 'Tiêu chí không đạt', 'criteria-list', false, 'Criteria no longer met: "C10; C17", "10, 17" or "TC10"', 'C10; C17', ['Các tiêu chí không đạt']),
  ],
  assessments: [
    col('unit_code', 'Mã xã', 'unit-code', true, 'Commune code (5 digits) on the map of the assessment date; type it as text', '07246', ['Mã đơn vị', 'Mã đơn vị (xã/huyện)']),
    unitName,
    col('year', 'Năm đánh giá', 'year', true, 'The year assessed', '2023', ['Năm']),
    col('assessed_on', 'Ngày đánh giá', 'date', false, 'Date of the assessment; blank: 31 December of the year', '31/12/2023', ['Ngày rà soát']),
    col('level', 'Mức độ', 'level', false, 'The level assessed against; blank: standard', 'NTM', []),
    col('period', 'Giai đoạn', 'period', false, 'Criteria set of the assessment; blank: the one in force on the assessment date', '2021-2025', ['Bộ tiêu chí giai đoạn']),
    col('met_count', 'Số tiêu chí đạt', 'met-count', false, 'Criteria met: 15, "15/19" or "đạt 15/19"; or leave blank and mark TC1..TC19', '15/19', ['Số TC đạt', 'Tiêu chí đạt']),
    col('total', 'Tổng số tiêu chí', 'count', false, 'Criteria in the set (checked against the set)', '19', ['Tổng số TC']),
    col('unmet_criteria', 'Tiêu chí chưa đạt', 'criteria-list', false, 'The criteria not met, when known: "C10; C17" or "10, 17"', 'C10; C17', ['Các tiêu chí chưa đạt', 'Tiêu chí không đạt']),
    ...CRITERION_COLUMNS,
  ],
  plans: [
    col('unit_code', 'Mã đơn vị (tỉnh/huyện)', 'unit-code', true, 'Province code (2 digits) or, before July 2025, district code (3 digits); type it as text', '24', ['Mã tỉnh', 'Mã đơn vị', 'Mã tỉnh/huyện']),
    col('scope', 'Loại kế hoạch (giai đoạn/năm)', 'scope', false, 'period (giai đoạn: targets by the end of the period) or year (năm); blank: year when a year is given, else period', 'giai đoạn', ['Loại kế hoạch', 'Phạm vi']),
    col('period', 'Giai đoạn', 'period', false, 'The programme period; required for a period plan', '2021-2025', []),
    col('year', 'Năm', 'year', false, 'The year; required for a yearly plan', '2024', ['Năm kế hoạch']),
    col('standard_communes', 'Số xã đạt chuẩn NTM', 'count', false, 'Communes recognised at the standard level by the end of the period or year', '80', ['Số xã đạt chuẩn']),
    col('standard_percent', 'Tỷ lệ xã đạt chuẩn NTM (%)', 'percent', false, 'The same as a per cent of all communes (0-100)', '75', ['Tỷ lệ xã đạt chuẩn (%)', 'Tỷ lệ đạt chuẩn']),
    col('advanced_communes', 'Số xã NTM nâng cao', 'count', false, 'Communes recognised as advanced', '30', ['Số xã nâng cao']),
    col('advanced_percent', 'Tỷ lệ xã NTM nâng cao (%)', 'percent', false, 'The same as a per cent of all communes', '25', ['Tỷ lệ nâng cao']),
    col('model_communes', 'Số xã NTM kiểu mẫu', 'count', false, 'Communes recognised as model', '10', ['Số xã kiểu mẫu']),
    col('model_percent', 'Tỷ lệ xã NTM kiểu mẫu (%)', 'percent', false, 'The same as a per cent of all communes', '8', ['Tỷ lệ kiểu mẫu']),
    col('average_criteria', 'Bình quân số tiêu chí/xã', 'decimal', false, 'Average criteria met per commune', '17,5', ['Bình quân tiêu chí/xã', 'Bình quân tiêu chí']),
    col('floor_criteria', 'Không còn xã dưới (số tiêu chí)', 'count', false, 'No commune below this many criteria', '15', ['Không còn xã dưới', 'Số tiêu chí tối thiểu']),
  ],
};

export function columnsOf(kind: ImportKind): readonly ImportColumn[] {
  return IMPORT_COLUMNS[kind];
}

/** Headers of row-number columns that files carry and the import ignores. */
const IGNORED_HEADERS = new Set(['stt', 'tt', 'so tt', 'so thu tu', 'no', 'no.', '#']);

/** For matching: folded, the required-mark asterisk and a trailing colon gone, and once more without any bracketed part. */
function headerForms(text: string): string[] {
  const base = fold(text.replace(/\*/g, ' ')).replace(/[:.]$/, '').trim();
  const unbracketed = fold(text.replace(/\*/g, ' ').replace(/\([^)]*\)/g, ' ')).replace(/[:.]$/, '').trim();
  return base === unbracketed ? [base] : [base, unbracketed];
}

const LOOKUP: Record<ImportKind, Map<string, string>> = Object.fromEntries(
  IMPORT_KINDS.map((kind) => {
    const byForm = new Map<string, string>();
    for (const c of IMPORT_COLUMNS[kind]) {
      if (c.type === 'criterion') continue;
      for (const name of [c.key, c.key.replace(/_/g, ' '), c.header, ...(c.aliases ?? [])]) {
        for (const form of headerForms(name)) {
          const taken = byForm.get(form);
          if (taken && taken !== c.key) throw new Error(`${kind}: header "${name}" would name both ${taken} and ${c.key}`);
          byForm.set(form, c.key);
        }
      }
    }
    return [kind, byForm];
  }),
) as Record<ImportKind, Map<string, string>>;

const CRITERION_HEADER = /^(?:c|tc|tieu chi)\s*0*(\d{1,2})$/;

/** Longer than any header: such a cell is data, and is not folded (it may be megabytes). */
const MAX_HEADER_LENGTH = 200;

export type HeaderMatch = { kind: 'column'; key: string } | { kind: 'ignored' } | { kind: 'unknown' };

/** Which column of `kind` a header cell names: its English key, its Vietnamese header or a known alias. */
export function matchHeader(kind: ImportKind, text: string): HeaderMatch {
  if (text.length > MAX_HEADER_LENGTH) return { kind: 'unknown' };
  const forms = headerForms(text);
  if (forms[0] === '') return { kind: 'unknown' };
  if (forms.some((f) => IGNORED_HEADERS.has(f))) return { kind: 'ignored' };
  for (const f of forms) {
    const key = LOOKUP[kind].get(f);
    if (key) return { kind: 'column', key };
  }
  if (kind === 'assessments') {
    const m = CRITERION_HEADER.exec(forms[0]);
    const n = m ? Number(m[1]) : 0;
    if (n >= 1 && n <= CRITERION_COUNT) return { kind: 'column', key: `c${String(n).padStart(2, '0')}` };
  }
  return { kind: 'unknown' };
}

export interface SheetName {
  /** The Vietnamese name, as the templates name the sheet (with the English key after it). */
  vi: string;
  aliases: readonly string[];
}

export const SHEET_NAMES: Readonly<Record<ImportKind, SheetName>> = {
  recognitions: { vi: 'Công nhận', aliases: ['Công nhận NTM', 'Quyết định công nhận'] },
  revocations: { vi: 'Thu hồi', aliases: ['Thu hồi công nhận', 'Quyết định thu hồi'] },
  assessments: { vi: 'Đánh giá tiêu chí', aliases: ['Đánh giá', 'Kết quả đánh giá', 'Tiêu chí'] },
  plans: { vi: 'Kế hoạch', aliases: ['Chỉ tiêu kế hoạch'] },
};

export const INSTRUCTIONS_SHEET = 'Hướng dẫn - Instructions';
const INSTRUCTION_NAMES = ['huong dan', 'instructions', 'readme'];

/** The template's name of a kind's sheet: "Công nhận (recognitions)". */
export function templateSheetName(kind: ImportKind): string {
  return `${SHEET_NAMES[kind].vi} (${kind})`;
}

/**
 * The kind a sheet holds, from its name: the English key or the Vietnamese name, alone or followed by more words
 * ("Công nhận 2012-2015", "recognitions (2)"); 'instructions' for a sheet of instructions ("Hướng dẫn nhập liệu");
 * null when unknown.
 */
export function kindOfSheet(name: string): ImportKind | 'instructions' | null {
  const f = fold(name);
  const startsWith = (prefix: string) => f === prefix || (f.startsWith(prefix) && /^[\s(\-_]/.test(f.slice(prefix.length)));
  if (INSTRUCTION_NAMES.some(startsWith)) return 'instructions';
  let best: { kind: ImportKind; length: number } | null = null;
  for (const kind of IMPORT_KINDS) {
    for (const name of [kind, SHEET_NAMES[kind].vi, ...SHEET_NAMES[kind].aliases].map(fold)) {
      if (startsWith(name) && (!best || name.length > best.length)) best = { kind, length: name.length };
    }
  }
  return best?.kind ?? null;
}
