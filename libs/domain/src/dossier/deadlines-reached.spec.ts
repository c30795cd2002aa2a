import { deciderSpec } from '@app/testing';
import { DOSSIER_COMMAND_ROLES, ROLES, dossierDecider } from '.';
import type { DossierEvent } from './events';
import {
  AT,
  DOSSIER_ID,
  FAILING_MAJORITY,
  GROUNDS,
  aDossierUnderVerification,
  aDossierWithRevocationProposed,
  aRecognisedDossier,
  aRegisteredDossier,
  aReviewedDossier,
  deadlineReached,
  dismissRevocationProposal,
  dossierReturnedByVerifier,
  dossierSubmittedForVerification,
  monitoringReviewRecorded,
  recordDeadlineReached,
  revocationDue,
  revocationProposed,
} from './testing';

const given = deciderSpec(dossierDecider);

const VERIFICATION_DUE = '2024-04-23T16:59:59.999Z';
const REVIEW_DUE = '2025-06-03T16:59:59.999Z';
/** 180 days from the 2025-06-16 review. */
const REMEDIATION_DUE = '2025-12-13T16:59:59.999Z';
const REMEDIATION_STARTED = '2025-06-15T17:00:00.000Z';
const REQUALIFY = { packId: 'ntm-2026-2030', packVersion: '1', period: '2026-2030' as const, validFrom: '2026-02-15', deadline: '2030-12-31' };

/** The remediation opened by the 2025-06-16 review has expired and flagged the revocation. */
const aFlaggedDossier = (): DossierEvent[] => [
  ...aReviewedDossier(),
  deadlineReached('remediation', REMEDIATION_STARTED, REMEDIATION_DUE, '2025-12-14T01:00:00.000Z'),
  revocationDue(REMEDIATION_DUE, '2025-12-14T01:00:00.000Z'),
];

describe('recording a passed deadline', () => {
  it('records a step deadline once it has passed, naming when it started', () => {
    given(aDossierUnderVerification())
      .when(recordDeadlineReached('verification', VERIFICATION_DUE, '2024-04-24T01:00:00.000Z'))
      .then([
        {
          type: 'DeadlineReached',
          data: {
            dossierId: DOSSIER_ID,
            kind: 'verification',
            startedAt: AT.submittedForVerification,
            dueAt: VERIFICATION_DUE,
            reachedAt: '2024-04-24T01:00:00.000Z',
          },
        },
      ]);
  });

  it('records a late timer’s deadline with the time it actually ran', () => {
    given(aDossierUnderVerification())
      .when(recordDeadlineReached('verification', VERIFICATION_DUE, '2024-09-01T00:00:00.000Z'))
      .thenState({ deadlinesReached: [{ kind: 'verification', dueAt: VERIFICATION_DUE, reachedAt: '2024-09-01T00:00:00.000Z' }] });
  });

  it('records nothing the second time: a repeat is a no-op', () => {
    given([...aDossierUnderVerification(), deadlineReached('verification', AT.submittedForVerification, VERIFICATION_DUE)])
      .when(recordDeadlineReached('verification', VERIFICATION_DUE, '2024-04-25T01:00:00.000Z'))
      .thenNothing();
  });

  it('never records a target year twice, even after the dossier came back to drafting', () => {
    const targetYearDue = '2024-12-31T16:59:59.999Z';
    given([
      ...aRegisteredDossier(),
      deadlineReached('target-year', AT.registered, targetYearDue),
      dossierSubmittedForVerification(),
      dossierReturnedByVerifier(),
    ])
      .when(recordDeadlineReached('target-year', targetYearDue, '2025-01-02T00:00:00.000Z'))
      .thenNothing();
  });

  it.each<[string, string, string, 'no-such-deadline' | 'other-due-date' | 'not-yet-due']>([
    ['not yet passed', VERIFICATION_DUE, '2024-04-23T10:00:00.000Z', 'not-yet-due'],
    ['at its very last millisecond', VERIFICATION_DUE, VERIFICATION_DUE, 'not-yet-due'],
    ['with another due date than the dossier’s', '2024-04-22T16:59:59.999Z', '2024-04-24T00:00:00.000Z', 'other-due-date'],
  ])('refuses a deadline %s → DOSSIER.DEADLINE_NOT_DUE', (_name, dueAt, now, why) => {
    given(aDossierUnderVerification())
      .when(recordDeadlineReached('verification', dueAt, now))
      .thenThrows('DOSSIER.DEADLINE_NOT_DUE', { kind: 'verification', why, pending: [{ kind: 'verification', dueAt: VERIFICATION_DUE }] });
  });

  it('refuses a kind of deadline the dossier does not have now', () => {
    given(aDossierUnderVerification())
      .when(recordDeadlineReached('appraisal', VERIFICATION_DUE, '2024-04-24T00:00:00.000Z'))
      .thenThrows('DOSSIER.DEADLINE_NOT_DUE', { why: 'no-such-deadline' });
  });

  it('records an overdue monitoring review', () => {
    given(aRecognisedDossier())
      .when(recordDeadlineReached('monitoring-review', REVIEW_DUE, '2025-06-04T00:00:00.000Z'))
      .then([
        {
          type: 'DeadlineReached',
          data: { dossierId: DOSSIER_ID, kind: 'monitoring-review', startedAt: '2024-06-02T17:00:00.000Z', dueAt: REVIEW_DUE, reachedAt: '2025-06-04T00:00:00.000Z' },
        },
      ]);
  });

  it('records a re-qualification date only as the handler describes it', () => {
    const due = '2030-12-31T16:59:59.999Z';
    given(aRecognisedDossier())
      .when(recordDeadlineReached('requalification', due, '2031-01-01T00:00:00.000Z', REQUALIFY))
      .thenState({ deadlinesReached: [{ kind: 'requalification', startedAt: '2026-02-14T17:00:00.000Z', dueAt: due }] });
    given(aRecognisedDossier())
      .when(recordDeadlineReached('requalification', due, '2031-01-01T00:00:00.000Z', null))
      .thenThrows('DOSSIER.DEADLINE_NOT_DUE', { why: 'no-such-deadline' });
  });

  it('may be issued by the system alone, and no token can claim the system role', () => {
    expect(DOSSIER_COMMAND_ROLES.RecordDeadlineReached).toEqual(['system']);
    expect(ROLES).not.toContain('system');
  });
});

describe('remediation and revocation due', () => {
  it('opens a remediation period with a review that finds grounds', () => {
    expect(given(aRecognisedDossier()).state()).toMatchObject({ remediation: null, revocationDue: null });
    expect(given(aReviewedDossier()).state()).toMatchObject({ remediation: { openedOn: '2025-06-16', expiredAt: null }, revocationDue: null });
  });

  it('flags the revocation as due for the chairperson when the period ends with the grounds standing', () => {
    given(aReviewedDossier())
      .when(recordDeadlineReached('remediation', REMEDIATION_DUE, '2025-12-14T01:00:00.000Z'))
      .then([
        {
          type: 'DeadlineReached',
          data: { dossierId: DOSSIER_ID, kind: 'remediation', startedAt: REMEDIATION_STARTED, dueAt: REMEDIATION_DUE, reachedAt: '2025-12-14T01:00:00.000Z' },
        },
        {
          type: 'RevocationDue',
          data: { dossierId: DOSSIER_ID, reviewedOn: '2025-06-16', grounds: GROUNDS, dueAt: REMEDIATION_DUE, flaggedAt: '2025-12-14T01:00:00.000Z' },
        },
      ]);
    expect(given(aFlaggedDossier()).state()).toMatchObject({
      status: 'recognised',
      remediation: { openedOn: '2025-06-16', expiredAt: '2025-12-14T01:00:00.000Z' },
      revocationDue: { reviewedOn: '2025-06-16', grounds: GROUNDS, dueAt: REMEDIATION_DUE },
    });
  });

  it('flags it under a revocation proposal too', () => {
    given(aDossierWithRevocationProposed())
      .when(recordDeadlineReached('remediation', REMEDIATION_DUE, '2025-12-14T01:00:00.000Z'))
      .thenState({ status: 'revocation_proposed', revocationDue: { dueAt: REMEDIATION_DUE } });
  });

  it('has no remediation left to expire once a review in time found no grounds', () => {
    const cleared = [...aReviewedDossier(), monitoringReviewRecorded([], { reviewedOn: '2025-11-20' })];
    expect(given(cleared).state()).toMatchObject({ remediation: null, revocationDue: null });
    given(cleared)
      .when(recordDeadlineReached('remediation', REMEDIATION_DUE, '2025-12-14T01:00:00.000Z'))
      .thenThrows('DOSSIER.DEADLINE_NOT_DUE', { why: 'no-such-deadline' });
  });

  it('clears the flag with a later review without grounds', () => {
    expect(given([...aFlaggedDossier(), monitoringReviewRecorded([], { reviewedOn: '2026-01-10' })]).state()).toMatchObject({
      remediation: null,
      revocationDue: null,
    });
  });

  it('does not stretch a running period with a further failing review', () => {
    const again = [...aReviewedDossier(), monitoringReviewRecorded(FAILING_MAJORITY, { reviewedOn: '2025-10-01' })];
    expect(given(again).state()).toMatchObject({ remediation: { openedOn: '2025-06-16' } });
    given(again)
      .when(recordDeadlineReached('remediation', REMEDIATION_DUE, '2025-12-14T01:00:00.000Z'))
      .thenState({ revocationDue: { reviewedOn: '2025-10-01', grounds: { rule: 'majority' } } });
  });

  it('does not reopen a period for a flagged commune: the chairperson decides first', () => {
    const again = [...aFlaggedDossier(), monitoringReviewRecorded(FAILING_MAJORITY, { reviewedOn: '2026-01-10' })];
    expect(given(again).state()).toMatchObject({ remediation: { openedOn: '2025-06-16', expiredAt: expect.any(String) }, revocationDue: { dueAt: REMEDIATION_DUE } });
  });

  it('answers the flag with a dismissal; a later failing review opens a new period', () => {
    const dismissed = [...aFlaggedDossier(), revocationProposed(), dismissRevocationProposalEvent()];
    expect(given(dismissed).state()).toMatchObject({ status: 'recognised', remediation: null, revocationDue: null });
    expect(given([...dismissed, monitoringReviewRecorded(undefined, { reviewedOn: '2026-03-02', year: 2026 })]).state()).toMatchObject({
      remediation: { openedOn: '2026-03-02', expiredAt: null },
    });
  });

  it('lets a period still running outlive a dismissal', () => {
    const dismissed = [...aDossierWithRevocationProposed(), dismissRevocationProposalEvent()];
    expect(given(dismissed).state()).toMatchObject({ remediation: { openedOn: '2025-06-16', expiredAt: null } });
  });
});

function dismissRevocationProposalEvent(): DossierEvent {
  const [event] = dossierDecider.decide(dismissRevocationProposal(), given(aDossierWithRevocationProposed()).state());
  return event!;
}
