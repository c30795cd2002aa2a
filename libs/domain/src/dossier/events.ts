import type { PackSettings, RecognitionCondition, RecognitionLevel, UnitKind, VotingRule } from '../regulations/regulation-pack';
import type { MapVersion } from '../units/administrative-unit';

type Event<Type extends string, Data> = Readonly<{ type: Type; data: Readonly<Data> }>;

export type IndicatorValue = number | string | boolean;

/** One criterion as the commune assessed it (đạt / không đạt), with the indicator values and evidence behind it. */
export interface CriterionResult {
  met: boolean;
  indicators?: Record<string, IndicatorValue>;
  /** References to stored documents, photos, statistics. */
  evidence?: string[];
}

export type CriterionResults = Record<string, CriterionResult>;

/** TT 40/2014 names the first four; the verifier's and later documents travel with the dossier too. */
export type DossierDocumentKind =
  | 'submission-letter'
  | 'results-report'
  | 'comments-summary'
  | 'proposal-minutes'
  | 'verification-report'
  | 'other';

export interface DossierDocument {
  kind: DossierDocumentKind;
  /** Reference to the stored file. */
  ref: string;
  title?: string;
}

export interface DateRange {
  /** ISO dates (YYYY-MM-DD). */
  from: string;
  to: string;
}

export interface Announcement {
  postedOn: string;
  /** Committee office, village hall, loudspeaker… */
  place: string;
}

export interface WrittenComment {
  /** Fatherland Front, a mass organisation, a resident group. */
  from: string;
  receivedOn: string;
  summary: string;
}

export interface SatisfactionSurvey {
  surveyed: number;
  satisfied: number;
  /** satisfied / surveyed × 100, unrounded: the pack's minimum is compared with this value. */
  percent: number;
}

export interface SupplementItem {
  /** What is missing: a document of the dossier, evidence for a criterion, or anything else the office names. */
  kind: 'document' | 'criterion-evidence' | 'other';
  /** The document kind or criterion code concerned, when there is one. */
  ref?: string;
  description: string;
}

export type Vote = 'approve' | 'reject' | 'abstain';

export interface VoteTally {
  members: number;
  cast: number;
  approve: number;
  reject: number;
  abstain: number;
}

export interface Signer {
  name: string;
  title: string;
}

/**
 * QĐ 18/2022 (a) partial share with a key criterion, (b) majority share, a district's communes lost, and a recognition
 * under an older set not renewed under the next period's set by the deadline the province set.
 */
export type RevocationRuleName = 'partial-with-key' | 'majority' | 'communes-lost' | 'not-requalified';

/** What the revocation rule in force found in one monitoring review. */
export interface RevocationFinding {
  hasGrounds: boolean;
  rule: Exclude<RevocationRuleName, 'not-requalified'> | null;
  failing: string[];
  keyFailing: string[];
  total: number;
  share: number;
  /** Criteria set code the review was judged against. */
  judgedAgainst: string;
  /** The pack whose rule judged it (a recognition under an older set is judged by a later period's rule); null: none in force. Absent on reviews recorded before this was kept. */
  judgedBy?: { packId: string; packVersion: string } | null;
  /** Districts: communes that lost their recognition since the district was recognised. */
  communesLost?: { lost: number; of: number; share: number };
}

/**
 * Grounds as a proposal or a revocation decision cites them: among what the latest review found, or, for
 * 'not-requalified', the requalification deadline that passed without a renewal.
 */
export interface CitedGrounds {
  rule: RevocationRuleName;
  failingCriteria: string[];
  /** 'not-requalified': the set the recognition had to be renewed under and the deadline it missed. */
  requalification?: { packId: string; deadline: string };
}

/** Grounds of a revocation decided before the product held the dossier, as the imported decision states them. */
export interface RecordedGrounds {
  rule: 'as-decided';
  failingCriteria: string[];
  text: string | null;
}

export type DossierRegistered = Event<
  'DossierRegistered',
  {
    dossierId: string;
    /** The unit's code: a commune's (5 digits) or, for a district dossier, the district's (3 digits). */
    communeCode: string;
    provinceCode: string;
    districtCode: string | null;
    /** Absent on dossiers registered before districts could be: a commune. */
    unitKind?: UnitKind;
    /** The administrative map the unit's code belongs to. Absent on early events: the map in force on registeredAt. */
    unitMap?: MapVersion;
    level: RecognitionLevel;
    /** The year the commune committed to reach the level in. */
    targetYear: number;
    packId: string;
    packVersion: string;
    criteriaSetCode: string;
    criteriaCodes: string[];
    conditions: RecognitionCondition[];
    /** Copied so that later changes to deployment settings never rejudge a dossier already under way. */
    settings: PackSettings;
    /** The current recognition the prerequisite rule relied on, if the level has one (inherited under a merger policy: no dossier). */
    prerequisite: { level: RecognitionLevel; dossierId: string | null; recognisedAt: string | null; inheritedFrom?: string[] } | null;
    registeredAt: string;
  }
>;

/** Progressive and revisable: each event overwrites the criteria it names, the others stay as they were. */
export type CriterionResultsRecorded = Event<'CriterionResultsRecorded', { dossierId: string; results: CriterionResults }>;

/** The latest record replaces earlier ones: a consultation that fell short is run again, not patched. */
export type PublicConsultationRecorded = Event<
  'PublicConsultationRecorded',
  {
    dossierId: string;
    period: DateRange;
    announcements: Announcement[];
    writtenComments: WrittenComment[];
    satisfactionSurvey: SatisfactionSurvey | null;
  }
>;

/** The recognition conditions that are neither criteria nor consultation results; attested, latest wins. */
export type RecognitionConditionsDeclared = Event<
  'RecognitionConditionsDeclared',
  {
    dossierId: string;
    hasConstructionDebt: boolean;
    isComplexSecurityArea: boolean;
    registeredInPlan: boolean | null;
    evidence: string[];
    /** District dossiers: the lowest satisfaction rate among the district's communes; absent on commune dossiers. */
    lowestCommuneSatisfactionPercent?: number | null;
  }
>;

export type DossierSubmittedForVerification = Event<
  'DossierSubmittedForVerification',
  { dossierId: string; round: number; documents: DossierDocument[]; submittedAt: string }
>;

export type DossierVerified = Event<
  'DossierVerified',
  { dossierId: string; round: number; findings: string[]; verifiedAt: string }
>;

export type DossierReturnedByVerifier = Event<
  'DossierReturnedByVerifier',
  { dossierId: string; round: number; reasons: string[]; returnedAt: string }
>;

export type DossierSubmittedForAppraisal = Event<
  'DossierSubmittedForAppraisal',
  { dossierId: string; documents: DossierDocument[]; submittedAt: string }
>;

export type SupplementRequested = Event<
  'SupplementRequested',
  { dossierId: string; items: SupplementItem[]; requestedAt: string }
>;

export type SupplementProvided = Event<
  'SupplementProvided',
  {
    dossierId: string;
    documents: DossierDocument[];
    /** Added to the criterion's evidence; a supplement never changes whether a criterion is met. */
    criterionEvidence: Record<string, string[]>;
    note: string | null;
    providedAt: string;
  }
>;

export type AppraisalCouncilConvened = Event<
  'AppraisalCouncilConvened',
  {
    dossierId: string;
    round: number;
    chair: string;
    /** Actor ids, the chair included. */
    members: string[];
    convenedAt: string;
    /** Set when this convening replaces an earlier round, whose votes then no longer count. */
    supersedesRound: number | null;
    reason: string | null;
  }
>;

export type CouncilVoteCast = Event<
  'CouncilVoteCast',
  { dossierId: string; round: number; memberId: string; vote: Vote; comment: string }
>;

export type CouncilVoteChanged = Event<
  'CouncilVoteChanged',
  { dossierId: string; round: number; memberId: string; previousVote: Vote; vote: Vote; comment: string; reason: string }
>;

export type DossierAppraised = Event<
  'DossierAppraised',
  {
    dossierId: string;
    round: number;
    outcome: 'approved' | 'rejected';
    tally: VoteTally;
    rule: VotingRule;
    appraisedAt: string;
  }
>;

export type DossierRecognised = Event<
  'DossierRecognised',
  {
    dossierId: string;
    communeCode: string;
    level: RecognitionLevel;
    decisionNo: string;
    decisionDate: string;
    signer: Signer;
    packId: string;
    packVersion: string;
    recognisedAt: string;
    by: string;
  }
>;

/**
 * A recognition granted before the product held the dossier, brought in from the province's records: the dossier
 * starts recognised, judged by the pack of its period. Business time (metadata.occurredAt) is the decision date; the
 * event's metadata names the imported file and row.
 */
export type RecognitionImported = Event<
  'RecognitionImported',
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
    criteriaSetCode: string;
    criteriaCodes: string[];
    conditions: RecognitionCondition[];
    settings: PackSettings;
    decisionNo: string;
    decisionDate: string;
    signer: Signer | null;
    recognisedAt: string;
    /** When the import ran (record time); absent from events imported before it was kept. */
    importedAt?: string;
    note: string | null;
  }
>;

/** A revocation decided before the product held the dossier, imported with the decision's own grounds. */
export type RevocationImported = Event<
  'RevocationImported',
  {
    dossierId: string;
    communeCode: string;
    level: RecognitionLevel;
    decisionNo: string;
    decisionDate: string;
    signer: Signer | null;
    grounds: RecordedGrounds;
    revokedAt: string;
  }
>;

/**
 * The unit was recognised at the same level under a later period's set (by `byDossierId`, possibly a commune the unit
 * went into in July 2025): this older recognition is replaced, no longer monitored, and needs no requalification.
 */
export type RecognitionRenewed = Event<
  'RecognitionRenewed',
  { dossierId: string; byDossierId: string; packId: string; renewedOn: string }
>;

export type DossierRejected = Event<
  'DossierRejected',
  { dossierId: string; stage: 'appraisal' | 'decision'; reasons: string[]; rejectedAt: string; by: string }
>;

export type MonitoringReviewRecorded = Event<
  'MonitoringReviewRecorded',
  { dossierId: string; year: number; reviewedOn: string; failingCriteria: string[]; finding: RevocationFinding }
>;

export type RevocationProposed = Event<
  'RevocationProposed',
  { dossierId: string; grounds: CitedGrounds; explanation: string; proposedAt: string; by: string }
>;

export type RevocationProposalDismissed = Event<
  'RevocationProposalDismissed',
  { dossierId: string; reason: string; dismissedAt: string; by: string }
>;

export type DossierRevoked = Event<
  'DossierRevoked',
  {
    dossierId: string;
    communeCode: string;
    level: RecognitionLevel;
    decisionNo: string;
    decisionDate: string;
    signer: Signer;
    grounds: CitedGrounds;
    /** The review whose finding the grounds were checked against; null for grounds that need no review (not requalified). */
    reviewedOn: string | null;
    revokedAt: string;
    by: string;
  }
>;

/**
 * What a deadline is about. The procedure's steps take their time limits from the pinned pack; the others are the
 * commune's own target year, the yearly review, the remediation period after a review with grounds, and the date by
 * which a recognition under an older set must be renewed under the current one.
 */
export type DeadlineKind =
  | 'target-year'
  | 'verification'
  | 'appraisal'
  | 'supplement'
  | 'decision'
  | 'monitoring-review'
  | 'remediation'
  | 'requalification';

export const DEADLINE_KINDS: readonly DeadlineKind[] = [
  'target-year',
  'verification',
  'appraisal',
  'supplement',
  'decision',
  'monitoring-review',
  'remediation',
  'requalification',
];

/** Recorded by the system timer once per deadline (one kind started at one instant), however late it ran. */
export type DeadlineReached = Event<
  'DeadlineReached',
  { dossierId: string; kind: DeadlineKind; startedAt: string; dueAt: string; reachedAt: string }
>;

/**
 * The remediation period ended without a review clearing the grounds: the provincial chairperson has a revocation to
 * decide. A flag, not the decision: revocation stays a human decision with a number.
 */
export type RevocationDue = Event<
  'RevocationDue',
  { dossierId: string; reviewedOn: string | null; grounds: CitedGrounds; dueAt: string; flaggedAt: string }
>;

export type DossierWithdrawn = Event<
  'DossierWithdrawn',
  { dossierId: string; reason: string; withdrawnFrom: WithdrawableStatus; withdrawnAt: string }
>;

export type WithdrawableStatus =
  | 'drafting'
  | 'under_verification'
  | 'verified'
  | 'under_appraisal'
  | 'awaiting_supplement'
  | 'appraised';

export type DossierEvent =
  | DossierRegistered
  | CriterionResultsRecorded
  | PublicConsultationRecorded
  | RecognitionConditionsDeclared
  | DossierSubmittedForVerification
  | DossierVerified
  | DossierReturnedByVerifier
  | DossierSubmittedForAppraisal
  | SupplementRequested
  | SupplementProvided
  | AppraisalCouncilConvened
  | CouncilVoteCast
  | CouncilVoteChanged
  | DossierAppraised
  | DossierRecognised
  | DossierRejected
  | MonitoringReviewRecorded
  | RevocationProposed
  | RevocationProposalDismissed
  | DossierRevoked
  | RecognitionImported
  | RevocationImported
  | RecognitionRenewed
  | DossierWithdrawn
  | DeadlineReached
  | RevocationDue;

export type DossierEventType = DossierEvent['type'];

export const dossierStreamId = (dossierId: string): string => `dossier-${dossierId}`;
