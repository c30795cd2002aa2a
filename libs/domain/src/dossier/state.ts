import type {
  Announcement,
  CitedGrounds,
  CriterionResults,
  DateRange,
  DeadlineKind,
  DossierDocument,
  DossierRegistered,
  RecordedGrounds,
  RevocationFinding,
  Signer,
  SatisfactionSurvey,
  SupplementItem,
  Vote,
  VoteTally,
  WithdrawableStatus,
  WrittenComment,
} from './events';

/**
 * What registration fixed for the dossier's whole life: the registration itself, less the prerequisite it relied on.
 * The unit's kind and map are always known here (events written before they were recorded are read as a commune on
 * the map in force when it registered).
 */
export type DossierFacts = Omit<DossierRegistered['data'], 'prerequisite' | 'unitKind' | 'unitMap'> &
  Required<Pick<DossierRegistered['data'], 'unitKind' | 'unitMap'>> & {
    /** True for a dossier that began as an imported recognition: it never went through the procedure here. */
    imported?: boolean;
    /** When an imported recognition was brought in (record time). */
    importedAt?: string;
  };

export interface PublicConsultation {
  period: DateRange;
  announcements: Announcement[];
  writtenComments: WrittenComment[];
  satisfactionSurvey: SatisfactionSurvey | null;
}

export interface DeclaredConditions {
  hasConstructionDebt: boolean;
  isComplexSecurityArea: boolean;
  registeredInPlan: boolean | null;
  evidence: string[];
  lowestCommuneSatisfactionPercent?: number | null;
}

/** The commune's own assessment, revisable while drafting. */
export interface DossierRecord {
  results: CriterionResults;
  consultation: PublicConsultation | null;
  conditions: DeclaredConditions | null;
}

export interface Council {
  round: number;
  chair: string;
  members: string[];
  convenedAt: string;
}

export interface RecordedVote {
  vote: Vote;
  comment: string;
}

export interface AppraisalProgress {
  submittedAt: string;
  /** The office may ask for a supplement once per appraisal. */
  supplement: 'not-requested' | 'provided';
  /** The appraisal's time limit runs again from here: only a complete dossier starts it. */
  supplementProvidedAt: string | null;
  council: Council | null;
  /** Votes of the current round only, by member id; a changed vote replaces the earlier one. */
  votes: Record<string, RecordedVote>;
}

export interface Recognition {
  decisionNo: string;
  decisionDate: string;
  /** null for an imported recognition whose records do not name the signer. */
  signer: Signer | null;
  recognisedAt: string;
}

export interface MonitoringReview {
  year: number;
  reviewedOn: string;
  failingCriteria: string[];
  finding: RevocationFinding;
}

/**
 * A deadline the system timer recorded as passed; one kind started at one instant is one deadline. Every state with
 * deadlines carries the whole list across its transitions, so a deadline already recorded (a returned dossier's target
 * year, a past review's) is never recorded again.
 */
export interface ReachedDeadline {
  kind: DeadlineKind;
  startedAt: string;
  dueAt: string;
  reachedAt: string;
}

/**
 * The time a commune has to remedy what a review found, opened by the review that found grounds. Only a review
 * without grounds closes it early, so a further failing review cannot stretch it.
 */
export interface Remediation {
  openedOn: string;
  /** When the timer recorded its end; an expired period is what flags the revocation as due. */
  expiredAt: string | null;
}

export interface RevocationDueFlag {
  /** null when the grounds need no review (a requalification deadline missed). */
  reviewedOn: string | null;
  grounds: CitedGrounds;
  dueAt: string;
  flaggedAt: string;
}

export interface Unregistered {
  status: 'unregistered';
}

export interface Drafting {
  status: 'drafting';
  dossier: DossierFacts;
  record: DossierRecord;
  /** How many times the dossier went to verification; the next submission is round `submissions + 1`. */
  submissions: number;
  lastReturn: { round: number; reasons: string[]; returnedAt: string } | null;
  deadlinesReached: ReachedDeadline[];
}

export interface UnderVerification {
  status: 'under_verification';
  dossier: DossierFacts;
  record: DossierRecord;
  round: number;
  documents: DossierDocument[];
  submittedAt: string;
  deadlinesReached: ReachedDeadline[];
}

export interface Verified {
  status: 'verified';
  dossier: DossierFacts;
  record: DossierRecord;
  documents: DossierDocument[];
  findings: string[];
  verifiedAt: string;
  /** When the verifying level received it: its time limit runs until it sends the dossier up. */
  submittedAt: string;
  deadlinesReached: ReachedDeadline[];
}

export interface UnderAppraisal {
  status: 'under_appraisal';
  dossier: DossierFacts;
  record: DossierRecord;
  documents: DossierDocument[];
  appraisal: AppraisalProgress;
  deadlinesReached: ReachedDeadline[];
}

export interface AwaitingSupplement {
  status: 'awaiting_supplement';
  dossier: DossierFacts;
  record: DossierRecord;
  documents: DossierDocument[];
  appraisal: AppraisalProgress;
  request: { items: SupplementItem[]; requestedAt: string };
  deadlinesReached: ReachedDeadline[];
}

/** The council has concluded; an approved dossier awaits the provincial chairperson's decision. */
export interface Appraised {
  status: 'appraised';
  dossier: DossierFacts;
  outcome: 'approved' | 'rejected';
  round: number;
  tally: VoteTally;
  appraisedAt: string;
  deadlinesReached: ReachedDeadline[];
}

export interface Recognised {
  status: 'recognised';
  dossier: DossierFacts;
  recognition: Recognition;
  latestReview: MonitoringReview | null;
  deadlinesReached: ReachedDeadline[];
  remediation: Remediation | null;
  /** Set when a remediation period ended with the grounds standing; cleared by a review without grounds or a dismissal. */
  revocationDue: RevocationDueFlag | null;
}

export interface RevocationPending {
  status: 'revocation_proposed';
  dossier: DossierFacts;
  recognition: Recognition;
  /** null when the proposal cites a missed requalification deadline, which needs no review. */
  latestReview: MonitoringReview | null;
  proposal: { grounds: CitedGrounds; explanation: string; proposedAt: string; by: string };
  deadlinesReached: ReachedDeadline[];
  remediation: Remediation | null;
  revocationDue: RevocationDueFlag | null;
}

export interface Rejected {
  status: 'rejected';
  dossier: DossierFacts;
  stage: 'appraisal' | 'decision';
  reasons: string[];
  rejectedAt: string;
}

export interface Revoked {
  status: 'revoked';
  dossier: DossierFacts;
  recognition: Recognition;
  revocation: { decisionNo: string; decisionDate: string; signer: Signer | null; grounds: CitedGrounds | RecordedGrounds; revokedAt: string };
}

/** Recognised again at the same level under a later period's set: this recognition was replaced. */
export interface Renewed {
  status: 'renewed';
  dossier: DossierFacts;
  recognition: Recognition;
  renewal: { byDossierId: string; packId: string; renewedOn: string };
}

export interface Withdrawn {
  status: 'withdrawn';
  dossier: DossierFacts;
  reason: string;
  withdrawnFrom: WithdrawableStatus;
  withdrawnAt: string;
}

export type DossierState =
  | Unregistered
  | Drafting
  | UnderVerification
  | Verified
  | UnderAppraisal
  | AwaitingSupplement
  | Appraised
  | Recognised
  | RevocationPending
  | Rejected
  | Revoked
  | Renewed
  | Withdrawn;

export type DossierStatus = DossierState['status'];

export type RegisteredDossierState = Exclude<DossierState, Unregistered>;

export const initialDossierState = (): DossierState => ({ status: 'unregistered' });

/**
 * Open = still on its way to a decision. The handler keeps one open dossier per commune and level; a recognised,
 * rejected, revoked or withdrawn dossier no longer blocks a new registration (e.g. requalifying under a newer set).
 */
export function isOpen(state: DossierState): boolean {
  switch (state.status) {
    case 'drafting':
    case 'under_verification':
    case 'verified':
    case 'under_appraisal':
    case 'awaiting_supplement':
    case 'appraised':
      return true;
    case 'unregistered':
    case 'recognised':
    case 'revocation_proposed':
    case 'rejected':
    case 'revoked':
    case 'renewed':
    case 'withdrawn':
      return false;
    default: {
      const unhandled: never = state;
      throw new Error(`unhandled dossier state ${JSON.stringify(unhandled)}`);
    }
  }
}

/** The statuses that have deadlines: every open one, and the recognition while it is held. */
export type StatusWithDeadlines = Exclude<DossierStatus, 'unregistered' | 'rejected' | 'revoked' | 'renewed' | 'withdrawn'>;

export const STATUSES_WITH_DEADLINES: readonly StatusWithDeadlines[] = [
  'drafting',
  'under_verification',
  'verified',
  'under_appraisal',
  'awaiting_supplement',
  'appraised',
  'recognised',
  'revocation_proposed',
];

/** True while the commune holds the recognition this dossier granted. */
export function holdsRecognition(state: DossierState): state is Recognised | RevocationPending {
  return state.status === 'recognised' || state.status === 'revocation_proposed';
}

/** True while the commune holds the recognition and a remediation period ended with the grounds standing. */
export function isRevocationDue(state: DossierState): boolean {
  return holdsRecognition(state) && state.revocationDue !== null;
}
