import type * as ExcelJS from 'exceljs';

/**
 * exceljs takes a good part of a second to load; it is loaded on first use, so that the service and every CLI command
 * start without it.
 */
export function excel(): typeof ExcelJS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('exceljs') as typeof ExcelJS;
}
