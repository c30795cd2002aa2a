import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { unitRegistry, type Role } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { mintToken } from '@app/platform';
import { ProjectionRunner } from '@app/projections';
import { walkDossier } from '../apps/api/src/demo/walk';
import { startTestApp, TestClock, type TestApp } from './support/test-app';

/**
 * Bắc Giang (province 24 of the March 2025 map, 146 communes) brings in its history from one XLSX file: recognitions
 * from 2012 to 2025 under three criteria sets, revocations, yearly criteria counts (some per criterion, most count-only)
 * and its 2021-2025 plan. C[i] is the i-th of its communes in code order.
 *
 *   recognitions  C[0..19] standard 2012-06-15, C[20..39] 2015-06-15 (2010-2015 set) · C[40..79] 2018-05-10 (2016-2020)
 *                 C[80..99] 2023-03-15, C[100..104] 2024-05-20 (2021-2025) · C[0..9] advanced 2023-09-01
 *                 C[20] again 2019-03-01 (2016-2020): it renews the 2015 recognition, the commune is counted once
 *                 C[105] 2025-03-20 (2021-2025): after every date asked, so it changes none of the tables
 *   revocations   C[40..44] standard, 2024-06-01
 *   yearly counts 2015 (2010-2015 set): C[0..39] 19, C[i] 10 + i mod 8 for the others
 *                 2020 (2016-2020 set): C[0..79] 19, C[i] 12 + i mod 6 for the others
 *                 2024 (2021-2025 set): C[0..104] 19 but the revoked C[40..44] 13 (the six unmet named), C[i] 14 + i mod 4
 *   plans         2021-2025: 80 % standard, 20 advanced, 17.5 criteria on average, no commune below 15
 *                 2024: 10 more standard, 5 more advanced
 *
 * Hand-computed (146 communes):
 *   end of 2015: 40 standard = 27.40 %; average (40·19 + Σ_{i=40..145} (10 + i mod 8)) / 146 = 2185 / 146 = 14.97
 *   end of 2020: 80 standard = 54.79 %; average (80·19 + Σ_{i=80..145} (12 + i mod 6)) / 146 = 2477 / 146 = 16.97
 *   end of 2024: 40 + 40 − 5 + 20 + 5 = 100 standard = 68.49 %, 10 advanced = 6.85 %;
 *                average (100·19 + 5·13 + Σ_{i=105..145} (14 + i mod 4)) / 146 = 2600 / 146 = 17.81;
 *                below 15: the five revoked (13) and the ten C[i], i ≡ 0 (mod 4) in 108..144 (14) = 15;
 *                plan 2021-2025: 80 % of 146 = 116.8 → 117 communes, 100 / 117 = 85.47 %; advanced 10 / 20 = 50 %;
 *                17.81 / 17.5 = 101.77 %; year 2024: C[100..104] added = 5 of 10 = 50 %, no advanced added = 0 %.
 */
const COMMUNES = unitRegistry.communesOf('24', '2025-03').filter((c) => c.kind === 'commune').map((c) => c.code).sort();
const C = (i: number) => COMMUNES[i]!;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);
const vn = (iso: string) => iso.split('-').reverse().join('/');

function recognitionRows() {
  const row = (i: number, level: string, date: string, period?: string) => ({
    unit_code: C(i), level, period, decision_no: `${i + 100}/QĐ-UBND`, decision_date: vn(date), signer_name: 'Lê Ánh Dương', signer_title: 'Chủ tịch UBND tỉnh',
  });
  return [
    ...range(0, 19).map((i) => row(i, 'NTM', '2012-06-15')),
    ...range(20, 39).map((i) => row(i, 'đạt chuẩn', '2015-06-15')),
    ...range(40, 79).map((i) => row(i, 'standard', '2018-05-10', '2016-2020')),
    ...range(80, 99).map((i) => row(i, 'standard', '2023-03-15')),
    ...range(100, 104).map((i) => row(i, 'standard', '2024-05-20')),
    ...range(0, 9).map((i) => ({ ...row(i, 'nâng cao', '2023-09-01'), decision_no: `${i + 500}/QĐ-UBND` })),
    // C[20], recognised in 2015, recognised again under the 2016-2020 set in 2019: the 2015 recognition is replaced.
    { ...row(20, 'standard', '2019-03-01'), decision_no: '320/QĐ-UBND' },
    row(105, 'standard', '2025-03-20'),
  ];
}

const UNMET = ['C02', 'C05', 'C08', 'C10', 'C12', 'C14'];

function assessmentRows() {
  const rows: Record<string, unknown>[] = [];
  for (const i of range(0, 145)) rows.push({ unit_code: C(i), year: 2015, assessed_on: '20/12/2015', met_count: i < 40 ? 19 : 10 + (i % 8), total: 19 });
  for (const i of range(0, 145)) {
    const met = i < 80 ? 19 : 12 + (i % 6);
    // Ten communes recorded criterion by criterion: the first `met` criteria đạt.
    if (i >= 100 && i < 110) rows.push({ unit_code: C(i), year: 2020, assessed_on: '2020-12-20', ...Object.fromEntries(range(1, 19).map((n) => [`c${String(n).padStart(2, '0')}`, n <= met ? 'đạt' : 'không đạt'])) });
    else rows.push({ unit_code: C(i), year: 2020, assessed_on: '2020-12-20', met_count: `đạt ${met}/19` });
  }
  for (const i of range(0, 145)) {
    if (i >= 40 && i <= 44) rows.push({ unit_code: C(i), year: 2024, assessed_on: '2024-12-20', met_count: 13, total: 19, unmet_criteria: UNMET.join('; ') });
    else rows.push({ unit_code: C(i), year: 2024, assessed_on: '2024-12-20', met_count: i < 105 ? 19 : 14 + (i % 4) });
  }
  return rows;
}

const REVOCATIONS = range(40, 44).map((i) => ({
  unit_code: C(i), level: 'standard', decision_no: `${i + 900}/QĐ-UBND`, decision_date: '01/06/2024', signer_name: 'Lê Ánh Dương', signer_title: 'Chủ tịch UBND tỉnh',
  recognition_decision_no: `${i + 100}/QĐ-UBND`, grounds: 'Không duy trì tiêu chí Thu nhập và Môi trường', failing_criteria: 'C10; C17',
}));

const PLANS = [
  { unit_code: '24', scope: 'giai đoạn', period: '2021-2025', standard_percent: 80, advanced_communes: 20, average_criteria: 17.5, floor_criteria: 15 },
  { unit_code: '24', scope: 'năm', period: '2021-2025', year: 2024, standard_communes: 10, advanced_communes: 5 },
];

async function workbook(sheets: Record<string, Record<string, unknown>[]>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = book.addWorksheet(name);
    const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    ws.addRow(keys);
    for (const r of rows) ws.addRow(keys.map((k) => r[k] ?? null));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('a province’s history imported from one XLSX file, and its reports for past dates', () => {
  const clock = new TestClock('2026-11-20T03:00:00.000Z');
  let t: TestApp;
  let office: string;
  let auditor: string;
  let file: Buffer;
  const upload = (body: Buffer, query = '', name = 'bac-giang-2012-2025.xlsx', token = office) =>
    request(t.baseUrl).post(`/imports${query}`).set('Authorization', `Bearer ${token}`).set('Idempotency-Key', randomUUID()).attach('file', body, name);
  const stats = async (asOf: string) => (await request(t.baseUrl).get(`/statistics/24?asOf=${asOf}`).set('Authorization', `Bearer ${auditor}`).expect(200)).body;
  const eventCount = async () => (await t.app.get<EventStore>(EVENT_STORE).readAll({ maxCount: 100_000 })).length;

  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'false' }, { clock });
    const token = (role: Role, unit: string) => mintToken({ id: `${role}-${unit}`, role, unit }, t.config.JWT_SECRET);
    office = token('coordination_office', '24');
    auditor = token('auditor', '01');
    expect(COMMUNES).toHaveLength(146);
    file = await workbook({ recognitions: recognitionRows(), revocations: REVOCATIONS, assessments: assessmentRows(), plans: PLANS });
  });
  afterAll(() => t.close());

  it('a dry run reports every row valid and writes nothing', async () => {
    const before = await eventCount();
    const r = await upload(file, '?dryRun=true').expect(200);
    expect(r.body).toMatchObject({ outcome: 'dry-run', totals: { rows: 117 + 5 + 438 + 2, valid: 562, invalid: 0 }, problems: [] });
    expect(await eventCount()).toBe(before);
  });

  it('imports the whole history in one request, each event dated when it happened and naming its file and row', async () => {
    const started = Date.now();
    const r = await upload(file).expect(201);
    const seconds = (Date.now() - started) / 1000;
    console.log(`[import] 562 rows (146 communes, 2012-2025) imported in ${seconds.toFixed(1)} s`);
    expect(r.body).toMatchObject({ outcome: 'written', totals: { valid: 562, invalid: 0, written: 562 } });
    const renewed = (await request(t.baseUrl).get('/dossiers?status=renewed').set('Authorization', `Bearer ${auditor}`).expect(200)).body;
    expect(renewed.items.map((d: { communeCode: string }) => d.communeCode)).toEqual([C(20)]);
    await t.app.get(ProjectionRunner).settle();
    const trail = (await request(t.baseUrl).get(`/audit-trail?unit=24&limit=500`).set('Authorization', `Bearer ${auditor}`).expect(200)).body as { type: string; occurredAt: string; recordedAt: string; source: { row: number; sheet: string } | null }[];
    const first = trail.find((e) => e.type === 'RecognitionImported')!;
    // Business time is the decision's day (Vietnam), record time is now: two different facts.
    expect(first.occurredAt).toBe('2012-06-14T17:00:00.000Z');
    expect(Date.parse(first.recordedAt)).toBeGreaterThan(Date.parse('2026-01-01'));
    expect(first.source).toMatchObject({ kind: 'import', sheet: 'recognitions', row: 2, file: 'bac-giang-2012-2025.xlsx' });
  });

  it('end of 2015: the 2010-2015 set — 40 standard (27.40 %), 14.97 criteria on average', async () => {
    const s = await stats('2015-12-31');
    expect(s).toMatchObject({
      map: '2025-03', communes: 146, criteriaSet: { code: '2010-2015/commune-standard', total: 19 },
      recognised: { standard: { communes: 40, percent: 27.4 }, advanced: { communes: 0, percent: 0 } },
      averageCriteria: 14.97, coverage: { assessed: 146, of: 146, complete: true },
      plan: { period: null, year: null },
    });
  });

  it('end of 2020: the 2016-2020 set — 80 standard (54.79 %), 16.97 on average, count-only and per-criterion rows alike', async () => {
    const s = await stats('2020-12-31');
    expect(s).toMatchObject({
      criteriaSet: { code: '2016-2020/commune-standard' },
      recognised: { standard: { communes: 80, percent: 54.79 } },
      averageCriteria: 16.97, coverage: { assessed: 146, complete: true },
      otherSets: [{ criteriaSet: '2010-2015/commune-standard', assessed: 146, average: 14.97 }],
    });
  });

  it('end of 2024: 100 standard, 10 advanced, 17.81 on average, 15 below the floor; the period’s and the year’s plan', async () => {
    const s = await stats('2024-12-31');
    expect(s).toMatchObject({
      criteriaSet: { code: '2021-2025/commune-standard' },
      recognised: { standard: { communes: 100, percent: 68.49 }, advanced: { communes: 10, percent: 6.85 }, model: { communes: 0 } },
      averageCriteria: 17.81,
      below: { threshold: 15, communes: 15 },
      plan: {
        period: {
          period: '2021-2025',
          standard: { target: { percent: 80, communes: null }, targetCommunes: 117, actual: 100, percentOfPlan: 85.47 },
          advanced: { target: { communes: 20 }, targetCommunes: 20, actual: 10, percentOfPlan: 50 },
          averageCriteria: { target: 17.5, actual: 17.81, percentOfPlan: 101.77 },
          floor: { threshold: 15, below: 15, met: false },
        },
        year: { year: 2024, targetsAre: 'additions', standard: { targetCommunes: 10, actual: 5, percentOfPlan: 50 }, advanced: { targetCommunes: 5, actual: 0, percentOfPlan: 0 } },
      },
    });
    expect(s.districts.reduce((n: number, d: { communes: number }) => n + d.communes, 0)).toBe(146);
  });

  it('a draft dossier changes no statistic', async () => {
    const before = await stats('2024-12-31');
    await walkDossier(t.app.get(CommandBus), { commune: C(145), province: '24', stage: 'drafting', unmet: 9, now: '2024-11-01T03:00:00.000Z', idPrefix: 'draft' });
    await t.app.get(ProjectionRunner).settle();
    const after = await stats('2024-12-31');
    expect(after).toEqual(before);
  });

  it('importing the same file again writes nothing', async () => {
    const before = await eventCount();
    const r = await upload(file).expect(200);
    expect(r.body).toMatchObject({ outcome: 'nothing-to-write', totals: { valid: 562, alreadyPresent: 562, written: 0 } });
    expect(await eventCount()).toBe(before);
  });

  it('a file with one bad row writes nothing, naming its sheet, row and column', async () => {
    const before = await eventCount();
    // Five advanced recognitions of 2024 for communes that hold the standard; row 4 (the third data row) names a
    // code no commune had then.
    const rows = range(10, 14).map((i) => ({ unit_code: C(i), level: 'advanced', decision_no: `${i + 700}/QĐ-UBND`, decision_date: '01/02/2024' }));
    rows[2] = { ...rows[2]!, unit_code: '99999' };
    const bad = await workbook({ recognitions: rows });
    const r = await upload(bad, '', 'bad.xlsx').expect(422);
    expect(r.body.problems).toEqual([expect.objectContaining({ file: 'bad.xlsx', sheet: 'recognitions', row: 4, column: 'unit_code', rule: expect.stringContaining('99999') })]);
    expect(await eventCount()).toBe(before);
    // With --skip-invalid the good rows are written and the bad one listed.
    const skipped = await upload(bad, '?skipInvalid=true', 'bad.xlsx').expect(201);
    expect(skipped.body).toMatchObject({ outcome: 'written', totals: { invalid: 1, written: rows.length - 1 } });
  });

  it('exports the table and the commune list as CSV and XLSX', async () => {
    const csv = await request(t.baseUrl).get('/statistics/24/export?asOf=2024-12-31&format=csv&table=communes').set('Authorization', `Bearer ${auditor}`).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\n');
    expect(lines).toHaveLength(147);
    expect(lines.find((l) => l.startsWith(C(40)))).toContain('Chưa đạt');
    const xlsx = await request(t.baseUrl).get('/statistics/24/export?asOf=2024-12-31&format=xlsx').set('Authorization', `Bearer ${auditor}`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as Parameters<typeof book.xlsx.load>[0]);
    const values = book.worksheets[0]!.getSheetValues().map((r) => (Array.isArray(r) ? r.slice(1) : []));
    expect(values.find((r) => r?.[1] === 'recognised_standard')).toEqual(expect.arrayContaining([100, 68.49, 117, 85.47]));
    expect(values.find((r) => r?.[1] === 'average_criteria')).toEqual(expect.arrayContaining([17.81]));
  });
});
