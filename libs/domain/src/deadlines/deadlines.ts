import { addCalendarDays, endOfVietnamDay, fromDayNumber, toDayNumber, vietnamDate } from '../calendar/dates';
import { deadlineFor } from '../calendar/deadline';
import type { WorkingDayCalendar } from '../calendar/working-day-calendar';
import type { DeadlineKind } from '../dossier/events';
import type { Role } from '../dossier/roles';
import { isRevocationDue, type DossierFacts, type DossierState, type Recognised, type ReachedDeadline, type RevocationPending } from '../dossier/state';
import { getPack, nextPeriodPack, type SettingsOf } from '../regulations';
import { PROGRAMME_PERIODS, type ProcedureStep, type ProgrammePeriod, type RegulationPack, type TimeLimit } from '../regulations/regulation-pack';
import { unitRegistry, type MapVersion } from '../units';

export interface DossierDeadline {
  kind: DeadlineKind;
  /** ISO instant the period runs from; with `kind`, it names the deadline. */
  startedAt: string;
  /** ISO instant: 24:00 of the last day, Vietnam time. */
  dueAt: string;
  /** The period as the pack or its settings give it, e.g. "15 working days", so the date can be explained. */
  limit: string;
  /** Whose move it is before the deadline passes. */
  actionBy: readonly Role[];
  /** What happens if it is missed, in plain words. */
  consequence: string;
  /** When the timer recorded it as passed; null until then. */
  reachedAt: string | null;
}

/** The set a recognition must be renewed under (the next period's), with the date it must be renewed by. */
export interface RequalificationTarget {
  packId: string;
  packVersion: string;
  period: ProgrammePeriod;
  /** First day (YYYY-MM-DD) the newer set applies. */
  validFrom: string;
  /** Last day (YYYY-MM-DD) to be recognised under the newer set. */
  deadline: string;
}

const ACTION_BY: { readonly [K in DeadlineKind]: readonly Role[] } = {
  'target-year': ['commune_officer'],
  verification: ['verifying_officer'],
  appraisal: ['coordination_office', 'council_chair'],
  supplement: ['commune_officer'],
  decision: ['provincial_chairperson'],
  'monitoring-review': ['coordination_office', 'verifying_officer'],
  // The commune remedies; the province records the review that finds it remedied. Once flagged, see REVOCATION_DUE_BY.
  remediation: ['commune_officer', 'coordination_office'],
  requalification: ['commune_officer'],
};

/** A flagged revocation waits for the office's proposal and the chairperson's decision, no longer for the commune. */
const REVOCATION_DUE_BY: readonly Role[] = ['coordination_office', 'provincial_chairperson'];

/**
 * Every deadline the dossier has now, earliest first, the ones already passed included (they stay overdue until the
 * dossier moves on). `requalification` is the caller's answer for this commune: null when the current set has no
 * re-qualification date or the commune already renewed its recognition under it.
 */
export function pendingDeadlines(
  state: DossierState,
  calendar: WorkingDayCalendar,
  requalification: RequalificationTarget | null = null,
): DossierDeadline[] {
  let found: Omit<DossierDeadline, 'actionBy' | 'reachedAt'>[];
  switch (state.status) {
    case 'unregistered':
    case 'rejected':
    case 'revoked':
    case 'renewed':
    case 'withdrawn':
      return [];
    case 'drafting': {
      // No statutory limit runs before submission; the commune's own commitment is the date it works to.
      const { targetYear, level } = state.dossier;
      found = [
        {
          kind: 'target-year',
          startedAt: state.dossier.registeredAt,
          dueAt: endOfVietnamDay(`${targetYear}-12-31`),
          limit: `the end of ${targetYear}`,
          consequence: `The commune misses ${targetYear}, the year it committed to reach the ${level} level in; the dossier stays open and the plan reports it late.`,
        },
      ];
      break;
    }
    case 'under_verification':
    case 'verified':
      found = [
        step(state.dossier, 'verification', state.submittedAt, calendar, (limit) =>
          `The verifying level is past its time limit (${limit}) to verify the dossier and send it up for appraisal; the delay stays on the dossier's record.`,
        ),
      ];
      break;
    case 'under_appraisal':
      found = [
        step(state.dossier, 'appraisal', state.appraisal.supplementProvidedAt ?? state.appraisal.submittedAt, calendar, (limit) =>
          `The province is past its time limit (${limit}) for the appraisal council's conclusion; the delay stays on the dossier's record.`,
        ),
      ];
      break;
    case 'awaiting_supplement':
      found = [
        step(state.dossier, 'supplement', state.request.requestedAt, calendar, (limit) =>
          `The commune is late (${limit}) with the supplement the coordination office asked for; the appraisal stays paused until it arrives or the commune withdraws the dossier.`,
        ),
      ];
      break;
    case 'appraised':
      // A rejected appraisal is closed by DossierRejected in the same append: nothing is waited for.
      found =
        state.outcome === 'approved'
          ? [
              step(state.dossier, 'decision', state.appraisedAt, calendar, (limit) =>
                `The provincial chairperson is past the time limit (${limit}) to decide on the recognition the council approved; the delay stays on the dossier's record.`,
              ),
            ]
          : [];
      break;
    case 'recognised':
    case 'revocation_proposed':
      found = recognitionDeadlines(state, requalification);
      break;
    default: {
      const unhandled: never = state;
      throw new Error(`unhandled dossier state ${JSON.stringify(unhandled)}`);
    }
  }
  const reached = state.deadlinesReached;
  const flagged = isRevocationDue(state);
  return found
    .map((d) => ({
      ...d,
      actionBy: d.kind === 'remediation' && flagged ? REVOCATION_DUE_BY : ACTION_BY[d.kind],
      reachedAt: reachedAt(reached, d.kind, d.startedAt),
    }))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.kind.localeCompare(b.kind));
}

/** The deadline that comes first — overdue ones first of all — or null when the dossier waits for nothing. */
export function currentDeadline(
  state: DossierState,
  calendar: WorkingDayCalendar,
  requalification: RequalificationTarget | null = null,
): DossierDeadline | null {
  return pendingDeadlines(state, calendar, requalification)[0] ?? null;
}

/**
 * The set a recognition under `pack` must be renewed under — the next programme period's, as the province has it
 * (2016-2020 → 2021-2025), not the newest — and the deadline that period's settings give (per deployment and province,
 * through `settingsOf`). null: the newest period, or no deadline set.
 */
export function requalificationTargetFor(pack: RegulationPack, settingsOf: SettingsOf = (p) => p.settings): RequalificationTarget | null {
  const next = nextPeriodPack(pack, pack.province?.code);
  if (!next) return null;
  const deadline = settingsOf(next).requalificationDeadline;
  if (deadline === null) return null;
  return { packId: next.id, packVersion: next.version, period: next.period, validFrom: next.validFrom, deadline };
}

/** True when `target` is a later period than the dossier's own pack: the recognition must be renewed under it. */
export function recognisedUnderOlderSet(dossier: Pick<DossierFacts, 'packId' | 'packVersion'>, target: Pick<RequalificationTarget, 'period'>): boolean {
  return periodIndex(getPack(dossier.packId, dossier.packVersion).period) < periodIndex(target.period);
}

export function periodIndex(period: ProgrammePeriod): number {
  return PROGRAMME_PERIODS.indexOf(period);
}

/**
 * The communes whose recognition renews this one: itself, or for a commune of the March 2025 map also the communes it
 * went into (a recognition under a newer set after the merger is on the July 2025 map).
 */
export function renewingCommunes(communeCode: string, map: MapVersion): { code: string; map: MapVersion }[] {
  const own = { code: communeCode, map };
  return map === '2025-03' ? [own, ...unitRegistry.successorsOf(communeCode).map((s) => ({ code: s.code, map: '2025-07' as const }))] : [own];
}

/** A recognition as renewal looks at it. */
export interface RecognitionForRenewal {
  communeCode: string;
  level: string;
  map: MapVersion;
  period: ProgrammePeriod;
}

/** Whether one of `held` — at the same level, of a later period, by the commune or a successor — renews `older`. */
export function isRenewed(older: RecognitionForRenewal, held: readonly RecognitionForRenewal[]): boolean {
  const renewing = renewingCommunes(older.communeCode, older.map);
  return held.some(
    (h) => h.level === older.level && periodIndex(h.period) > periodIndex(older.period) && renewing.some((r) => r.code === h.communeCode && r.map === h.map),
  );
}

function recognitionDeadlines(
  state: Recognised | RevocationPending,
  requalification: RequalificationTarget | null,
): Omit<DossierDeadline, 'actionBy' | 'reachedAt'>[] {
  const { dossier, recognition, latestReview, remediation } = state;
  const { reviewIntervalMonths, remediationDays } = dossier.settings.monitoring;
  // Reviews a province made before it adopted the product are not in its records here: an imported recognition's first
  // review falls due one interval after the import (record time), not years overdue from its decision date.
  const importedOn = dossier.imported && !latestReview ? vietnamDate(recognition.recognisedAt) : null;
  const lastChecked = latestReview?.reviewedOn ?? (importedOn && importedOn > recognition.decisionDate ? importedOn : recognition.decisionDate);
  const found: Omit<DossierDeadline, 'actionBy' | 'reachedAt'>[] = [
    {
      kind: 'monitoring-review',
      startedAt: startOfVietnamDay(lastChecked),
      dueAt: endOfVietnamDay(addMonths(lastChecked, reviewIntervalMonths)),
      limit: `${reviewIntervalMonths} months`,
      consequence:
        lastChecked === importedOn
          ? `The monitoring review is overdue: the recognition was imported on ${lastChecked} and no review has been recorded since that confirms the commune still meets the ${dossier.level} level it holds.`
          : `The monitoring review is overdue: nobody has confirmed since ${lastChecked} that the commune still meets the ${dossier.level} level it holds.`,
    },
  ];
  if (remediation) {
    found.push({
      kind: 'remediation',
      startedAt: startOfVietnamDay(remediation.openedOn),
      dueAt: remediationDueAt(remediation.openedOn, remediationDays),
      limit: `${remediationDays} calendar days`,
      consequence: `The commune must remedy the criteria the ${remediation.openedOn} review found failing; unless a review clears the revocation grounds by then, the dossier is flagged revocation due for the provincial chairperson, who decides on revocation.`,
    });
  }
  if (requalification && recognisedUnderOlderSet(dossier, requalification)) {
    const since = recognition.decisionDate > requalification.validFrom ? recognition.decisionDate : requalification.validFrom;
    found.push({
      kind: 'requalification',
      startedAt: startOfVietnamDay(since),
      dueAt: endOfVietnamDay(requalification.deadline),
      limit: `until ${requalification.deadline}`,
      consequence: `The commune was recognised under the ${dossier.criteriaSetCode} set and must be recognised under the next period's set (${requalification.packId}) by ${requalification.deadline}; if it is not, the recognition is flagged revocation due and the provincial chairperson may revoke it for not requalifying by the deadline.`,
    });
  }
  return found;
}

/** Calendar days: the setting has no unit of its own, and a remedy period is months long, not a procedural step. */
export function remediationDueAt(openedOn: string, remediationDays: number): string {
  return endOfVietnamDay(addCalendarDays(openedOn, remediationDays));
}

function step(
  dossier: DossierFacts,
  name: ProcedureStep & DeadlineKind,
  startedAt: string,
  calendar: WorkingDayCalendar,
  consequence: (limit: string) => string,
): Omit<DossierDeadline, 'actionBy' | 'reachedAt'> {
  const limit: TimeLimit = dossier.settings.timeLimits[name];
  const described = `${limit.days} ${limit.kind} days`;
  return { kind: name, startedAt, dueAt: deadlineFor(startedAt, limit, calendar), limit: described, consequence: consequence(described) };
}

function reachedAt(reached: readonly ReachedDeadline[], kind: DeadlineKind, startedAt: string): string | null {
  return reached.find((r) => r.kind === kind && r.startedAt === startedAt)?.reachedAt ?? null;
}

/** Vietnam calendar days from `now`'s day to the due day: 0 on the last day, negative once it has passed. */
export function daysLeft(dueAt: string, now: Date | string): number {
  return toDayNumber(vietnamDate(dueAt)) - toDayNumber(vietnamDate(now));
}

/** 00:00 of a Vietnam date as a UTC instant, so date-based periods name themselves like step-based ones. */
export function startOfVietnamDay(date: string): string {
  return new Date(toDayNumber(date) * 86_400_000 - 7 * 3_600_000).toISOString();
}

/** The same day `months` later; a day the month lacks falls back to its last (31 Jan + 1 month → 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const firstOfMonth = toDayNumber(`${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`);
  const firstOfNext = toDayNumber(
    `${String(Math.floor((index + 1) / 12)).padStart(4, '0')}-${String(((index + 1) % 12) + 1).padStart(2, '0')}-01`,
  );
  return fromDayNumber(firstOfMonth + Math.min(day, firstOfNext - firstOfMonth) - 1);
}
