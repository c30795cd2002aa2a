import { InvalidProvincialPackError, NoPackForDateError, InvalidRegulationDateError, UnknownRegulationPackError } from './errors';
import { deepFreeze } from './deep-freeze';
import { isCalendarDate } from '../calendar/dates';
import { NTM_2010_2015 } from './packs/ntm-2010-2015';
import { NTM_2016_2020 } from './packs/ntm-2016-2020';
import { NTM_2021_2025 } from './packs/ntm-2021-2025';
import { NTM_2026_2030 } from './packs/ntm-2026-2030';
import { PROGRAMME_PERIODS, type PackSettings, type RegulationPack } from './regulation-pack';

/**
 * Every version ever published stays here, because a dossier is judged for life by the version it pinned. A new
 * version is appended after the one it supersedes, which is how packForDate prefers it.
 */
const NATIONAL: readonly RegulationPack[] = deepFreeze([NTM_2010_2015, NTM_2016_2020, NTM_2021_2025, NTM_2026_2030]);

/**
 * Provinces' own packs, derived from a national one, registered once at start-up from configuration. Only ever added
 * to: a dossier that pinned one must find it again, so a second registration of an id and version must be identical.
 */
const provincial: RegulationPack[] = [];

export function allPacks(): RegulationPack[] {
  return [...NATIONAL, ...provincial];
}

export function nationalPacks(): RegulationPack[] {
  return [...NATIONAL];
}

export function getPack(id: string, version: string): RegulationPack {
  const pack = NATIONAL.find((candidate) => candidate.id === id && candidate.version === version) ?? provincial.find((p) => p.id === id && p.version === version);
  if (!pack) throw new UnknownRegulationPackError(id, version);
  return pack;
}

/** Adds provinces' packs (see provincial-pack.ts); the same id and version again must be the very same pack. */
export function registerProvincialPacks(packs: readonly RegulationPack[]): void {
  for (const pack of packs) {
    if (!pack.province) throw new InvalidProvincialPackError(pack.id, 'is not a provincial pack');
    const existing = allPacks().find((p) => p.id === pack.id && p.version === pack.version);
    if (existing) {
      if (JSON.stringify(existing) !== JSON.stringify(pack)) {
        throw new InvalidProvincialPackError(pack.id, `version ${pack.version} is already registered with other content; publish a new version`);
      }
      continue;
    }
    const taken = new Set(allPacks().flatMap((p) => p.criteriaSets.map((s) => s.code)));
    const base = getPack(pack.province.basePackId, pack.province.basePackVersion);
    const clash = pack.criteriaSets.find((s) => taken.has(s.code) && !base.criteriaSets.some((b) => b.code === s.code));
    if (clash) throw new InvalidProvincialPackError(pack.id, `criteria set code ${clash.code} is already used by another pack`);
    provincial.push(deepFreeze(pack));
  }
}

/** How the caller reads a pack's settings (the deployment's and the province's overrides); the pack's own by default. */
export type SettingsOf = (pack: RegulationPack) => PackSettings;

const ownSettings: SettingsOf = (pack) => pack.settings;

/**
 * The pack a registration (or a fact dated that day) falls under. A province's own pack of the same period is
 * preferred for its units; a newer pack's transitional setting may leave the previous one in force for a while.
 */
export function packForDate(isoDate: string, options: { province?: string; settingsOf?: SettingsOf } = {}): RegulationPack {
  if (!isCalendarDate(isoDate)) throw new InvalidRegulationDateError(isoDate);
  const settingsOf = options.settingsOf ?? ownSettings;
  const covering = NATIONAL.filter((pack) => pack.validFrom <= isoDate && isoDate <= pack.validTo);
  let national = covering[covering.length - 1];
  if (!national) {
    const from = NATIONAL.map((pack) => pack.validFrom).reduce((a, b) => (a < b ? a : b));
    const to = NATIONAL.map((pack) => pack.validTo).reduce((a, b) => (a > b ? a : b));
    throw new NoPackForDateError(isoDate, { from, to });
  }
  const until = settingsOf(national).transition.previousPackUntil;
  const previous = previousPeriodPack(national);
  if (until !== null && isoDate <= until && previous) national = previous;
  return options.province ? provincialVariant(national, options.province) : national;
}

/** The province's own pack derived from `national`, newest version first, or `national` itself. */
export function provincialVariant(national: RegulationPack, province: string): RegulationPack {
  const own = provincial.filter((p) => p.province?.code === province && p.province.basePackId === national.id && p.province.basePackVersion === national.version);
  return own[own.length - 1] ?? national;
}

/** The national pack `pack` is or derives from. */
export function nationalPackOf(pack: RegulationPack): RegulationPack {
  return pack.province ? getPack(pack.province.basePackId, pack.province.basePackVersion) : pack;
}

/**
 * The newest pack of the programme period after `pack`'s, as the province has it: the set a recognition under `pack`
 * must requalify under. null for the newest period.
 */
export function nextPeriodPack(pack: RegulationPack, province?: string): RegulationPack | null {
  const index = PROGRAMME_PERIODS.indexOf(pack.period);
  const nextPeriod = PROGRAMME_PERIODS[index + 1];
  if (nextPeriod === undefined) return null;
  const national = NATIONAL.filter((p) => p.period === nextPeriod);
  const newest = national[national.length - 1];
  if (!newest) return null;
  return province ? provincialVariant(newest, province) : newest;
}

/** The packs of the periods after `pack`'s, in time order, as the province has them. */
export function laterPeriodPacks(pack: RegulationPack, province?: string): RegulationPack[] {
  const out: RegulationPack[] = [];
  for (let next = nextPeriodPack(pack, province); next; next = nextPeriodPack(next, province)) out.push(next);
  return out;
}

function previousPeriodPack(pack: RegulationPack): RegulationPack | null {
  const previousPeriod = PROGRAMME_PERIODS[PROGRAMME_PERIODS.indexOf(pack.period) - 1];
  const candidates = NATIONAL.filter((p) => p.period === previousPeriod);
  return candidates[candidates.length - 1] ?? null;
}
