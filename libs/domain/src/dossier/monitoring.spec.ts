import { deciderSpec } from '@app/testing';
import { dossierDecider } from '.';
import type { DossierEvent } from './events';
import {
  AT,
  DOSSIER_ID,
  FAILING_MAJORITY,
  FAILING_TOO_FEW,
  FAILING_WITH_KEY,
  GROUNDS,
  aDossierWithRevocationProposed,
  aRecognisedDossier,
  aReviewedDossier,
  allMet,
  appraisalCouncilConvened,
  by,
  councilVoteCast,
  criterionResultsRecorded,
  dismissRevocationProposal,
  dossierAppraised,
  dossierRecognised,
  dossierRegistered,
  dossierRevoked,
  dossierSubmittedForAppraisal,
  dossierSubmittedForVerification,
  dossierVerified,
  monitoringReviewRecorded,
  proposeRevocation,
  publicConsultationRecorded,
  recognitionConditionsDeclared,
  recordMonitoringReview,
  revocationProposed,
  revokeRecognition,
  MEMBERS,
} from './testing';

const given = deciderSpec(dossierDecider);
const STANDARD_SET = '2021-2025/commune-standard';

describe('monitoring reviews', () => {
  it('records a review with what QĐ 18/2022 finds in it: 6 of 19 failing, income among them → grounds (a)', () => {
    given(aRecognisedDossier())
      .when(recordMonitoringReview(['C14', 'C10', 'C02', 'C12', 'C05', 'C08']))
      .then([
        {
          type: 'MonitoringReviewRecorded',
          data: {
            dossierId: DOSSIER_ID,
            year: 2025,
            reviewedOn: '2025-06-16',
            failingCriteria: ['C14', 'C10', 'C02', 'C12', 'C05', 'C08'],
            finding: {
              hasGrounds: true,
              rule: 'partial-with-key',
              failing: ['C02', 'C05', 'C08', 'C10', 'C12', 'C14'],
              keyFailing: ['C10'],
              total: 19,
              share: 6 / 19,
              judgedAgainst: STANDARD_SET,
              judgedBy: { packId: 'ntm-2021-2025', packVersion: '1' },
            },
          },
        },
      ]);
  });

  it.each<[string, string[], boolean, 'partial-with-key' | 'majority' | null]>([
    ['five failing, a key one among them: under 30%', FAILING_TOO_FEW, false, null],
    ['six failing, none of them key', ['C01', 'C02', 'C03', 'C04', 'C05', 'C06'], false, null],
    ['ten failing, none of them key: half or more', FAILING_MAJORITY, true, 'majority'],
    ['none failing', [], false, null],
  ])('%s', (_name, failing, hasGrounds, rule) => {
    given(aRecognisedDossier())
      .when(recordMonitoringReview(failing))
      .thenState({ latestReview: { finding: { hasGrounds, rule } } });
  });

  it('lists each failing criterion once', () => {
    given(aRecognisedDossier())
      .when(recordMonitoringReview(['C10', 'C10', 'C17']))
      .thenState({ latestReview: { failingCriteria: ['C10', 'C17'], finding: { failing: ['C10', 'C17'] } } });
  });

  it('judges an advanced or model commune against the advanced set, whose key criteria include living environment', () => {
    const model: DossierEvent[] = [
      dossierRegistered({
        level: 'model',
        criteriaSetCode: '2021-2025/commune-model',
        criteriaCodes: [...Object.keys(allMet('model'))],
      }),
      criterionResultsRecorded(allMet('model')),
      publicConsultationRecorded(),
      recognitionConditionsDeclared(),
      dossierSubmittedForVerification(),
      dossierVerified(),
      dossierSubmittedForAppraisal(),
      appraisalCouncilConvened(),
      ...MEMBERS.map((m) => councilVoteCast(m, 'approve')),
      dossierAppraised('approved'),
      dossierRecognised({ level: 'model' }),
    ];
    given(model)
      .when(recordMonitoringReview(['C01', 'C02', 'C03', 'C04', 'C05', 'C18']))
      .thenState({
        latestReview: {
          finding: { hasGrounds: true, rule: 'partial-with-key', keyFailing: ['C18'], judgedAgainst: '2021-2025/commune-advanced' },
        },
      });
    given(model)
      .when(recordMonitoringReview(['M01']))
      .thenThrows('DOSSIER.UNKNOWN_CRITERION', { unknown: ['M01'], criteriaSetCode: '2021-2025/commune-advanced' });
  });

  it('refuses criteria outside the judged set', () => {
    given(aRecognisedDossier())
      .when(recordMonitoringReview(['C10', 'C20']))
      .thenThrows('DOSSIER.UNKNOWN_CRITERION', { unknown: ['C20'], criteriaSetCode: STANDARD_SET });
  });

  it('refuses a review dated in the future, before the recognition, or before the latest review', () => {
    given(aRecognisedDossier())
      .when(recordMonitoringReview(FAILING_WITH_KEY, { reviewedOn: '2025-06-17' }))
      .thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'reviewedOn', rule: 'must not be in the future' }] });
    given(aRecognisedDossier())
      .when(recordMonitoringReview(FAILING_WITH_KEY, { year: 2024, reviewedOn: '2024-06-01' }))
      .thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'reviewedOn', rule: 'must not precede the recognition decision' }] });
    given(aReviewedDossier())
      .when(recordMonitoringReview(FAILING_WITH_KEY, { reviewedOn: '2025-06-01' }))
      .thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'reviewedOn', rule: 'must not precede the latest review (2025-06-16)' }] });
  });

  it('refuses a review year after the review date, or a review date that is not a date', () => {
    given(aRecognisedDossier())
      .when(recordMonitoringReview(FAILING_WITH_KEY, { year: 2026 }))
      .thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'year' }] });
    given(aRecognisedDossier())
      .when(recordMonitoringReview(FAILING_WITH_KEY, { reviewedOn: '16/06/2025' }))
      .thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'reviewedOn' }] });
  });

  it('keeps recording reviews while a revocation is proposed', () => {
    given(aDossierWithRevocationProposed())
      .when(recordMonitoringReview([], { reviewedOn: '2025-07-15' }, '2025-07-15T02:00:00.000Z'))
      .thenState({ status: 'revocation_proposed', latestReview: { reviewedOn: '2025-07-15', finding: { hasGrounds: false } } });
  });
});

describe('proposing revocation', () => {
  it('proposes revocation on grounds the latest review found', () => {
    given(aReviewedDossier()).when(proposeRevocation()).then([revocationProposed()]);
  });

  it('may cite only the failing criteria that make the case, as long as a key one is among them', () => {
    const cited = { rule: 'partial-with-key' as const, failingCriteria: ['C10'] };
    given(aReviewedDossier()).when(proposeRevocation(cited)).then([revocationProposed(cited)]);
  });

  it('proposes on grounds (b)', () => {
    const cited = { rule: 'majority' as const, failingCriteria: FAILING_MAJORITY };
    given(aReviewedDossier(FAILING_MAJORITY)).when(proposeRevocation(cited)).then([revocationProposed(cited)]);
  });

  it('refuses without any review', () => {
    given(aRecognisedDossier())
      .when(proposeRevocation())
      .thenThrows('DOSSIER.NO_REVOCATION_GROUNDS', { why: 'no-review', cited: GROUNDS, latestReview: null });
  });

  it('refuses when the latest review found no grounds, whatever an earlier one found', () => {
    const history = [...aReviewedDossier(), monitoringReviewRecorded(FAILING_TOO_FEW, { year: 2026, reviewedOn: '2026-06-16' })];
    given(history)
      .when({ ...proposeRevocation(), metadata: by('coordination_office', '2026-07-01T02:00:00.000Z') })
      .thenThrows('DOSSIER.NO_REVOCATION_GROUNDS', {
        why: 'review-found-no-grounds',
        latestReview: { year: 2026, reviewedOn: '2026-06-16', finding: { hasGrounds: false } },
      });
  });

  it.each<[string, { rule: 'partial-with-key' | 'majority'; failingCriteria: string[] }]>([
    ['the wrong rule', { rule: 'majority', failingCriteria: FAILING_WITH_KEY }],
    ['a criterion the review did not find failing', { rule: 'partial-with-key', failingCriteria: ['C10', 'C19'] }],
    ['rule (a) without a key criterion', { rule: 'partial-with-key', failingCriteria: ['C02', 'C05'] }],
    ['no criterion at all', { rule: 'partial-with-key', failingCriteria: [] }],
  ])('refuses grounds citing %s', (_name, cited) => {
    given(aReviewedDossier())
      .when(proposeRevocation(cited))
      .thenThrows('DOSSIER.NO_REVOCATION_GROUNDS', { why: 'cited-grounds-not-found', cited });
  });

  it('lets the chairperson dismiss the proposal, leaving the recognition in force', () => {
    given(aDossierWithRevocationProposed())
      .when(dismissRevocationProposal())
      .then([
        {
          type: 'RevocationProposalDismissed',
          data: { dossierId: DOSSIER_ID, reason: 'Xã đã khắc phục tiêu chí Thu nhập', dismissedAt: AT.revoked, by: 'chairperson-01' },
        },
      ]);
    given(aDossierWithRevocationProposed()).when(dismissRevocationProposal()).thenState({ status: 'recognised' });
  });

  it('refuses a dismissal without a reason', () => {
    given(aDossierWithRevocationProposed())
      .when(dismissRevocationProposal(' '))
      .thenThrows('DOSSIER.REASON_REQUIRED', { command: 'DismissRevocationProposal' });
  });
});

describe('revoking the recognition', () => {
  it('revokes on the proposal’s grounds, still found in the latest review', () => {
    given(aDossierWithRevocationProposed()).when(revokeRecognition()).then([dossierRevoked()]);
  });

  it('ends the dossier', () => {
    given(aDossierWithRevocationProposed())
      .when(revokeRecognition())
      .thenState({ status: 'revoked', revocation: { decisionNo: '2222/QĐ-UBND', grounds: GROUNDS } });
  });

  it('refuses when a review since the proposal no longer finds the grounds', () => {
    const history = [...aDossierWithRevocationProposed(), monitoringReviewRecorded(['C10'], { reviewedOn: '2025-07-15' })];
    given(history)
      .when(revokeRecognition())
      .thenThrows('DOSSIER.NO_REVOCATION_GROUNDS', { why: 'review-found-no-grounds' });
  });

  it('refuses grounds the review did not find', () => {
    given(aDossierWithRevocationProposed())
      .when(revokeRecognition({ grounds: { rule: 'majority', failingCriteria: FAILING_WITH_KEY } }))
      .thenThrows('DOSSIER.NO_REVOCATION_GROUNDS', { why: 'cited-grounds-not-found' });
  });

  it('refuses a decision dated in the future or before the review', () => {
    given(aDossierWithRevocationProposed())
      .when(revokeRecognition({ decisionDate: '2025-08-02' }))
      .thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'decisionDate', rule: 'must not be in the future' }] });
    given(aDossierWithRevocationProposed())
      .when(revokeRecognition({ decisionDate: '2025-06-15' }))
      .thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'decisionDate', rule: 'must not precede 2025-06-16' }] });
  });

  it('requires a proposal first', () => {
    given(aReviewedDossier())
      .when(revokeRecognition())
      .thenThrows('DOSSIER.WRONG_STATE', { status: 'recognised', command: 'RevokeRecognition', allowedIn: ['revocation_proposed'] });
  });
});
