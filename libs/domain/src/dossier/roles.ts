import type { UnitKind } from '../regulations/regulation-pack';
import type { DossierCommandType } from './commands';

/** The roles people hold; a token may carry only these. */
export type PersonRole =
  | 'commune_officer'
  | 'verifying_officer'
  | 'coordination_office'
  | 'council_member'
  | 'council_chair'
  | 'provincial_chairperson'
  | 'auditor'
  | 'administrator';

/**
 * 'system' is the service itself acting on its own timers. It is no person's role, so it is kept out of ROLES, the
 * list tokens are checked against: no token can claim it.
 */
export type Role = PersonRole | 'system';

export const SYSTEM_ROLE = 'system' satisfies Role;

export const ROLES: readonly PersonRole[] = [
  'commune_officer',
  'verifying_officer',
  'coordination_office',
  'council_member',
  'council_chair',
  'provincial_chairperson',
  'auditor',
  'administrator',
];

export interface Actor {
  id: string;
  role: Role;
  unit: string;
}

/** Business time and the acting person arrive with every command; the decider never reads a clock. */
export interface CommandMetadata {
  /** ISO-8601 instant. */
  now: string;
  actor: Actor;
  reason?: string;
}

/**
 * Who may issue which dossier command; the HTTP layer answers 403 from this table, the decider does not re-check.
 * Auditors read everything and issue nothing; administrators manage users and configuration, and bring in history
 * (the import), but never act in a running procedure; the system
 * records only that time has passed.
 */
export const DOSSIER_COMMAND_ROLES: { readonly [Type in DossierCommandType]: readonly Role[] } = {
  RegisterDossier: ['commune_officer'],
  RecordCriterionResults: ['commune_officer'],
  RecordPublicConsultation: ['commune_officer'],
  DeclareRecognitionConditions: ['commune_officer', 'verifying_officer'],
  SubmitForVerification: ['commune_officer'],
  VerifyDossier: ['verifying_officer'],
  ReturnDossierForRevision: ['verifying_officer'],
  // Before July 2025 the district forwarded the verified dossier; since the two-tier reform the commune may.
  SubmitForAppraisal: ['verifying_officer', 'commune_officer'],
  RequestSupplement: ['coordination_office'],
  ProvideSupplement: ['commune_officer', 'verifying_officer'],
  ConveneAppraisalCouncil: ['coordination_office'],
  CastCouncilVote: ['council_member', 'council_chair'],
  ChangeCouncilVote: ['council_member', 'council_chair'],
  ConcludeAppraisal: ['council_chair', 'coordination_office'],
  RecordRecognitionDecision: ['provincial_chairperson'],
  RecordRejectionDecision: ['provincial_chairperson'],
  WithdrawDossier: ['commune_officer'],
  RecordMonitoringReview: ['verifying_officer', 'coordination_office'],
  ProposeRevocation: ['verifying_officer', 'coordination_office'],
  DismissRevocationProposal: ['provincial_chairperson'],
  RevokeRecognition: ['provincial_chairperson'],
  RecordDeadlineReached: ['system'],
  // Only the history import issues these: the provincial coordination office for its province, or an administrator.
  ImportRecognition: ['coordination_office', 'administrator'],
  ImportRevocation: ['coordination_office', 'administrator'],
  // A consequence of the newer recognition: recorded by whoever recorded it (the chairperson, or the import).
  RecordRenewal: ['provincial_chairperson', 'coordination_office', 'administrator'],
};

/**
 * A district's dossier (before July 2025) is prepared by the district — its verifying officer — and verified, sent up
 * and reviewed by the province's coordination office, so that no district verifies its own dossier.
 */
export const DISTRICT_DOSSIER_COMMAND_ROLES: { readonly [Type in DossierCommandType]?: readonly Role[] } = {
  RegisterDossier: ['verifying_officer'],
  RecordCriterionResults: ['verifying_officer'],
  RecordPublicConsultation: ['verifying_officer'],
  DeclareRecognitionConditions: ['verifying_officer'],
  SubmitForVerification: ['verifying_officer'],
  VerifyDossier: ['coordination_office'],
  ReturnDossierForRevision: ['coordination_office'],
  SubmitForAppraisal: ['coordination_office'],
  ProvideSupplement: ['verifying_officer'],
  WithdrawDossier: ['verifying_officer'],
  RecordMonitoringReview: ['coordination_office'],
  ProposeRevocation: ['coordination_office'],
};

export function dossierCommandRoles(command: DossierCommandType, unitKind: UnitKind = 'commune'): readonly Role[] {
  return (unitKind === 'district' ? DISTRICT_DOSSIER_COMMAND_ROLES[command] : undefined) ?? DOSSIER_COMMAND_ROLES[command];
}

export function mayIssueDossierCommand(role: Role, command: DossierCommandType, unitKind: UnitKind = 'commune'): boolean {
  return dossierCommandRoles(command, unitKind).includes(role);
}
