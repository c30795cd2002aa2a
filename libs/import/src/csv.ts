import { parse } from 'csv-parse/sync';
import type { Table } from './table';

export type Decoded = { ok: true; text: string } | { ok: false; rule: string };

/** UTF-8 with or without a BOM; anything else is refused with the way to save it right, never guessed. */
export function decodeCsv(bytes: Uint8Array): Decoded {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, rule: 'UTF-16 text: save the file as "CSV UTF-8 (Comma delimited)"' };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, rule: 'not UTF-8 text (a legacy code page, or binary data): save the file as "CSV UTF-8 (Comma delimited)" or as .xlsx' };
  }
  // Control characters other than tab and line ends do not occur in a spreadsheet's CSV; binary junk has them.
  const controls = text.slice(0, 65536).match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g)?.length ?? 0;
  if (controls > 0) return { ok: false, rule: 'binary data, not a CSV text file' };
  return { ok: true, text };
}

/** The delimiter of the first non-blank line, counted outside quotes: comma, semicolon (Excel where the decimal mark is a comma) or tab. */
export function sniffDelimiter(text: string): ',' | ';' | '\t' {
  const line = text.split(/\r\n|\n|\r/).find((l) => l.trim() !== '') ?? '';
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

export type CsvTable = { ok: true; table: Table } | { ok: false; rule: string };

/** Every record is a row, numbered as a spreadsheet opening the file numbers it (a quoted line break stays in its cell). */
export function csvTable(file: string, text: string): CsvTable {
  let records: string[][];
  try {
    records = parse(text, { delimiter: sniffDelimiter(text), bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (err) {
    const e = err as Error & { lines?: number };
    return { ok: false, rule: `not a readable CSV${e.lines ? ` (line ${e.lines})` : ''}: ${e.message}` };
  }
  return { ok: true, table: { file, sheet: null, rows: records.map((cells, i) => ({ number: i + 1, cells: cells.map((value) => ({ value })) })) } };
}
