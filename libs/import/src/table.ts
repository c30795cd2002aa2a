import { IMPORT_KINDS, type ImportKind, type ImportProblem, type ParsedRow } from './import-contract';
import { cellText, excerpt, isBlank, type Cell } from './cells';
import { columnsOf, matchHeader, type HeaderMatch } from './columns';
import { readRow } from './rows';

/** A sheet (or a CSV file) as rows of cells, each row with its number as the spreadsheet shows it. */
export interface Table {
  file: string;
  /** null for CSV. */
  sheet: string | null;
  rows: readonly TableRow[];
}

export interface TableRow {
  number: number;
  /** By column, from the first (A). */
  cells: readonly Cell[];
}

/** How far down a header row may be: files often carry a title or two above it. */
const HEADER_SEARCH_ROWS = 10;

export interface Header {
  /** Row numbers of the header rows (one or two: Vietnamese headers and/or English keys). */
  rows: number[];
  /** Column index → key. */
  keys: Map<number, string>;
  /** Columns whose header names no column of the kind (reported) or one the import ignores (STT). */
  headed: Set<number>;
  /** Required columns the header lacks. */
  missing: string[];
  problems: ImportProblem[];
}

export function columnName(table: Table, index: number): string {
  if (table.sheet === null) return `column ${index + 1}`;
  let name = '';
  for (let i = index + 1; i > 0; i = Math.floor((i - 1) / 26)) name = String.fromCharCode(65 + ((i - 1) % 26)) + name;
  return `column ${name}`;
}

const isBlankRow = (row: TableRow) => row.cells.every((c) => isBlank(c));

function matches(kind: ImportKind, row: TableRow): HeaderMatch[] {
  return row.cells.map((c) => (isBlank(c) ? { kind: 'unknown' } : matchHeader(kind, cellText(c))));
}

function looksLikeHeader(kind: ImportKind, row: TableRow, second: boolean): boolean {
  const found = matches(kind, row);
  const filled = row.cells.filter((c) => !isBlank(c)).length;
  const named = found.filter((m) => m.kind === 'column').length;
  const known = found.filter((m) => m.kind !== 'unknown').length;
  // A header may carry misspelt names (reported below) when most of it names columns; a second header row also when
  // wholly headers, but never on one named cell, which a short data row can hold ("năm" is also the year's header).
  return named > 0 && (known === filled || (named * 2 >= filled && (!second || named >= 2)));
}

/**
 * The header: the first row (of the first ten) mostly naming columns of `kind`, and the row right after it when that
 * one names columns too (templates carry the Vietnamese headers, then the English keys). Rows above are titles.
 */
export function findHeader(kind: ImportKind, table: Table): Header | null {
  const candidates = table.rows.slice(0, HEADER_SEARCH_ROWS + 1);
  const at = candidates.findIndex((row, i) => i < HEADER_SEARCH_ROWS && !isBlankRow(row) && looksLikeHeader(kind, row, false));
  if (at < 0) return null;
  const first = table.rows[at];
  const next = table.rows[at + 1];
  const second = next && next.number === first.number + 1 && looksLikeHeader(kind, next, true) ? next : null;
  const headerRows = second ? [first, second] : [first];
  const keys = new Map<number, string>();
  const headed = new Set<number>();
  const problems: ImportProblem[] = [];
  const width = Math.max(...headerRows.map((r) => r.cells.length));
  const problem = (row: number, rule: string, value?: string) => problems.push({ file: table.file, sheet: table.sheet, row, column: null, rule, ...(value ? { value: excerpt(value) } : {}) });
  for (let i = 0; i < width; i++) {
    const seen = headerRows.map((r) => ({ row: r.number, text: cellText(r.cells[i]), match: isBlank(r.cells[i]) ? null : matchHeader(kind, cellText(r.cells[i])) }));
    const named = seen.filter((s) => s.match?.kind === 'column') as { row: number; text: string; match: { kind: 'column'; key: string } }[];
    if (named.length === 2 && named[0].match.key !== named[1].match.key) {
      problem(second!.number, `${columnName(table, i)}: the headers name two columns (${named[0].match.key} and ${named[1].match.key})`, named[1].text);
      headed.add(i);
      continue;
    }
    if (named.length > 0) {
      const key = named[0].match.key;
      const other = [...keys].find(([, k]) => k === key);
      if (other) {
        problem(named[0].row, `${columnName(table, i)} repeats the column ${key} of ${columnName(table, other[0])}`, named[0].text);
        headed.add(i);
      } else keys.set(i, key);
      continue;
    }
    if (seen.some((s) => s.match !== null)) headed.add(i);
    for (const s of seen) {
      if (s.match?.kind === 'unknown') problem(s.row, `${columnName(table, i)}: "${excerpt(s.text)}" is not a column of ${kind}; the columns are ${columnsOf(kind).filter((c) => c.type !== 'criterion').map((c) => c.key).join(', ')}${kind === 'assessments' ? ', c01..c19' : ''}`, s.text);
    }
  }
  const found = new Set(keys.values());
  const missing = columnsOf(kind).filter((c) => c.required && !found.has(c.key));
  for (const c of missing) {
    problems.push({ file: table.file, sheet: table.sheet, row: first.number, column: c.key, rule: `the required column ${c.key} ("${c.header}") is missing from the header` });
  }
  return { rows: headerRows.map((r) => r.number), keys, headed, missing: missing.map((c) => c.key), problems };
}

/** A CSV's kind from its header: the kind whose required columns are all there and which names the most columns. */
export function guessKind(table: Table): { kind: ImportKind } | { problem: string } {
  const scored = IMPORT_KINDS.map((kind) => {
    const header = findHeader(kind, table);
    const complete = header !== null && header.missing.length === 0;
    return { kind, complete, named: header?.keys.size ?? 0 };
  }).filter((s) => s.complete);
  const best = Math.max(0, ...scored.map((s) => s.named));
  const top = scored.filter((s) => s.named === best);
  if (top.length === 1) return { kind: top[0].kind };
  if (top.length === 0) return { problem: `the header names no kind of history (${IMPORT_KINDS.join(', ')}): its first row must carry the template's Vietnamese headers or English keys` };
  return { problem: `the header fits ${top.map((s) => s.kind).join(' and ')} alike: name the kind (--kind, or ?kind= over HTTP)` };
}

export interface TableRead {
  rows: ParsedRow[];
  problems: ImportProblem[];
  /** Non-blank rows under the header, valid or not. */
  dataRows: number;
  /** True when reading stopped at the row limit. */
  overLimit: boolean;
}

/** Reads every data row of a table of `kind`; stops once `rowBudget` data rows have been read. */
export function readTable(kind: ImportKind, table: Table, rowBudget: number): TableRead {
  const header = findHeader(kind, table);
  if (!header) {
    return {
      rows: [],
      problems: [{ file: table.file, sheet: table.sheet, row: null, column: null, rule: `no header row in the first ${HEADER_SEARCH_ROWS} rows: the header names the columns of ${kind} (the template's Vietnamese headers or English keys)` }],
      dataRows: table.rows.filter((r) => !isBlankRow(r)).length,
      overLimit: false,
    };
  }
  const problems = [...header.problems];
  const rows: ParsedRow[] = [];
  const lastHeader = header.rows[header.rows.length - 1];
  const unheaded = new Map<number, number>();
  let dataRows = 0;
  // A sheet without its required columns cannot give one valid row: the header problems say why, once.
  const readable = header.missing.length === 0;
  for (const row of table.rows) {
    if (row.number <= lastHeader || isBlankRow(row)) continue;
    if (++dataRows > rowBudget) return { rows, problems, dataRows, overLimit: true };
    row.cells.forEach((c, i) => {
      if (!header.keys.has(i) && !header.headed.has(i) && !isBlank(c) && !unheaded.has(i)) unheaded.set(i, row.number);
    });
    if (!readable) continue;
    const cells = new Map<string, Cell>();
    for (const [i, key] of header.keys) cells.set(key, row.cells[i] ?? { value: null });
    const read = readRow(kind, { source: { file: table.file, sheet: table.sheet, row: row.number }, cells });
    if (read.row) rows.push(read.row);
    problems.push(...read.problems);
  }
  for (const [i, first] of unheaded) {
    problems.push({ file: table.file, sheet: table.sheet, row: first, column: null, rule: `${columnName(table, i)} has values but no header: name the column, or remove it` });
  }
  return { rows, problems, dataRows, overLimit: false };
}
