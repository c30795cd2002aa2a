import type { PackSettings, RecognitionCondition, RecognitionLevel } from '../regulations/regulation-pack';
import type {
  Announcement,
  CitedGrounds,
  CriterionResults,
  DateRange,
  DossierDocument,
  RevocationFinding,
  Signer,
  SatisfactionSurvey,
  SupplementItem,
  Vote,
  VoteTally,
  WithdrawableStatus,
  WrittenComment,
} from './events';

/** What registration fixed for the dossier's whole life. */
export interface DossierFacts {
  dossierId: string;
  communeCode: string;
  provinceCode: string;
  districtCode: string | null;
  level: RecognitionLevel;
  targetYear: number;
  packId: string;
  packVersion: string;
  criteriaSetCode: string;
  criteriaCodes: string[];
  conditions: RecognitionCondition[];
  settings: PackSettings;
  registeredAt: string;
}

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
  council: Council | null;
  /** Votes of the current round only, by member id; a changed vote replaces the earlier one. */
  votes: Record<string, RecordedVote>;
}

export interface Recognition {
  decisionNo: string;
  decisionDate: string;
  signer: Signer;
  recognisedAt: string;
}

export interface MonitoringReview {
  year: number;
  reviewedOn: string;
  failingCriteria: string[];
  finding: RevocationFinding;
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
}

export interface UnderVerification {
  status: 'under_verification';
  dossier: DossierFacts;
  record: DossierRecord;
  round: number;
  documents: DossierDocument[];
  submittedAt: string;
}

export interface Verified {
  status: 'verified';
  dossier: DossierFacts;
  record: DossierRecord;
  documents: DossierDocument[];
  findings: string[];
  verifiedAt: string;
}

export interface UnderAppraisal {
  status: 'under_appraisal';
  dossier: DossierFacts;
  record: DossierRecord;
  documents: DossierDocument[];
  appraisal: AppraisalProgress;
}

export interface AwaitingSupplement {
  status: 'awaiting_supplement';
  dossier: DossierFacts;
  record: DossierRecord;
  documents: DossierDocument[];
  appraisal: AppraisalProgress;
  request: { items: SupplementItem[]; requestedAt: string };
}

/** The council has concluded; an approved dossier awaits the provincial chairperson's decision. */
export interface Appraised {
  status: 'appraised';
  dossier: DossierFacts;
  outcome: 'approved' | 'rejected';
  round: number;
  tally: VoteTally;
  appraisedAt: string;
}

export interface Recognised {
  status: 'recognised';
  dossier: DossierFacts;
  recognition: Recognition;
  latestReview: MonitoringReview | null;
}

export interface RevocationPending {
  status: 'revocation_proposed';
  dossier: DossierFacts;
  recognition: Recognition;
  latestReview: MonitoringReview;
  proposal: { grounds: CitedGrounds; explanation: string; proposedAt: string; by: string };
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
  revocation: { decisionNo: string; decisionDate: string; signer: Signer; grounds: CitedGrounds; revokedAt: string };
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
    case 'withdrawn':
      return false;
    default: {
      const unhandled: never = state;
      throw new Error(`unhandled dossier state ${JSON.stringify(unhandled)}`);
    }
  }
}

/** True while the commune holds the recognition this dossier granted. */
export function holdsRecognition(state: DossierState): boolean {
  return state.status === 'recognised' || state.status === 'revocation_proposed';
}
