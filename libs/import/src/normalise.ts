import type { ImportLevel, ImportPeriod } from './import-contract';
import { cellText, cleanText, fail, fold, ok, type Cell, type Parsed } from './cells';

/**
 * Value normalisers: each takes one non-blank cell and gives the typed value or the rule it breaks. Shape only — a
 * code on the map, a level in the pack, a criterion in the set are the planner's checks.
 */

export function text(cell: Cell): Parsed<string> {
  const v = cell.value;
  if (v instanceof Date) return fail('expected text, found a date cell');
  if (typeof v === 'number') return Number.isFinite(v) ? ok(Number.isInteger(v) ? v.toFixed(0) : String(v)) : fail('expected text, found an invalid number');
  return ok(cleanText(String(v)));
}

/**
 * What a unit-code column may hold: communes (5 digits) or, before July 2025, districts (3 digits) for recognitions,
 * revocations and assessments; provinces (2 digits) or districts (3 digits) for plans.
 */
export type UnitCodeColumn = 'commune-or-district' | 'province-or-district';

const WIDTHS: Record<UnitCodeColumn, readonly number[]> = { 'commune-or-district': [5, 3], 'province-or-district': [2, 3] };
const WIDTH_WORDS: Record<UnitCodeColumn, string> = {
  'commune-or-district': 'a commune code (5 digits) or a district code (3 digits)',
  'province-or-district': 'a province code (2 digits) or a district code (3 digits)',
};
const AS_TEXT = 'format the column as Text so that leading zeros stay';

/**
 * Unit codes are text with their leading zeros. A spreadsheet that took a code for a number dropped them, so:
 * - a number cell is padded to the width its number format shows (`00000` → 5); without one, to the only width its
 *   size allows (a commune/district column: 1000-99999 → 5 digits; a plan column: 100-999 → 3 digits), and refused
 *   when two widths fit (a commune column's 246 could be district 246 or commune 00246; a plan column's 24 province 24
 *   or district 024);
 * - a text cell (every CSV cell) is kept as written when its width is one the column allows, and a 4-digit text in a
 *   commune/district column, which can only be a 5-digit code that lost its zero on the way through a spreadsheet, is
 *   padded to 5; any other width is refused.
 */
export function unitCode(cell: Cell, column: UnitCodeColumn): Parsed<string> {
  const widths = WIDTHS[column];
  const v = cell.value;
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0) return fail(`a unit code is ${WIDTH_WORDS[column]}; ${v} is not`);
    const digits = v.toFixed(0);
    const shown = /^0{2,}$/.exec(cell.numFmt ?? '')?.[0].length;
    if (shown !== undefined && digits.length <= shown) {
      return widths.includes(shown) ? ok(digits.padStart(shown, '0')) : fail(`a unit code is ${WIDTH_WORDS[column]}; the cell shows ${shown} digits`);
    }
    if (column === 'commune-or-district') {
      if (v >= 1000 && v <= 99999) return ok(digits.padStart(5, '0'));
      if (v < 1000) return fail(`the number ${digits} could be a district code (3 digits) or a commune code (5 digits) that lost its leading zeros: type the code as text (${AS_TEXT})`);
    } else {
      if (v >= 100 && v <= 999) return ok(digits);
      if (v < 100) return fail(`the number ${digits} could be a province code (2 digits) or a district code (3 digits) that lost its leading zero: type the code as text (${AS_TEXT})`);
    }
    return fail(`a unit code is ${WIDTH_WORDS[column]}; ${digits} has ${digits.length} digits`);
  }
  if (typeof v !== 'string') return fail(`a unit code is ${WIDTH_WORDS[column]}; found ${v instanceof Date ? 'a date' : 'a true/false'} cell`);
  const code = cleanText(v).replace(/^'/, '');
  if (!/^\d+$/.test(code)) return fail(`a unit code is ${WIDTH_WORDS[column]}, digits only`);
  if (widths.includes(code.length)) return ok(code);
  if (column === 'commune-or-district' && code.length === 4) return ok(code.padStart(5, '0'));
  return fail(`a unit code is ${WIDTH_WORDS[column]}; ${code} has ${code.length} digits`);
}

const NTM = ['ntm', 'nong thon moi'];
const UNIT_WORDS = ['', 'xa ', 'huyen '];

function levelPhrases(): Map<string, ImportLevel> {
  const phrases = new Map<string, ImportLevel>();
  const add = (level: ImportLevel, ...texts: string[]) => {
    for (const t of texts) for (const unit of UNIT_WORDS) phrases.set(unit + t, level);
  };
  add('standard', 'standard', 'dat chuan', ...NTM.flatMap((x) => [x, `dat chuan ${x}`, `chuan ${x}`]));
  for (const [level, word] of [['advanced', 'nang cao'], ['model', 'kieu mau'], ['modern', 'hien dai']] as const) {
    add(level, level, word, `dat chuan ${word}`, ...NTM.flatMap((x) => [`${x} ${word}`, `dat chuan ${x} ${word}`]));
  }
  add('task-completed', 'task-completed', 'task completed', 'htnv', 'hoan thanh nhiem vu', ...NTM.map((x) => `hoan thanh nhiem vu xay dung ${x}`));
  return phrases;
}

const LEVEL_PHRASES = levelPhrases();

/** English keys and the words officials write: "NTM", "đạt chuẩn", "nâng cao", "NTM kiểu mẫu", "hoàn thành nhiệm vụ"… */
export function level(cell: Cell): Parsed<ImportLevel> {
  const found = LEVEL_PHRASES.get(fold(cellText(cell)));
  return found
    ? ok(found)
    : fail('a level is standard (NTM, đạt chuẩn), advanced (nâng cao), model (kiểu mẫu), modern (hiện đại) or task-completed (hoàn thành nhiệm vụ)');
}

export const IMPORT_PERIODS: readonly ImportPeriod[] = ['2010-2015', '2016-2020', '2021-2025', '2026-2030'];

/** "2016-2020", "2016 - 2020", "2016–2020", "giai đoạn 2016-2020", "GĐ 2016-2020". */
export function period(cell: Cell): Parsed<ImportPeriod> {
  const m = /^(?:giai doan|gd)?\s*(\d{4})\s*-\s*(\d{4})$/.exec(fold(cellText(cell)));
  const found = m && IMPORT_PERIODS.find((p) => p === `${m[1]}-${m[2]}`);
  return found ? ok(found) : fail(`a period is one of ${IMPORT_PERIODS.join(', ')} (also written "giai đoạn 2016 - 2020")`);
}

const DATE_FORMS = 'a date cell, dd/mm/yyyy or d/m/yyyy (day first; / . or - between), "ngày d tháng m năm yyyy" or yyyy-mm-dd';

export function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || year > 2100 || d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Dates: an Excel date cell (its calendar day, whatever the time), or text read day first as Vietnam writes dates.
 * A plain number is refused rather than taken for an Excel serial (a year typed as 2020 is 12 July 1905 as a serial),
 * and so is a two-digit year.
 */
export function date(cell: Cell): Parsed<string> {
  const v = cell.value;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return fail(`expected ${DATE_FORMS}; the date cell is invalid`);
    // The XLSX reader builds date cells at UTC midnight of the day the sheet shows.
    const iso = isoDate(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
    return iso ? ok(iso) : fail(`the date ${v.toISOString().slice(0, 10)} is outside 1900-2100`);
  }
  if (typeof v !== 'string') return fail(`expected ${DATE_FORMS}; found a ${typeof v === 'number' ? 'number' : 'true/false'} cell`);
  const t = cleanText(v).replace(/[–—−‐]/g, '-');
  const time = '(?: \\d{1,2}:\\d{2}(?::\\d{2})?)?';
  let m = new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})${time}$`).exec(t);
  let parts: [number, number, number] | null = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
  m = parts ? null : new RegExp(`^(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4})${time}$`).exec(t);
  if (m) parts = [Number(m[4]), Number(m[3]), Number(m[1])];
  m = parts ? null : /^ngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})$/.exec(fold(t));
  if (m) parts = [Number(m[3]), Number(m[2]), Number(m[1])];
  if (!parts) {
    if (/^\d{1,2}([/.-])\d{1,2}\1\d{2}$/.test(t)) return fail(`a two-digit year is ambiguous: expected ${DATE_FORMS}`);
    return fail(`expected ${DATE_FORMS}`);
  }
  const iso = isoDate(...parts);
  return iso ? ok(iso) : fail(`not a day of the calendar (dates are read day first, dd/mm/yyyy); expected ${DATE_FORMS}`);
}

function decimalText(t: string): number | null {
  // A Vietnamese decimal comma or a dot; never a thousands separator (no count here reaches a thousand criteria or per cent).
  return /^\d+(?:[.,]\d+)?$/.test(t) ? Number(t.replace(',', '.')) : null;
}

function numberOf(cell: Cell, what: string): Parsed<number> {
  const v = cell.value;
  if (typeof v === 'number') return Number.isFinite(v) ? ok(v) : fail(`${what}; found an invalid number`);
  if (typeof v !== 'string') return fail(`${what}; found a ${v instanceof Date ? 'date' : 'true/false'} cell`);
  const t = cleanText(v);
  if (/^-\s*\d/.test(t)) return fail(`${what}, never negative`);
  const n = decimalText(t);
  return n === null ? fail(what) : ok(n);
}

/** Counts of communes or criteria: whole numbers from 0. */
export function count(cell: Cell): Parsed<number> {
  const n = numberOf(cell, 'expected a whole number from 0');
  if (!n.ok) return n;
  if (n.value < 0) return fail('expected a whole number from 0, never negative');
  return Number.isInteger(n.value) ? n : fail('expected a whole number from 0');
}

/** Averages (criteria per commune): a number from 0, with a decimal comma or dot. */
export function decimal(cell: Cell): Parsed<number> {
  const n = numberOf(cell, 'expected a number from 0 (decimal comma or dot)');
  if (!n.ok) return n;
  return n.value < 0 ? fail('expected a number from 0, never negative') : n;
}

/** Per cent from 0 to 100: 85, "85,5", "85%", or a cell formatted as per cent (0.85 shown as 85%). */
export function percent(cell: Cell): Parsed<number> {
  const v = cell.value;
  let n: Parsed<number>;
  if (typeof v === 'number' && (cell.numFmt ?? '').includes('%')) n = ok(Math.round(v * 100 * 1e9) / 1e9);
  else if (typeof v === 'string') n = numberOf({ value: cleanText(v).replace(/\s*%$/, '') }, 'expected a per cent from 0 to 100');
  else n = numberOf(cell, 'expected a per cent from 0 to 100');
  if (!n.ok) return n;
  return n.value < 0 || n.value > 100 ? fail(`expected a per cent from 0 to 100; ${n.value} is outside`) : n;
}

export function year(cell: Cell): Parsed<number> {
  const n = numberOf(cell, 'expected a year (yyyy)');
  if (!n.ok) return n;
  return Number.isInteger(n.value) && n.value >= 2010 && n.value <= 2100 ? n : fail('expected a year from 2010 (the programme began in 2010) to 2100');
}

export type PlanScope = 'period' | 'year';

/** "period" / "giai đoạn" / "GĐ", "year" / "năm". */
export function scope(cell: Cell): Parsed<PlanScope> {
  const t = fold(cellText(cell));
  if (['period', 'giai doan', 'gd', 'ca giai doan'].includes(t)) return ok('period');
  if (['year', 'nam', 'hang nam', 'theo nam'].includes(t)) return ok('year');
  return fail('a plan scope is period (giai đoạn) or year (năm)');
}

const CRITERION_TOKEN = /^(tc|tieuchi|c|d)?0*(\d{1,2})$/;

function criterionCode(token: string): string | null {
  const m = CRITERION_TOKEN.exec(token);
  if (!m || Number(m[2]) === 0) return null;
  return `${m[1] === 'd' ? 'D' : 'C'}${m[2].padStart(2, '0')}`;
}

/**
 * Lists of criteria: "C10; C17", "10, 17", "TC10 và TC17", "tiêu chí 10" → ["C10", "C17"], sorted, without repeats.
 * Bare numbers and TC are commune criteria (C); a D prefix (district criteria) is kept.
 */
export function criteriaList(cell: Cell): Parsed<string[]> {
  const v = cell.value;
  if (typeof v === 'number') {
    const code = Number.isInteger(v) ? criterionCode(String(v)) : null;
    return code ? ok([code]) : fail(`criteria are listed by number or code, e.g. "C10; C17" or "10, 17"; ${v} is not a criterion number`);
  }
  if (typeof v !== 'string') return fail('criteria are listed by number or code, e.g. "C10; C17" or "10, 17"');
  const joined = fold(v)
    .replace(/\btieu chi\b/g, 'tieuchi')
    .replace(/\b(tc|tieuchi|c|d)\s+(?=\d)/g, '$1');
  const tokens = joined.split(/[;,/+&]|\bva\b|\s+/).map((t) => t.trim()).filter(Boolean);
  const codes = new Set<string>();
  for (const token of tokens) {
    const code = criterionCode(token);
    if (!code) return fail(`criteria are listed by number or code, e.g. "C10; C17" or "10, 17"; "${token}" is not a criterion`);
    codes.add(code);
  }
  if (codes.size === 0) return fail('criteria are listed by number or code, e.g. "C10; C17" or "10, 17"');
  return ok([...codes].sort());
}

const MET = new Set(['dat', 'd', 'x', 'v', '1', 'true', 'co', 'yes', 'met', '✓', '✔']);
const UNMET = new Set(['khong dat', 'kd', 'chua dat', 'cd', '0', 'false', 'khong', 'no', 'not met', '-']);

/** One criterion's result: đạt/không đạt, Đ/KĐ, x (blank is unmet: see the assessment row), 1/0, true/false. */
export function criterionMark(cell: Cell): Parsed<boolean> {
  const v = cell.value;
  if (typeof v === 'boolean') return ok(v);
  if (typeof v === 'number') return v === 1 ? ok(true) : v === 0 ? ok(false) : fail('a criterion is marked đạt/không đạt, Đ/KĐ, x or blank, 1/0, true/false');
  const t = fold(cellText(cell));
  if (MET.has(t)) return ok(true);
  if (UNMET.has(t)) return ok(false);
  return fail('a criterion is marked đạt/không đạt, Đ/KĐ, x or blank, 1/0, true/false');
}

/** Criteria met: 15, "15/19", "đạt 15/19", "15/19 tiêu chí" (the second number is the set's total). */
export function metCount(cell: Cell): Parsed<{ met: number; total?: number }> {
  const v = cell.value;
  if (v instanceof Date) return fail('criteria met is a date cell: a spreadsheet turned "d/m" into a date; format the column as Text and type e.g. 15/19');
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? ok({ met: v }) : fail('criteria met is a whole number from 0, or "met/total" such as 15/19');
  const m = /^(?:dat\s*)?(\d+)\s*(?:\/\s*(\d+))?(?:\s*tieu chi)?$/.exec(fold(cellText(cell)));
  if (!m) return fail('criteria met is a whole number from 0, or "met/total" such as 15/19 or "đạt 15/19"');
  const met = Number(m[1]);
  if (m[2] === undefined) return ok({ met });
  const total = Number(m[2]);
  if (total === 0 || met > total) return fail(`criteria met ${met}/${total}: more met than the total`);
  return ok({ met, total });
}
