/**
 * One cell as the reader hands it to the normalisers, whatever the file: XLSX cells keep their type (text, number,
 * boolean, date) and, for numbers, the number format that shows them; every CSV cell is text.
 */
export type CellValue = string | number | boolean | Date | null;

export interface Cell {
  value: CellValue;
  /** The cell's number format (XLSX only), e.g. `00000` or `0%`: it tells how the official saw the number. */
  numFmt?: string;
  /** Set when the cell holds no usable value: an Excel error (#N/A) or a formula the file stores no result for. */
  error?: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; rule: string };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const fail = (rule: string): Parsed<never> => ({ ok: false, rule });

export const textCell = (value: string): Cell => ({ value });

/** Unicode NFC (Vietnamese typed with combining marks compares equal to precomposed), no-break spaces as spaces, runs of spaces as one, trimmed. */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(/[\u00a0\u2007\u202f\t]/g, ' ').replace(/ {2,}/g, ' ').trim();
}

export function isBlank(cell: Cell | undefined): boolean {
  if (!cell) return true;
  if (cell.error) return false;
  const v = cell.value;
  // Stops at the first visible character: a 10 MB cell costs nothing here.
  return v === null || (typeof v === 'string' && /^[\s\u00a0\u2007\u202f]*$/.test(v));
}

/** The cell as an official would read it aloud: for problems and header matching. */
export function cellText(cell: Cell | undefined): string {
  if (!cell) return '';
  if (cell.error) return cell.error;
  const v = cell.value;
  if (v === null) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'invalid date' : v.toISOString().slice(0, 10);
  return cleanText(String(v));
}

/** A cell's text as a problem quotes it: whole up to 200 characters, cut after. */
export function excerpt(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * For comparing words, not for keeping: lower case, Vietnamese diacritics and đ removed, punctuation other than
 * `/` `-` `%` `.` as spaces. "Đạt chuẩn" and "dat chuan" fold alike, so files typed without accents still read.
 */
export function fold(text: string): string {
  return cleanText(text)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[–—−‐]/g, '-')
    .replace(/[^\p{L}\p{N}/%.\- ]/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}
