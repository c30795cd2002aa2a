import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workbook } from 'exceljs';
import { IMPORT_KINDS, readImportFile, templateSheetName } from '@app/import';
import { xlsx, sheet } from '@app/testing';
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
