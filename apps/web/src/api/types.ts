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

export type Level = 'standard' | 'advanced' | 'model' | 'modern';
export const LEVELS: readonly Level[] = ['standard', 'advanced', 'model', 'modern'];

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
  | 'withdrawn';

export const STATUSES: readonly DossierStatus[] = ['drafting', 'under_verification', 'verified', 'under_appraisal', 'awaiting_supplement', 'appraised', 'recognised', 'revocation_proposed', 'rejected', 'revoked', 'withdrawn'];

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

export interface ProvinceWithCommunes extends Province {
  kind: string;
  communes: { code: string; name: string; kind: string }[];
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
  communeCode: string;
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

export interface Recognition {
  decisionNo: string;
  decisionDate: string;
  signer: { name: string; title: string };
  recognisedAt: string;
}

export interface CitedGrounds {
  rule: 'partial-with-key' | 'majority';
  failingCriteria: string[];
}

export interface MonitoringReview {
  year: number;
  reviewedOn: string;
  failingCriteria: string[];
  finding: { hasGrounds: boolean; rule: CitedGrounds['rule'] | null; failing: string[]; keyFailing: string[]; total: number; share: number; judgedAgainst: string };
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
  revocationDue?: { reviewedOn: string; grounds: CitedGrounds; dueAt: string; flaggedAt: string } | null;
  remediation?: { openedOn: string; expiredAt: string | null } | null;
  stage?: 'appraisal' | 'decision';
  reasons?: string[];
  rejectedAt?: string;
  revocation?: { decisionNo: string; decisionDate: string; signer: { name: string; title: string }; grounds: CitedGrounds; revokedAt: string };
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
  provinceCode: string | null;
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

export interface PlanLine {
  target: number;
  actual: number | null;
  percentOfPlan: number | null;
}

export interface Statistics {
  unitCode: string;
  asOf: string;
  map: string;
  communes: number;
  recognised: Record<Level, { communes: number; percent: number | null }>;
  assessedCommunes: number;
  averageCriteria: number | null;
  below?: { threshold: number; communes: number };
  plan: ({ year: number; averageCriteria?: PlanLine } & Partial<Record<'standard' | 'advanced' | 'model', PlanLine>>) | null;
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
  map: string;
  asOf: string;
  recognisedLevel: Level | null;
  since: string | null;
  decisionNo: string | null;
  recognitions: { level: Level; dossierId: string; decisionNo: string; since: string }[];
  latestAssessment: { met: number; total: number; source: string; assessedOn: string } | null;
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
  group?: string;
  indicators: Indicator[];
}

export interface CriteriaSet {
  code: string;
  level: Level;
  legalBasis: string;
  criteria: Criterion[];
  provisional?: boolean;
  groups?: { code: string; nameVi: string; nameEn: string }[];
}

export interface RegulationPack {
  id: string;
  version: string;
  period: string;
  title: string;
  legalBasis: string[];
  criteriaSets: CriteriaSet[];
  revocation: { keyCriteria: Record<string, string[]>; judgedAgainst: Partial<Record<Level, string>> } | null;
}

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
