import { deepFreeze } from './deep-freeze';
import { InvalidPackSettingsError } from './errors';
import { isCalendarDate } from '../calendar/dates';
import type { PackSettings, ProcedureStep, RegulationPack, TimeLimit, VotingRule } from './regulation-pack';

export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

// Records rather than arrays so that a new member of the union fails to compile until it is listed here.
const VOTING_KINDS: Record<VotingRule['kind'], true> = { 'all-present': true, majority: true, 'two-thirds': true };
const TIME_LIMIT_KINDS: Record<TimeLimit['kind'], true> = { working: true, calendar: true };
const VERIFYING_LEVELS: Record<PackSettings['verifyingLevel'], true> = { district: true, province: true };
const PROCEDURE_STEPS: Record<ProcedureStep, true> = {
  consultation: true,
  verification: true,
  appraisal: true,
  supplement: true,
  decision: true,
};

/**
 * Deployment overrides come from configuration files, so a misspelt key is rejected rather than ignored: a silently
 * ignored override would leave a default in force that the operator believes replaced.
 */
export function withSettings(pack: RegulationPack, overrides: DeepPartial<PackSettings>): RegulationPack {
  const settings = merge(pack.settings, overrides, '') as PackSettings;
  validatePackSettings(settings);
  return deepFreeze({ ...pack, settings });
}

/** Throws InvalidPackSettingsError naming the first setting out of range. */
export function validatePackSettings(settings: PackSettings): void {
  requireNumber(
    'satisfactionMinPercent',
    settings.satisfactionMinPercent,
    (v) => v > 0 && v <= 100,
    'a percentage above 0 and at most 100',
  );
  requirePositiveInteger('consultation.minPostings', settings.consultation.minPostings);
  requirePositiveInteger('consultation.windowDays', settings.consultation.windowDays);
  requireOneOf('voting.kind', settings.voting.kind, VOTING_KINDS);
  requireNumber('voting.quorum', settings.voting.quorum, (v) => v > 0 && v <= 1, 'a share above 0 and at most 1');
  for (const step of Object.keys(PROCEDURE_STEPS) as ProcedureStep[]) {
    const limit: TimeLimit | undefined = settings.timeLimits[step];
    if (limit === undefined) throw new InvalidPackSettingsError(`timeLimits.${step}`, 'is missing', limit);
    requirePositiveInteger(`timeLimits.${step}.days`, limit.days);
    requireOneOf(`timeLimits.${step}.kind`, limit.kind, TIME_LIMIT_KINDS);
  }
  requireOneOf('verifyingLevel', settings.verifyingLevel, VERIFYING_LEVELS);
  requirePositiveInteger('monitoring.reviewIntervalMonths', settings.monitoring.reviewIntervalMonths);
  requirePositiveInteger('monitoring.remediationDays', settings.monitoring.remediationDays);
  const deadline: unknown = settings.requalificationDeadline;
  if (deadline !== null && !(typeof deadline === 'string' && isCalendarDate(deadline))) {
    throw new InvalidPackSettingsError('requalificationDeadline', 'must be null or a date in YYYY-MM-DD form', deadline);
  }
  const until: unknown = settings.transition?.previousPackUntil;
  if (until !== null && !(typeof until === 'string' && isCalendarDate(until))) {
    throw new InvalidPackSettingsError('transition.previousPackUntil', 'must be null or a date in YYYY-MM-DD form', until);
  }
}

function merge(base: unknown, override: unknown, path: string): unknown {
  if (override === undefined) return base;
  if (!isPlainObject(base)) return override;
  if (!isPlainObject(override)) throw new InvalidPackSettingsError(path, 'must be an object', override);
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const settingPath = path === '' ? key : `${path}.${key}`;
    if (!Object.hasOwn(base, key)) throw new InvalidPackSettingsError(settingPath, 'is not a setting', value);
    merged[key] = merge(base[key], value, settingPath);
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireNumber(setting: string, value: unknown, inRange: (value: number) => boolean, expected: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || !inRange(value)) {
    throw new InvalidPackSettingsError(setting, `must be ${expected}`, value);
  }
}

function requirePositiveInteger(setting: string, value: unknown): void {
  requireNumber(setting, value, (v) => Number.isInteger(v) && v >= 1, 'a whole number of at least 1');
}

function requireOneOf(setting: string, value: unknown, allowed: Record<string, true>): void {
  if (typeof value !== 'string' || !Object.hasOwn(allowed, value)) {
    throw new InvalidPackSettingsError(setting, `must be one of ${Object.keys(allowed).join(', ')}`, value);
  }
}
