import type { AssessmentRow, ImportKind, ImportProblem, ParsedRow, PlanRow, RecognitionRow, RevocationRow, RowSource } from './import-contract';
import { cellText, excerpt, isBlank, type Cell, type Parsed } from './cells';
import { columnsOf, CRITERION_COLUMNS, type ImportColumn } from './columns';
import * as n from './normalise';

export interface RowInput {
  source: RowSource;
  /** The row's cells by column key, for the columns its sheet has. */
  cells: ReadonlyMap<string, Cell>;
}

export interface RowResult {
  /** Null when the row broke a rule: its problems say which. */
  row: ParsedRow | null;
  problems: ImportProblem[];
}

function parseCell(kind: ImportKind, column: ImportColumn, cell: Cell): Parsed<unknown> {
  switch (column.type) {
    case 'unit-code':
      return n.unitCode(cell, kind === 'plans' ? 'province-or-district' : 'commune-or-district');
    case 'text':
      return n.text(cell);
    case 'level':
      return n.level(cell);
    case 'period':
      return n.period(cell);
    case 'date':
      return n.date(cell);
    case 'year':
      return n.year(cell);
    case 'count':
      return n.count(cell);
    case 'decimal':
      return n.decimal(cell);
    case 'percent':
      return n.percent(cell);
    case 'criteria-list':
      return n.criteriaList(cell);
    case 'met-count':
      return n.metCount(cell);
    case 'criterion':
      return n.criterionMark(cell);
    case 'scope':
      return n.scope(cell);
    default: {
      const unhandled: never = column.type;
      throw new Error(`no normaliser for ${String(unhandled)}`);
    }
  }
}

/** Collects one row's values and problems; every problem names the file, sheet, row and column. */
class RowReader {
  readonly problems: ImportProblem[] = [];
  readonly values = new Map<string, unknown>();

  constructor(
    private readonly kind: ImportKind,
    private readonly input: RowInput,
  ) {
    for (const column of columnsOf(kind)) {
      const cell = input.cells.get(column.key);
      if (cell?.error) {
        this.problem(column.key, `the cell holds no value the import can use (${cell.error})`, cell);
        continue;
      }
      if (isBlank(cell)) {
        // Per-criterion blanks are read by the assessment rule (blank is unmet within the row's criteria).
        if (column.required && column.type !== 'criterion') this.problem(column.key, 'required');
        continue;
      }
      const parsed = parseCell(kind, column, cell!);
      if (parsed.ok) this.values.set(column.key, parsed.value);
      else this.problem(column.key, parsed.rule, cell);
    }
  }

  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  /** Whether the sheet has this column at all. */
  present(key: string): boolean {
    return this.input.cells.has(key);
  }

  blank(key: string): boolean {
    return isBlank(this.input.cells.get(key));
  }

  problem(column: string | null, rule: string, cell?: Cell): void {
    const { file, sheet, row } = this.input.source;
    const value = cell ? excerpt(cellText(cell)) : undefined;
    this.problems.push({ file, sheet, row, column, rule, ...(value ? { value } : {}) });
  }

  result<K extends ImportKind>(kind: K, values: ParsedRow['values']): RowResult {
    if (this.problems.length > 0) return { row: null, problems: this.problems };
    return { row: { kind, source: this.input.source, values } as ParsedRow, problems: [] };
  }
}

/** Only the keys that have a value: rows compare and hash alike whichever optional columns a file carried. */
function defined<T extends object>(values: T): T {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as T;
}

export function readRow(kind: ImportKind, input: RowInput): RowResult {
  const r = new RowReader(kind, input);
  switch (kind) {
    case 'recognitions':
      return r.result(kind, recognition(r));
    case 'revocations':
      return r.result(kind, revocation(r));
    case 'assessments':
      return r.result(kind, assessment(r));
    case 'plans':
      return r.result(kind, plan(r));
    default: {
      const unhandled: never = kind;
      throw new Error(`no row reader for ${String(unhandled)}`);
    }
  }
}

function recognition(r: RowReader): RecognitionRow {
  return defined({
    unitCode: r.get<string>('unit_code')!,
    unitName: r.get<string>('unit_name'),
    level: r.get<RecognitionRow['level']>('level')!,
    period: r.get<RecognitionRow['period']>('period'),
    decisionNo: r.get<string>('decision_no')!,
    decisionDate: r.get<string>('decision_date')!,
    signerName: r.get<string>('signer_name'),
    signerTitle: r.get<string>('signer_title'),
    note: r.get<string>('note'),
  });
}

function revocation(r: RowReader): RevocationRow {
  return defined({
    unitCode: r.get<string>('unit_code')!,
    unitName: r.get<string>('unit_name'),
    level: r.get<RevocationRow['level']>('level')!,
    decisionNo: r.get<string>('decision_no')!,
    decisionDate: r.get<string>('decision_date')!,
    signerName: r.get<string>('signer_name'),
    signerTitle: r.get<string>('signer_title'),
    recognitionDecisionNo: r.get<string>('recognition_decision_no'),
    grounds: r.get<string>('grounds'),
    failingCriteria: r.get<string[]>('failing_criteria'),
  });
}

const codeOf = (key: string) => key.toUpperCase();

/**
 * A row is per criterion when any TC cell is filled, count-only otherwise. A per-criterion row covers TC1 up to its
 * `total` (the total column or "15/19"), or without one up to its last filled TC cell; a blank cell within is unmet
 * (the x/blank way of marking). Columns the sheet lacks are left out, for the planner to find missing.
 */
function assessment(r: RowReader): AssessmentRow {
  const met = r.get<{ met: number; total?: number }>('met_count');
  const totalColumn = r.get<number>('total');
  let total = totalColumn;
  if (met?.total !== undefined) {
    if (totalColumn !== undefined && totalColumn !== met.total) r.problem('total', `the total ${totalColumn} disagrees with criteria met ${met.met}/${met.total}`);
    total = met.total;
  }
  const unmet = r.get<string[]>('unmet_criteria');
  const marked = CRITERION_COLUMNS.filter((c) => r.present(c.key) && !r.blank(c.key));
  const base = {
    unitCode: r.get<string>('unit_code')!,
    unitName: r.get<string>('unit_name'),
    year: r.get<number>('year')!,
    assessedOn: r.get<string>('assessed_on'),
    level: r.get<AssessmentRow['level']>('level'),
    period: r.get<AssessmentRow['period']>('period'),
  };

  if (marked.length === 0) {
    if (!met) {
      r.problem('met_count', 'a row gives the criteria met (met_count, e.g. 15/19) or marks each criterion (TC1..TC19)');
      return defined({ ...base });
    }
    if (total !== undefined && met.met > total) r.problem('met_count', `${met.met} criteria met of a total of ${total}`);
    if (unmet && total !== undefined && unmet.length !== total - met.met) {
      r.problem('unmet_criteria', `${unmet.length} criteria named unmet, but ${met.met} met of ${total} leaves ${total - met.met}`);
    }
    return defined({ ...base, metCount: met.met, total, unmetCriteria: unmet });
  }

  const last = CRITERION_COLUMNS.indexOf(marked[marked.length - 1]) + 1;
  const span = total ?? last;
  const criteria: Record<string, boolean> = {};
  for (const [i, c] of CRITERION_COLUMNS.entries()) {
    if (!r.present(c.key)) continue;
    if (i >= span) {
      if (!r.blank(c.key)) r.problem(c.key, `marked, but the set has ${span} criteria (total)`);
      continue;
    }
    criteria[codeOf(c.key)] = r.blank(c.key) ? false : r.get<boolean>(c.key) ?? false;
  }
  const metMarked = Object.values(criteria).filter(Boolean).length;
  if (met && met.met !== metMarked) r.problem('met_count', `criteria met ${met.met} disagrees with the ${metMarked} criteria marked met`);
  if (unmet) {
    const unmetMarked = Object.keys(criteria).filter((code) => !criteria[code]).sort();
    if (unmet.join() !== unmetMarked.join()) {
      r.problem('unmet_criteria', `names ${unmet.join(', ') || 'none'} unmet, but the criteria marked unmet are ${unmetMarked.join(', ') || 'none'}`);
    }
  }
  return defined({ ...base, metCount: met?.met, total, criteria });
}

const TARGETS = ['standard_communes', 'standard_percent', 'advanced_communes', 'advanced_percent', 'model_communes', 'model_percent', 'average_criteria', 'floor_criteria'];

function plan(r: RowReader): PlanRow {
  const period = r.get<PlanRow['period']>('period');
  const year = r.get<number>('year');
  const scopeUnreadable = !r.blank('scope') && !r.has('scope');
  const scope = r.get<PlanRow['scope']>('scope') ?? (r.blank('year') ? 'period' : 'year');
  if (!scopeUnreadable && scope === 'period') {
    if (r.blank('period')) r.problem('period', r.blank('scope') ? 'a plan row names its period (giai đoạn) or its year (năm)' : 'required for a period plan (scope giai đoạn)');
    if (!r.blank('year')) r.problem('year', 'a period plan has no year: leave it blank, or make the scope năm (year)');
  }
  if (!scopeUnreadable && scope === 'year' && r.blank('year')) r.problem('year', 'required for a yearly plan (scope năm)');
  if (scope === 'year' && period && year !== undefined) {
    const [from, to] = period.split('-').map(Number);
    if (year < from || year > to) r.problem('year', `${year} is not in the period ${period}`);
  }
  if (TARGETS.every((key) => r.blank(key))) r.problem(null, `a plan row sets at least one target (${TARGETS.join(', ')})`);
  return defined({
    unitCode: r.get<string>('unit_code')!,
    scope,
    period,
    year,
    standardCommunes: r.get<number>('standard_communes'),
    standardPercent: r.get<number>('standard_percent'),
    advancedCommunes: r.get<number>('advanced_communes'),
    advancedPercent: r.get<number>('advanced_percent'),
    modelCommunes: r.get<number>('model_communes'),
    modelPercent: r.get<number>('model_percent'),
    averageCriteria: r.get<number>('average_criteria'),
    floorCriteria: r.get<number>('floor_criteria'),
  });
}
