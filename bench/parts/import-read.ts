import { performance } from 'node:perf_hooks';
import { parse } from 'csv-parse/sync';
import type * as ExcelJS from 'exceljs';
import { readImportFile } from '@app/import';
import type { BenchContext, BenchPart, PartResult, RatioLine } from '../lib/part';
import { fmtSpread, num } from '../lib/report';
import { pairedRatio, spread } from '../lib/stats';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Workbook } = require('exceljs') as typeof ExcelJS;

const COMMUNES = 130;
const YEARS = 14;
const marks = (met: number) => Array.from({ length: 19 }, (_, i) => (i < met ? 'đạt' : 'không đạt'));
const code = (i: number) => String(7000 + i).padStart(5, '0');

/** A province of 130 communes: recognitions 2012-2025, some revocations, 14 years of criteria (half per criterion), plans. */
async function provinceWorkbook(): Promise<Buffer> {
  const wb = new Workbook();
  const rec = wb.addWorksheet('Công nhận');
  rec.addRow(['unit_code', 'unit_name', 'level', 'decision_no', 'decision_date', 'signer_name', 'signer_title']);
  for (let i = 0; i < COMMUNES; i++) rec.addRow([code(i), `Xã ${i}`, i % 9 === 0 ? 'nâng cao' : 'NTM', `${100 + i}/QĐ-UBND`, new Date(Date.UTC(2012 + (i % YEARS), i % 12, 1 + (i % 28))), 'Nguyễn Văn A', 'Chủ tịch UBND tỉnh']);
  const rev = wb.addWorksheet('Thu hồi');
  rev.addRow(['unit_code', 'level', 'decision_no', 'decision_date', 'failing_criteria']);
  for (let i = 0; i < 10; i++) rev.addRow([code(i * 13), 'NTM', `${900 + i}/QĐ-UBND`, '01/03/2024', 'C10; C17']);
  const assess = wb.addWorksheet('Đánh giá tiêu chí');
  assess.addRow(['unit_code', 'year', 'met_count', 'unmet_criteria', ...Array.from({ length: 19 }, (_, i) => `TC${i + 1}`)]);
  for (let y = 0; y < YEARS; y++) {
    for (let i = 0; i < COMMUNES; i++) {
      const met = 10 + ((i + y) % 10);
      assess.addRow(i % 2 ? [code(i), 2012 + y, `đạt ${met}/19`] : [code(i), 2012 + y, null, null, ...marks(met)]);
    }
  }
  const plans = wb.addWorksheet('Kế hoạch');
  plans.addRow(['unit_code', 'scope', 'period', 'year', 'standard_communes', 'standard_percent', 'average_criteria', 'floor_criteria']);
  plans.addRow(['24', 'giai đoạn', '2021-2025', null, null, 85, 18, 15]);
  for (let y = 2011; y <= 2025; y++) plans.addRow(['24', 'năm', null, y, 8, null, 15 + (y - 2011) * 0.2]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Per-criterion yearly assessments, the bulk of a large file. */
async function largeWorkbook(rows: number): Promise<Buffer> {
  const wb = new Workbook();
  const ws = wb.addWorksheet('assessments');
  ws.addRow(['unit_code', 'year', ...Array.from({ length: 19 }, (_, i) => `C${String(i + 1).padStart(2, '0')}`)]);
  for (let i = 0; i < rows; i++) ws.addRow([code(i % 90000), 2012 + (i % YEARS), ...marks(10 + (i % 10))]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function largeCsv(rows: number): Buffer {
  const lines = ['unit_code;year;met_count;unmet_criteria'];
  for (let i = 0; i < rows; i++) lines.push(`${code(i % 90000)};${2012 + (i % YEARS)};17/19;C10, C17`);
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`);
}

interface FileCase {
  label: string;
  bytes: Buffer;
  name: string;
  /** The library alone on the same bytes: what reading cannot go below. */
  floorLabel: string;
  floor: (bytes: Buffer) => Promise<unknown>;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * The reader on a province's history, on a large workbook and on a CSV at the row limit, each beside the library
 * alone reading the same bytes (exceljs load, csv-parse) in the same round: the gap is the header matching, the
 * normalisers and the row checks.
 */
export const importReadPart: BenchPart = {
  name: 'import-read',
  title: 'Part 6 — reading history files (XLSX, CSV)',
  async run(ctx: BenchContext): Promise<PartResult> {
    const largeRows = Math.max(2000, Math.round(40_000 * ctx.scale));
    const csvRows = Math.max(5000, Math.round(200_000 * ctx.scale));
    ctx.log(`import-read: generating a province workbook, a ${largeRows}-row workbook and a ${csvRows}-row CSV`);
    const exceljsLoad = async (bytes: Buffer) => new Workbook().xlsx.load(bytes as never);
    const cases: FileCase[] = [
      { label: `province: ${COMMUNES} communes, ${YEARS} years`, bytes: await provinceWorkbook(), name: 'province.xlsx', floorLabel: 'exceljs load', floor: exceljsLoad },
      { label: `XLSX, ${largeRows} per-criterion rows`, bytes: await largeWorkbook(largeRows), name: 'large.xlsx', floorLabel: 'exceljs load', floor: exceljsLoad },
      {
        label: `CSV, ${csvRows} count-only rows`,
        bytes: largeCsv(csvRows),
        name: 'large.csv',
        floorLabel: 'csv-parse',
        floor: async (bytes) => parse(bytes.toString('utf8'), { delimiter: ';', bom: true, relax_column_count: true }),
      },
    ];
    const rows: string[][] = [];
    const ratios: RatioLine[] = [];
    const data: unknown[] = [];
    for (const c of cases) {
      let rowCount = 0;
      const read = async () => {
        const r = await readImportFile(c.bytes, { fileName: c.name, limits: { maxRows: 1_000_000 } });
        if (r.status !== 'read' || r.problems.length > 0) throw new Error(`${c.name}: ${r.status} ${JSON.stringify(r.problems.slice(0, 3))}`);
        rowCount = r.rows.length;
      };
      await read();
      await c.floor(c.bytes);
      const ours: number[] = [];
      const floor: number[] = [];
      for (let i = 0; i < ctx.rounds; i++) {
        floor.push(await time(() => c.floor(c.bytes)));
        ours.push(await time(read));
      }
      const oursS = spread(ours);
      const rowsPerSecond = spread(ours.map((ms) => (rowCount / ms) * 1000));
      rows.push([c.label, num(c.bytes.length / 1024), num(rowCount), fmtSpread(oursS), fmtSpread(rowsPerSecond), `${c.floorLabel}: ${fmtSpread(spread(floor))}`]);
      ratios.push({ label: `${c.name}: readImportFile / ${c.floorLabel} alone (time)`, ratio: pairedRatio(ours, floor), higherIsBetter: false });
      data.push({ file: c.name, bytes: c.bytes.length, rows: rowCount, oursMs: ours, floorMs: floor, floor: c.floorLabel });
    }
    return {
      name: this.name,
      title: this.title,
      tables: [{ title: 'Part 6 — readImportFile (ms, median and spread of the rounds) beside the library alone on the same bytes', columns: ['file', 'KiB', 'rows', 'ms', 'rows/s', 'baseline ms'], rows }],
      ratios,
      notes: ['reading only: the rows the importer then checks against the rules and writes are the workflow\'s part, measured with it'],
      data,
    };
  },
};
