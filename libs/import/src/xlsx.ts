import type { Cell as ExcelCell, CellValue as ExcelValue, Workbook, Worksheet } from 'exceljs';
import { fromBufferPromise, type Entry } from 'yauzl';
import type { Cell } from './cells';
import { excel } from './excel';
import type { Table, TableRow } from './table';

export type ZipCheck = { ok: true } | { ok: false; tooLarge: boolean; rule: string };

/**
 * Before the workbook is unpacked in memory: its ZIP directory must be sound, hold an Excel workbook, and unpack to at
 * most `maxUncompressedBytes`. Each part is inflated once here, with its size checked against what the directory
 * declares, so a part that lies about its size (a ZIP bomb) is caught with bounded memory, before exceljs (whose
 * unzipper holds every part in memory) ever sees it.
 */
export async function checkWorkbookZip(bytes: Buffer, maxUncompressedBytes: number): Promise<ZipCheck> {
  let zip;
  try {
    zip = await fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true });
  } catch (err) {
    return { ok: false, tooLarge: false, rule: `a damaged ZIP archive, not a readable XLSX workbook (${(err as Error).message})` };
  }
  const entries: Entry[] = [];
  let declared = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      entries.push(entry);
      declared += entry.uncompressedSize;
      if (entry.isEncrypted()) return { ok: false, tooLarge: false, rule: 'an encrypted archive: remove the password and save as .xlsx' };
      if (declared > maxUncompressedBytes) {
        return { ok: false, tooLarge: true, rule: `the workbook unpacks to more than ${maxUncompressedBytes} bytes: split it into smaller files` };
      }
    }
  } catch (err) {
    return { ok: false, tooLarge: false, rule: `a damaged ZIP archive, not a readable XLSX workbook (${(err as Error).message})` };
  }
  if (!entries.some((e) => e.fileName === 'xl/workbook.xml')) {
    return { ok: false, tooLarge: false, rule: 'a ZIP archive but not an Excel workbook (no xl/workbook.xml): save the spreadsheet as .xlsx' };
  }
  try {
    for (const entry of entries) {
      const stream = await zip.openReadStreamPromise(entry);
      // Drained and dropped: yauzl fails the stream when a part inflates beyond its declared size.
      for await (const _chunk of stream) void _chunk;
    }
  } catch (err) {
    return { ok: false, tooLarge: false, rule: `a damaged ZIP archive, not a readable XLSX workbook (${(err as Error).message})` };
  } finally {
    zip.close();
  }
  return { ok: true };
}

export async function loadWorkbook(bytes: Buffer): Promise<{ ok: true; workbook: Workbook } | { ok: false; rule: string }> {
  const workbook = new (excel().Workbook)();
  try {
    // exceljs declares the Buffer of older @types/node; the bytes are the same.
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    return { ok: true, workbook };
  } catch (err) {
    return { ok: false, rule: `a damaged or unsupported XLSX workbook (${(err as Error).message})` };
  }
}

function isExcelError(v: object): v is { error: string } {
  return 'error' in v;
}

function plain(value: ExcelValue): Cell {
  if (value === null || value === undefined) return { value: null };
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return { value };
  if (isExcelError(value)) return { value: null, error: `Excel error ${String(value.error)}` };
  if ('richText' in value) return { value: value.richText.map((r) => r.text).join('') };
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined || result === null) return { value: null, error: 'a formula whose result the file does not store: recalculate and save in Excel, or paste values' };
    if (typeof result === 'object' && !(result instanceof Date)) return isExcelError(result) ? { value: null, error: `Excel error ${String(result.error)}` } : { value: null, error: 'an unreadable formula result' };
    return { value: result as string | number | boolean | Date };
  }
  if ('text' in value) {
    const text = (value as { text: unknown }).text;
    return typeof text === 'string' ? { value: text } : plain(text as ExcelValue);
  }
  return { value: null, error: 'a cell of a kind the import does not read' };
}

function toCell(cell: ExcelCell): Cell {
  const c = plain(cell.value);
  return typeof c.value === 'number' && cell.numFmt ? { ...c, numFmt: cell.numFmt } : c;
}

/** The sheet's rows with their own numbers; merged cells read as their top-left cell, as Excel shows them. */
export function sheetTable(file: string, sheet: Worksheet): Table {
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = toCell(cell);
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= { value: null };
    rows.push({ number, cells });
  });
  return { file, sheet: sheet.name, rows };
}
