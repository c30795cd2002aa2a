import { deciderSpec } from '@app/testing';
import { dossierDecider } from '.';
import {
  AT,
  DOSSIER_ID,
  VERIFICATION_REPORT,
  aDossierUnderVerification,
  aReturnedDossier,
  aVerifiedDossier,
  dossierReturnedByVerifier,
  dossierSubmittedForAppraisal,
  dossierSubmittedForVerification,
  dossierVerified,
  returnDossierForRevision,
  submitForAppraisal,
  verifyDossier,
} from './testing';

const given = deciderSpec(dossierDecider);

describe('verification', () => {
  it('passes the dossier with the verifier’s findings', () => {
    given(aDossierUnderVerification()).when(verifyDossier()).then([dossierVerified(1)]);
  });

  it('passes a dossier with no findings', () => {
    given(aDossierUnderVerification())
      .when(verifyDossier([]))
      .then([{ type: 'DossierVerified', data: { dossierId: DOSSIER_ID, round: 1, findings: [], verifiedAt: AT.verified } }]);
  });

  it('returns the dossier to the commune with the reasons', () => {
    given(aDossierUnderVerification()).when(returnDossierForRevision()).then([dossierReturnedByVerifier(1)]);
  });

  it('puts a returned dossier back in drafting, its record intact and the return remembered', () => {
    given(aDossierUnderVerification())
      .when(returnDossierForRevision())
      .thenState({
        status: 'drafting',
        submissions: 1,
        lastReturn: { round: 1, reasons: ['Thiếu minh chứng tiêu chí 10'], returnedAt: AT.returned },
        record: { results: { C10: { met: true } } },
      });
  });

  it('drops blank reasons', () => {
    given(aDossierUnderVerification())
      .when(returnDossierForRevision(['  Thiếu minh chứng tiêu chí 10 ', '  ']))
      .then([dossierReturnedByVerifier(1)]);
  });

  it('refuses to return a dossier without a reason', () => {
    given(aDossierUnderVerification())
      .when(returnDossierForRevision([' ']))
      .thenThrows('DOSSIER.REASON_REQUIRED', { command: 'ReturnDossierForRevision' });
  });

  it('verifies the resubmitted dossier as round 2', () => {
    given([...aReturnedDossier(), dossierSubmittedForVerification(2)])
      .when(verifyDossier())
      .then([dossierVerified(2)]);
  });
});

describe('submitting for appraisal', () => {
  it('sends the verified dossier to the province with the verification report', () => {
    given(aVerifiedDossier()).when(submitForAppraisal()).then([dossierSubmittedForAppraisal()]);
  });

  it('needs no further documents', () => {
    given(aVerifiedDossier())
      .when(submitForAppraisal('none'))
      .then([{ type: 'DossierSubmittedForAppraisal', data: { dossierId: DOSSIER_ID, documents: [], submittedAt: AT.submittedForAppraisal } }]);
  });

  it('opens the appraisal with no supplement asked and no council yet', () => {
    given(aVerifiedDossier())
      .when(submitForAppraisal())
      .thenState({
        status: 'under_appraisal',
        appraisal: { submittedAt: AT.submittedForAppraisal, supplement: 'not-requested', council: null, votes: {} },
      });
    expect(
      given([...aVerifiedDossier(), dossierSubmittedForAppraisal()]).state(),
    ).toMatchObject({ documents: expect.arrayContaining([VERIFICATION_REPORT]) });
  });
});
