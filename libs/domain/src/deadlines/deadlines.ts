import { addCalendarDays, endOfVietnamDay, fromDayNumber, toDayNumber, vietnamDate } from '../calendar/dates';
import { deadlineFor } from '../calendar/deadline';
import type { WorkingDayCalendar } from '../calendar/working-day-calendar';
import type { DeadlineKind } from '../dossier/events';
import type { Role } from '../dossier/roles';
import { isRevocationDue, type DossierFacts, type DossierState, type Recognised, type ReachedDeadline, type RevocationPending } from '../dossier/state';
import { allPacks, getPack } from '../regulations';
import { unitRegistry, type MapVersion } from '../units';
import type { ProcedureStep, RegulationPack, TimeLimit } from '../regulations/regulation-pack';

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

/** The set older recognitions must be renewed under, with the date they must be renewed by. */
export interface RequalificationTarget {
  packId: string;
  packVersion: string;
  /** First day (YYYY-MM-DD) the current set applies. */
  validFrom: string;
  /** Last day (YYYY-MM-DD) to be recognised under the current set. */
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
 * The newest published set is the current one: the one older recognitions must be renewed under. Pass the pack with
 * the deployment's settings, whose `requalificationDeadline` may be overridden.
 */
export function requalificationTarget(current: RegulationPack): RequalificationTarget | null {
  const deadline = current.settings.requalificationDeadline;
  if (deadline === null) return null;
  return { packId: current.id, packVersion: current.version, validFrom: current.validFrom, deadline };
}

export function newestPack(): RegulationPack {
  return allPacks().reduce((newest, p) => (p.validFrom > newest.validFrom ? p : newest));
}

/** A later version of the same period's pack judges by the same set; only an earlier period's recognition must renew. */
export function recognisedUnderOlderSet(dossier: Pick<DossierFacts, 'packId' | 'packVersion'>, target: RequalificationTarget): boolean {
  return dossier.packId !== target.packId && getPack(dossier.packId, dossier.packVersion).validFrom < target.validFrom;
}

/** Packs whose recognitions must be renewed under the target's set. */
export function olderPackIds(target: RequalificationTarget): string[] {
  return [...new Set(allPacks().filter((p) => p.id !== target.packId && p.validFrom < target.validFrom).map((p) => p.id))];
}

/**
 * The communes whose recognition under the current set renews this one: itself, or for a commune of the March 2025
 * map the communes it went into (a recognition under the current set is always on the July 2025 map).
 */
export function renewingCommunes(communeCode: string, map: MapVersion): string[] {
  return map === '2025-03' ? unitRegistry.successorsOf(communeCode).map((s) => s.code) : [communeCode];
}

/** Whether one of `current` (recognitions under the current set, July 2025 map) renews this older recognition. */
export function isRenewed(
  older: { communeCode: string; level: string; map: MapVersion },
  current: readonly { communeCode: string; level: string }[],
): boolean {
  const codes = new Set(renewingCommunes(older.communeCode, older.map));
  return current.some((c) => c.level === older.level && codes.has(c.communeCode));
}

function recognitionDeadlines(
  state: Recognised | RevocationPending,
  requalification: RequalificationTarget | null,
): Omit<DossierDeadline, 'actionBy' | 'reachedAt'>[] {
  const { dossier, recognition, latestReview, remediation } = state;
  const { reviewIntervalMonths, remediationDays } = dossier.settings.monitoring;
  const lastChecked = latestReview?.reviewedOn ?? recognition.decisionDate;
  const found: Omit<DossierDeadline, 'actionBy' | 'reachedAt'>[] = [
    {
      kind: 'monitoring-review',
      startedAt: startOfVietnamDay(lastChecked),
      dueAt: endOfVietnamDay(addMonths(lastChecked, reviewIntervalMonths)),
      limit: `${reviewIntervalMonths} months`,
      consequence: `The monitoring review is overdue: nobody has confirmed since ${lastChecked} that the commune still meets the ${dossier.level} level it holds.`,
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
      consequence: `The commune was recognised under the ${dossier.criteriaSetCode} set and must be recognised under the current one (${requalification.packId}) by ${requalification.deadline}; after that its recognition is past the re-qualification date and the province decides whether to revoke it.`,
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
