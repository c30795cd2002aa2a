import { performance } from 'node:perf_hooks';
import { parse } from 'csv-parse/sync';
import type * as ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { unitRegistry } from '@app/domain';
import { PostgresEventStore } from '@app/event-store';
import { readImportFile } from '@app/import';
import { loadConfig } from '@app/platform';
import { HistoryImport, Jurisdiction, RegulationOverrides } from '@app/workflow';
import { targetLine, type BenchContext, type BenchPart, type PartResult, type RatioLine } from '../lib/part';
import { fmtSpread, num } from '../lib/report';
import { pairedRatio, spread } from '../lib/stats';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Workbook } = require('exceljs') as typeof ExcelJS;

/** A real province of the map before July 2025 (Bắc Giang, 24), so that the importer accepts every row of it. */
const PROVINCE = '24';
const PROVINCE_COMMUNES = unitRegistry.communesOf(PROVINCE, '2025-03').filter((c) => c.kind === 'commune').sort((a, b) => a.code.localeCompare(b.code));
const COMMUNES = PROVINCE_COMMUNES.length;
const YEARS = 14;
const marks = (met: number) => Array.from({ length: 19 }, (_, i) => (i < met ? 'đạt' : 'không đạt'));
const code = (i: number) => PROVINCE_COMMUNES[i % COMMUNES]!.code;
const name = (i: number) => PROVINCE_COMMUNES[i % COMMUNES]!.name;

/**
 * A province's whole history before the July 2025 merger: every commune recognised between 2012 and mid-2025, some of
 * them at the advanced level in 2023, ten revoked in 2024, 13 years of yearly criteria for every commune (half per criterion, half count-only) and
 * its plans.
 */
async function provinceWorkbook(): Promise<Buffer> {
  const wb = new Workbook();
  const rec = wb.addWorksheet('Công nhận');
  rec.addRow(['unit_code', 'unit_name', 'level', 'decision_no', 'decision_date', 'signer_name', 'signer_title']);
  const signer = ['Nguyễn Văn A', 'Chủ tịch UBND tỉnh'];
  for (let i = 0; i < COMMUNES; i++) rec.addRow([code(i), name(i), 'NTM', `${100 + i}/QĐ-UBND`, new Date(Date.UTC(2012 + (i % YEARS), i % 6, 1 + (i % 28))), ...signer]);
  // Advanced: communes recognised by 2019 whose index ends in 5.
  for (let i = 5; i < COMMUNES; i += 10) if (i % YEARS < 8) rec.addRow([code(i), name(i), 'nâng cao', `${500 + i}/QĐ-UBND`, '01/09/2023', ...signer]);
  const rev = wb.addWorksheet('Thu hồi');
  rev.addRow(['unit_code', 'level', 'decision_no', 'decision_date', 'signer_name', 'signer_title', 'recognition_decision_no', 'grounds', 'failing_criteria']);
  // Communes recognised in 2012 (i mod 14 = 0), none of them advanced.
  for (let i = 0; i < 10; i++) rev.addRow([code(i * YEARS), 'NTM', `${900 + i}/QĐ-UBND`, '01/03/2024', ...signer, `${100 + i * YEARS}/QĐ-UBND`, 'Không duy trì tiêu chí', 'C10; C17']);
  const assess = wb.addWorksheet('Đánh giá tiêu chí');
  assess.addRow(['unit_code', 'year', 'met_count', 'unmet_criteria', ...Array.from({ length: 19 }, (_, i) => `TC${i + 1}`)]);
  // 2012-2024: a year's assessment is dated at its end, and the end of 2025 is on the map after the merger.
  for (let y = 0; y < YEARS - 1; y++) {
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
  title: 'Part 6 — history files: reading (XLSX, CSV) and importing',
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
    // The whole import of the province's file, each run into a fresh event store: read, every row checked against the
    // rules of its date, every event written (the work of `npm run cli -- import` and POST /imports).
    const province = cases[0]!;
    const importMs: number[] = [];
    const readMs: number[] = [];
    const config = loadConfig({});
    let written = { events: 0, streams: 0, rows: 0 };
    for (let round = 0; round < ctx.rounds; round++) {
      ctx.log(`import-read: importing the province's file, run ${round + 1}/${ctx.rounds}`);
      const url = await ctx.server.createDatabase(`bench_import_${round}`);
      await PostgresEventStore.migrate(url);
      const store = new PostgresEventStore({ connectionString: url });
      try {
        const t0 = performance.now();
        const parsed = await readImportFile(province.bytes, { fileName: province.name });
        readMs.push(performance.now() - t0);
        if (parsed.status !== 'read') throw new Error(`${province.name}: ${parsed.status}`);
        const report = await new HistoryImport(store, new Jurisdiction(), new RegulationOverrides(config)).run(parsed, {
          dryRun: false,
          skipInvalid: false,
          actor: { id: 'bench', role: 'coordination_office', unit: PROVINCE },
          reason: 'Số hoá hồ sơ lưu trữ (bench)',
          correlationId: randomUUID(),
        });
        importMs.push(performance.now() - t0);
        if (report.outcome !== 'written') throw new Error(`${province.name}: ${report.outcome}, ${JSON.stringify(report.problems.slice(0, 3))}`);
        written = { events: report.events.written, streams: report.events.streams, rows: report.totals.written };
      } finally {
        await store.close();
      }
    }
    const importS = spread(importMs.map((ms) => ms / 1000));
    const importTable = {
      title: `Part 6 — importing a province's history into an empty store (${COMMUNES} communes of province ${PROVINCE}, ${written.rows} rows, ${written.events} events on ${written.streams} streams), ${ctx.rounds} runs`,
      columns: ['what', 's', 'rows/s', 'of which reading the file, s'],
      rows: [["read, check every row, write (HistoryImport over PostgresEventStore)", fmtSpread(importS, 2), fmtSpread(spread(importMs.map((ms) => (written.rows / ms) * 1000))), fmtSpread(spread(readMs.map((ms) => ms / 1000)), 2)]],
    };
    data.push({ import: { communes: COMMUNES, ...written, ms: importMs, readMs } });
    return {
      name: this.name,
      title: this.title,
      tables: [
        { title: 'Part 6 — readImportFile (ms, median and spread of the rounds) beside the library alone on the same bytes', columns: ['file', 'KiB', 'rows', 'ms', 'rows/s', 'baseline ms'], rows },
        importTable,
      ],
      ratios,
      targets: [targetLine(`import a province's history (${COMMUNES} communes, ${written.rows} rows)`, importS, { atMost: 30 }, ' s', 1)],
      notes: [],
      data,
    };
  },
};
