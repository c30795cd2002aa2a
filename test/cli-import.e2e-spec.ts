import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workbook } from 'exceljs';
import { IMPORT_KINDS, readImportFile, templateSheetName } from '@app/import';
import { createTestDatabase, sheet, withClient, xlsx, type TestDatabase } from '@app/testing';
import { cliProcess } from './support/cli';

/**
 * The CLI's file side: templates, usage errors and files refused before anything is opened. None of these needs a
 * database; the import that writes is tested with the workflow's importer.
 */
describe('npm run cli -- import: templates, usage and unreadable files', () => {
  let dir: string;
  // The environment points at no database: a command that tried to open one would fail, not pass.
  const cli = (...args: string[]) => cliProcess(args, { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }).finished;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ntm-import-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes the XLSX template, which holds the instructions and a sheet per kind, and nothing to import', async () => {
    const out = join(dir, 'mau.xlsx');
    const r = await cli('import', 'template', '--out', out);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(new RegExp(`^wrote ${out} \\(\\d+ bytes\\)\\n$`));
    const bytes = await readFile(out);
    const wb = new Workbook();
    await wb.xlsx.load(bytes as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Hướng dẫn - Instructions', ...IMPORT_KINDS.map(templateSheetName)]);
    expect((await readImportFile(bytes, { fileName: 'mau.xlsx' })).status).toBe('unreadable');
  }, 120_000);

  it("prints one kind's CSV template to standard output", async () => {
    const r = await cli('import', 'template', 'assessments', '--format', 'csv', '--out', '-');
    expect(r.code).toBe(0);
    const [vi, keys] = r.stdout.replace(/^\ufeff/, '').split('\r\n');
    expect(vi.startsWith('Mã xã *,Tên đơn vị,Năm đánh giá *')).toBe(true);
    expect(keys.startsWith('unit_code,unit_name,year,assessed_on')).toBe(true);
  }, 120_000);

  it.each<[string[], RegExp]>([
    [['import'], /missing required argument 'file'/],
    [['import', 'x.xlsx', '--bogus'], /unknown option '--bogus'/],
    [['import', 'x.csv', '--kind', 'dossiers'], /expected a kind \(recognitions, revocations, assessments, plans\), got "dossiers"/],
    [['import', 'x.xlsx', '--role', 'coordination_office'], /needs --unit <province code>/],
    [['import', 'template', '--format', 'csv'], /a CSV template holds one kind/],
  ])('exits 2 on the usage error %j', async (args, message) => {
    const r = await cli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  }, 120_000);

  it('refuses an unreadable or too large file with exit 1, naming the rule, before opening any store', async () => {
    const pdf = join(dir, 'bao-cao.xlsx');
    await writeFile(pdf, '%PDF-1.7\n1 0 obj\n');
    const r = await cli('import', pdf);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('bao-cao.xlsx: unreadable, nothing written');
    expect(r.stdout).toContain('a PDF document, not a spreadsheet');
    const big = join(dir, 'lon.csv');
    await writeFile(big, Buffer.alloc(4096, 0x41));
    const tooLarge = cliProcess(['import', big], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', IMPORT_MAX_BYTES: '2048' });
    const done = await tooLarge.finished;
    expect(done.code).toBe(1);
    expect(done.stdout).toContain('the file is 4096 bytes; the limit is 2048 (IMPORT_MAX_BYTES)');
    const empty = join(dir, 'trong.xlsx');
    await writeFile(empty, await xlsx((wb) => sheet(wb, 'Công nhận', [['unit_code', 'level', 'decision_no', 'decision_date']])));
    const none = await cli('import', empty, '--dry-run', '--json');
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stdout)).toMatchObject({ file: 'trong.xlsx', status: 'unreadable', problems: [{ sheet: null, row: null, column: null, rule: expect.stringContaining('no rows to import') }] });
  }, 300_000);
});

/** The import that writes, through the CLI, over a database of its own: the same importer as POST /imports. */
describe('npm run cli -- import <file>: writes a history once', () => {
  let dir: string;
  let db: TestDatabase;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ntm-import-write-'));
    db = await createTestDatabase('cliimport');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await db.drop();
  });

  it('checks, writes with a business date per row, and writes nothing the second time', async () => {
    const file = join(dir, 'lich-su.xlsx');
    await writeFile(
      file,
      await xlsx((wb) => {
        sheet(wb, 'Công nhận', [
          ['unit_code', 'level', 'decision_no', 'decision_date', 'signer_name'],
          ['07693', 'NTM', '12/QĐ-UBND', '15/06/2013', 'Lê Ánh Dương'],
          ['07702', 'nâng cao', '88/QĐ-UBND', '01/09/2023', null],
        ]);
        sheet(wb, 'Kế hoạch', [
          ['unit_code', 'scope', 'period', 'standard_percent', 'floor_criteria'],
          ['24', 'giai đoạn', '2021-2025', 80, 15],
        ]);
      }),
    );
    const env = { DATABASE_URL: db.url, LOG_LEVEL: 'silent' };
    const dry = await cliProcess(['import', file, '--dry-run', '--json'], env).finished;
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ outcome: 'dry-run', totals: { valid: 3, invalid: 0 } });
    // An import records what was decided: an advanced recognition needs no prerequisite check against the store.
    const written = await cliProcess(['import', file, '--json', '--reason', 'Số liệu lịch sử'], env).finished;
    expect([written.code, JSON.parse(written.stdout).outcome]).toEqual([0, 'written']);
    const again = await cliProcess(['import', file, '--json'], env).finished;
    expect(JSON.parse(again.stdout)).toMatchObject({ outcome: 'nothing-to-write', totals: { alreadyPresent: 3, written: 0 } });
    const rows = await withClient(db.url, (c) => c.query(`SELECT event_type, metadata->>'occurredAt' AS at, metadata->'source'->>'row' AS row FROM es_events WHERE event_type IN ('RecognitionImported', 'PeriodPlanRecorded') ORDER BY global_position`));
    // Written in business order (the 2021-2025 plan counts from 1 January 2021), each naming its row.
    expect(rows.rows).toEqual([
      { event_type: 'RecognitionImported', at: '2013-06-14T17:00:00.000Z', row: '2' },
      { event_type: 'PeriodPlanRecorded', at: '2020-12-31T17:00:00.000Z', row: '2' },
      { event_type: 'RecognitionImported', at: '2023-08-31T17:00:00.000Z', row: '3' },
    ]);
  }, 300_000);
});
