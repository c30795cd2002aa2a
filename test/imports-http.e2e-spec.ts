import { Workbook } from 'exceljs';
import request from 'supertest';
import {
  HISTORY_IMPORTER,
  IMPORT_KINDS,
  readImportFile,
  templateSheetName,
  type HistoryImporter,
  type ImportCounts,
  type ImportOptions,
  type ImportReport,
  type ParsedImport,
} from '@app/import';
import { mintToken } from '@app/platform';
import { excelDate, junk, sheet, xlsx } from '@app/testing';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The upload's HTTP side over a real server and database, up to the importer's call. The workflow's importer is not
 * this test's subject: a stand-in records what it was given and answers by the contract (refused when the reader
 * found problems and invalid rows are not skipped; nothing written on a dry run).
 */
class RecordingImporter implements HistoryImporter {
  readonly calls: { parsed: ParsedImport; options: ImportOptions }[] = [];

  async run(parsed: ParsedImport, options: ImportOptions): Promise<ImportReport> {
    this.calls.push({ parsed, options });
    const invalidRows = new Set(parsed.problems.filter((p) => p.row !== null).map((p) => `${p.sheet}!${p.row}`)).size;
    const counts = (rows: number, invalid: number, written: number): ImportCounts => ({ rows: rows + invalid, valid: rows, invalid, alreadyPresent: 0, written });
    const refused = parsed.problems.length > 0 && !options.skipInvalid;
    const written = options.dryRun || refused ? 0 : parsed.rows.length;
    const byKind = Object.fromEntries(IMPORT_KINDS.map((k) => {
      const n = parsed.rows.filter((r) => r.kind === k).length;
      return [k, counts(n, 0, options.dryRun || refused ? 0 : n)];
    })) as ImportReport['byKind'];
    return {
      importId: parsed.sha256,
      file: parsed.file,
      sha256: parsed.sha256,
      dryRun: options.dryRun,
      skipInvalid: options.skipInvalid,
      outcome: options.dryRun ? 'dry-run' : refused ? 'refused' : written > 0 ? 'written' : 'nothing-to-write',
      totals: counts(parsed.rows.length, invalidRows, written),
      byKind,
      events: { written, streams: written },
      problems: parsed.problems,
    };
  }
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const REC = ['unit_code', 'unit_name', 'level', 'period', 'decision_no', 'decision_date'];

describe('POST /imports and the templates over HTTP', () => {
  let t: TestApp;
  const importer = new RecordingImporter();
  let office: string;
  let admin: string;
  let commune: string;
  let good: Buffer;

  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'false', RUN_PROJECTIONS: 'false', IMPORT_MAX_ROWS: '50' }, { replace: [{ provide: HISTORY_IMPORTER, useValue: importer }] });
    office = mintToken({ id: 'office-24', role: 'coordination_office', unit: '24' }, t.config.JWT_SECRET);
    admin = mintToken({ id: 'admin-1', role: 'administrator', unit: '01' }, t.config.JWT_SECRET);
    commune = mintToken({ id: 'commune-1', role: 'commune_officer', unit: '07246' }, t.config.JWT_SECRET);
    good = await xlsx((wb) => {
      sheet(wb, 'Công nhận', [REC, ['07246', 'Xã Phúc Hòa', 'NTM', '2016-2020', '2150/QĐ-UBND', excelDate('2019-12-15')]]);
      sheet(wb, 'Kế hoạch', [['unit_code', 'period', 'standard_percent'], ['24', '2021-2025', 85]]);
    });
  });
  afterAll(() => t.close());

  const post = (token: string | null, query = '') => {
    const r = request(t.baseUrl).post(`/imports${query}`);
    return token ? r.set('Authorization', `Bearer ${token}`) : r;
  };
  /** Bytes as a browser downloads them: no token. */
  const download = async (path: string) => {
    const res = await fetch(`${t.baseUrl}${path}`);
    expect(res.status).toBe(200);
    return { headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  };
  const expectProblem = (res: request.Response, status: number, code: string) => {
    expect([res.status, res.body.code]).toEqual([status, code]);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  };

  describe('templates', () => {
    it('gives the whole workbook, which parses back with the instructions and a sheet per kind', async () => {
      const res = await download('/imports/templates');
      expect(res.headers.get('content-type')).toBe(XLSX_TYPE);
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="ntm-history-template.xlsx"');
      const wb = new Workbook();
      await wb.xlsx.load(res.body as never);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Hướng dẫn - Instructions', ...IMPORT_KINDS.map(templateSheetName)]);
    });

    it("gives one kind's XLSX and CSV, which read back as that kind once a row is filled in", async () => {
      const x = await download('/imports/templates/assessments');
      expect(x.headers.get('content-disposition')).toBe('attachment; filename="ntm-history-assessments.xlsx"');
      const wb = new Workbook();
      await wb.xlsx.load(x.body as never);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Hướng dẫn - Instructions', templateSheetName('assessments')]);
      const c = await download('/imports/templates/plans?format=csv');
      expect(c.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(c.headers.get('content-disposition')).toBe('attachment; filename="ntm-history-plans.csv"');
      const filled = await readImportFile(Buffer.concat([c.body, Buffer.from('24,năm,,2024,12\r\n')]), { fileName: 'plans.csv' });
      expect(filled.rows).toMatchObject([{ kind: 'plans', source: { row: 3 }, values: { unitCode: '24', scope: 'year', year: 2024, standardCommunes: 12 } }]);
    });

    it('refuses an unknown kind, an unknown format, and a CSV of every kind at once', async () => {
      expectProblem(await request(t.baseUrl).get('/imports/templates/dossiers'), 404, 'IMPORT.UNKNOWN_KIND');
      expectProblem(await request(t.baseUrl).get('/imports/templates/plans?format=pdf'), 400, 'REQUEST.INVALID');
      expectProblem(await request(t.baseUrl).get('/imports/templates?format=csv'), 400, 'REQUEST.INVALID');
    });
  });

  describe('who may upload', () => {
    it('needs a token, and one of the importing roles, before the body is read', async () => {
      expectProblem(await post(null, '?dryRun=true').attach('file', good, 'h.xlsx'), 401, 'AUTH.UNAUTHENTICATED');
      const res = await post(commune, '?dryRun=true').attach('file', good, 'h.xlsx');
      expectProblem(res, 403, 'AUTH.ROLE_NOT_ALLOWED');
      expect(res.body.allowedRoles).toEqual(['administrator', 'coordination_office']);
    });
  });

  describe('uploads that never reach the importer', () => {
    beforeEach(() => importer.calls.splice(0));
    afterEach(() => expect(importer.calls).toEqual([]));

    it('answers 415 to anything but multipart/form-data', async () => {
      expectProblem(await post(office, '?dryRun=true').send({ file: 'x' }), 415, 'IMPORT.UNSUPPORTED_MEDIA_TYPE');
      expectProblem(await post(office, '?dryRun=true').set('Content-Type', XLSX_TYPE).send(good), 415, 'IMPORT.UNSUPPORTED_MEDIA_TYPE');
      expectProblem(await post(office, '?dryRun=true').set('Content-Type', 'text/csv').send('unit_code\n07246\n'), 415, 'IMPORT.UNSUPPORTED_MEDIA_TYPE');
      expectProblem(await post(office, '?dryRun=true'), 415, 'IMPORT.UNSUPPORTED_MEDIA_TYPE');
      expectProblem(await post(office, '?dryRun=true').set('Content-Type', 'application/json').send(JSON.stringify({ file: 'x'.repeat(300_000) })), 415, 'IMPORT.UNSUPPORTED_MEDIA_TYPE');
      // A body the JSON parser refuses before any route runs (over EVENT_MAX_BYTES) is a client error too.
      const json = await post(office, '?dryRun=true').set('Content-Type', 'application/json').send(JSON.stringify({ file: 'x'.repeat(t.config.EVENT_MAX_BYTES + 10) }));
      expectProblem(json, 413, 'REQUEST.TOO_LARGE');
    });

    it('answers 413 past the size limit (10 MiB by default), and reads a file exactly at it', async () => {
      const big = Buffer.alloc(t.config.IMPORT_MAX_BYTES + 1, 0x41);
      const res = await post(office, '?dryRun=true').attach('file', big, 'huge.csv');
      expectProblem(res, 413, 'IMPORT.TOO_LARGE');
      expect(res.body.limit).toBe(10 * 1024 * 1024);
      // Exactly at the limit the upload is read (a PDF, so that the reader refuses it at once).
      const atLimit = Buffer.alloc(t.config.IMPORT_MAX_BYTES, 0x20);
      atLimit.write('%PDF-1.4\n');
      const read = await post(office, '?dryRun=true').attach('file', atLimit, 'at-limit.pdf');
      expectProblem(read, 422, 'IMPORT.UNREADABLE_FILE');
      expect(read.body.problems[0].rule).toContain('a PDF document');
    });

    it('answers 413 past the row limit', async () => {
      const rows = Array.from({ length: 51 }, (_, i) => `072${String(i).padStart(2, '0')},2023,15/19`).join('\n');
      const res = await post(office, '?dryRun=true').attach('file', Buffer.from(`unit_code,year,met_count\n${rows}\n`), 'many.csv');
      expectProblem(res, 413, 'IMPORT.TOO_LARGE');
      expect(res.body.problems).toEqual([expect.objectContaining({ rule: 'more than 50 rows: split the file' })]);
    });

    it.each<[string, () => Promise<Buffer> | Buffer, string, RegExp]>([
      ['an empty file', () => Buffer.alloc(0), 'empty.xlsx', /the file is empty/],
      ['a PDF renamed .xlsx', () => Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n'), 'report.xlsx', /a PDF document/],
      ['binary junk named .csv', () => junk(5000), 'data.csv', /not UTF-8 text|binary data/],
      ['a truncated workbook', async () => (await xlsx((wb) => sheet(wb, 'Công nhận', [REC]))).subarray(0, 2000), 'cut.xlsx', /damaged ZIP archive/],
      ['the template with no rows', async () => xlsx((wb) => sheet(wb, 'Công nhận', [REC])), 'template.xlsx', /no rows to import/],
    ])('answers 422 IMPORT.UNREADABLE_FILE to %s, naming the file and the rule', async (_, make, name, rule) => {
      const res = await post(office, '?dryRun=true').attach('file', await make(), name);
      expectProblem(res, 422, 'IMPORT.UNREADABLE_FILE');
      expect(res.body).toMatchObject({ file: name, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), problems: [{ file: name, sheet: null, row: null, column: null, rule: expect.stringMatching(rule) }] });
    });

    it('answers 400 naming the field when the form has no file, two files or the file in another field', async () => {
      const none = await post(office, '?dryRun=true').field('reason', 'x');
      expectProblem(none, 400, 'REQUEST.INVALID');
      expect(none.body.errors).toEqual([{ field: 'file', rules: [expect.stringContaining('no file')] }]);
      expectProblem(await post(office, '?dryRun=true').attach('file', good, 'a.xlsx').attach('file', good, 'b.xlsx'), 400, 'REQUEST.INVALID');
      const other = await post(office, '?dryRun=true').attach('upload', good, 'a.xlsx');
      expectProblem(other, 400, 'REQUEST.INVALID');
      expect(other.body.detail).toContain('(got "upload")');
    });

    it('answers 400 to a malformed multipart body and to unknown or bad query parameters', async () => {
      const broken = await post(office, '?dryRun=true').set('Content-Type', 'multipart/form-data; boundary=xyz').send('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nunit_code');
      expectProblem(broken, 400, 'REQUEST.INVALID');
      expectProblem(await post(office, '?dryRun=true').set('Content-Type', 'multipart/form-data').send('--x--'), 400, 'REQUEST.INVALID');
      expectProblem(await post(office, '?dryRun=maybe').attach('file', good, 'a.xlsx'), 400, 'REQUEST.INVALID');
      expectProblem(await post(office, '?dryRun=true&kind=dossiers').attach('file', good, 'a.xlsx'), 400, 'REQUEST.INVALID');
      expectProblem(await post(office, '?dryRun=true&force=true').attach('file', good, 'a.xlsx'), 400, 'REQUEST.INVALID');
    });

    it('answers 428 to a write without an Idempotency-Key, before reading the rows', async () => {
      expectProblem(await post(office).attach('file', good, 'h.xlsx'), 428, 'IDEMPOTENCY.KEY_REQUIRED');
    });

    it('never answers 5xx, whatever the upload', async () => {
      const workbook = await xlsx((wb) => sheet(wb, 'Công nhận', [REC, ['07246', '', 'NTM', '', '1/QĐ', '15/12/2019']]));
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++) {
        const damaged = Buffer.from(workbook);
        junk(16, i + 1).copy(damaged, (i * 4093) % (workbook.length - 16));
        const bytes = i % 5 === 0 ? junk(300 + i * 97, i) : damaged;
        statuses.push((await post(office, '?dryRun=true').attach('file', bytes, i % 2 ? 'x.csv' : 'x.xlsx')).status);
      }
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      importer.calls.splice(0);
    });
  });

  describe('uploads handed to the importer', () => {
    beforeEach(() => importer.calls.splice(0));

    it('hands over the rows with who, why and the options; a dry run needs no Idempotency-Key', async () => {
      const res = await post(office, '?dryRun=true&reason=Số%20liệu%20lịch%20sử').attach('file', good, 'Bắc Ninh lịch sử.xlsx').expect(200);
      expect(res.body).toMatchObject({ outcome: 'dry-run', file: 'Bắc Ninh lịch sử.xlsx', totals: { rows: 2, valid: 2 } });
      expect(importer.calls).toHaveLength(1);
      const [{ parsed, options }] = importer.calls;
      expect(parsed.rows.map((r) => [r.kind, r.source.sheet, r.source.row])).toEqual([['recognitions', 'Công nhận', 2], ['plans', 'Kế hoạch', 2]]);
      expect(options).toMatchObject({ dryRun: true, skipInvalid: false, actor: { id: 'office-24', role: 'coordination_office', unit: '24' }, reason: 'Số liệu lịch sử', correlationId: expect.any(String) });
    });

    it('answers 422 IMPORT.INVALID_ROWS with the report, each problem naming file, sheet, row and column', async () => {
      const bad = await xlsx((wb) => sheet(wb, 'Công nhận', [REC, ['07246', '', 'NTM', '', '1/QĐ-UBND', '15/12/2019'], ['07264', '', 'NTM', '', '2/QĐ-UBND', '31/02/2020']]));
      const res = await post(office).set('Idempotency-Key', 'import-bad-0001').attach('file', bad, 'bad.xlsx');
      expectProblem(res, 422, 'IMPORT.INVALID_ROWS');
      expect(res.body).toMatchObject({ outcome: 'refused', totals: { invalid: 1, written: 0 }, detail: '1 invalid row: nothing was written (fix them, or import with skipInvalid=true to write the valid rows)' });
      expect(res.body.problems).toEqual([{ file: 'bad.xlsx', sheet: 'Công nhận', row: 3, column: 'decision_date', rule: expect.stringContaining('not a day of the calendar'), value: '31/02/2020' }]);
      const skipped = await post(office, '?skipInvalid=true').set('Idempotency-Key', 'import-bad-0002').attach('file', bad, 'bad.xlsx').expect(201);
      expect(skipped.body).toMatchObject({ outcome: 'written', skipInvalid: true, totals: { written: 1, invalid: 1 } });
    });

    it('answers 201 for a write; a retry with the same key gets the first answer without running again', async () => {
      const first = await post(admin).set('Idempotency-Key', 'import-good-0001').attach('file', good, 'h.xlsx').expect(201);
      expect(first.body).toMatchObject({ outcome: 'written', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), events: { written: 2 } });
      const again = await post(admin).set('Idempotency-Key', 'import-good-0001').attach('file', good, 'h.xlsx').expect(201);
      expect(again.headers['idempotency-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(importer.calls).toHaveLength(1);
      const other = await xlsx((wb) => sheet(wb, 'Kế hoạch', [['unit_code', 'year', 'standard_communes'], ['24', 2024, 12]]));
      expectProblem(await post(admin).set('Idempotency-Key', 'import-good-0001').attach('file', other, 'h.xlsx'), 422, 'IDEMPOTENCY.KEY_REUSED');
    });

    it('hands a CSV over as the kind named, or as the kind its header fits', async () => {
      const csv = Buffer.from('\ufeffunit_code;level;decision_no;decision_date\n07246;NTM;1/QĐ-UBND;15/12/2019\n');
      expectProblem(await post(office, '?dryRun=true').attach('file', csv, 'x.csv'), 422, 'IMPORT.UNREADABLE_FILE');
      await post(office, '?dryRun=true&kind=revocations').attach('file', csv, 'x.csv').expect(200);
      expect(importer.calls.map((c) => c.parsed.rows.map((r) => r.kind))).toEqual([['revocations']]);
    });
  });
});
