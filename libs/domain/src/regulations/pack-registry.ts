import { NoPackForDateError, InvalidRegulationDateError, UnknownRegulationPackError } from './errors';
import { deepFreeze } from './deep-freeze';
import { isCalendarDate } from '../calendar/dates';
import { NTM_2016_2020 } from './packs/ntm-2016-2020';
import { NTM_2021_2025 } from './packs/ntm-2021-2025';
import { NTM_2026_2030 } from './packs/ntm-2026-2030';
import type { RegulationPack } from './regulation-pack';

/**
 * Every version ever published stays here, because a dossier is judged for life by the version it pinned. A new
 * version is appended after the one it supersedes, which is how packForDate prefers it.
 */
const PACKS: readonly RegulationPack[] = deepFreeze([NTM_2016_2020, NTM_2021_2025, NTM_2026_2030]);

export function allPacks(): RegulationPack[] {
  return [...PACKS];
}

export function getPack(id: string, version: string): RegulationPack {
  const pack = PACKS.find((candidate) => candidate.id === id && candidate.version === version);
  if (!pack) throw new UnknownRegulationPackError(id, version);
  return pack;
}

export function packForDate(isoDate: string): RegulationPack {
  if (!isCalendarDate(isoDate)) throw new InvalidRegulationDateError(isoDate);
  const covering = PACKS.filter((pack) => pack.validFrom <= isoDate && isoDate <= pack.validTo);
  const latest = covering[covering.length - 1];
  if (!latest) {
    const from = PACKS.map((pack) => pack.validFrom).reduce((a, b) => (a < b ? a : b));
    const to = PACKS.map((pack) => pack.validTo).reduce((a, b) => (a > b ? a : b));
    throw new NoPackForDateError(isoDate, { from, to });
  }
  return latest;
}
