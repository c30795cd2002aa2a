import type { PackSettings, RecognitionLevel, UnitKind } from '../regulations/regulation-pack';
import type { MapVersion } from '../units/administrative-unit';
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

/**
 * A recognition the unit holds now (not revoked): its own dossier's, or for a commune of the July 2025 map one its
 * predecessors' recognitions count for under the province's merger policy (no dossier of its own: `inheritedFrom`).
 */
export interface CurrentRecognition {
  level: RecognitionLevel;
  dossierId: string | null;
  recognisedAt: string | null;
  /** The predecessor communes (March 2025 map) whose recognitions the policy counted. */
  inheritedFrom?: string[];
}

export type RegisterDossier = Command<
  'RegisterDossier',
  {
    dossierId: string;
    /** The unit's code: a commune, or a district for a district dossier. */
    communeCode: string;
    provinceCode: string;
    districtCode?: string | null;
    /** Omitted: a commune. */
    unitKind?: UnitKind;
    /** The map the unit's code belongs to; omitted: the map in force on the day of the command. */
    unitMap?: MapVersion;
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
    /** A district's dossier: the lowest residents' satisfaction rate among its communes, percent (QĐ 320: ≥ 80 in each). */
    lowestCommuneSatisfactionPercent?: number | null;
  }
>;

/** For a district: how its communes stand, looked up by the handler from their dossiers (QĐ 320's commune shares). */
export interface DistrictCommuneStanding {
  communes: number;
  standard: number;
  advanced: number;
  /** The lowest residents' satisfaction any commune recorded, percent; null when some commune recorded none. */
  lowestSatisfactionPercent: number | null;
}

export type SubmitForVerification = Command<
  'SubmitForVerification',
  { dossierId: string; documents: DossierDocument[]; communeStanding?: DistrictCommuneStanding | null }
>;

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
  {
    dossierId: string;
    year: number;
    reviewedOn: string;
    failingCriteria: string[];
    /** Districts: of the communes recognised when the district was, how many have lost it by the review (looked up by the handler). */
    communesLost?: { lost: number; of: number } | null;
  }
>;

/**
 * What the handler found about renewal under the next period's set: null when there is no deadline, or the commune
 * was renewed. Needed only for grounds that cite a missed requalification deadline.
 */
export interface RequalificationStatus {
  requalification?: RequalificationTarget | null;
}

export type ProposeRevocation = Command<
  'ProposeRevocation',
  { dossierId: string; grounds: CitedGrounds; explanation: string } & RequalificationStatus
>;

export type DismissRevocationProposal = Command<'DismissRevocationProposal', { dossierId: string; reason: string }>;

export type RevokeRecognition = Command<
  'RevokeRecognition',
  { dossierId: string; decisionNo: string; decisionDate: string; signer: Signer; grounds: CitedGrounds } & RequalificationStatus
>;

/**
 * A recognition decided before the product held the dossier, from the province's records. Issued by the history
 * import only, with the decision date as business time; the handler has resolved the unit on the map of that date.
 */
export type ImportRecognition = Command<
  'ImportRecognition',
  {
    dossierId: string;
    communeCode: string;
    provinceCode: string;
    districtCode: string | null;
    unitKind: UnitKind;
    unitMap: MapVersion;
    level: RecognitionLevel;
    packId: string;
    packVersion: string;
    decisionNo: string;
    decisionDate: string;
    signer: Signer | null;
    note?: string | null;
    effectiveSettings?: PackSettings;
    /** Record time: when the import ran (the command's `now` is the decision's business time). */
    importedAt: string;
  }
>;

/**
 * Issued alongside a newer recognition of the same unit and level (the handler found this older one): the older
 * recognition is replaced. The decider checks the newer one is of a later period.
 */
export type RecordRenewal = Command<
  'RecordRenewal',
  { dossierId: string; byDossierId: string; packId: string; packVersion: string; renewedOn: string }
>;

/** A revocation decided before the product held the dossier, from the province's records. */
export type ImportRevocation = Command<
  'ImportRevocation',
  {
    dossierId: string;
    decisionNo: string;
    decisionDate: string;
    signer: Signer | null;
    groundsText?: string | null;
    failingCriteria?: string[];
  }
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
  | RecordDeadlineReached
  | ImportRecognition
  | ImportRevocation
  | RecordRenewal;

export type DossierCommandType = DossierCommand['type'];
