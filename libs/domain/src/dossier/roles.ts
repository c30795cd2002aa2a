import type { DossierCommandType } from './commands';

export type Role =
  | 'commune_officer'
  | 'verifying_officer'
  | 'coordination_office'
  | 'council_member'
  | 'council_chair'
  | 'provincial_chairperson'
  | 'auditor'
  | 'administrator';

export const ROLES: readonly Role[] = [
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
 * Auditors read everything and issue nothing; administrators manage users and configuration, not dossiers.
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
};

export function mayIssueDossierCommand(role: Role, command: DossierCommandType): boolean {
  return DOSSIER_COMMAND_ROLES[command].includes(role);
}
