import { highestLevel, mergedStanding, type MergerPolicy, type StandingBasis } from '../mergers/merger-policy';
import type { RecognitionLevel } from '../regulations/regulation-pack';
import type { MapVersion } from '../units/administrative-unit';

/** A commune (xã) of the unit on the map in force on the date asked. */
export interface ReportCommune {
  code: string;
  name: string;
  districtCode: string | null;
  districtName: string | null;
  /** July 2025 map: the March 2025 communes it was made of. */
  predecessors?: { code: string; partial: boolean }[];
}

/** A recognition interval of a commune (its own dossier's): in force from `from` until the day before `to`. */
export interface ReportInterval {
  communeCode: string;
  map: MapVersion;
  level: RecognitionLevel;
  from: string;
  to: string | null;
  decisionNo: string;
}

/** A completed assessment of a commune's criteria (yearly, a count, or a monitoring review). */
export interface ReportAssessment {
  communeCode: string;
  map: MapVersion;
  criteriaSetCode: string;
  assessedOn: string;
  met: number;
  total: number;
  source: string;
  /** Global order, for two assessments on one day: the later written wins (a correction). */
  order: string;
}

/** A plan's targets: per level as communes or as a percentage of the unit's communes, the average criteria, the floor. */
export interface ReportTargets {
  standard?: number | null;
  standardPercent?: number | null;
  advanced?: number | null;
  advancedPercent?: number | null;
  model?: number | null;
  modelPercent?: number | null;
  averageCriteria?: number | null;
  /** "No commune below N criteria". */
  floorCriteria?: number | null;
}

export interface UnitReportInput {
  unit: { code: string; name: string; level: 'province' | 'district'; map: MapVersion };
  asOf: string;
  policy: MergerPolicy;
  communes: ReportCommune[];
  /** The commune set in force on the date: averages are of this set only, never mixed with another's counts. */
  criteriaSet: { code: string; total: number };
  intervals: ReportInterval[];
  /** Assessments dated on or before asOf. */
  assessments: ReportAssessment[];
  periodPlan: ({ period: string } & ReportTargets) | null;
  yearPlan: ({ year: number; targetsAre: 'cumulative' | 'additions' } & ReportTargets) | null;
  /** The floor asked for (?below=) or, failing that, the plans' ("no commune below N criteria"). */
  floor: number | null;
}

export const REPORT_LEVELS = ['standard', 'advanced', 'model', 'modern'] as const;
export type ReportLevel = (typeof REPORT_LEVELS)[number];

export interface LevelCount {
  communes: number;
  percent: number | null;
}

export interface CommuneStanding {
  code: string;
  name: string;
  districtCode: string | null;
  districtName: string | null;
  level: RecognitionLevel | null;
  basis: StandingBasis;
  /** The decision and date of the commune's own recognition at that level, when it holds one itself. */
  decisionNo: string | null;
  since: string | null;
  /** The latest completed assessment of the date's set. */
  assessment: { met: number; total: number; assessedOn: string; source: string } | null;
  belowFloor: boolean | null;
}

export interface PlanLine {
  target: { communes: number | null; percent: number | null };
  /** Communes the target means (a percentage of the unit's communes, rounded up). */
  targetCommunes: number;
  actual: number;
  percentOfPlan: number | null;
}

export interface UnitReport {
  unitCode: string;
  unitName: string;
  asOf: string;
  map: MapVersion;
  mergerPolicy: MergerPolicy;
  communes: number;
  recognised: Record<ReportLevel, LevelCount>;
  criteriaSet: { code: string; total: number };
  averageCriteria: number | null;
  /** How many communes the average covers; it is over every commune when assessed equals of. */
  coverage: { assessed: number; of: number; complete: boolean };
  /** Latest assessments of other sets, each averaged on its own. */
  otherSets: { criteriaSet: string; total: number; assessed: number; average: number }[];
  below: { threshold: number; communes: number; codes: string[] } | null;
  plan: {
    period: ({ period: string } & Partial<Record<'standard' | 'advanced' | 'model', PlanLine>> & { averageCriteria?: AverageLine; floor?: FloorLine }) | null;
    year: ({ year: number; targetsAre: 'cumulative' | 'additions' } & Partial<Record<'standard' | 'advanced' | 'model', PlanLine>> & { averageCriteria?: AverageLine; floor?: FloorLine }) | null;
  };
  districts: DistrictRow[];
  communeList: CommuneStanding[];
}

export interface AverageLine {
  target: number;
  actual: number | null;
  percentOfPlan: number | null;
}

export interface FloorLine {
  threshold: number;
  below: number;
  met: boolean;
}

export interface DistrictRow {
  districtCode: string;
  name: string;
  communes: number;
  recognised: Record<ReportLevel, LevelCount>;
  averageCriteria: number | null;
  assessed: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const percent = (n: number, of: number) => (of > 0 ? round2((n / of) * 100) : null);

/** Whether a commune at `held` counts for the report's `level` column (recognition of a higher level includes the lower). */
export function countsAt(held: RecognitionLevel | null, level: ReportLevel): boolean {
  switch (level) {
    case 'standard':
      return held !== null && held !== 'task-completed';
    case 'advanced':
      return held === 'advanced' || held === 'model';
    case 'model':
      return held === 'model';
    case 'modern':
      return held === 'modern';
    default: {
      const unhandled: never = level;
      throw new Error(`unhandled level ${String(unhandled)}`);
    }
  }
}

/** Levels a commune's own dossiers held at the end of `date` on `map`, with the decisions. */
function heldOn(intervals: readonly ReportInterval[], code: string, map: MapVersion, date: string): ReportInterval[] {
  return intervals.filter((i) => i.communeCode === code && i.map === map && i.from <= date && (i.to === null || i.to > date));
}

/** A commune's standing on `date`: its own recognitions and, on the July 2025 map, what its predecessors' count for. */
export function standingOn(commune: ReportCommune, map: MapVersion, date: string, intervals: readonly ReportInterval[], policy: MergerPolicy) {
  const own = heldOn(intervals, commune.code, map, date);
  const ownLevels = own.map((i) => i.level);
  if (map === '2025-03') {
    const level = highestLevel(ownLevels);
    return { level, basis: (level ? 'own' : 'none') as StandingBasis, own };
  }
  const predecessors = (commune.predecessors ?? []).map((p) => ({ ...p, levels: heldOn(intervals, p.code, '2025-03', date).map((i) => i.level) }));
  const standing = mergedStanding(ownLevels, predecessors, policy);
  return { level: standing.level, basis: standing.basis, own };
}

function latestOf(assessments: readonly ReportAssessment[]): Map<string, ReportAssessment> {
  const latest = new Map<string, ReportAssessment>();
  for (const a of assessments) {
    const key = `${a.communeCode}|${a.criteriaSetCode}`;
    const seen = latest.get(key);
    if (!seen || a.assessedOn > seen.assessedOn || (a.assessedOn === seen.assessedOn && BigInt(a.order) > BigInt(seen.order))) latest.set(key, a);
  }
  return latest;
}

function counts(levels: readonly (RecognitionLevel | null)[], of: number): Record<ReportLevel, LevelCount> {
  const out = {} as Record<ReportLevel, LevelCount>;
  for (const level of REPORT_LEVELS) {
    const n = levels.filter((held) => countsAt(held, level)).length;
    out[level] = { communes: n, percent: percent(n, of) };
  }
  return out;
}

function planLine(communes: number | null | undefined, pct: number | null | undefined, of: number, actual: number): PlanLine | undefined {
  if ((communes === null || communes === undefined) && (pct === null || pct === undefined)) return undefined;
  const targetCommunes = communes ?? Math.ceil(((pct ?? 0) * of) / 100 - 1e-9);
  return { target: { communes: communes ?? null, percent: pct ?? null }, targetCommunes, actual, percentOfPlan: percent(actual, targetCommunes) };
}

/**
 * The report a province (or, before July 2025, a district) gives of its communes on a date, as provinces state it:
 * communes recognised per level (count and % of all its communes on the map in force), the average criteria met per
 * commune from each one's latest completed assessment of the date's set, communes below a floor, and progress against
 * the period's and the year's plans. Pure: the read models gather the rows, this does the arithmetic.
 */
export function unitReport(input: UnitReportInput): UnitReport {
  const { unit, asOf, policy, communes, criteriaSet, intervals } = input;
  const map = unit.map;
  const latest = latestOf(input.assessments.filter((a) => a.map === map && a.assessedOn <= asOf));

  const list: CommuneStanding[] = communes.map((c) => {
    const s = standingOn(c, map, asOf, intervals, policy);
    const mine = s.own.filter((i) => i.level === s.level).sort((a, b) => a.from.localeCompare(b.from))[0];
    const a = latest.get(`${c.code}|${criteriaSet.code}`);
    return {
      code: c.code,
      name: c.name,
      districtCode: c.districtCode,
      districtName: c.districtName,
      level: s.level,
      basis: s.basis,
      decisionNo: mine?.decisionNo ?? null,
      since: mine?.from ?? null,
      assessment: a ? { met: a.met, total: a.total, assessedOn: a.assessedOn, source: a.source } : null,
      belowFloor: input.floor === null || !a ? null : a.met < input.floor,
    };
  });

  const assessed = list.filter((c) => c.assessment !== null);
  const average = assessed.length ? round2(assessed.reduce((sum, c) => sum + c.assessment!.met, 0) / assessed.length) : null;
  const others = new Map<string, { total: number; mets: number[] }>();
  for (const a of latest.values()) {
    if (a.criteriaSetCode === criteriaSet.code || !communes.some((c) => c.code === a.communeCode)) continue;
    const o = others.get(a.criteriaSetCode) ?? { total: a.total, mets: [] };
    o.mets.push(a.met);
    others.set(a.criteriaSetCode, o);
  }
  const below = input.floor === null ? null : assessed.filter((c) => c.assessment!.met < input.floor!);
  const levels = list.map((c) => c.level);
  const recognised = counts(levels, communes.length);

  const floorLine = (threshold: number | null | undefined): FloorLine | undefined => {
    if (threshold === null || threshold === undefined) return undefined;
    const n = assessed.filter((c) => c.assessment!.met < threshold).length;
    return { threshold, below: n, met: n === 0 };
  };
  const averageLine = (target: number | null | undefined): AverageLine | undefined =>
    target === null || target === undefined ? undefined : { target, actual: average, percentOfPlan: average === null ? null : percent(average, target) };

  let period: UnitReport['plan']['period'] = null;
  if (input.periodPlan) {
    const p = input.periodPlan;
    period = {
      period: p.period,
      ...lines(p, communes.length, (level) => recognised[level].communes),
      ...withDefined('averageCriteria', averageLine(p.averageCriteria)),
      ...withDefined('floor', floorLine(p.floorCriteria)),
    };
  }
  let year: UnitReport['plan']['year'] = null;
  if (input.yearPlan) {
    const y = input.yearPlan;
    // Additions: communes that meet the level at the date and did not at the end of the year before.
    const yearEnd = `${y.year - 1}-12-31`;
    const before = communes.map((c) => standingOn(c, map, yearEnd, intervals, policy).level);
    const added = (level: 'standard' | 'advanced' | 'model') => levels.filter((held, i) => countsAt(held, level) && !countsAt(before[i]!, level)).length;
    year = {
      year: y.year,
      targetsAre: y.targetsAre,
      ...lines(y, communes.length, (level) => (y.targetsAre === 'additions' ? added(level) : recognised[level].communes)),
      ...withDefined('averageCriteria', averageLine(y.averageCriteria)),
      ...withDefined('floor', floorLine(y.floorCriteria)),
    };
  }

  const districts: DistrictRow[] = [];
  if (unit.level === 'province' && map === '2025-03') {
    const byDistrict = new Map<string, CommuneStanding[]>();
    for (const c of list) if (c.districtCode) byDistrict.set(c.districtCode, [...(byDistrict.get(c.districtCode) ?? []), c]);
    for (const [code, rows] of [...byDistrict].sort(([a], [b]) => a.localeCompare(b))) {
      const done = rows.filter((r) => r.assessment !== null);
      districts.push({
        districtCode: code,
        name: rows[0]!.districtName ?? code,
        communes: rows.length,
        recognised: counts(rows.map((r) => r.level), rows.length),
        averageCriteria: done.length ? round2(done.reduce((s, r) => s + r.assessment!.met, 0) / done.length) : null,
        assessed: done.length,
      });
    }
  }

  return {
    unitCode: unit.code,
    unitName: unit.name,
    asOf,
    map,
    mergerPolicy: policy,
    communes: communes.length,
    recognised,
    criteriaSet,
    averageCriteria: average,
    coverage: { assessed: assessed.length, of: communes.length, complete: assessed.length === communes.length },
    otherSets: [...others].map(([code, o]) => ({ criteriaSet: code, total: o.total, assessed: o.mets.length, average: round2(o.mets.reduce((s, m) => s + m, 0) / o.mets.length) })),
    below: below === null ? null : { threshold: input.floor!, communes: below.length, codes: below.map((c) => c.code) },
    plan: { period, year },
    districts,
    communeList: list,
  };
}

function lines(t: ReportTargets, of: number, actual: (level: 'standard' | 'advanced' | 'model') => number) {
  const out: Partial<Record<'standard' | 'advanced' | 'model', PlanLine>> = {};
  for (const level of ['standard', 'advanced', 'model'] as const) {
    const line = planLine(t[level], t[`${level}Percent`], of, actual(level));
    if (line) out[level] = line;
  }
  return out;
}

function withDefined<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
