import { createHash } from 'node:crypto';
import type { ImportKind, ImportProblem, ParsedImport, ParsedRow } from './import-contract';
import { kindOfSheet, SHEET_NAMES } from './columns';
import { csvTable, decodeCsv } from './csv';
import { readTable, guessKind, type Table } from './table';
import { checkWorkbookZip, loadWorkbook, sheetTable } from './xlsx';

export interface ImportLimits {
  /** Largest file read, in bytes. */
  maxBytes: number;
  /** Most data rows in one file, all sheets together. */
  maxRows: number;
  /** Largest an XLSX may unpack to (its XML is ten to twenty times its size). */
  maxUncompressedBytes: number;
}

export const DEFAULT_IMPORT_LIMITS: Readonly<ImportLimits> = {
  maxBytes: 10 * 1024 * 1024,
  maxRows: 200_000,
  maxUncompressedBytes: 256 * 1024 * 1024,
};

export interface ReadImportOptions {
  /** The file's name as the official knows it: every problem names it. */
  fileName: string;
  /** The kind a CSV holds; without it, the kind its header fits. XLSX sheets say their kind by name. */
  kind?: ImportKind;
  limits?: Partial<ImportLimits>;
}

/**
 * read: rows (and maybe problems of some rows or sheets) for the importer; unreadable: not a spreadsheet, damaged,
 * empty or without a sheet of any kind; too-large: over a limit. Neither of the last two has rows.
 */
export type ReadStatus = 'read' | 'unreadable' | 'too-large';

export interface ReadImport extends ParsedImport {
  format: 'xlsx' | 'csv' | null;
  status: ReadStatus;
}

const startsWith = (bytes: Uint8Array, ...signature: number[]) => signature.every((b, i) => bytes[i] === b);

/** What the first bytes say the file is; null when it may be text. */
function sniff(bytes: Uint8Array, fileName: string): { format: 'xlsx' } | { refused: string } | null {
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04) || startsWith(bytes, 0x50, 0x4b, 0x05, 0x06)) return { format: 'xlsx' };
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    return { refused: 'an Excel 97-2003 (.xls) workbook or a password-protected file: save it as .xlsx (Excel Workbook) without a password' };
  }
  if (startsWith(bytes, 0x25, 0x50, 0x44, 0x46)) return { refused: 'a PDF document, not a spreadsheet: import the XLSX or CSV it was made from' };
  if (startsWith(bytes, 0x89, 0x50, 0x4e, 0x47) || startsWith(bytes, 0xff, 0xd8, 0xff) || startsWith(bytes, 0x47, 0x49, 0x46, 0x38)) {
    return { refused: 'an image, not a spreadsheet' };
  }
  if (/\.(xlsx|xlsm|xltx)$/i.test(fileName)) return { refused: 'named .xlsx but not an XLSX workbook (it does not begin as a ZIP archive): save the spreadsheet again as .xlsx' };
  return null;
}

/**
 * Reads a province's history file (XLSX or CSV) into typed rows per kind, every problem naming file, sheet, row and
 * column. Pure apart from the clock-free work of unzipping and parsing; it answers every input, never throws for one.
 */
export async function readImportFile(bytes: Buffer, options: ReadImportOptions): Promise<ReadImport> {
  const limits = { ...DEFAULT_IMPORT_LIMITS, ...options.limits };
  const file = options.fileName;
  const base = { file, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
  const refuse = (status: Exclude<ReadStatus, 'read'>, format: ReadImport['format'], rule: string, found: ImportProblem[] = []): ReadImport => ({
    ...base,
    format,
    status,
    rows: [],
    problems: [{ file, sheet: null, row: null, column: null, rule }, ...found],
  });

  if (bytes.length === 0) return refuse('unreadable', null, 'the file is empty (0 bytes)');
  if (bytes.length > limits.maxBytes) return refuse('too-large', null, `the file is ${bytes.length} bytes; the limit is ${limits.maxBytes}: split it into smaller files`);
  const sniffed = sniff(bytes, file);
  if (sniffed && 'refused' in sniffed) return refuse('unreadable', null, sniffed.refused);

  let tables: { kind: ImportKind; table: Table }[];
  const problems: ImportProblem[] = [];
  let format: 'xlsx' | 'csv';
  if (sniffed) {
    format = 'xlsx';
    const zip = await checkWorkbookZip(bytes, limits.maxUncompressedBytes);
    if (!zip.ok) return refuse(zip.tooLarge ? 'too-large' : 'unreadable', format, zip.rule);
    const loaded = await loadWorkbook(bytes);
    if (!loaded.ok) return refuse('unreadable', format, loaded.rule);
    tables = [];
    for (const sheet of loaded.workbook.worksheets) {
      const kind = kindOfSheet(sheet.name);
      if (kind === 'instructions') continue;
      // A sheet left empty ("Sheet1") holds nothing to lose; a filled sheet of no known kind is reported.
      if (kind === null) {
        if (sheet.actualRowCount > 0) problems.push({ file, sheet: sheet.name, row: null, column: null, rule: `the sheet's name names no kind of history: name it ${sheetNames()}` });
        continue;
      }
      if (sheet.actualRowCount > limits.maxRows + 12) return refuse('too-large', format, `more than ${limits.maxRows} rows: split the file`);
      tables.push({ kind, table: sheetTable(file, sheet) });
    }
    if (tables.length === 0) return refuse('unreadable', format, `no sheet of history in the workbook: name the sheets ${sheetNames()}`, problems);
  } else {
    format = 'csv';
    const decoded = decodeCsv(bytes);
    if (!decoded.ok) return refuse('unreadable', null, decoded.rule);
    const parsed = csvTable(file, decoded.text);
    if (!parsed.ok) return refuse('unreadable', format, parsed.rule);
    if (parsed.table.rows.every((r) => r.cells.every((c) => String(c.value ?? '').trim() === ''))) return refuse('unreadable', format, 'the file holds no rows');
    const guessed = options.kind ? { kind: options.kind } : guessKind(parsed.table);
    if ('problem' in guessed) return refuse('unreadable', format, guessed.problem);
    tables = [{ kind: guessed.kind, table: parsed.table }];
  }

  const rows: ParsedRow[] = [];
  let dataRows = 0;
  for (const { kind, table } of tables) {
    const read = readTable(kind, table, limits.maxRows - dataRows);
    if (read.overLimit) return refuse('too-large', format, `more than ${limits.maxRows} rows: split the file`);
    dataRows += read.dataRows;
    for (const row of read.rows) rows.push(row);
    for (const problem of read.problems) problems.push(problem);
  }
  if (dataRows === 0) return refuse('unreadable', format, 'the file holds no rows to import, only headers: fill the rows under the headers', problems);
  return { ...base, format, status: 'read', rows, problems };
}

function sheetNames(): string {
  return Object.entries(SHEET_NAMES)
    .map(([kind, n]) => `"${n.vi}" or "${kind}"`)
    .join(', ');
}
