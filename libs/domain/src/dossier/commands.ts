import type { PackSettings, RecognitionLevel } from '../regulations/regulation-pack';
import type { RequalificationTarget } from '../deadlines/deadlines';
import type {
  Announcement,
  CitedGrounds,
  DeadlineKind,
  CriterionResults,
  DateRange,
  DossierDocument,
  Signer,
  SupplementItem,
  Vote,
  WrittenComment,
} from './events';
import type { CommandMetadata } from './roles';

type Command<Type extends string, Data> = Readonly<{ type: Type; data: Readonly<Data>; metadata: CommandMetadata }>;

/** A recognition the commune holds now (not revoked), as its commune stream knows it. */
export interface CurrentRecognition {
  level: RecognitionLevel;
  dossierId: string;
  recognisedAt: string;
}

export type RegisterDossier = Command<
  'RegisterDossier',
  {
    dossierId: string;
    communeCode: string;
    provinceCode: string;
    districtCode?: string | null;
    level: RecognitionLevel;
    targetYear: number;
    packId: string;
    packVersion: string;
    /** Looked up by the handler from the commune stream, so the decider stays pure. */
    currentRecognitions: CurrentRecognition[];
    /** The deployment's overrides applied to the pack (withSettings); omitted, the pack's own settings apply. */
    effectiveSettings?: PackSettings;
  }
>;

export type RecordCriterionResults = Command<'RecordCriterionResults', { dossierId: string; results: CriterionResults }>;

export type RecordPublicConsultation = Command<
  'RecordPublicConsultation',
  {
    dossierId: string;
    period: DateRange;
    announcements: Announcement[];
    writtenComments: WrittenComment[];
    satisfactionSurvey?: { surveyed: number; satisfied: number } | null;
  }
>;

export type DeclareRecognitionConditions = Command<
  'DeclareRecognitionConditions',
  {
    dossierId: string;
    hasConstructionDebt: boolean;
    isComplexSecurityArea: boolean;
    registeredInPlan?: boolean | null;
    evidence?: string[];
  }
>;

export type SubmitForVerification = Command<'SubmitForVerification', { dossierId: string; documents: DossierDocument[] }>;

export type VerifyDossier = Command<'VerifyDossier', { dossierId: string; findings: string[] }>;

export type ReturnDossierForRevision = Command<'ReturnDossierForRevision', { dossierId: string; reasons: string[] }>;

export type SubmitForAppraisal = Command<'SubmitForAppraisal', { dossierId: string; documents?: DossierDocument[] }>;

export type RequestSupplement = Command<'RequestSupplement', { dossierId: string; items: SupplementItem[] }>;

export type ProvideSupplement = Command<
  'ProvideSupplement',
  { dossierId: string; documents: DossierDocument[]; criterionEvidence?: Record<string, string[]>; note?: string | null }
>;

export type ConveneAppraisalCouncil = Command<
  'ConveneAppraisalCouncil',
  { dossierId: string; chair: string; members: string[]; reason?: string | null }
>;

/** The voter is the acting person (metadata.actor.id): nobody casts a vote for someone else. */
export type CastCouncilVote = Command<'CastCouncilVote', { dossierId: string; vote: Vote; comment: string }>;

export type ChangeCouncilVote = Command<
  'ChangeCouncilVote',
  { dossierId: string; vote: Vote; comment: string; reason: string }
>;

export type ConcludeAppraisal = Command<'ConcludeAppraisal', { dossierId: string }>;

export type RecordRecognitionDecision = Command<
  'RecordRecognitionDecision',
  { dossierId: string; decisionNo: string; decisionDate: string; signer: Signer }
>;

export type RecordRejectionDecision = Command<'RecordRejectionDecision', { dossierId: string; reasons: string[] }>;

export type WithdrawDossier = Command<'WithdrawDossier', { dossierId: string; reason: string }>;

export type RecordMonitoringReview = Command<
  'RecordMonitoringReview',
  { dossierId: string; year: number; reviewedOn: string; failingCriteria: string[] }
>;

export type ProposeRevocation = Command<
  'ProposeRevocation',
  { dossierId: string; grounds: CitedGrounds; explanation: string }
>;

export type DismissRevocationProposal = Command<'DismissRevocationProposal', { dossierId: string; reason: string }>;

export type RevokeRecognition = Command<
  'RevokeRecognition',
  { dossierId: string; decisionNo: string; decisionDate: string; signer: Signer; grounds: CitedGrounds }
>;

/** Issued by the system timer only; the decider checks the deadline against the dossier's own history. */
export type RecordDeadlineReached = Command<
  'RecordDeadlineReached',
  {
    dossierId: string;
    kind: DeadlineKind;
    dueAt: string;
    /** Looked up by the handler (the current set as configured, and whether the commune renewed), so the decider stays pure. */
    requalification?: RequalificationTarget | null;
  }
>;

export type DossierCommand =
  | RegisterDossier
  | RecordCriterionResults
  | RecordPublicConsultation
  | DeclareRecognitionConditions
  | SubmitForVerification
  | VerifyDossier
  | ReturnDossierForRevision
  | SubmitForAppraisal
  | RequestSupplement
  | ProvideSupplement
  | ConveneAppraisalCouncil
  | CastCouncilVote
  | ChangeCouncilVote
  | ConcludeAppraisal
  | RecordRecognitionDecision
  | RecordRejectionDecision
  | WithdrawDossier
  | RecordMonitoringReview
  | ProposeRevocation
  | DismissRevocationProposal
  | RevokeRecognition
  | RecordDeadlineReached;

export type DossierCommandType = DossierCommand['type'];
