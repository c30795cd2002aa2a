import { IMPORT_KINDS, type ImportCounts, type ImportReport } from '@app/import';
import { formatReport } from './import-report';

const zero: ImportCounts = { rows: 0, valid: 0, invalid: 0, alreadyPresent: 0, written: 0 };

function report(outcome: ImportReport['outcome'], recognitions: ImportCounts, extra: Partial<ImportReport> = {}): ImportReport {
  return {
    importId: 'a'.repeat(64),
    file: 'bac-ninh.xlsx',
    sha256: 'a'.repeat(64),
    dryRun: outcome === 'dry-run',
    skipInvalid: false,
    outcome,
    totals: recognitions,
    byKind: { ...(Object.fromEntries(IMPORT_KINDS.map((k) => [k, zero])) as ImportReport['byKind']), recognitions },
    events: { written: recognitions.written * 2, streams: recognitions.written },
    problems: [],
    ...extra,
  };
}

describe('the import report as the CLI prints it', () => {
  it('says what happened, then the counts per kind with the total', () => {
    const text = formatReport(report('written', { rows: 120, valid: 120, invalid: 0, alreadyPresent: 20, written: 100 }));
    const lines = text.split('\n');
    expect(lines[0]).toBe('bac-ninh.xlsx (sha256 aaaaaaaaaaaa…)');
    expect(lines[1]).toBe('written: 200 events in 100 streams');
    expect(lines[3]).toMatch(/^kind\s+rows\s+valid\s+invalid\s+already present\s+written$/);
    expect(lines[4]).toMatch(/^recognitions\s+120\s+120\s+0\s+20\s+100$/);
    expect(lines[8]).toMatch(/^total\s+120\s+120\s+0\s+20\s+100$/);
    // Numbers line up on the right.
    expect(lines[4].length).toBe(lines[3].length);
  });

  it('lists every problem with sheet, row, column, rule and value, and tells how to go on after a refusal', () => {
    const text = formatReport(
      report('refused', { rows: 3, valid: 2, invalid: 1, alreadyPresent: 0, written: 0 }, {
        problems: [{ file: 'bac-ninh.xlsx', sheet: 'Công nhận', row: 14, column: 'decision_date', rule: 'not a day of the calendar', value: '31/02/2020' }],
      }),
    );
    expect(text).toContain('refused: 1 invalid row, nothing written; fix them, or run with --skip-invalid');
    expect(text).toContain('problems (1):');
    expect(text).toMatch(/Công nhận\s+14\s+decision_date\s+not a day of the calendar\s+31\/02\/2020/);
  });

  it('says what a dry run would write', () => {
    const problems = [
      { file: 'f.csv', sheet: null, row: 4, column: 'year', rule: 'expected a year' },
      { file: 'f.csv', sheet: null, row: 4, column: 'met_count', rule: 'criteria met is a whole number' },
      { file: 'f.csv', sheet: null, row: 1, column: null, rule: 'column F has values but no header' },
    ];
    expect(formatReport(report('dry-run', { rows: 5, valid: 4, invalid: 1, alreadyPresent: 1, written: 0 }, { problems }))).toContain(
      'dry run: nothing written; 3 valid rows would be written, 1 invalid row and 1 problem of a file, sheet or header would refuse the whole file',
    );
    expect(formatReport(report('nothing-to-write', { rows: 5, valid: 5, invalid: 0, alreadyPresent: 5, written: 0 }))).toContain('nothing to write');
  });
});
