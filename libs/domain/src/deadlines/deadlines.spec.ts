import { WorkingDayCalendar } from '../calendar';
import { evolveDossierEvents, type DossierEvent, type DossierState } from '../dossier';
import {
  AT,
  aDossierAwaitingSupplement,
  aDossierUnderAppraisal,
  aDossierUnderVerification,
  aDossierWithRevocationProposed,
  aRecognisedDossier,
  aRegisteredDossier,
  aRejectedDossier,
  aReturnedDossier,
  aReviewedDossier,
  aRevokedDossier,
  aSupplementedDossier,
  aVerifiedDossier,
  aWithdrawnDossier,
  anApprovedDossier,
  deadlineReached,
  dossierRegistered,
  dossierSubmittedForVerification,
  monitoringReviewRecorded,
  pack,
  recognitionImported,
} from '../dossier/testing';
import { getPack } from '../regulations';
import {
  addMonths,
  currentDeadline,
  pendingDeadlines,
  recognisedUnderOlderSet,
  requalificationTargetFor,
  startOfVietnamDay,
  type RequalificationTarget,
} from '.';

const calendar = new WorkingDayCalendar();
const stateOf = (history: DossierEvent[]): DossierState => evolveDossierEvents(history);
const due = (date: string) => `${date}T16:59:59.999Z`;
const REQUALIFY: RequalificationTarget = { packId: 'ntm-2026-2030', packVersion: '1', period: '2026-2030', validFrom: '2026-02-15', deadline: '2030-12-31' };

describe('the deadlines a dossier has', () => {
  // Hand-counted on Vietnam's working days: 18 Apr 2024 (Hùng Kings) is off, Saturday 4 May 2024 is worked (the
  // government's swap for 29 April), Tết 2025 runs from Saturday 25 Jan to Sunday 2 Feb.
  it.each<[string, () => DossierEvent[], [string, string][]]>([
    ['drafting: the target year the commune committed to', aRegisteredDossier, [['target-year', due('2024-12-31')]]],
    ['returned to drafting: the same target year', aReturnedDossier, [['target-year', due('2024-12-31')]]],
    ['under verification: 15 working days from 1 Apr 2024, over the Hùng Kings day', aDossierUnderVerification, [['verification', due('2024-04-23')]]],
    ['verified: the verifier’s time runs until it sends the dossier up', aVerifiedDossier, [['verification', due('2024-04-23')]]],
    ['under appraisal: 15 working days from 2 May 2024, the swapped Saturday counted', aDossierUnderAppraisal, [['appraisal', due('2024-05-22')]]],
    ['awaiting a supplement: 15 working days from the request', aDossierAwaitingSupplement, [['supplement', due('2024-05-27')]]],
    ['supplemented: the appraisal starts again from the complete dossier', aSupplementedDossier, [['appraisal', due('2024-06-03')]]],
    ['approved: 5 working days for the chairperson’s decision', anApprovedDossier, [['decision', due('2024-05-27')]]],
    ['recognised: the yearly review, 12 months after the decision', aRecognisedDossier, [['monitoring-review', due('2025-06-03')]]],
    [
      'reviewed with grounds: 180 days to remedy come before the next review',
      aReviewedDossier,
      [
        ['remediation', due('2025-12-13')],
        ['monitoring-review', due('2026-06-16')],
      ],
    ],
    [
      'revocation proposed: the same clocks keep running',
      aDossierWithRevocationProposed,
      [
        ['remediation', due('2025-12-13')],
        ['monitoring-review', due('2026-06-16')],
      ],
    ],
    ['reviewed without grounds: only the next review', () => aReviewedDossier([]), [['monitoring-review', due('2026-06-16')]]],
    ['rejected: nothing', aRejectedDossier, []],
    ['revoked: nothing', aRevokedDossier, []],
    ['withdrawn: nothing', aWithdrawnDossier, []],
    ['never registered: nothing', () => [], []],
  ])('%s', (_name, history, expected) => {
    expect(pendingDeadlines(stateOf(history()), calendar).map((d) => [d.kind, d.dueAt])).toEqual(expected);
  });

  it('counts a working-day limit across Tết 2025', () => {
    const history = [...aRegisteredDossier(), dossierSubmittedForVerificationAt('2025-01-20T02:00:00.000Z')];
    expect(currentDeadline(stateOf(history), calendar)).toMatchObject({ kind: 'verification', dueAt: due('2025-02-17') });
  });

  it('counts calendar days when the pack’s setting says so', () => {
    const settings = { ...pack().settings, timeLimits: { ...pack().settings.timeLimits, verification: { days: 15, kind: 'calendar' as const } } };
    const history = [dossierRegistered({ settings }), ...aDossierUnderVerification().slice(1)];
    expect(currentDeadline(stateOf(history), calendar)).toMatchObject({ kind: 'verification', dueAt: due('2024-04-16'), limit: '15 calendar days' });
  });

  it('takes the remediation period from the settings pinned at registration', () => {
    const settings = { ...pack().settings, monitoring: { reviewIntervalMonths: 6, remediationDays: 90 } };
    const history = [dossierRegistered({ settings }), ...aReviewedDossier().slice(1)];
    expect(pendingDeadlines(stateOf(history), calendar).map((d) => [d.kind, d.dueAt])).toEqual([
      ['remediation', due('2025-09-14')],
      ['monitoring-review', due('2025-12-16')],
    ]);
  });

  it('runs the next review from the latest one', () => {
    const history = [...aReviewedDossier([]), monitoringReviewRecorded([], { year: 2026, reviewedOn: '2026-05-04' })];
    expect(currentDeadline(stateOf(history), calendar)).toMatchObject({
      kind: 'monitoring-review',
      startedAt: startOfVietnamDay('2026-05-04'),
      dueAt: due('2027-05-04'),
    });
  });

  it('gives an imported recognition its first review one interval after the import, not after its old decision', () => {
    const imported = [recognitionImported({ decisionDate: '2017-03-12', recognisedAt: '2026-11-20T03:00:00.000Z' })];
    expect(currentDeadline(stateOf(imported), calendar)).toMatchObject({
      kind: 'monitoring-review',
      startedAt: startOfVietnamDay('2026-11-20'),
      dueAt: due('2027-11-20'),
      consequence: expect.stringContaining('imported on 2026-11-20'),
    });
    const reviewed = [...imported, monitoringReviewRecorded([], { year: 2026, reviewedOn: '2026-12-01' })];
    expect(currentDeadline(stateOf(reviewed), calendar)).toMatchObject({ startedAt: startOfVietnamDay('2026-12-01'), dueAt: due('2027-12-01') });
  });

  it('says who acts and what happens if it is missed', () => {
    const [remediation] = pendingDeadlines(stateOf(aReviewedDossier()), calendar);
    expect(remediation).toMatchObject({
      actionBy: ['commune_officer', 'coordination_office'],
      consequence: expect.stringContaining('flagged revocation due for the provincial chairperson'),
      reachedAt: null,
    });
    expect(currentDeadline(stateOf(anApprovedDossier()), calendar)).toMatchObject({ actionBy: ['provincial_chairperson'] });
  });

  it('keeps a passed deadline, overdue, with the time it was recorded', () => {
    const history = [...aDossierUnderVerification(), deadlineReached('verification', AT.submittedForVerification, due('2024-04-23'), '2024-04-24T01:00:00.000Z')];
    expect(currentDeadline(stateOf(history), calendar)).toMatchObject({ kind: 'verification', reachedAt: '2024-04-24T01:00:00.000Z' });
  });

  it('has no current deadline when nothing is waited for', () => {
    expect(currentDeadline(stateOf(aRevokedDossier()), calendar)).toBeNull();
  });
});

describe('re-qualification under the current set', () => {
  it('applies to a recognition under an older set, from the day the current set took effect', () => {
    const deadlines = pendingDeadlines(stateOf(aRecognisedDossier()), calendar, REQUALIFY);
    expect(deadlines.map((d) => [d.kind, d.startedAt, d.dueAt])).toEqual([
      ['monitoring-review', startOfVietnamDay('2024-06-03'), due('2025-06-03')],
      ['requalification', startOfVietnamDay('2026-02-15'), due('2030-12-31')],
    ]);
    expect(deadlines[1]!.consequence).toContain("must be recognised under the next period's set (ntm-2026-2030) by 2030-12-31");
  });

  it('does not apply to a recognition under the current set, nor to a dossier still under way', () => {
    const current = { ...REQUALIFY, packId: 'ntm-2021-2025', period: '2021-2025' as const, validFrom: '2022-03-08' };
    expect(pendingDeadlines(stateOf(aRecognisedDossier()), calendar, current).map((d) => d.kind)).toEqual(['monitoring-review']);
    expect(pendingDeadlines(stateOf(anApprovedDossier()), calendar, REQUALIFY).map((d) => d.kind)).toEqual(['decision']);
  });

  it('is the next period’s set (2016-2020 → 2021-2025, not the newest) with that period’s deadline setting', () => {
    expect(requalificationTargetFor(getPack('ntm-2021-2025', '1'))).toEqual(REQUALIFY);
    expect(requalificationTargetFor(getPack('ntm-2016-2020', '1'))).toEqual({ packId: 'ntm-2021-2025', packVersion: '1', period: '2021-2025', validFrom: '2022-03-08', deadline: '2025-12-31' });
    // The 2016-2020 pack sets no deadline for 2010-2015 recognitions by default; the newest period has no next one.
    expect(requalificationTargetFor(getPack('ntm-2010-2015', '1'))).toBeNull();
    expect(requalificationTargetFor(getPack('ntm-2026-2030', '1'))).toBeNull();
    // A province's own deadline, through the settings it is read with.
    const own = requalificationTargetFor(getPack('ntm-2016-2020', '1'), (p) => ({ ...p.settings, requalificationDeadline: '2024-06-30' }));
    expect(own?.deadline).toBe('2024-06-30');
    expect(recognisedUnderOlderSet({ packId: 'ntm-2016-2020', packVersion: '1' }, REQUALIFY)).toBe(true);
    expect(recognisedUnderOlderSet({ packId: 'ntm-2026-2030', packVersion: '1' }, REQUALIFY)).toBe(false);
  });
});

describe('adding months', () => {
  it.each([
    ['2024-06-03', 12, '2025-06-03'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-12-15', 1, '2025-01-15'],
    ['2024-08-31', 6, '2025-02-28'],
  ])('%s + %d months → %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

function dossierSubmittedForVerificationAt(submittedAt: string): DossierEvent {
  const e = dossierSubmittedForVerification();
  return { ...e, data: { ...e.data, submittedAt } };
}
