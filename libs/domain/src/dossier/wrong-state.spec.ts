import { deciderSpec } from '@app/testing';
import { dossierDecider } from '.';
import type { DossierCommand, DossierCommandType } from './commands';
import type { DossierEvent } from './events';
import type { DossierStatus } from './state';
import {
  MEMBERS,
  aDossierAwaitingSupplement,
  aDossierUnderAppraisal,
  aDossierUnderVerification,
  aDossierWithRevocationProposed,
  aRecognisedDossier,
  aRegisteredDossier,
  aRejectedDossier,
  aRevokedDossier,
  aVerifiedDossier,
  aWithdrawnDossier,
  anApprovedDossier,
  castCouncilVote,
  changeCouncilVote,
  concludeAppraisal,
  conveneAppraisalCouncil,
  declareRecognitionConditions,
  dismissRevocationProposal,
  proposeRevocation,
  provideSupplement,
  recordDeadlineReached,
  recordCriterionResults,
  recordMonitoringReview,
  recordPublicConsultation,
  recordRecognitionDecision,
  recordRejectionDecision,
  registerDossier,
  requestSupplement,
  returnDossierForRevision,
  revokeRecognition,
  submitForAppraisal,
  submitForVerification,
  verifyDossier,
  withdrawDossier,
  importRevocation,
  recordRenewal,
  aRenewedRecognition,
  AT,
} from './testing';

const given = deciderSpec(dossierDecider);

/** One history per status a dossier can be in once registered. */
const HISTORIES: Record<Exclude<DossierStatus, 'unregistered'>, () => DossierEvent[]> = {
  drafting: aRegisteredDossier,
  under_verification: aDossierUnderVerification,
  verified: aVerifiedDossier,
  under_appraisal: aDossierUnderAppraisal,
  awaiting_supplement: aDossierAwaitingSupplement,
  appraised: anApprovedDossier,
  recognised: aRecognisedDossier,
  revocation_proposed: aDossierWithRevocationProposed,
  rejected: aRejectedDossier,
  revoked: aRevokedDossier,
  renewed: aRenewedRecognition,
  withdrawn: aWithdrawnDossier,
};

const COMMANDS: Record<Exclude<DossierCommandType, 'RegisterDossier' | 'ImportRecognition'>, () => DossierCommand> = {
  RecordCriterionResults: () => recordCriterionResults(),
  RecordPublicConsultation: () => recordPublicConsultation(),
  DeclareRecognitionConditions: () => declareRecognitionConditions(),
  SubmitForVerification: () => submitForVerification(),
  VerifyDossier: () => verifyDossier(),
  ReturnDossierForRevision: () => returnDossierForRevision(),
  SubmitForAppraisal: () => submitForAppraisal(),
  RequestSupplement: () => requestSupplement(),
  ProvideSupplement: () => provideSupplement(),
  ConveneAppraisalCouncil: () => conveneAppraisalCouncil(),
  CastCouncilVote: () => castCouncilVote(MEMBERS[1]!),
  ChangeCouncilVote: () => changeCouncilVote(MEMBERS[1]!, 'reject', 'Đổi ý'),
  ConcludeAppraisal: () => concludeAppraisal(),
  RecordRecognitionDecision: () => recordRecognitionDecision(),
  RecordRejectionDecision: () => recordRejectionDecision(),
  WithdrawDossier: () => withdrawDossier(),
  RecordMonitoringReview: () => recordMonitoringReview(),
  ProposeRevocation: () => proposeRevocation(),
  DismissRevocationProposal: () => dismissRevocationProposal(),
  RevokeRecognition: () => revokeRecognition(),
  RecordDeadlineReached: () => recordDeadlineReached('verification', '2024-04-22T16:59:59.999Z', '2024-04-23T00:00:00.000Z'),
  ImportRevocation: () => importRevocation({ decisionDate: '2025-08-01' }, AT.revoked),
  RecordRenewal: () => recordRenewal({ packId: 'ntm-2026-2030', renewedOn: '2026-05-01' }, '2026-05-01T02:00:00.000Z'),
};

/** Where each command is not refused for the dossier's status (it may still be refused by a rule). */
const ACCEPTED_IN: Record<keyof typeof COMMANDS, DossierStatus[]> = {
  RecordCriterionResults: ['drafting'],
  RecordPublicConsultation: ['drafting'],
  DeclareRecognitionConditions: ['drafting'],
  SubmitForVerification: ['drafting'],
  VerifyDossier: ['under_verification'],
  ReturnDossierForRevision: ['under_verification'],
  SubmitForAppraisal: ['verified'],
  // Asked again while waiting, it is refused as a second request rather than as the wrong state.
  RequestSupplement: ['under_appraisal', 'awaiting_supplement'],
  ProvideSupplement: ['awaiting_supplement'],
  ConveneAppraisalCouncil: ['under_appraisal'],
  CastCouncilVote: ['under_appraisal'],
  ChangeCouncilVote: ['under_appraisal'],
  ConcludeAppraisal: ['under_appraisal'],
  RecordRecognitionDecision: ['appraised'],
  RecordRejectionDecision: ['appraised'],
  WithdrawDossier: ['drafting', 'under_verification', 'verified', 'under_appraisal', 'awaiting_supplement', 'appraised'],
  RecordMonitoringReview: ['recognised', 'revocation_proposed'],
  ProposeRevocation: ['recognised'],
  DismissRevocationProposal: ['revocation_proposed'],
  RevokeRecognition: ['revocation_proposed'],
  // Every status that waits for something; whether this deadline is one of them is a rule, not the state.
  RecordDeadlineReached: ['drafting', 'under_verification', 'verified', 'under_appraisal', 'awaiting_supplement', 'appraised', 'recognised', 'revocation_proposed'],
  ImportRevocation: ['recognised', 'revocation_proposed'],
  RecordRenewal: ['recognised', 'revocation_proposed'],
};

const refusedPairs = (Object.keys(COMMANDS) as (keyof typeof COMMANDS)[]).flatMap((command) =>
  (Object.keys(HISTORIES) as (keyof typeof HISTORIES)[])
    .filter((status) => !ACCEPTED_IN[command].includes(status))
    .map((status): [keyof typeof COMMANDS, keyof typeof HISTORIES] => [command, status]),
);

describe('commands refused for the dossier’s status', () => {
  it.each(refusedPairs)('%s while %s → DOSSIER.WRONG_STATE', (command, status) => {
    given(HISTORIES[status]())
      .when(COMMANDS[command]())
      .thenThrows('DOSSIER.WRONG_STATE', { status, command, allowedIn: expect.any(Array) });
  });

  it.each(Object.keys(COMMANDS) as (keyof typeof COMMANDS)[])('%s on a dossier never registered → DOSSIER.NOT_FOUND', (command) => {
    given([]).when(COMMANDS[command]()).thenThrows('DOSSIER.NOT_FOUND', { command });
  });

  it.each(Object.keys(HISTORIES) as (keyof typeof HISTORIES)[])('RegisterDossier while %s → DOSSIER.ALREADY_REGISTERED', (status) => {
    given(HISTORIES[status]()).when(registerDossier()).thenThrows('DOSSIER.ALREADY_REGISTERED', { status });
  });

  it('tells the client where the command would have been accepted', () => {
    given(aRecognisedDossier())
      .when(withdrawDossier())
      .thenThrows('DOSSIER.WRONG_STATE', {
        allowedIn: ['drafting', 'under_verification', 'verified', 'under_appraisal', 'awaiting_supplement', 'appraised'],
      });
  });

  it('leaves the terminal statuses terminal', () => {
    for (const status of ['rejected', 'revoked', 'withdrawn'] as const) {
      for (const command of Object.keys(COMMANDS) as (keyof typeof COMMANDS)[]) {
        expect(ACCEPTED_IN[command]).not.toContain(status);
      }
    }
  });
});
