import type { ImportProblem } from './import-contract';

/** How many rows the problems name (a row with three bad cells is one), and how many problems are of a whole file or sheet. */
export function problemRows(problems: readonly ImportProblem[]): { rows: number; fileOrSheet: number } {
  const rows = new Set(problems.filter((p) => p.row !== null && p.column !== null).map((p) => `${p.file}\u0000${p.sheet ?? ''}\u0000${p.row}`));
  const ofRows = problems.filter((p) => p.row !== null && p.column !== null).length;
  return { rows: rows.size, fileOrSheet: problems.length - ofRows };
}

/** "3 invalid rows and 1 problem of a sheet": what a refusal says before it lists them. */
export function describeProblems(problems: readonly ImportProblem[]): string {
  const { rows, fileOrSheet } = problemRows(problems);
  const parts = [rows ? `${rows} invalid row${rows === 1 ? '' : 's'}` : '', fileOrSheet ? `${fileOrSheet} problem${fileOrSheet === 1 ? '' : 's'} of a file, sheet or header` : ''].filter(Boolean);
  return parts.join(' and ') || 'no problem';
}
