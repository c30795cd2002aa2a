import { Workbook } from 'exceljs';
import { IMPORT_KINDS, type ImportKind } from './import-contract';
import { columnsOf, INSTRUCTIONS_SHEET, kindOfSheet, matchHeader, templateSheetName } from './columns';
import { readImportFile } from './read-import-file';
import { templateCsv, templateFileName, templateWorkbook } from './templates';

async function load(bytes: Buffer): Promise<Workbook> {
  const wb = new Workbook();
  await wb.xlsx.load(bytes as never);
  return wb;
}

const rowValues = (wb: Workbook, sheet: string, row: number) => (wb.getWorksheet(sheet)!.getRow(row).values as unknown[]).slice(1);

describe('column schemas', () => {
  it.each(IMPORT_KINDS)('%s: every key, Vietnamese header and alias names its own column', (kind) => {
    for (const c of columnsOf(kind)) {
      for (const name of [c.key, c.header, `${c.header} *`, ...(c.aliases ?? [])]) {
        expect([name, matchHeader(kind, name)]).toEqual([name, { kind: 'column', key: c.key }]);
      }
      expect(c.key).toMatch(/^[a-z][a-z0-9_]*$/);
    }
  });

  it.each<[string, string]>([
    ['C01', 'c01'],
    ['C1', 'c01'],
    ['TC1', 'c01'],
    ['TC 19', 'c19'],
    ['tc07', 'c07'],
    ['Tiêu chí 12', 'c12'],
  ])('assessments read the criterion header %s as %s', (header, key) => {
    expect(matchHeader('assessments', header)).toEqual({ kind: 'column', key });
  });

  it('matches headers without accents or case, ignores row-number columns, and knows no others', () => {
    expect(matchHeader('recognitions', 'SO QUYET DINH')).toEqual({ kind: 'column', key: 'decision_no' });
    expect(matchHeader('recognitions', 'STT')).toEqual({ kind: 'ignored' });
    expect(matchHeader('assessments', 'TC20')).toEqual({ kind: 'unknown' });
    expect(matchHeader('recognitions', 'TC1')).toEqual({ kind: 'unknown' });
    expect(matchHeader('plans', 'decision_no')).toEqual({ kind: 'unknown' });
  });

  it.each<[string, ImportKind | 'instructions' | null]>([
    ['recognitions', 'recognitions'],
    ['Công nhận', 'recognitions'],
    ['CONG NHAN', 'recognitions'],
    ['Công nhận 2012-2015', 'recognitions'],
    ['Công nhận (recognitions)', 'recognitions'],
    ['Thu hồi', 'revocations'],
    ['revocations', 'revocations'],
    ['Đánh giá tiêu chí', 'assessments'],
    ['Đánh giá', 'assessments'],
    ['assessments 2023', 'assessments'],
    ['Kế hoạch', 'plans'],
    ['plans', 'plans'],
    ['Hướng dẫn', 'instructions'],
    ['Hướng dẫn - Instructions', 'instructions'],
    ['Hướng dẫn nhập liệu', 'instructions'],
    ['Instructions (EN)', 'instructions'],
    ['Công nhậnx', null],
    ['Sheet1', null],
    ['Tổng hợp', null],
  ])('the sheet %s holds %s', (name, kind) => {
    expect(kindOfSheet(name)).toBe(kind);
  });
});

describe('templates', () => {
  it('the workbook has the instructions first, then one sheet per kind with the Vietnamese headers over the English keys, and no data rows', async () => {
    const bytes = await templateWorkbook();
    const wb = await load(bytes);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual([INSTRUCTIONS_SHEET, ...IMPORT_KINDS.map(templateSheetName)]);
    for (const kind of IMPORT_KINDS) {
      const name = templateSheetName(kind);
      expect(name.length).toBeLessThanOrEqual(31);
      expect(kindOfSheet(name)).toBe(kind);
      expect(rowValues(wb, name, 1)).toEqual(columnsOf(kind).map((c) => (c.required ? `${c.header} *` : c.header)));
      expect(rowValues(wb, name, 2)).toEqual(columnsOf(kind).map((c) => c.key));
      expect(wb.getWorksheet(name)!.actualRowCount).toBe(2);
    }
    // Codes typed into the template stay text, with their leading zeros.
    expect(wb.getWorksheet(templateSheetName('recognitions'))!.getColumn(1).numFmt).toBe('@');
    const instructions = wb.getWorksheet(INSTRUCTIONS_SHEET)!;
    const text = instructions.getSheetValues().flat().join(' ');
    expect(text).toContain('Trang hướng dẫn này không bao giờ được nhập');
    expect(text).toContain('This instructions sheet is never imported');
    expect(text).toContain('2150/QĐ-UBND');
  });

  it('the template alone imports nothing: its examples are on the instructions sheet, which is never read', async () => {
    const r = await readImportFile(await templateWorkbook(), { fileName: templateFileName(null, 'xlsx') });
    expect(r).toMatchObject({ status: 'unreadable', rows: [], problems: [{ rule: expect.stringContaining('no rows to import') }] });
  });

  it('a filled-in template reads back every kind, rows numbered from 3', async () => {
    const wb = await load(await templateWorkbook());
    wb.getWorksheet(templateSheetName('recognitions'))!.addRow(['07246', 'Xã Phúc Hòa', 'đạt chuẩn', 'giai đoạn 2016-2020', '2150/QĐ-UBND', '15/12/2019']);
    wb.getWorksheet(templateSheetName('revocations'))!.addRow(['07246', '', 'NTM', '310/QĐ-UBND', '01/03/2024', '', '', '2150/QĐ-UBND', 'Không duy trì', '10, 17']);
    wb.getWorksheet(templateSheetName('assessments'))!.addRow(['07282', '', '2023', '', '', '', '15/19']);
    wb.getWorksheet(templateSheetName('plans'))!.addRow(['24', 'năm', '', '2024', '12']);
    const r = await readImportFile(Buffer.from(await wb.xlsx.writeBuffer()), { fileName: 'filled.xlsx' });
    expect(r.problems).toEqual([]);
    expect(r.rows.map((row) => [row.kind, row.source.row])).toEqual(IMPORT_KINDS.map((k) => [k, 3]));
  });

  it('a one-kind workbook holds the instructions and that sheet', async () => {
    const wb = await load(await templateWorkbook(['plans']));
    expect(wb.worksheets.map((ws) => ws.name)).toEqual([INSTRUCTIONS_SHEET, templateSheetName('plans')]);
    expect(templateFileName('plans', 'xlsx')).toBe('ntm-history-plans.xlsx');
  });

  it.each(IMPORT_KINDS)('the %s CSV is UTF-8 with a BOM, the Vietnamese headers then the English keys, and reads back as its kind', async (kind) => {
    const bytes = templateCsv(kind);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[1]).toBe(columnsOf(kind).map((c) => c.key).join(','));
    expect(lines[0].split(',')).toHaveLength(columnsOf(kind).length);
    const empty = await readImportFile(bytes, { fileName: templateFileName(kind, 'csv') });
    expect(empty.problems[0].rule).toContain('no rows to import');
    const row: Record<ImportKind, string> = {
      recognitions: '07246,,NTM,,1/QĐ-UBND,15/12/2019',
      revocations: '07246,,NTM,2/QĐ-UBND,01/03/2024',
      assessments: '07282,,2023,,,,15/19',
      plans: '24,,2021-2025,,80',
    };
    const filled = await readImportFile(Buffer.concat([bytes, Buffer.from(`${row[kind]}\r\n`)]), { fileName: templateFileName(kind, 'csv') });
    expect(filled.problems).toEqual([]);
    expect(filled.rows.map((r) => [r.kind, r.source.row])).toEqual([[kind, 3]]);
  });
});
