/**
 * What a province's history file becomes once read: typed rows per kind, each with where it came from, and the
 * problems found in reading it. The reader (parse, templates) checks shape only — formats, types, required columns;
 * the domain planner checks everything that needs the rules (a code on the map of its date, a level in the pack,
 * criteria codes in the set) and turns valid rows into commands.
 */

export type ImportKind = 'recognitions' | 'revocations' | 'assessments' | 'plans';

export const IMPORT_KINDS: readonly ImportKind[] = ['recognitions', 'revocations', 'assessments', 'plans'];

/** standard = NTM, advanced = nâng cao, model = kiểu mẫu, modern = hiện đại, task-completed = (town) hoàn thành nhiệm vụ. */
export type ImportLevel = 'standard' | 'advanced' | 'model' | 'modern' | 'task-completed';

export type ImportPeriod = '2010-2015' | '2016-2020' | '2021-2025' | '2026-2030';

/** Where a row came from: the file, the sheet (null for CSV) and its 1-based row number as the spreadsheet shows it. */
export interface RowSource {
  file: string;
  sheet: string | null;
  row: number;
}

export interface ImportProblem {
  file: string;
  sheet: string | null;
  /** null for a problem of the whole file or sheet. */
  row: number | null;
  /** The column's English key (e.g. `decision_date`), null when the problem is not one column's. */
  column: string | null;
  rule: string;
  /** The offending cell as text, when there is one. */
  value?: string;
}

/** A recognition already granted. `unitCode` is a commune (5 digits) or, before July 2025, a district (3 digits), on the map of the decision date. */
export interface RecognitionRow {
  unitCode: string;
  unitName?: string;
  level: ImportLevel;
  /** Omitted: the period whose criteria set was in force on the decision date. */
  period?: ImportPeriod;
  decisionNo: string;
  /** ISO date YYYY-MM-DD. */
  decisionDate: string;
  signerName?: string;
  signerTitle?: string;
  note?: string;
}

/** A revocation already decided. */
export interface RevocationRow {
  unitCode: string;
  unitName?: string;
  level: ImportLevel;
  decisionNo: string;
  decisionDate: string;
  signerName?: string;
  signerTitle?: string;
  /** The decision number of the recognition revoked, when the file names it. */
  recognitionDecisionNo?: string;
  grounds?: string;
  /** Criteria codes normalised to `C01`..`C19` (communes) or `D01`.. (districts). */
  failingCriteria?: string[];
}

/**
 * A yearly criteria status. Either per criterion (`criteria` names every criterion of the set) or count-only
 * (`metCount`, with or without `unmetCriteria` naming the unmet ones); `total` is checked against the set.
 */
export interface AssessmentRow {
  unitCode: string;
  unitName?: string;
  year: number;
  /** ISO date; omitted: 31 December of `year`. */
  assessedOn?: string;
  level?: ImportLevel;
  period?: ImportPeriod;
  metCount?: number;
  total?: number;
  unmetCriteria?: string[];
  /** Criterion code (normalised, e.g. `C07`) → met. */
  criteria?: Record<string, boolean>;
}

/** A plan (kế hoạch) of a province (2 digits) or, before July 2025, a district (3 digits): for a whole period or one year. */
export interface PlanRow {
  unitCode: string;
  scope: 'period' | 'year';
  /** Required for scope 'period'; for 'year', the period the year belongs to may be omitted. */
  period?: ImportPeriod;
  /** Required for scope 'year'. */
  year?: number;
  standardCommunes?: number;
  standardPercent?: number;
  advancedCommunes?: number;
  advancedPercent?: number;
  modelCommunes?: number;
  modelPercent?: number;
  averageCriteria?: number;
  /** "No commune below N criteria". */
  floorCriteria?: number;
}

export interface RowValues {
  recognitions: RecognitionRow;
  revocations: RevocationRow;
  assessments: AssessmentRow;
  plans: PlanRow;
}

export type ParsedRow = { [K in ImportKind]: { kind: K; source: RowSource; values: RowValues[K] } }[ImportKind];

export interface ParsedImport {
  file: string;
  /** SHA-256 (hex) of the file's bytes. */
  sha256: string;
  bytes: number;
  rows: ParsedRow[];
  /** Rows that failed the reader's own checks are listed here and left out of `rows`. */
  problems: ImportProblem[];
}

export interface ImportCounts {
  rows: number;
  valid: number;
  invalid: number;
  /** Valid rows whose events are already in the store (an earlier import of the same facts). */
  alreadyPresent: number;
  written: number;
}

export interface ImportReport {
  /** Stable per file content: the SHA-256 of the file. */
  importId: string;
  file: string;
  sha256: string;
  dryRun: boolean;
  skipInvalid: boolean;
  /** written: rows were written; dry-run: nothing written on purpose; refused: bad rows and no --skip-invalid; nothing-to-write: every valid row already present. */
  outcome: 'written' | 'dry-run' | 'refused' | 'nothing-to-write';
  totals: ImportCounts;
  byKind: Record<ImportKind, ImportCounts>;
  events: { written: number; streams: number };
  problems: ImportProblem[];
}

export interface ImportActor {
  id: string;
  role: string;
  unit: string;
}

export interface ImportOptions {
  dryRun: boolean;
  skipInvalid: boolean;
  actor: ImportActor;
  reason: string;
  correlationId: string;
  /** Record time of the import (ISO instant): the service's clock; the system time when absent. */
  at?: string;
  onProgress?: (done: number, total: number) => void;
}

/** Implemented by the workflow (the domain planner and writer); the CLI and the HTTP upload call it. */
export interface HistoryImporter {
  run(parsed: ParsedImport, options: ImportOptions): Promise<ImportReport>;
}

export const HISTORY_IMPORTER = Symbol('HISTORY_IMPORTER');
