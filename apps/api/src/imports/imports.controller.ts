import { randomUUID } from 'node:crypto';
import { Controller, Get, Inject, Param, Post, Query, Req, Res, StreamableFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  describeProblems,
  HISTORY_IMPORTER,
  IMPORT_KINDS,
  readImportFile,
  TEMPLATE_CONTENT_TYPES,
  templateCsv,
  templateFileName,
  templateWorkbook,
  type HistoryImporter,
  type ImportKind,
  type ImportReport,
  type TemplateFormat,
} from '@app/import';
import { APP_CONFIG, CurrentPrincipal, problem, ProblemException, Public, type AppConfig, type Principal } from '@app/platform';
import { CLOCK, IdempotencyService, type Clock, type StoredResponse } from '@app/workflow';
import { ImportersOnly, ImportUpload, IMPORT_ROLES } from './import-upload';
import { ImportQueryDto, TemplateQueryDto } from './imports.dto';

/** The uploaded name as reports show it: no folders, no control characters, not endless. */
function fileNameOf(original: string | undefined): string {
  const name = (original ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return name || 'upload';
}

/** written 201; dry run and nothing to write 200; refused 422 problem+json carrying the whole report. */
function answer(report: ImportReport): StoredResponse {
  if (report.outcome === 'refused') {
    const detail = `${describeProblems(report.problems)}: nothing was written (fix them, or import with skipInvalid=true to write the valid rows)`;
    return { status: 422, body: problem(422, 'IMPORT.INVALID_ROWS', detail, { ...report }), headers: { 'content-type': 'application/problem+json' } };
  }
  return { status: report.outcome === 'written' ? 201 : 200, body: report, headers: {} };
}

const ERRORS =
  'Errors (application/problem+json): 400 REQUEST.INVALID (no file, two files, malformed form, bad query); 401; 403 AUTH.ROLE_NOT_ALLOWED; 413 IMPORT.TOO_LARGE (IMPORT_MAX_BYTES, or more rows than IMPORT_MAX_ROWS); ' +
  '415 IMPORT.UNSUPPORTED_MEDIA_TYPE (not multipart/form-data); 422 IMPORT.UNREADABLE_FILE (empty, damaged, not XLSX/CSV, no sheet or row of history) with `problems`; ' +
  '422 IMPORT.INVALID_ROWS: the report, whose `problems` name file, sheet, row, column and rule; 428 IDEMPOTENCY.KEY_REQUIRED (a write without Idempotency-Key).';

@ApiTags('imports')
@Controller('imports')
export class ImportsController {
  constructor(
    @Inject(HISTORY_IMPORTER) private readonly importer: HistoryImporter,
    private readonly idempotency: IdempotencyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @ApiBearerAuth()
  @UseGuards(ImportersOnly)
  @UseInterceptors(ImportUpload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'XLSX (sheets named by kind) or CSV (one kind)' } } } })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Required to write (dryRun=false); a retry with the same key answers the first report. The import itself writes nothing twice for the same content.' })
  @ApiOperation({
    summary: "Import a province's history from XLSX or CSV: recognitions, revocations, yearly criteria, plans",
    description: `Roles: ${IMPORT_ROLES.join(', ')} (the office only within its province, judged per row). Every row is checked; any invalid row writes nothing unless skipInvalid=true. 201 written, 200 dry run or nothing to write, with the report. ${ERRORS}`,
  })
  async upload(@Query() q: ImportQueryDto, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const dryRun = q.dryRun === true;
    const key = req.header('idempotency-key');
    // Checked before the file is read: a write without a key would be refused whatever the file holds.
    if (!dryRun && !key) {
      throw new ProblemException(428, 'IDEMPOTENCY.KEY_REQUIRED', 'an import that writes needs an Idempotency-Key header (8-200 characters: letters, digits, . _ : -); a dry run does not');
    }
    const upload = req.file!;
    const parsed = await readImportFile(upload.buffer, {
      fileName: fileNameOf(upload.originalname),
      kind: q.kind,
      limits: { maxBytes: this.config.IMPORT_MAX_BYTES, maxRows: this.config.IMPORT_MAX_ROWS },
    });
    const found = { file: parsed.file, sha256: parsed.sha256, problems: parsed.problems };
    if (parsed.status === 'too-large') throw new ProblemException(413, 'IMPORT.TOO_LARGE', parsed.problems[0].rule, found);
    if (parsed.status === 'unreadable') throw new ProblemException(422, 'IMPORT.UNREADABLE_FILE', `${parsed.file} cannot be imported: ${parsed.problems[0].rule}`, found);
    const reason = q.reason ?? `history import from ${parsed.file}`;
    const run = async () =>
      answer(
        await this.importer.run(parsed, {
          dryRun,
          skipInvalid: q.skipInvalid === true,
          actor: { id: p.id, role: p.role, unit: p.unit },
          reason,
          correlationId: req.header('x-correlation-id') ?? String((req as { id?: unknown }).id ?? randomUUID()),
          at: this.clock.now().toISOString(),
        }),
      );
    const response = dryRun
      ? { ...(await run()), replayed: false }
      : await this.idempotency.run(key, { principalId: p.id, route: 'ImportHistory', body: { sha256: parsed.sha256, kind: q.kind ?? null, skipInvalid: q.skipInvalid === true, reason } }, run);
    if (response.replayed) res.setHeader('Idempotency-Replayed', 'true');
    res.status(response.status);
    for (const [h, v] of Object.entries(response.headers)) res.setHeader(h, v);
    if (response.status >= 400) res.type('application/problem+json');
    return response.body;
  }

  @Get('templates')
  @Public()
  @ApiProduces(TEMPLATE_CONTENT_TYPES.xlsx)
  @ApiOperation({ summary: 'The XLSX import template: instructions (Vietnamese and English, with examples) and a sheet per kind', description: 'No token needed: a template holds no data. 400 for format=csv (a CSV holds one kind: /imports/templates/{kind}?format=csv).' })
  async workbook(@Query() q: TemplateQueryDto) {
    if ((q.format ?? 'xlsx') === 'csv') {
      throw new ProblemException(400, 'REQUEST.INVALID', `a CSV template holds one kind: GET /imports/templates/{kind}?format=csv (kinds: ${IMPORT_KINDS.join(', ')})`, { errors: [{ field: 'format', rules: ['xlsx for the whole workbook'] }] });
    }
    return this.file(await templateWorkbook(), templateFileName(null, 'xlsx'), 'xlsx');
  }

  @Get('templates/:kind')
  @Public()
  @ApiProduces(TEMPLATE_CONTENT_TYPES.xlsx, TEMPLATE_CONTENT_TYPES.csv)
  @ApiOperation({ summary: "One kind's import template: XLSX (with the instructions) or CSV (Vietnamese headers, then English keys)", description: `Kinds: ${IMPORT_KINDS.join(', ')}. No token needed. 404 IMPORT.UNKNOWN_KIND.` })
  async kindTemplate(@Param('kind') kind: string, @Query() q: TemplateQueryDto) {
    if (!(IMPORT_KINDS as readonly string[]).includes(kind)) throw new ProblemException(404, 'IMPORT.UNKNOWN_KIND', `no kind ${JSON.stringify(kind)}; the kinds are ${IMPORT_KINDS.join(', ')}`);
    const format = q.format ?? 'xlsx';
    const bytes = format === 'csv' ? templateCsv(kind as ImportKind) : await templateWorkbook([kind as ImportKind]);
    return this.file(bytes, templateFileName(kind as ImportKind, format), format);
  }

  private file(bytes: Buffer, name: string, format: TemplateFormat): StreamableFile {
    return new StreamableFile(bytes, { type: TEMPLATE_CONTENT_TYPES[format], disposition: `attachment; filename="${name}"`, length: bytes.length });
  }
}
