import type { AverageLine, DistrictRow, FloorLine, LevelCount, PlanLine, ReportLevel } from '../../../../libs/domain/src/statistics/unit-report';
import type { RevocationFinding } from '../../../../libs/domain/src/dossier/events';

/** The API's answers as the console reads them; each mirrors a route's documented shape (see /docs). */

export type Role =
  | 'commune_officer'
  | 'verifying_officer'
  | 'coordination_office'
  | 'council_member'
  | 'council_chair'
  | 'provincial_chairperson'
  | 'auditor'
  | 'administrator';

export const ROLES: readonly Role[] = ['commune_officer', 'verifying_officer', 'coordination_office', 'council_member', 'council_chair', 'provincial_chairperson', 'auditor', 'administrator'];

export type Level = 'standard' | 'advanced' | 'model' | 'modern' | 'task-completed';
/** The levels a commune registers for; 'task-completed' is a town's or provincial city's (districts, before July 2025). */
export const LEVELS: readonly Level[] = ['standard', 'advanced', 'model', 'modern'];
export type UnitKind = 'commune' | 'district';
export type MapVersion = '2025-03' | '2025-07';

export type DossierStatus =
  | 'drafting'
  | 'under_verification'
  | 'verified'
  | 'under_appraisal'
  | 'awaiting_supplement'
  | 'appraised'
  | 'recognised'
  | 'revocation_proposed'
  | 'rejected'
  | 'revoked'
  | 'renewed'
  | 'withdrawn';

export const STATUSES: readonly DossierStatus[] = ['drafting', 'under_verification', 'verified', 'under_appraisal', 'awaiting_supplement', 'appraised', 'recognised', 'revocation_proposed', 'rejected', 'revoked', 'renewed', 'withdrawn'];

export type DeadlineKind = 'target-year' | 'verification' | 'appraisal' | 'supplement' | 'decision' | 'monitoring-review' | 'remediation' | 'requalification';
export const DEADLINE_KINDS: readonly DeadlineKind[] = ['target-year', 'verification', 'appraisal', 'supplement', 'decision', 'monitoring-review', 'remediation', 'requalification'];

export type DocumentKind = 'submission-letter' | 'results-report' | 'comments-summary' | 'proposal-minutes' | 'verification-report' | 'other';
export const SUBMISSION_DOCUMENTS: readonly DocumentKind[] = ['submission-letter', 'results-report', 'comments-summary', 'proposal-minutes'];
export type Vote = 'approve' | 'reject' | 'abstain';

export interface Me {
  id: string;
  role: Role;
  unit: string;
  name: string | null;
  unitName: string | null;
  provinceCode: string;
  provinceName: string | null;
}

export interface SignInConfig {
  appEnv: 'development' | 'production';
  demoSignIn: boolean;
  oidc: { authorizationEndpoint: string | null; endSessionEndpoint: string | null; clientId: string; scope: string; error: string | null } | null;
}

export interface TokenAnswer {
  accessToken: string;
  expiresIn: number | null;
}

export interface Province {
  code: string;
  name: string;
}

/** GET /units/:code?map= — a province (with, on the July 2025 map, the March 2025 provinces it was made of), a district or a commune. */
export interface UnitInfo extends Province {
  kind: string;
  map: MapVersion;
  communes?: { code: string; name: string; kind: string }[];
  predecessors?: Province[];
  districts?: { code: string; name: string; kind: string }[];
  provinceCode?: string;
  provinceName?: string;
}

export interface Page<T> {
  total: number;
  limit: number;
  offset: number;
  items: T[];
}

export interface DossierListItem {
  dossierId: string;
  communeCode: string;
  communeName: string | null;
  unitKind: UnitKind;
  unitMap: MapVersion;
  imported: boolean;
  provinceCode: string;
  districtCode: string | null;
  level: Level;
  period: string;
  packId: string;
  packVersion: string;
  targetYear: number;
  status: DossierStatus;
  stepDeadline: string | null;
  deadlineKind: DeadlineKind | null;
  revocationDue: boolean;
  revision: number;
  registeredAt: string;
  lastEventType: string;
  lastChangedAt: string;
  criteriaMet: number | null;
  criteriaTotal: number | null;
}

export interface DossierListQuery {
  unit?: string;
  status?: DossierStatus;
  level?: Level;
  period?: string;
  sort?: 'last_changed_at' | 'registered_at' | 'commune_code' | 'status';
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

export interface CriterionResult {
  met: boolean;
  indicators?: Record<string, number | string | boolean>;
  evidence?: string[];
}

export interface Consultation {
  period: { from: string; to: string };
  announcements: { postedOn: string; place: string }[];
  writtenComments: { from: string; receivedOn: string; summary: string }[];
  satisfactionSurvey: { surveyed: number; satisfied: number; percent: number } | null;
}

export interface Conditions {
  hasConstructionDebt: boolean;
  isComplexSecurityArea: boolean;
  registeredInPlan: boolean | null;
  evidence: string[];
}

export interface DossierRecord {
  results: Record<string, CriterionResult>;
  consultation: Consultation | null;
  conditions: Conditions | null;
}

export interface DossierDocument {
  kind: DocumentKind;
  ref: string;
  title?: string;
}

export interface PackSettings {
  satisfactionMinPercent: number;
  consultation: { minPostings: number; windowDays: number };
  voting: { kind: 'all-present' | 'majority' | 'two-thirds'; quorum: number };
  timeLimits: Record<string, { days: number; kind: 'working' | 'calendar' }>;
  verifyingLevel: 'district' | 'province';
  monitoring: { reviewIntervalMonths: number; remediationDays: number };
  requalificationDeadline: string | null;
}

export interface DossierFacts {
  dossierId: string;
  /** A commune's code, or a district's (3 digits) when unitKind is 'district'. */
  communeCode: string;
  unitKind: UnitKind;
  unitMap: MapVersion;
  /** Began as a recognition brought in by the history import: it never went through the procedure here. */
  imported?: boolean;
  provinceCode: string;
  districtCode: string | null;
  level: Level;
  targetYear: number;
  packId: string;
  packVersion: string;
  criteriaSetCode: string;
  criteriaCodes: string[];
  conditions: string[];
  settings: PackSettings;
  registeredAt: string;
}

export interface Council {
  round: number;
  chair: string;
  members: string[];
  convenedAt: string;
}

export interface Appraisal {
  submittedAt: string;
  supplement: 'not-requested' | 'provided';
  supplementProvidedAt: string | null;
  council: Council | null;
  votes: Record<string, { vote: Vote; comment: string }>;
}

export interface Signer {
  name: string;
  title: string;
}

export interface Recognition {
  decisionNo: string;
  decisionDate: string;
  /** null for an imported recognition whose records do not name the signer. */
  signer: Signer | null;
  recognisedAt: string;
}

export type RevocationRule = 'partial-with-key' | 'majority' | 'communes-lost' | 'not-requalified';

export interface CitedGrounds {
  rule: RevocationRule;
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

export interface MonitoringReview {
  year: number;
  reviewedOn: string;
  failingCriteria: string[];
  finding: RevocationFinding;
}

/** GET /dossiers/:id — the state union, flattened to what the console reads; members exist per status. */
export interface Dossier {
  dossierId: string;
  revision: number;
  status: DossierStatus;
  dossier: DossierFacts;
  record?: DossierRecord;
  submissions?: number;
  lastReturn?: { round: number; reasons: string[]; returnedAt: string } | null;
  round?: number;
  documents?: DossierDocument[];
  submittedAt?: string;
  findings?: string[];
  verifiedAt?: string;
  appraisal?: Appraisal;
  request?: { items: { kind: string; ref?: string; description: string }[]; requestedAt: string };
  outcome?: 'approved' | 'rejected';
  tally?: { members: number; cast: number; approve: number; reject: number; abstain: number };
  appraisedAt?: string;
  recognition?: Recognition;
  latestReview?: MonitoringReview | null;
  proposal?: { grounds: CitedGrounds; explanation: string; proposedAt: string; by: string };
  /** reviewedOn is null when the grounds need no review (a requalification deadline missed). */
  revocationDue?: { reviewedOn: string | null; grounds: CitedGrounds; dueAt: string; flaggedAt: string } | null;
  remediation?: { openedOn: string; expiredAt: string | null } | null;
  stage?: 'appraisal' | 'decision';
  reasons?: string[];
  rejectedAt?: string;
  revocation?: { decisionNo: string; decisionDate: string; signer: Signer | null; grounds: CitedGrounds | RecordedGrounds; revokedAt: string };
  /** Renewed: replaced by a recognition under a later period's set. */
  renewal?: { byDossierId: string; packId: string; renewedOn: string };
  reason?: string;
  withdrawnFrom?: string;
  withdrawnAt?: string;
}

export interface DossierAsOf extends Omit<Dossier, 'revision' | 'status' | 'dossier'> {
  asOf: string | null;
  revision: number | null;
  lastEventAt: string | null;
  status: DossierStatus | 'unregistered';
  dossier?: DossierFacts;
}

export interface AuditEvent {
  eventId: string;
  streamId: string;
  revision: number;
  type: string;
  actorId: string;
  actorRole: string;
  actorUnit: string;
  reason: string | null;
  correlationId: string;
  causationId: string | null;
  commandId: string | null;
  occurredAt: string;
  recordedAt: string;
  globalPosition: string;
  hash: string;
  prevHash: string | null;
  dossierId: string | null;
  communeCode: string | null;
  unitMap: MapVersion | null;
  provinceCode: string | null;
  /** Where an imported event came from; null for what was done in the product. */
  source: { kind: 'import'; importId?: string; file: string; sheet: string | null; row: number } | null;
}

export interface AuditQuery {
  dossierId?: string;
  unit?: string;
  actorId?: string;
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

export interface ChainVerification {
  dossierId: string;
  events: number;
  intact: boolean;
  brokenAt: { revision: number; reason: string } | null;
  lastHash: string | null;
  verifiedAt: string;
}

export interface Deadline {
  dossierId: string;
  communeCode: string;
  communeName: string | null;
  provinceCode: string;
  level: Level;
  status: DossierStatus;
  kind: DeadlineKind;
  startedAt: string;
  dueAt: string;
  limit: string;
  actionBy: Role[];
  consequence: string;
  reachedAt: string | null;
  overdue: boolean;
  daysLeft: number;
  workingDaysLeft: number;
  revocationDue: boolean;
}

export interface DeadlineQuery {
  unit?: string;
  within?: string;
  overdue?: boolean;
  kind?: DeadlineKind;
  role?: Role;
  revocationDue?: boolean;
  limit?: number;
  offset?: number;
}

export interface DeadlineBoard extends Page<Deadline> {
  now: string;
}

// Report and finding shapes as the server defines them (type-only: nothing of the domain is bundled).
export type { AverageLine, DistrictRow, FloorLine, LevelCount, PlanLine, ReportLevel } from '../../../../libs/domain/src/statistics/unit-report';
export type { RevocationFinding } from '../../../../libs/domain/src/dossier/events';
export const REPORT_LEVELS: readonly ReportLevel[] = ['standard', 'advanced', 'model', 'modern'];
export type PlanLevel = 'standard' | 'advanced' | 'model';
export const PLAN_LEVELS: readonly PlanLevel[] = ['standard', 'advanced', 'model'];
export type MergerPolicy = 'guidance-267' | 'none-until-reassessed';
export type StandingBasis = 'own' | 'continuity' | 'merged-same-level' | 'merged-lower-level' | 'merged-some-unrecognised' | 'merged-not-counted' | 'none';
export type Period = '2010-2015' | '2016-2020' | '2021-2025' | '2026-2030';
export const PERIODS: readonly Period[] = ['2010-2015', '2016-2020', '2021-2025', '2026-2030'];

export type PlanLines = Partial<Record<PlanLevel, PlanLine>> & { averageCriteria?: AverageLine; floor?: FloorLine };

/** GET /statistics/:unit — a province's (or, before July 2025, a district's) report on a date. */
export interface Statistics {
  unitCode: string;
  unitName: string;
  asOf: string;
  map: MapVersion;
  mergerPolicy: MergerPolicy;
  communes: number;
  recognised: Record<ReportLevel, LevelCount>;
  criteriaSet: { code: string; total: number };
  averageCriteria: number | null;
  coverage: { assessed: number; of: number; complete: boolean };
  otherSets: { criteriaSet: string; total: number; assessed: number; average: number }[];
  below: { threshold: number; communes: number; codes: string[] } | null;
  plan: {
    period: ({ period: Period } & PlanLines) | null;
    year: ({ year: number; targetsAre: 'cumulative' | 'additions' } & PlanLines) | null;
  };
  districts: DistrictRow[];
}

export type AssessmentSource = 'yearly' | 'count' | 'review';

export interface ReportCommune {
  code: string;
  name: string;
  districtCode: string | null;
  districtName: string | null;
  level: Level | null;
  basis: StandingBasis;
  decisionNo: string | null;
  since: string | null;
  assessment: { met: number; total: number; assessedOn: string; source: AssessmentSource } | null;
  belowFloor: boolean | null;
}

/** GET /statistics/:unit/communes */
export interface StatisticsCommunes {
  unitCode: string;
  asOf: string;
  map: MapVersion;
  criteriaSet: { code: string; total: number };
  communes: ReportCommune[];
}

export interface AppraisalQueueItem extends DossierListItem {
  criteria: Record<string, CriterionResult>;
  consultation: Consultation | null;
  satisfactionPercent: number | null;
  conditions: Conditions | null;
  council: Council | null;
  votes: Record<string, { vote: Vote; comment: string }>;
  supplement: string | null;
}

export interface CommuneStanding {
  name: string;
  communeCode: string;
  map: MapVersion;
  asOf: string;
  mergerPolicy: MergerPolicy;
  recognisedLevel: Level | null;
  basis: StandingBasis;
  since: string | null;
  decisionNo: string | null;
  recognitions: { level: Level; decisionNo: string; since: string }[];
  /** July 2025 map: the March 2025 communes it was made of, with the levels they held on the date. */
  predecessors: { code: string; partial: boolean; name: string | null; levels: Level[] }[];
  criteriaSet: { code: string; total: number };
  latestAssessment: { met: number; total: number; source: AssessmentSource; assessedOn: string; criteriaSet: string } | null;
  latestOtherAssessment: { met: number; total: number; source: AssessmentSource; assessedOn: string; criteriaSetCode: string } | null;
  openDossiers: { dossierId: string; level: Level; status: DossierStatus }[];
}

export interface NextDeadline {
  communeCode: string;
  name: string;
  now: string;
  next: (Omit<Deadline, 'communeCode' | 'communeName' | 'provinceCode' | 'workingDaysLeft'>) | null;
  deadlines: Omit<Deadline, 'communeCode' | 'communeName' | 'provinceCode' | 'workingDaysLeft'>[];
}

export interface Indicator {
  code: string;
  nameVi: string;
  nameEn: string;
  target?: string;
}

export interface Criterion {
  code: string;
  number: number;
  nameVi: string;
  nameEn: string;
  group: string | null;
  indicators: Indicator[];
}

export interface CriteriaSet {
  code: string;
  unitKind: UnitKind;
  level: Level;
  legalBasis: string;
  provisional: boolean;
  criteria: Criterion[];
}

export type RecognitionCondition = 'all-criteria-met' | 'satisfaction-rate' | 'no-construction-debt' | 'not-complex-security-area' | 'registered-in-plan';

export interface RevocationRuleData {
  /** Reviews dated before it find no grounds: those years had no revocation rule. */
  effectiveFrom: string;
  /** Criteria set each level is judged against (advanced and model against the advanced set). */
  judgedAgainst: Partial<Record<Level, string>>;
  keyCriteria: Record<string, string[]>;
  partialShare: number;
  majorityShare: number;
  provisional?: boolean;
  district?: { judgedAgainst: Partial<Record<Level, string>>; communeLossShare: number };
}

export interface RegulationPackSummary {
  id: string;
  version: string;
  period: Period;
  validFrom: string;
  validTo: string | null;
  title: string;
  legalBasis: string[];
  /** A province's own pack (derived from a national one by its decision); null: national. */
  province: { code: string; basePackId: string; basePackVersion: string; decision: string } | null;
  settings: PackSettings & { transition?: { previousPackUntil: string | null } };
  /** The next period's set a recognition under this pack must be renewed under, and by when (per province). */
  requalification: { packId: string; packVersion: string; period: Period; validFrom: string; deadline: string | null } | null;
  levels: { level: Level; unitKind: UnitKind; criteriaSet: string; requires: Level | null; conditions: RecognitionCondition[]; communePrerequisites?: unknown }[];
  revocation: RevocationRuleData | null;
  criteriaSets: CriteriaSet[];
}

/** GET /regulations?province= */
export interface Regulations {
  today: string;
  province: string | null;
  inForce: string;
  mergerPolicy: MergerPolicy;
  mergerPolicies: MergerPolicy[];
  packs: RegulationPackSummary[];
}

// The import's report travels as the importer writes it: one definition for the server, the CLI and the console.
export { IMPORT_KINDS } from '../../../../libs/import/src/import-contract';
export type { ImportCounts, ImportKind, ImportProblem, ImportReport } from '../../../../libs/import/src/import-contract';

export interface CommandAnswer {
  revision: number;
  dossierId?: string;
  [member: string]: unknown;
}

export interface DossierChange {
  dossierId: string;
  communeCode: string;
  type: string;
  revision: number;
  status: DossierStatus;
  occurredAt: string;
}
