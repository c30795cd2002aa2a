import { describeProblems, IMPORT_KINDS, problemRows, type ImportCounts, type ImportProblem, type ImportReport } from '@app/import';

/** Columns padded to their widest cell; numbers right-aligned. */
export function table(header: string[], rows: (string | number)[][]): string[] {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'));
  return cells.map((r) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

export function problemLines(problems: readonly ImportProblem[]): string[] {
  if (problems.length === 0) return [];
  const rows = problems.map((p) => [p.sheet ?? '', p.row ?? '', p.column ?? '', p.rule, p.value ?? '']);
  return [`problems (${problems.length}):`, ...table(['sheet', 'row', 'column', 'rule', 'value'], rows).map((l) => `  ${l}`)];
}

const VERDICT: Record<ImportReport['outcome'], (r: ImportReport) => string> = {
  written: (r) => `written: ${r.events.written} events in ${r.events.streams} streams${r.problems.length ? `; ${describeProblems(r.problems)} skipped (listed below)` : ''}`,
  'dry-run': (r) => `dry run: nothing written; ${r.totals.valid - r.totals.alreadyPresent} valid rows would be written${problemRows(r.problems).rows ? `, ${describeProblems(r.problems)} would ${r.skipInvalid ? 'be skipped' : 'refuse the whole file'}` : ''}`,
  refused: (r) => `refused: ${describeProblems(r.problems)}, nothing written; fix them, or run with --skip-invalid to write the valid rows and list the rest`,
  'nothing-to-write': () => 'nothing to write: every valid row is already in the store',
};

/** The report as an official reads it: what happened, counts per kind, then every problem with sheet, row and column. */
export function formatReport(report: ImportReport): string {
  const counts = (name: string, c: ImportCounts) => [name, c.rows, c.valid, c.invalid, c.alreadyPresent, c.written];
  const lines = [
    `${report.file} (sha256 ${report.sha256.slice(0, 12)}…)`,
    VERDICT[report.outcome](report),
    '',
    ...table(['kind', 'rows', 'valid', 'invalid', 'already present', 'written'], [...IMPORT_KINDS.map((k) => counts(k, report.byKind[k])), counts('total', report.totals)]),
  ];
  const problems = problemLines(report.problems);
  if (problems.length) lines.push('', ...problems);
  return `${lines.join('\n')}\n`;
}
