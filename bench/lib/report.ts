import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './embedded-pg';
import type { PartResult, RatioLine, Table } from './part';
import type { Spread } from './stats';

export interface Machine {
  cores: number;
  memoryGiB: number;
  cpuModel: string;
  kernel: string;
  node: string;
}

export function machine(): Machine {
  let cpuModel = 'unknown';
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpuModel;
  } catch {
    // not Linux: the model stays unknown, the rest is portable
  }
  return {
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    cpuModel,
    kernel: release(),
    node: process.version,
  };
}

/** The commit measured; "+dirty" when the tree had uncommitted changes, since then the commit alone does not say what ran. */
export function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head}+dirty` : head;
  } catch {
    return 'unknown';
  }
}

export function num(v: number, digits = 0): string {
  if (!Number.isFinite(v)) return '–';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "median (min–max)"; a single run shows just its value. */
export function fmtSpread(s: Spread, digits = 0): string {
  if (!Number.isFinite(s.median)) return '–';
  if (s.runs.length <= 1 || s.min === s.max) return num(s.median, digits);
  return `${num(s.median, digits)} (${num(s.min, digits)}–${num(s.max, digits)})`;
}

export function fmtRatio(s: Spread): string {
  if (!Number.isFinite(s.median)) return '–';
  const d = s.median >= 10 ? 1 : 2;
  return s.runs.length <= 1 ? `${num(s.median, d)}×` : `${num(s.median, d)}× (${num(s.min, d)}–${num(s.max, d)})`;
}

export function sharedMachineNote(otherCores: number): string {
  return `processes outside the bench kept ${num(otherCores, 1)} of ${availableParallelism()} cores busy (median over the runs): absolute figures are lower than on a quiet machine; the paired ratios are what to compare`;
}

export function renderTable(t: Table): string {
  const widths = t.columns.map((c, i) => Math.max(c.length, ...t.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [`${t.title}`, line(t.columns), widths.map((w) => '-'.repeat(w)).join('  '), ...t.rows.map(line)].join('\n');
}

export function renderMarkdownTable(t: Table): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `**${esc(t.title)}**`,
    '',
    `| ${t.columns.map(esc).join(' | ')} |`,
    `| ${t.columns.map((_, i) => (t.rows.every((r) => !r[i] || /^[\d–]/.test(r[i])) ? '---:' : '---')).join(' | ')} |`,
    ...t.rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

export function ratioTable(title: string, ratios: RatioLine[]): Table {
  return {
    title,
    columns: ['ratio', 'median (min–max)', 'reads as'],
    rows: ratios.map((r) => [r.label, fmtRatio(r.ratio), r.higherIsBetter ? 'higher is better' : 'lower is better']),
  };
}

export function writeResults(results: unknown, startedAt: Date): string {
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  // BigInt never appears in results by design, but a stray one must not lose the whole run's figures.
  writeFileSync(file, `${JSON.stringify(results, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
  return file;
}

export function allTables(parts: PartResult[]): Table[] {
  const tables = parts.flatMap((p) => [...p.tables, ...(p.ratios.length ? [ratioTable(`${p.title} — ratios`, p.ratios)] : [])]);
  const targets = targetTable(parts);
  return targets ? [...tables, targets] : tables;
}

/** Issue 15's targets, each beside this run's figure, last: what a reader of the run looks for first. */
export function targetTable(parts: PartResult[]): Table | null {
  const lines = parts.flatMap((p) => p.targets ?? []);
  if (!lines.length) return null;
  const met = lines.filter((l) => l.met).length;
  return {
    title: `Targets (issue 15), judged on the median: ${met} of ${lines.length} met`,
    columns: ['target', 'goal', 'this run', ''],
    rows: lines.map((l) => [l.what, l.goal, l.measured, l.met ? 'met' : 'NOT MET']),
  };
}
