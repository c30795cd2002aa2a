import { excelDate, junk, sheet, xlsx, zip } from '@app/testing';
import type { ImportProblem, ParsedRow } from './import-contract';
import { readImportFile, type ReadImport } from './read-import-file';

const REC_VI = ['Mã đơn vị (xã/huyện) *', 'Tên đơn vị', 'Mức độ *', 'Giai đoạn', 'Số quyết định *', 'Ngày quyết định *', 'Người ký', 'Chức vụ người ký', 'Ghi chú'];
const REC_EN = ['unit_code', 'unit_name', 'level', 'period', 'decision_no', 'decision_date', 'signer_name', 'signer_title', 'note'];

const read = (bytes: Buffer, fileName = 'lich-su.xlsx', options: Partial<Parameters<typeof readImportFile>[1]> = {}) => readImportFile(bytes, { fileName, ...options });
const csv = (text: string) => Buffer.from(text, 'utf8');
const where = (p: ImportProblem) => `${p.sheet ?? '-'}!${p.row ?? '-'}:${p.column ?? '-'}`;
const sources = (r: ReadImport) => r.rows.map((row) => `${row.source.sheet ?? '-'}!${row.source.row}`);
const valuesOf = (rows: ParsedRow[], kind: ParsedRow['kind']) => rows.filter((r) => r.kind === kind).map((r) => r.values);

describe('reading XLSX', () => {
  it('reads several sheets by English key or Vietnamese name, with both header rows, date cells and number codes, numbering rows as the sheet does', async () => {
    const bytes = await xlsx((wb) => {
      const rec = sheet(wb, 'Công nhận', [REC_VI, REC_EN, ['07246', 'Xã Phúc Hòa', 'NTM', '2016-2020', '2150/QĐ-UBND', excelDate('2019-12-15'), 'Nguyễn Văn A', 'Chủ tịch UBND tỉnh'], null, [7264, null, 'nâng cao', null, '118/QĐ-UBND', '02/03/2023']]);
      rec.getCell('A6').value = 7;
      rec.getCell('A6').numFmt = '00000';
      rec.getCell('C6').value = 'kiểu mẫu';
      rec.getCell('E6').value = { richText: [{ text: '9/' }, { text: 'QĐ-UBND' }] };
      rec.getCell('F6').value = { formula: 'DATE(2024,1,5)', result: excelDate('2024-01-05') };
      sheet(wb, 'revocations', [['unit_code', 'level', 'decision_no', 'decision_date', 'failing_criteria'], ['07294', 'NTM', '310/QĐ-UBND', '01/03/2024', 'TC10 và TC17']]);
      sheet(wb, 'Kế hoạch 2021-2025', [['Mã tỉnh', 'Giai đoạn', 'Tỷ lệ xã đạt chuẩn NTM (%)', 'Bình quân tiêu chí/xã'], ['24', '2021 - 2025', '85%', '18,5']]);
    });
    const r = await read(bytes);
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ status: 'read', format: 'xlsx', bytes: bytes.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(sources(r)).toEqual(['Công nhận!3', 'Công nhận!5', 'Công nhận!6', 'revocations!2', 'Kế hoạch 2021-2025!2']);
    expect(valuesOf(r.rows, 'recognitions')).toEqual([
      { unitCode: '07246', unitName: 'Xã Phúc Hòa', level: 'standard', period: '2016-2020', decisionNo: '2150/QĐ-UBND', decisionDate: '2019-12-15', signerName: 'Nguyễn Văn A', signerTitle: 'Chủ tịch UBND tỉnh' },
      { unitCode: '07264', level: 'advanced', decisionNo: '118/QĐ-UBND', decisionDate: '2023-03-02' },
      { unitCode: '00007', level: 'model', decisionNo: '9/QĐ-UBND', decisionDate: '2024-01-05' },
    ]);
    expect(valuesOf(r.rows, 'revocations')).toEqual([{ unitCode: '07294', level: 'standard', decisionNo: '310/QĐ-UBND', decisionDate: '2024-03-01', failingCriteria: ['C10', 'C17'] }]);
    expect(valuesOf(r.rows, 'plans')).toEqual([{ unitCode: '24', scope: 'period', period: '2021-2025', standardPercent: 85, averageCriteria: 18.5 }]);
  });

  it('finds the header under title rows, and reads the English keys alone', async () => {
    const bytes = await xlsx((wb) => {
      sheet(wb, 'Công nhận', [['DANH SÁCH XÃ ĐẠT CHUẨN NÔNG THÔN MỚI'], ['(Kèm theo báo cáo số 12/BC-UBND)'], null, REC_VI, ['07246', '', 'NTM', '', '1/QĐ-UBND', '15/12/2019']]);
      sheet(wb, 'recognitions (2)', [REC_EN, ['07264', '', 'NTM', '', '2/QĐ-UBND', '2019-12-16']]);
    });
    const r = await read(bytes);
    expect(r.problems).toEqual([]);
    expect(sources(r)).toEqual(['Công nhận!5', 'recognitions (2)!2']);
  });

  it('takes a key row with a misspelt key for the second header, not for a row of data', async () => {
    const keys = REC_EN.map((k) => (k === 'decision_no' ? 'decison_no' : k));
    const r = await read(await xlsx((wb) => sheet(wb, 'Công nhận', [REC_VI, keys, ['07246', '', 'NTM', '', '1/QĐ-UBND', '15/12/2019']])));
    expect(r.problems).toEqual([]);
    expect(sources(r)).toEqual(['Công nhận!3']);
  });

  it('reads a two-row header whose first row groups the criteria under a merged title', async () => {
    const bytes = await xlsx((wb) => {
      const ws = sheet(wb, 'Đánh giá tiêu chí', [
        ['Mã xã', 'Năm', 'Kết quả đánh giá từng tiêu chí'],
        [null, null, 'TC1', 'TC2', 'TC3'],
        ['07282', 2023, 'đạt', 'không đạt', 'x'],
      ]);
      ws.mergeCells('A1:A2');
      ws.mergeCells('B1:B2');
      ws.mergeCells('C1:E1');
    });
    const r = await read(bytes);
    expect(r.problems).toEqual([]);
    expect(r.rows).toEqual([{ kind: 'assessments', source: { file: 'lich-su.xlsx', sheet: 'Đánh giá tiêu chí', row: 3 }, values: { unitCode: '07282', year: 2023, criteria: { C01: true, C02: false, C03: true } } }]);
  });

  it('skips the instructions sheet and empty sheets, and reports a filled sheet of no known kind', async () => {
    const bytes = await xlsx((wb) => {
      sheet(wb, 'Hướng dẫn - Instructions', [['Ví dụ'], REC_EN, ['07246', '', 'NTM', '', '1/QĐ-UBND', '15/12/2019']]);
      sheet(wb, 'Sheet1', []);
      sheet(wb, 'Công nhận', [REC_EN, ['07264', '', 'NTM', '', '2/QĐ-UBND', '16/12/2019']]);
      sheet(wb, 'Tổng hợp', [['Tổng', 3]]);
    });
    const r = await read(bytes);
    expect(sources(r)).toEqual(['Công nhận!2']);
    expect(r.problems).toEqual([{ file: 'lich-su.xlsx', sheet: 'Tổng hợp', row: null, column: null, rule: expect.stringContaining('names no kind of history') }]);
  });

  it('names sheet, row and column of every bad cell, and leaves bad rows out', async () => {
    const bytes = await xlsx((wb) => {
      sheet(wb, 'Công nhận', [
        REC_VI,
        REC_EN,
        ['07246', '', 'NTM', '', '1/QĐ-UBND', '31/02/2020'],
        [246, '', 'vàng', '', '', '15/12/2019'],
        ['07264', '', 'NTM', '2016-2021', '3/QĐ-UBND', '15/12/2019'],
      ]);
      const ws = wb.getWorksheet('Công nhận')!;
      ws.getCell('F5').value = { error: '#N/A' } as never;
    });
    const r = await read(bytes);
    expect(r.rows).toEqual([]);
    expect(r.problems.map((p) => [where(p), p.value ?? null])).toEqual([
      ['Công nhận!3:decision_date', '31/02/2020'],
      ['Công nhận!4:unit_code', '246'],
      ['Công nhận!4:level', 'vàng'],
      ['Công nhận!4:decision_no', null],
      ['Công nhận!5:period', '2016-2021'],
      ['Công nhận!5:decision_date', 'Excel error #N/A'],
    ]);
    expect(r.problems[0].rule).toMatch(/not a day of the calendar/);
    expect(r.problems[3].rule).toBe('required');
    expect(r.status).toBe('read');
  });

  it('reports unknown headers, headerless values and missing required columns; ignores a row-number column', async () => {
    const bytes = await xlsx((wb) => {
      sheet(wb, 'Công nhận', [['STT', 'unit_code', 'level', 'decision_no', 'decision_date', 'Ngày quyết dinh 2'], [1, '07246', 'NTM', '1/QĐ-UBND', '15/12/2019', 'x', 'lost']]);
      sheet(wb, 'Thu hồi', [['unit_code', 'level', 'decision_no'], ['07294', 'NTM', '310/QĐ-UBND']]);
    });
    const r = await read(bytes);
    expect(sources(r)).toEqual(['Công nhận!2']);
    expect(r.problems.map((p) => [where(p), p.rule])).toEqual([
      ['Công nhận!1:-', expect.stringMatching(/^column F: "Ngày quyết dinh 2" is not a column of recognitions; the columns are unit_code, unit_name/)],
      ['Công nhận!2:-', 'column G has values but no header: name the column, or remove it'],
      ['Thu hồi!1:decision_date', 'the required column decision_date ("Ngày quyết định thu hồi") is missing from the header'],
    ]);
  });

  it('reports a sheet with no header row', async () => {
    const r = await read(await xlsx((wb) => sheet(wb, 'Công nhận', [['07246', 'NTM', '1/QĐ-UBND', '15/12/2019']])));
    expect(r.problems).toEqual([{ file: 'lich-su.xlsx', sheet: 'Công nhận', row: null, column: null, rule: expect.stringContaining('no header row in the first 10 rows') }]);
    expect(r.status).toBe('read');
  });

  it('reports formulas saved without a result', async () => {
    const bytes = await xlsx((wb) => {
      const ws = sheet(wb, 'Công nhận', [REC_EN, ['07246', '', 'NTM', '', '1/QĐ-UBND', null]]);
      ws.getCell('F2').value = { formula: 'TODAY()' } as never;
    });
    const r = await read(bytes);
    expect(r.problems.map((p) => [where(p), p.rule])).toEqual([['Công nhận!2:decision_date', expect.stringContaining('a formula whose result the file does not store')]]);
  });
});

describe('assessments: per criterion or count-only', () => {
  const HEAD = ['unit_code', 'year', 'met_count', 'total', 'unmet_criteria', ...Array.from({ length: 19 }, (_, i) => `C${String(i + 1).padStart(2, '0')}`)];
  const marks = (...cells: unknown[]) => [...cells, ...Array(19 - cells.length).fill(null)];
  const assess = async (rows: unknown[][]) => read(await xlsx((wb) => sheet(wb, 'assessments', [HEAD, ...rows])));

  it('reads count-only rows, with the total from "15/19" or its own column', async () => {
    const r = await assess([
      ['07282', 2023, 'đạt 15/19', null, 'C10; C13; C17; C19'],
      ['07288', 2023, 12, 19],
      ['07290', 2023, '17'],
    ]);
    expect(r.problems).toEqual([]);
    expect(valuesOf(r.rows, 'assessments')).toEqual([
      { unitCode: '07282', year: 2023, metCount: 15, total: 19, unmetCriteria: ['C10', 'C13', 'C17', 'C19'] },
      { unitCode: '07288', year: 2023, metCount: 12, total: 19 },
      { unitCode: '07290', year: 2023, metCount: 17 },
    ]);
  });

  it('reads per-criterion rows: blank within the row is unmet, up to the total or the last mark', async () => {
    const r = await assess([
      ['07282', 2023, null, 19, null, ...marks('đạt', 'x', null, 1, 'KĐ', 'Đ', true, 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x')],
      ['07288', 2026, null, null, null, ...marks('x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', null, 'x')],
    ]);
    expect(r.problems).toEqual([]);
    const [first, second] = valuesOf(r.rows, 'assessments') as { criteria: Record<string, boolean>; total?: number }[];
    expect(Object.keys(first.criteria)).toHaveLength(19);
    expect(Object.entries(first.criteria).filter(([, met]) => !met).map(([code]) => code)).toEqual(['C03', 'C05', 'C18', 'C19']);
    expect(first.total).toBe(19);
    expect(second.criteria).toEqual({ C01: true, C02: true, C03: true, C04: true, C05: true, C06: true, C07: true, C08: true, C09: false, C10: true });
  });

  it('checks a row that gives both: the count must match the marks, the unmet list the unmet marks', async () => {
    const ok = await assess([['07282', 2023, '3/3', null, null, ...marks('x', 'x', 'x')]]);
    expect(ok.problems).toEqual([]);
    expect(valuesOf(ok.rows, 'assessments')).toEqual([{ unitCode: '07282', year: 2023, metCount: 3, total: 3, criteria: { C01: true, C02: true, C03: true } }]);
    const bad = await assess([
      ['07282', 2023, 15, 19, null, ...marks('x', 'x')],
      ['07288', 2023, null, 3, 'C01', ...marks('x', null, 'x')],
      ['07290', 2023, null, 2, null, ...marks('x', 'x', 'x')],
      ['07294', 2023, '15/19', 18],
      ['07300', 2023, 15, 19, 'C01; C02'],
      ['07306', 2023],
    ]);
    expect(bad.rows).toEqual([]);
    expect(bad.problems.map((p) => [p.row, p.column, p.rule])).toEqual([
      [2, 'met_count', 'criteria met 15 disagrees with the 2 criteria marked met'],
      [3, 'unmet_criteria', 'names C01 unmet, but the criteria marked unmet are C02'],
      [4, 'c03', 'marked, but the set has 2 criteria (total)'],
      [5, 'total', 'the total 18 disagrees with criteria met 15/19'],
      [6, 'unmet_criteria', '2 criteria named unmet, but 15 met of 19 leaves 4'],
      [7, 'met_count', 'a row gives the criteria met (met_count, e.g. 15/19) or marks each criterion (TC1..TC19)'],
    ]);
  });
});

describe('plans', () => {
  const HEAD = ['unit_code', 'scope', 'period', 'year', 'standard_communes', 'standard_percent', 'average_criteria', 'floor_criteria'];
  const plans = async (rows: unknown[][]) => read(await xlsx((wb) => sheet(wb, 'Kế hoạch', [HEAD, ...rows])));

  it('reads period and yearly plans, inferring a blank scope from the year', async () => {
    const r = await plans([
      ['24', 'giai đoạn', '2021-2025', null, 80, null, 18, 15],
      ['24', 'năm', '2021-2025', 2024, 12],
      ['213', null, null, 2023, null, '50%'],
      ['24', null, '2016-2020', null, 60],
    ]);
    expect(r.problems).toEqual([]);
    expect(valuesOf(r.rows, 'plans')).toEqual([
      { unitCode: '24', scope: 'period', period: '2021-2025', standardCommunes: 80, averageCriteria: 18, floorCriteria: 15 },
      { unitCode: '24', scope: 'year', period: '2021-2025', year: 2024, standardCommunes: 12 },
      { unitCode: '213', scope: 'year', year: 2023, standardPercent: 50 },
      { unitCode: '24', scope: 'period', period: '2016-2020', standardCommunes: 60 },
    ]);
  });

  it('refuses plans without their period or year, a year outside the period, or no target', async () => {
    const r = await plans([
      ['24', 'giai đoạn', null, null, 80],
      ['24', 'giai đoạn', '2021-2025', 2024, 80],
      ['24', 'năm', null, null, 12],
      ['24', 'năm', '2021-2025', 2027, 12],
      ['24', null, '2021-2025'],
      [24, null, '2021-2025', null, -1, 101],
    ]);
    expect(r.rows).toEqual([]);
    expect(r.problems.map((p) => [p.row, p.column])).toEqual([
      [2, 'period'],
      [3, 'year'],
      [4, 'year'],
      [5, 'year'],
      [6, null],
      [7, 'unit_code'],
      [7, 'standard_communes'],
      [7, 'standard_percent'],
    ]);
  });
});

describe('reading CSV', () => {
  const HEAD = `${REC_VI.join(',')}\n${REC_EN.join(',')}\n`;

  it('reads UTF-8 with a BOM and commas, finding the kind from the header and skipping blank lines', async () => {
    const r = await read(csv(`\ufeff${HEAD}07246,Xã Phúc Hòa,NTM,,2150/QĐ-UBND,15/12/2019,,,\n,,,,,,,,\n\n7264,,nâng cao,,"118/QĐ-UBND",2023-03-02\n`), 'cong-nhan.csv');
    expect(r.problems).toEqual([]);
    expect(r.format).toBe('csv');
    expect(r.rows.map((row) => [row.kind, row.source.sheet, row.source.row, row.values.unitCode])).toEqual([
      ['recognitions', null, 3, '07246'],
      ['recognitions', null, 6, '07264'],
    ]);
  });

  it('reads semicolons (Excel where the decimal mark is a comma) and tabs, with one header row', async () => {
    const semi = await read(csv('unit_code;scope;period;average_criteria\n24;giai đoạn;2021-2025;17,5\n'), 'ke-hoach.csv');
    expect(semi.problems).toEqual([]);
    expect(semi.rows[0]).toMatchObject({ kind: 'plans', values: { unitCode: '24', averageCriteria: 17.5 } });
    const tab = await read(csv('unit_code\tyear\tmet_count\n07282\t2023\t15/19\n'), 'danh-gia.csv');
    expect(tab.rows[0]).toMatchObject({ kind: 'assessments', values: { metCount: 15, total: 19 } });
  });

  it('numbers rows as a spreadsheet shows them when a quoted cell holds a line break', async () => {
    const r = await read(csv(`unit_code,level,decision_no,decision_date,note\n07246,NTM,1/QĐ-UBND,15/12/2019,"hai\ndòng"\n07264,NTM,2/QĐ-UBND,32/12/2019,\n`), 'c.csv', { kind: 'recognitions' });
    expect(r.rows.map((row) => row.source.row)).toEqual([2]);
    expect(r.problems.map(where)).toEqual(['-!3:decision_date']);
  });

  it('asks for the kind when the header fits two kinds, and takes the one given', async () => {
    const text = csv('unit_code,level,decision_no,decision_date\n07246,NTM,1/QĐ-UBND,15/12/2019\n');
    const unsure = await read(text, 'x.csv');
    expect(unsure.status).toBe('unreadable');
    expect(unsure.problems[0].rule).toMatch(/fits recognitions and revocations alike: name the kind/);
    const given = await read(text, 'x.csv', { kind: 'revocations' });
    expect(given.rows).toMatchObject([{ kind: 'revocations', values: { unitCode: '07246' } }]);
  });

  it.each<[string, Buffer, RegExp]>([
    ['a legacy code page (Windows-1258)', Buffer.from([0x75, 0x6e, 0x69, 0x74, 0x5f, 0x63, 0x6f, 0x64, 0x65, 0x0a, 0xd0, 0xe3, 0x74, 0x0a]), /not UTF-8 text/],
    ['UTF-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('unit_code\n', 'utf16le')]), /UTF-16 text/],
    ['binary junk', junk(4096), /not UTF-8 text|binary data/],
    ['text with control characters', csv('unit_code\u0001,level\n'), /binary data/],
    ['a header of no kind', csv('a,b,c\n1,2,3\n'), /names no kind of history/],
    ['an unclosed quote', csv('unit_code,level\n"07246,NTM\n'), /not a readable CSV/],
    ['only blank lines', csv('\n\n,,\n'), /holds no rows/],
  ])('refuses %s as unreadable', async (_, bytes, rule) => {
    const r = await read(bytes, 'lich-su.csv');
    expect(r.status).toBe('unreadable');
    expect(r.rows).toEqual([]);
    expect(r.problems[0]).toMatchObject({ file: 'lich-su.csv', sheet: null, row: null, column: null, rule: expect.stringMatching(rule) });
  });
});

describe('limits and files that are not what they claim', () => {
  const workbook = () => xlsx((wb) => sheet(wb, 'Công nhận', [REC_EN, ...Array.from({ length: 6 }, (_, i) => [String(7246 + i).padStart(5, '0'), '', 'NTM', '', `${i}/QĐ-UBND`, '15/12/2019'])]));

  it('refuses a file over the size limit, and over the row limit in XLSX and CSV', async () => {
    const bytes = await workbook();
    expect(await read(bytes, 'a.xlsx', { limits: { maxBytes: bytes.length - 1 } })).toMatchObject({ status: 'too-large', rows: [], problems: [{ rule: expect.stringMatching(/the limit is/) }] });
    expect(await read(bytes, 'a.xlsx', { limits: { maxRows: 5 } })).toMatchObject({ status: 'too-large', rows: [], problems: [{ rule: 'more than 5 rows: split the file' }] });
    expect((await read(bytes, 'a.xlsx', { limits: { maxRows: 6 } })).rows).toHaveLength(6);
    const text = csv(`unit_code,year,met_count\n${Array.from({ length: 11 }, () => '07282,2023,15\n').join('')}`);
    expect(await read(text, 'a.csv', { limits: { maxRows: 10 } })).toMatchObject({ status: 'too-large', rows: [] });
  });

  it('refuses a workbook that unpacks beyond the limit, and one whose parts lie about their size (a ZIP bomb)', async () => {
    const big = zip([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(3 * 1024 * 1024, 0x20) }]);
    expect(big.length).toBeLessThan(20_000);
    expect(await read(big, 'a.xlsx', { limits: { maxUncompressedBytes: 1024 * 1024 } })).toMatchObject({ status: 'too-large', problems: [{ rule: expect.stringMatching(/unpacks to more than 1048576 bytes/) }] });
    const liar = zip([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(3 * 1024 * 1024, 0x20), declaredSize: 1000 }]);
    expect(await read(liar, 'a.xlsx', { limits: { maxUncompressedBytes: 1024 * 1024 } })).toMatchObject({ status: 'unreadable', problems: [{ rule: expect.stringMatching(/damaged ZIP archive/) }] });
  });

  it.each<[string, () => Promise<Buffer> | Buffer, string, RegExp]>([
    ['an empty file', () => Buffer.alloc(0), 'a.xlsx', /the file is empty/],
    ['a PDF renamed .xlsx', () => Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), 'a.xlsx', /a PDF document/],
    ['junk named .xlsx', () => junk(2048), 'a.xlsx', /named .xlsx but not an XLSX workbook/],
    ['an Excel 97-2003 workbook', () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), junk(512)]), 'a.xls', /Excel 97-2003/],
    ['a PNG', () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), junk(64)]), 'a.xlsx', /an image/],
    ['a ZIP that is no workbook (a Word file)', () => zip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }]), 'a.xlsx', /not an Excel workbook/],
    ['a truncated workbook', async () => (await workbook()).subarray(0, 3000), 'a.xlsx', /damaged ZIP archive/],
    ['a workbook whose XML is garbage', () => zip([{ name: 'xl/workbook.xml', data: junk(500) }, { name: '[Content_Types].xml', data: junk(100) }]), 'a.xlsx', /damaged or unsupported XLSX|no sheet of history/],
    ['the template alone', async () => xlsx((wb) => sheet(wb, 'Công nhận', [REC_VI, REC_EN])), 'a.xlsx', /holds no rows to import/],
    ['a workbook with only sheets of no known kind', async () => xlsx((wb) => sheet(wb, 'Data', [['a'], [1]])), 'a.xlsx', /no sheet of history/],
  ])('refuses %s as unreadable', async (_, make, name, rule) => {
    const r = await read(await make(), name);
    expect(r.status).toBe('unreadable');
    expect(r.rows).toEqual([]);
    expect(r.problems[0]).toMatchObject({ file: name, row: null, column: null, rule: expect.stringMatching(rule) });
  });

  it('answers every damaged variant of a workbook with a status, never an exception', async () => {
    const good = await workbook();
    const statuses = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const damaged = Buffer.from(good);
      const noise = junk(8, i + 1);
      const at = (i * 7919) % (good.length - 8);
      noise.copy(damaged, at);
      const r = await read(i % 3 === 0 ? damaged.subarray(0, at + 8) : damaged);
      expect(['read', 'unreadable', 'too-large']).toContain(r.status);
      statuses.add(r.status);
    }
    expect(statuses.has('unreadable')).toBe(true);
  });

  it('hashes the bytes: the same content, the same sha256, whatever the name', async () => {
    const bytes = await workbook();
    const [a, b] = [await read(bytes, 'a.xlsx'), await read(Buffer.from(bytes), 'b.xlsx')];
    expect(a.sha256).toBe(b.sha256);
    expect(a.sha256).not.toBe((await read(csv('unit_code,year,met_count\n07282,2023,15\n'), 'c.csv')).sha256);
  });
});
