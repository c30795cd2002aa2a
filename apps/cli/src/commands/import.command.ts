import { randomUUID } from 'node:crypto';
import { open, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import { Inject } from '@nestjs/common';
import { Presets, SingleBar } from 'cli-progress';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import {
  HISTORY_IMPORTER,
  IMPORT_KINDS,
  readImportFile,
  templateCsv,
  templateFileName,
  templateWorkbook,
  type HistoryImporter,
  type ImportKind,
  type TemplateFormat,
} from '@app/import';
import { loadConfig } from '@app/platform';
import { formatReport, problemLines } from '../import-report';
import { UsageError } from '../usage-error';

/** nest-commander's own commander (another version than the top-level package's). */
type Commander = Parameters<CommandRunner['setCommand']>[0];

const IMPORT_ROLES = ['administrator', 'coordination_office'] as const;
type ImportRole = (typeof IMPORT_ROLES)[number];

interface ImportOptions {
  dryRun?: boolean;
  skipInvalid?: boolean;
  kind?: ImportKind;
  actor?: string;
  role: ImportRole;
  unit?: string;
  reason?: string;
  json?: boolean;
  progress: boolean;
}

function parseKind(value: string): ImportKind {
  if (!(IMPORT_KINDS as readonly string[]).includes(value)) throw new UsageError(`expected a kind (${IMPORT_KINDS.join(', ')}), got ${JSON.stringify(value)}`);
  return value as ImportKind;
}

/** Commander's own usage errors (a missing argument, an unknown option) exit 2 like ours, once it has printed them. */
function usageErrorsExit2(command: Commander): void {
  command.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
}

function operatorName(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/** The file's bytes, read only when within the limit (a 2 GB file is refused before it is read). */
async function readWithin(path: string, maxBytes: number): Promise<Buffer | { size: number }> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw new UsageError(`no file at ${JSON.stringify(path)}`);
  if (info.size > maxBytes) return { size: info.size };
  const handle = await open(path, 'r');
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

@SubCommand({
  name: 'template',
  arguments: '[kind]',
  description: `Write the import template: the XLSX workbook (instructions and every kind, or one kind) or a kind's CSV (kinds: ${IMPORT_KINDS.join(', ')})`,
})
export class ImportTemplateCommand extends CommandRunner {
  override setCommand(command: Commander): this {
    usageErrorsExit2(command);
    return super.setCommand(command);
  }

  @Option({ flags: '--format <format>', description: 'xlsx or csv', defaultValue: 'xlsx' })
  parseFormat(value: string): TemplateFormat {
    if (value !== 'xlsx' && value !== 'csv') throw new UsageError(`--format expects xlsx or csv, got ${JSON.stringify(value)}`);
    return value;
  }

  @Option({ flags: '--out <path>', description: 'where to write it (default: its file name in the current folder; - for standard output)' })
  parseOut(value: string): string {
    return value;
  }

  async run([kindArg]: string[], options: { format: TemplateFormat; out?: string } = { format: 'xlsx' }): Promise<void> {
    const kind = kindArg === undefined ? null : parseKind(kindArg);
    if (options.format === 'csv' && kind === null) throw new UsageError(`a CSV template holds one kind: npm run cli -- import template <${IMPORT_KINDS.join('|')}> --format csv`);
    const bytes = options.format === 'csv' ? templateCsv(kind!) : await templateWorkbook(kind ? [kind] : IMPORT_KINDS);
    if (options.out === '-') {
      process.stdout.write(bytes);
      return;
    }
    const out = options.out ?? templateFileName(kind, options.format);
    await writeFile(out, bytes);
    process.stdout.write(`wrote ${out} (${bytes.length} bytes)\n`);
  }
}

@Command({
  name: 'import',
  arguments: '<file>',
  description:
    "Import a province's history (recognitions, revocations, yearly criteria, plans) from XLSX or CSV: every row checked, nothing written if any row is bad " +
    '(unless --skip-invalid), the same file again writes nothing. Exit 0 written, dry run or nothing to write; 1 refused; 2 bad usage.',
  subCommands: [ImportTemplateCommand],
})
export class ImportCommand extends CommandRunner {
  constructor(@Inject(HISTORY_IMPORTER) private readonly importer: HistoryImporter) {
    super();
  }

  override setCommand(command: Commander): this {
    usageErrorsExit2(command);
    return super.setCommand(command);
  }

  @Option({ flags: '--dry-run', description: 'check every row and report what would be written; write nothing' })
  parseDryRun(): boolean {
    return true;
  }

  @Option({ flags: '--skip-invalid', description: 'write the valid rows and list the invalid ones (default: any invalid row writes nothing)' })
  parseSkipInvalid(): boolean {
    return true;
  }

  @Option({ flags: '--kind <kind>', description: `what a CSV holds (${IMPORT_KINDS.join(', ')}); default: the kind its header fits` })
  parseKind(value: string): ImportKind {
    return parseKind(value);
  }

  @Option({ flags: '--actor <id>', description: 'who imports, recorded in every event (default: cli:<user name>)' })
  parseActor(value: string): string {
    if (!value.trim()) throw new UsageError('--actor expects an id');
    return value.trim();
  }

  @Option({ flags: '--role <role>', description: `${IMPORT_ROLES.join(' or ')}`, defaultValue: 'administrator' })
  parseRole(value: string): ImportRole {
    if (!(IMPORT_ROLES as readonly string[]).includes(value)) throw new UsageError(`--role expects ${IMPORT_ROLES.join(' or ')}, got ${JSON.stringify(value)}`);
    return value as ImportRole;
  }

  @Option({ flags: '--unit <code>', description: 'the importing unit: the province (2 digits) for coordination_office; default 00 (nationwide) for administrator' })
  parseUnit(value: string): string {
    if (!/^\d{2}$/.test(value)) throw new UsageError(`--unit expects a province code (2 digits), got ${JSON.stringify(value)}`);
    return value;
  }

  @Option({ flags: '--reason <text>', description: 'why, recorded in every event (default: "history import from <file>")' })
  parseReason(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'print the report as JSON' })
  parseJson(): boolean {
    return true;
  }

  @Option({ flags: '--no-progress', description: 'no progress bar' })
  parseNoProgress(): boolean {
    return false;
  }

  async run([path]: string[], options: ImportOptions = { role: 'administrator', progress: true }): Promise<void> {
    const role = options.role ?? 'administrator';
    if (role === 'coordination_office' && !options.unit) throw new UsageError('--role coordination_office needs --unit <province code>: the office imports for its own province');
    const config = loadConfig();
    const file = basename(path);
    const content = await readWithin(path, config.IMPORT_MAX_BYTES);
    const out = (text: string) => process.stdout.write(text);
    if (!Buffer.isBuffer(content)) {
      const rule = `the file is ${content.size} bytes; the limit is ${config.IMPORT_MAX_BYTES} (IMPORT_MAX_BYTES): split it into smaller files`;
      out(options.json ? `${JSON.stringify({ file, status: 'too-large', problems: [{ file, sheet: null, row: null, column: null, rule }] }, null, 2)}\n` : `${file}: refused, nothing written\n${rule}\n`);
      process.exitCode = 1;
      return;
    }
    const parsed = await readImportFile(content, { fileName: file, kind: options.kind, limits: { maxBytes: config.IMPORT_MAX_BYTES, maxRows: config.IMPORT_MAX_ROWS } });
    if (parsed.status !== 'read') {
      const { rows: _rows, ...shown } = parsed;
      out(options.json ? `${JSON.stringify(shown, null, 2)}\n` : [`${file}: ${parsed.status === 'too-large' ? 'too large' : 'unreadable'}, nothing written`, ...problemLines(parsed.problems), ''].join('\n'));
      process.exitCode = 1;
      return;
    }
    const bar = options.progress !== false && process.stderr.isTTY ? new SingleBar({ format: 'import |{bar}| {value}/{total} rows | {eta_formatted} left', stream: process.stderr, hideCursor: true }, Presets.shades_classic) : null;
    let started = false;
    const report = await this.importer
      .run(parsed, {
        dryRun: options.dryRun === true,
        skipInvalid: options.skipInvalid === true,
        actor: { id: options.actor ?? operatorName(), role, unit: options.unit ?? '00' },
        reason: options.reason ?? `history import from ${file}`,
        correlationId: randomUUID(),
        onProgress: (done, total) => {
          if (!bar) return;
          if (!started) bar.start(total, done);
          started = true;
          bar.setTotal(total);
          bar.update(done);
        },
      })
      .finally(() => bar?.stop());
    out(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    if (report.outcome === 'refused') process.exitCode = 1;
  }
}
