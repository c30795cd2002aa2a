import { deciderSpec } from '@app/testing';
import { dossierDecider } from '.';
import type { DossierEvent, WithdrawableStatus } from './events';
import {
  AT,
  DOSSIER_ID,
  aDossierAwaitingSupplement,
  aDossierUnderAppraisal,
  aDossierUnderVerification,
  aRegisteredDossier,
  aVerifiedDossier,
  aDossierBeforeTheCouncil,
  anApprovedDossier,
  dossierAppraised,
  dossierRecognised,
  dossierRejected,
  dossierWithdrawn,
  recordRecognitionDecision,
  recordRejectionDecision,
  withdrawDossier,
} from './testing';

const given = deciderSpec(dossierDecider);

describe('the provincial chairperson’s decision', () => {
  it('recognises the commune with the decision number, date and signer', () => {
    given(anApprovedDossier()).when(recordRecognitionDecision()).then([dossierRecognised()]);
  });

  it('leaves the recognised dossier with no review yet', () => {
    given(anApprovedDossier())
      .when(recordRecognitionDecision())
      .thenState({ status: 'recognised', recognition: { decisionNo: '1234/QĐ-UBND', decisionDate: '2024-06-03' }, latestReview: null });
  });

  it('accepts a decision dated today in Vietnam while it is still yesterday in UTC', () => {
    given(anApprovedDossier())
      .when(recordRecognitionDecision({}, '2024-06-02T18:00:00.000Z'))
      .then([dossierRecognised({ recognisedAt: '2024-06-02T18:00:00.000Z' })]);
  });

  it('refuses a decision dated in the future', () => {
    given(anApprovedDossier())
      .when(recordRecognitionDecision({ decisionDate: '2024-06-04' }))
      .thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'decisionDate', rule: 'must not be in the future' }] });
  });

  it('refuses a decision dated before the council concluded', () => {
    given(anApprovedDossier())
      .when(recordRecognitionDecision({ decisionDate: '2024-05-19' }))
      .thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'decisionDate', rule: 'must not precede 2024-05-20' }] });
  });

  it('refuses a decision date that is not a date', () => {
    given(anApprovedDossier())
      .when(recordRecognitionDecision({ decisionDate: '03/06/2024' }))
      .thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'decisionDate' }] });
  });

  it('rejects the dossier with reasons', () => {
    given(anApprovedDossier()).when(recordRejectionDecision()).then([dossierRejected('decision')]);
  });

  it('refuses a rejection without reasons', () => {
    given(anApprovedDossier())
      .when(recordRejectionDecision(['']))
      .thenThrows('DOSSIER.REASON_REQUIRED', { command: 'RecordRejectionDecision' });
  });

  it('cannot recognise a dossier the council rejected, even if the rejection was torn from the stream', () => {
    const torn = [...aDossierBeforeTheCouncil(), dossierAppraised('rejected', { members: 3, cast: 3, approve: 0, reject: 3, abstain: 0 })];
    given(torn)
      .when(recordRecognitionDecision())
      .thenThrows('DOSSIER.WRONG_STATE', { status: 'rejected', command: 'RecordRecognitionDecision' });
  });
});

describe('withdrawal by the commune', () => {
  const before: [WithdrawableStatus, () => DossierEvent[]][] = [
    ['drafting', aRegisteredDossier],
    ['under_verification', aDossierUnderVerification],
    ['verified', aVerifiedDossier],
    ['under_appraisal', aDossierUnderAppraisal],
    ['awaiting_supplement', aDossierAwaitingSupplement],
    ['appraised', anApprovedDossier],
  ];

  it.each(before)('withdraws a dossier that is %s', (status, history) => {
    given(history()).when(withdrawDossier()).then([dossierWithdrawn(status)]);
  });

  it('closes the dossier', () => {
    given(aRegisteredDossier())
      .when(withdrawDossier('  Xã xin lùi năm đăng ký '))
      .thenState({ status: 'withdrawn', reason: 'Xã xin lùi năm đăng ký', withdrawnFrom: 'drafting', withdrawnAt: AT.withdrawn });
  });

  it('refuses a withdrawal without a reason', () => {
    given(aRegisteredDossier())
      .when(withdrawDossier(' '))
      .thenThrows('DOSSIER.REASON_REQUIRED', { command: 'WithdrawDossier', });
  });

  it('refuses a command naming another dossier', () => {
    given(aRegisteredDossier())
      .when({ ...withdrawDossier(), data: { dossierId: 'dossier-00002-2024', reason: 'x' } })
      .thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'dossierId', rule: `must be ${DOSSIER_ID}, the dossier of this stream` }] });
  });
});
