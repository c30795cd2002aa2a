import type { RecognitionLevel } from '../regulations/regulation-pack';
import type { Predecessor } from '../units/administrative-unit';

/**
 * How a commune of the July 2025 map counts the recognitions its predecessors (March 2025 map) held, chosen per
 * province. 'guidance-267': guidance 267/BNN-VPĐP (written for the earlier merger round) — every predecessor
 * recognised at one level → that level; recognised at different levels → the lower one; any predecessor unrecognised
 * → none, a new dossier is needed. 'none-until-reassessed': no merged commune counts as recognised until it is
 * recognised again on the new map [practice: some provinces after the 2025 merger].
 */
export type MergerPolicy = 'guidance-267' | 'none-until-reassessed';

export const MERGER_POLICIES: readonly MergerPolicy[] = ['guidance-267', 'none-until-reassessed'];

/** Commune levels in order; a commune holding a higher level has met the lower ones. */
const RANK: Record<RecognitionLevel, number> = { standard: 1, advanced: 2, model: 3, modern: 3, 'task-completed': 1 };

export function levelRank(level: RecognitionLevel): number {
  return RANK[level];
}

export function highestLevel(levels: readonly RecognitionLevel[]): RecognitionLevel | null {
  return levels.reduce<RecognitionLevel | null>((best, l) => (best === null || RANK[l] > RANK[best] ? l : best), null);
}

export type StandingBasis =
  /** Recognised on the new map itself. */
  | 'own'
  /** The commune went on unchanged: one whole predecessor, whose recognition it keeps under either policy. */
  | 'continuity'
  | 'merged-same-level'
  | 'merged-lower-level'
  | 'merged-some-unrecognised'
  | 'merged-not-counted'
  | 'none';

export interface PredecessorStanding {
  code: string;
  partial: boolean;
  /** The levels the predecessor held on the date (its own recognitions on the March 2025 map). */
  levels: RecognitionLevel[];
}

export interface MergedStanding {
  /** The highest level the commune counts at on the date; null: not recognised. */
  level: RecognitionLevel | null;
  basis: StandingBasis;
  /** The level inherited from predecessors, before the commune's own recognitions are considered. */
  inherited: RecognitionLevel | null;
}

/**
 * A July 2025 commune's standing on a date: its own recognitions on the new map, and what its predecessors' count for
 * under the province's policy. Registration (the prerequisite level), standing and statistics all ask this.
 */
export function mergedStanding(own: readonly RecognitionLevel[], predecessors: readonly PredecessorStanding[], policy: MergerPolicy): MergedStanding {
  const inherited = inheritedStanding(predecessors, policy);
  const ownLevel = highestLevel(own);
  if (ownLevel !== null && (inherited.level === null || RANK[ownLevel] >= RANK[inherited.level])) {
    return { level: ownLevel, basis: 'own', inherited: inherited.level };
  }
  return { ...inherited, inherited: inherited.level };
}

function inheritedStanding(predecessors: readonly PredecessorStanding[], policy: MergerPolicy): { level: RecognitionLevel | null; basis: StandingBasis } {
  const communes = predecessors;
  if (communes.length === 0) return { level: null, basis: 'none' };
  const highest = communes.map((p) => highestLevel(p.levels));
  if (communes.length === 1 && !communes[0]!.partial) return { level: highest[0] ?? null, basis: highest[0] ? 'continuity' : 'none' };
  if (highest.every((l) => l === null)) return { level: null, basis: 'none' };
  if (policy === 'none-until-reassessed') return { level: null, basis: 'merged-not-counted' };
  if (highest.some((l) => l === null)) return { level: null, basis: 'merged-some-unrecognised' };
  const levels = highest as RecognitionLevel[];
  const lowest = levels.reduce((a, b) => (RANK[b] < RANK[a] ? b : a));
  return levels.every((l) => RANK[l] === RANK[lowest]) ? { level: lowest, basis: 'merged-same-level' } : { level: lowest, basis: 'merged-lower-level' };
}

/** The commune predecessors of a July 2025 commune (island districts that became special zones are left out). */
export function communePredecessors(predecessors: readonly Predecessor[] | undefined): Predecessor[] {
  return (predecessors ?? []).filter((p) => p.level === 'commune');
}

/** Whether `level` is met by a standing at `held` (a model commune meets the advanced and standard levels). */
export function meetsLevel(held: RecognitionLevel | null, level: RecognitionLevel): boolean {
  return held !== null && RANK[held] >= RANK[level];
}
