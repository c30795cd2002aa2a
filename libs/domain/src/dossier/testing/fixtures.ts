import { criteriaSetFor, getPack, levelRules, revocationGrounds } from '../../regulations';
import type { RecognitionLevel, RegulationPack } from '../../regulations/regulation-pack';
import type { CommandMetadata, Role } from '../roles';
import type * as C from '../commands';
import type * as E from '../events';
import type { DossierEvent, Vote } from '../events';

/**
 * Event builders and command builders for dossier decider tests. A commune (00001) registers for the standard level under
 * the 2021-2025 pack in January 2024 and walks the whole procedure; each `a…Dossier()` returns the history that leads to
 * one status, so that a test states only the step it is about.
 */

export const PACK_ID = 'ntm-2021-2025';
export const PACK_VERSION = '1';
export const pack = (): RegulationPack => getPack(PACK_ID, PACK_VERSION);

export const DOSSIER_ID = 'dossier-00001-2024';
export const COMMUNE_CODE = '00001';
export const PROVINCE_CODE = '01';
export const DISTRICT_CODE = '001';

export const criteriaCodes = (level: RecognitionLevel = 'standard'): string[] =>
  criteriaSetFor(pack(), level, 'commune').criteria.map((c) => c.code);

/** Business time of each step, UTC; 02:00Z is 09:00 in Vietnam. */
export const AT = {
  registered: '2024-01-10T02:00:00.000Z',
  resultsRecorded: '2024-02-20T02:00:00.000Z',
  consultationRecorded: '2024-03-20T02:00:00.000Z',
  conditionsDeclared: '2024-03-21T02:00:00.000Z',
  submittedForVerification: '2024-04-01T02:00:00.000Z',
  returned: '2024-04-10T02:00:00.000Z',
  verified: '2024-04-20T02:00:00.000Z',
  submittedForAppraisal: '2024-05-02T02:00:00.000Z',
  supplementRequested: '2024-05-06T02:00:00.000Z',
  supplementProvided: '2024-05-13T02:00:00.000Z',
  councilConvened: '2024-05-20T01:00:00.000Z',
  voted: '2024-05-20T02:00:00.000Z',
  appraised: '2024-05-20T04:00:00.000Z',
  recognised: '2024-06-03T02:00:00.000Z',
  withdrawn: '2024-04-05T02:00:00.000Z',
  reviewed: '2025-06-16T02:00:00.000Z',
  proposed: '2025-07-01T02:00:00.000Z',
  revoked: '2025-08-01T02:00:00.000Z',
} as const;

export const ACTORS: Record<Role, string> = {
  commune_officer: 'officer-00001',
  verifying_officer: 'verifier-001',
  coordination_office: 'office-01',
  council_member: 'member-tran',
  council_chair: 'vice-chair-nguyen',
  provincial_chairperson: 'chairperson-01',
  auditor: 'auditor-01',
  administrator: 'admin-01',
  system: 'deadline-timer',
};

const UNITS: Record<Role, string> = {
  commune_officer: COMMUNE_CODE,
  verifying_officer: DISTRICT_CODE,
  coordination_office: PROVINCE_CODE,
  council_member: PROVINCE_CODE,
  council_chair: PROVINCE_CODE,
  provincial_chairperson: PROVINCE_CODE,
  auditor: PROVINCE_CODE,
  administrator: PROVINCE_CODE,
  system: 'VN',
};

export function by(role: Role, now: string, actorId: string = ACTORS[role]): CommandMetadata {
  return { now, actor: { id: actorId, role, unit: UNITS[role] } };
}

export const CHAIR = 'vice-chair-nguyen';
export const MEMBERS = ['vice-chair-nguyen', 'member-tran', 'member-le'];

export const SIGNER: E.Signer = { name: 'Lê Văn A', title: 'Chủ tịch UBND tỉnh' };

export const DOCUMENTS: E.DossierDocument[] = [
  { kind: 'submission-letter', ref: 'doc-submission-letter' },
  { kind: 'results-report', ref: 'doc-results-report' },
  { kind: 'comments-summary', ref: 'doc-comments-summary' },
  { kind: 'proposal-minutes', ref: 'doc-proposal-minutes' },
];

export function allMet(level: RecognitionLevel = 'standard'): E.CriterionResults {
  return Object.fromEntries(criteriaCodes(level).map((code) => [code, { met: true, evidence: [`evidence-${code}`] }]));
}

/** Five postings within fifteen days: exactly what QĐ 18/2022 asks. */
export const ANNOUNCEMENTS: E.Announcement[] = ['2024-03-01', '2024-03-04', '2024-03-07', '2024-03-11', '2024-03-14'].map(
  (postedOn, i) => ({ postedOn, place: i % 2 === 0 ? 'Trụ sở UBND xã' : 'Nhà văn hóa thôn' }),
);

export const COMMENTS: E.WrittenComment[] = [
  { from: 'Ủy ban MTTQ xã', receivedOn: '2024-03-12', summary: 'Đồng ý với báo cáo, đề nghị bổ sung số liệu thu nhập' },
];

// ---- events

export function dossierRegistered(overrides: Partial<E.DossierRegistered['data']> = {}): E.DossierRegistered {
  const p = pack();
  const level = overrides.level ?? 'standard';
  const set = criteriaSetFor(p, level, 'commune');
  return {
    type: 'DossierRegistered',
    data: {
      dossierId: DOSSIER_ID,
      communeCode: COMMUNE_CODE,
      provinceCode: PROVINCE_CODE,
      districtCode: DISTRICT_CODE,
      unitKind: 'commune',
      unitMap: '2025-03',
      level,
      targetYear: 2024,
      packId: PACK_ID,
      packVersion: PACK_VERSION,
      criteriaSetCode: set.code,
      criteriaCodes: set.criteria.map((c) => c.code),
      conditions: [...levelRules(p, level, 'commune').conditions],
      settings: p.settings,
      prerequisite: null,
      registeredAt: AT.registered,
      ...overrides,
    },
  };
}

export const criterionResultsRecorded = (results: E.CriterionResults = allMet()): E.CriterionResultsRecorded => ({
  type: 'CriterionResultsRecorded',
  data: { dossierId: DOSSIER_ID, results },
});

export function publicConsultationRecorded(
  overrides: Partial<E.PublicConsultationRecorded['data']> = {},
): E.PublicConsultationRecorded {
  return {
    type: 'PublicConsultationRecorded',
    data: {
      dossierId: DOSSIER_ID,
      period: { from: '2024-03-01', to: '2024-03-15' },
      announcements: ANNOUNCEMENTS,
      writtenComments: COMMENTS,
      satisfactionSurvey: { surveyed: 200, satisfied: 190, percent: 95 },
      ...overrides,
    },
  };
}

export function recognitionConditionsDeclared(
  overrides: Partial<E.RecognitionConditionsDeclared['data']> = {},
): E.RecognitionConditionsDeclared {
  return {
    type: 'RecognitionConditionsDeclared',
    data: {
      dossierId: DOSSIER_ID,
      hasConstructionDebt: false,
      isComplexSecurityArea: false,
      registeredInPlan: null,
      evidence: ['finance-office-letter', 'police-confirmation'],
      ...overrides,
    },
  };
}

export const dossierSubmittedForVerification = (round = 1): E.DossierSubmittedForVerification => ({
  type: 'DossierSubmittedForVerification',
  data: { dossierId: DOSSIER_ID, round, documents: DOCUMENTS, submittedAt: AT.submittedForVerification },
});

export const dossierReturnedByVerifier = (round = 1): E.DossierReturnedByVerifier => ({
  type: 'DossierReturnedByVerifier',
  data: { dossierId: DOSSIER_ID, round, reasons: ['Thiếu minh chứng tiêu chí 10'], returnedAt: AT.returned },
});

export const dossierVerified = (round = 1): E.DossierVerified => ({
  type: 'DossierVerified',
  data: { dossierId: DOSSIER_ID, round, findings: ['Tiêu chí 17 đạt ở mức tối thiểu'], verifiedAt: AT.verified },
});

export const VERIFICATION_REPORT: E.DossierDocument = { kind: 'verification-report', ref: 'doc-verification-report' };

export const dossierSubmittedForAppraisal = (): E.DossierSubmittedForAppraisal => ({
  type: 'DossierSubmittedForAppraisal',
  data: { dossierId: DOSSIER_ID, documents: [VERIFICATION_REPORT], submittedAt: AT.submittedForAppraisal },
});

export const SUPPLEMENT_ITEMS: E.SupplementItem[] = [
  { kind: 'document', ref: 'proposal-minutes', description: 'Biên bản họp thiếu chữ ký' },
  { kind: 'criterion-evidence', ref: 'C10', description: 'Số liệu thu nhập năm 2023 của Chi cục Thống kê' },
];

export const supplementRequested = (): E.SupplementRequested => ({
  type: 'SupplementRequested',
  data: { dossierId: DOSSIER_ID, items: SUPPLEMENT_ITEMS, requestedAt: AT.supplementRequested },
});

export const supplementProvided = (): E.SupplementProvided => ({
  type: 'SupplementProvided',
  data: {
    dossierId: DOSSIER_ID,
    documents: [{ kind: 'proposal-minutes', ref: 'doc-proposal-minutes-signed' }],
    criterionEvidence: { C10: ['income-statistics-2023'] },
    note: null,
    providedAt: AT.supplementProvided,
  },
});

export function appraisalCouncilConvened(
  overrides: Partial<E.AppraisalCouncilConvened['data']> = {},
): E.AppraisalCouncilConvened {
  return {
    type: 'AppraisalCouncilConvened',
    data: {
      dossierId: DOSSIER_ID,
      round: 1,
      chair: CHAIR,
      members: MEMBERS,
      convenedAt: AT.councilConvened,
      supersedesRound: null,
      reason: null,
      ...overrides,
    },
  };
}

export const councilVoteCast = (memberId: string, vote: Vote = 'approve', round = 1, comment = ''): E.CouncilVoteCast => ({
  type: 'CouncilVoteCast',
  data: { dossierId: DOSSIER_ID, round, memberId, vote, comment },
});

export function dossierAppraised(outcome: 'approved' | 'rejected' = 'approved', tally?: E.VoteTally): E.DossierAppraised {
  return {
    type: 'DossierAppraised',
    data: {
      dossierId: DOSSIER_ID,
      round: 1,
      outcome,
      tally: tally ?? { members: 3, cast: 3, approve: 3, reject: 0, abstain: 0 },
      rule: pack().settings.voting,
      appraisedAt: AT.appraised,
    },
  };
}

export const dossierRecognised = (overrides: Partial<E.DossierRecognised['data']> = {}): E.DossierRecognised => ({
  type: 'DossierRecognised',
  data: {
    dossierId: DOSSIER_ID,
    communeCode: COMMUNE_CODE,
    level: 'standard',
    decisionNo: '1234/QĐ-UBND',
    decisionDate: '2024-06-03',
    signer: SIGNER,
    packId: PACK_ID,
    packVersion: PACK_VERSION,
    recognisedAt: AT.recognised,
    by: ACTORS.provincial_chairperson,
    ...overrides,
  },
});

export const dossierRejected = (stage: 'appraisal' | 'decision' = 'decision'): E.DossierRejected => ({
  type: 'DossierRejected',
  data: { dossierId: DOSSIER_ID, stage, reasons: ['Thu nhập chưa đạt'], rejectedAt: AT.recognised, by: ACTORS.provincial_chairperson },
});

export const dossierWithdrawn = (withdrawnFrom: E.WithdrawableStatus = 'drafting'): E.DossierWithdrawn => ({
  type: 'DossierWithdrawn',
  data: { dossierId: DOSSIER_ID, reason: 'Xã xin lùi năm đăng ký', withdrawnFrom, withdrawnAt: AT.withdrawn },
});

/** Six of nineteen failing with income (C10) among them: QĐ 18/2022 (a). */
export const FAILING_WITH_KEY = ['C02', 'C05', 'C08', 'C10', 'C12', 'C14'];
/** Five failing: below 30%, no grounds whatever they are. */
export const FAILING_TOO_FEW = ['C02', 'C05', 'C08', 'C10', 'C12'];
/** Ten failing: QĐ 18/2022 (b). */
export const FAILING_MAJORITY = ['C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C07', 'C08', 'C09', 'C11'];

export function monitoringReviewRecorded(
  failingCriteria: string[] = FAILING_WITH_KEY,
  overrides: Partial<E.MonitoringReviewRecorded['data']> = {},
): E.MonitoringReviewRecorded {
  const found = revocationGrounds(failingCriteria, pack(), 'standard');
  return {
    type: 'MonitoringReviewRecorded',
    data: {
      dossierId: DOSSIER_ID,
      year: 2025,
      reviewedOn: '2025-06-16',
      failingCriteria,
      finding: {
        hasGrounds: found.hasGrounds,
        rule: found.rule,
        failing: [...found.failing],
        keyFailing: [...found.keyFailing],
        total: found.total,
        share: found.share,
        judgedAgainst: found.judgedAgainst,
        judgedBy: found.judgedBy,
      },
      ...overrides,
    },
  };
}

export const GROUNDS: E.CitedGrounds = { rule: 'partial-with-key', failingCriteria: FAILING_WITH_KEY };

export const revocationProposed = (grounds: E.CitedGrounds = GROUNDS): E.RevocationProposed => ({
  type: 'RevocationProposed',
  data: {
    dossierId: DOSSIER_ID,
    grounds,
    explanation: 'Rà soát năm 2025: 6/19 tiêu chí không đạt, gồm tiêu chí Thu nhập',
    proposedAt: AT.proposed,
    by: ACTORS.coordination_office,
  },
});

export const dossierRevoked = (): E.DossierRevoked => ({
  type: 'DossierRevoked',
  data: {
    dossierId: DOSSIER_ID,
    communeCode: COMMUNE_CODE,
    level: 'standard',
    decisionNo: '2222/QĐ-UBND',
    decisionDate: '2025-08-01',
    signer: SIGNER,
    grounds: GROUNDS,
    reviewedOn: '2025-06-16',
    revokedAt: AT.revoked,
    by: ACTORS.provincial_chairperson,
  },
});

export const deadlineReached = (
  kind: E.DeadlineKind,
  startedAt: string,
  dueAt: string,
  reachedAt: string = dueAt.replace(/T.*$/, 'T17:00:00.000Z'),
): E.DeadlineReached => ({
  type: 'DeadlineReached',
  data: { dossierId: DOSSIER_ID, kind, startedAt, dueAt, reachedAt },
});

export const revocationDue = (dueAt: string, flaggedAt: string, reviewedOn = '2025-06-16'): E.RevocationDue => ({
  type: 'RevocationDue',
  data: { dossierId: DOSSIER_ID, reviewedOn, grounds: GROUNDS, dueAt, flaggedAt },
});

/** A 2016-2020 recognition of commune 00001, brought in from the province's records. */
export const IMPORTED_AT = '2019-05-09T17:00:00.000Z';
/** When the import of that recognition ran: record time, years after its business time. */
export const IMPORT_RAN_AT = '2026-11-20T03:00:00.000Z';

export function recognitionImported(overrides: Partial<E.RecognitionImported['data']> = {}): E.RecognitionImported {
  const p = getPack('ntm-2016-2020', '1');
  const level = overrides.level ?? 'standard';
  const set = criteriaSetFor(p, level, 'commune');
  return {
    type: 'RecognitionImported',
    data: {
      dossierId: DOSSIER_ID,
      communeCode: COMMUNE_CODE,
      provinceCode: PROVINCE_CODE,
      districtCode: DISTRICT_CODE,
      unitKind: 'commune',
      unitMap: '2025-03',
      level,
      packId: 'ntm-2016-2020',
      packVersion: '1',
      criteriaSetCode: set.code,
      criteriaCodes: set.criteria.map((c) => c.code),
      conditions: [...levelRules(p, level, 'commune').conditions],
      settings: p.settings,
      decisionNo: '1234/QĐ-UBND',
      decisionDate: '2019-05-10',
      signer: SIGNER,
      recognisedAt: IMPORTED_AT,
      importedAt: IMPORT_RAN_AT,
      note: null,
      ...overrides,
    },
  };
}

export const anImportedRecognition = (): DossierEvent[] => [recognitionImported()];

/** The 2019 recognition, replaced by a recognition of the same commune under the 2021-2025 set in 2023. */
export const aRenewedRecognition = (): DossierEvent[] => [
  recognitionImported(),
  { type: 'RecognitionRenewed', data: { dossierId: DOSSIER_ID, byDossierId: 'dossier-00001-2023', packId: 'ntm-2021-2025', renewedOn: '2023-05-10' } },
];

// ---- histories, one per status

export const aRegisteredDossier = (): DossierEvent[] => [dossierRegistered()];

export const aDossierReadyToSubmit = (): DossierEvent[] => [
  ...aRegisteredDossier(),
  criterionResultsRecorded(),
  publicConsultationRecorded(),
  recognitionConditionsDeclared(),
];

export const aDossierUnderVerification = (): DossierEvent[] => [
  ...aDossierReadyToSubmit(),
  dossierSubmittedForVerification(),
];

export const aReturnedDossier = (): DossierEvent[] => [...aDossierUnderVerification(), dossierReturnedByVerifier()];

export const aVerifiedDossier = (): DossierEvent[] => [...aDossierUnderVerification(), dossierVerified()];

export const aDossierUnderAppraisal = (): DossierEvent[] => [...aVerifiedDossier(), dossierSubmittedForAppraisal()];

export const aDossierAwaitingSupplement = (): DossierEvent[] => [...aDossierUnderAppraisal(), supplementRequested()];

export const aSupplementedDossier = (): DossierEvent[] => [...aDossierAwaitingSupplement(), supplementProvided()];

export const aDossierBeforeTheCouncil = (): DossierEvent[] => [...aDossierUnderAppraisal(), appraisalCouncilConvened()];

export const aDossierWithVotes = (...votes: [memberId: string, vote: Vote][]): DossierEvent[] => [
  ...aDossierBeforeTheCouncil(),
  ...votes.map(([memberId, vote]) => councilVoteCast(memberId, vote)),
];

export const anApprovedDossier = (): DossierEvent[] => [
  ...aDossierWithVotes(...MEMBERS.map((m): [string, Vote] => [m, 'approve'])),
  dossierAppraised('approved'),
];

export const aRecognisedDossier = (): DossierEvent[] => [...anApprovedDossier(), dossierRecognised()];

export const aReviewedDossier = (failing: string[] = FAILING_WITH_KEY): DossierEvent[] => [
  ...aRecognisedDossier(),
  monitoringReviewRecorded(failing),
];

export const aDossierWithRevocationProposed = (): DossierEvent[] => [...aReviewedDossier(), revocationProposed()];

export const aRejectedDossier = (): DossierEvent[] => [...anApprovedDossier(), dossierRejected('decision')];

export const aRevokedDossier = (): DossierEvent[] => [...aDossierWithRevocationProposed(), dossierRevoked()];

export const aWithdrawnDossier = (): DossierEvent[] => [...aRegisteredDossier(), dossierWithdrawn('drafting')];

// ---- commands

type Data<T extends C.DossierCommand> = T['data'];

export const registerDossier = (overrides: Partial<Data<C.RegisterDossier>> = {}, now: string = AT.registered): C.RegisterDossier => ({
  type: 'RegisterDossier',
  data: {
    dossierId: DOSSIER_ID,
    communeCode: COMMUNE_CODE,
    provinceCode: PROVINCE_CODE,
    districtCode: DISTRICT_CODE,
    level: 'standard',
    targetYear: 2024,
    packId: PACK_ID,
    packVersion: PACK_VERSION,
    currentRecognitions: [],
    ...overrides,
  },
  metadata: by('commune_officer', now),
});

export const recordCriterionResults = (
  results: E.CriterionResults = allMet(),
  now: string = AT.resultsRecorded,
): C.RecordCriterionResults => ({
  type: 'RecordCriterionResults',
  data: { dossierId: DOSSIER_ID, results },
  metadata: by('commune_officer', now),
});

export const recordPublicConsultation = (
  overrides: Partial<Data<C.RecordPublicConsultation>> = {},
): C.RecordPublicConsultation => ({
  type: 'RecordPublicConsultation',
  data: {
    dossierId: DOSSIER_ID,
    period: { from: '2024-03-01', to: '2024-03-15' },
    announcements: ANNOUNCEMENTS,
    writtenComments: COMMENTS,
    satisfactionSurvey: { surveyed: 200, satisfied: 190 },
    ...overrides,
  },
  metadata: by('commune_officer', AT.consultationRecorded),
});

export const declareRecognitionConditions = (
  overrides: Partial<Data<C.DeclareRecognitionConditions>> = {},
): C.DeclareRecognitionConditions => ({
  type: 'DeclareRecognitionConditions',
  data: {
    dossierId: DOSSIER_ID,
    hasConstructionDebt: false,
    isComplexSecurityArea: false,
    evidence: ['finance-office-letter', 'police-confirmation'],
    ...overrides,
  },
  metadata: by('commune_officer', AT.conditionsDeclared),
});

export const submitForVerification = (documents: E.DossierDocument[] = DOCUMENTS): C.SubmitForVerification => ({
  type: 'SubmitForVerification',
  data: { dossierId: DOSSIER_ID, documents },
  metadata: by('commune_officer', AT.submittedForVerification),
});

export const verifyDossier = (findings: string[] = ['Tiêu chí 17 đạt ở mức tối thiểu']): C.VerifyDossier => ({
  type: 'VerifyDossier',
  data: { dossierId: DOSSIER_ID, findings },
  metadata: by('verifying_officer', AT.verified),
});

export const returnDossierForRevision = (reasons: string[] = ['Thiếu minh chứng tiêu chí 10']): C.ReturnDossierForRevision => ({
  type: 'ReturnDossierForRevision',
  data: { dossierId: DOSSIER_ID, reasons },
  metadata: by('verifying_officer', AT.returned),
});

/** `'none'` leaves the documents out of the command altogether. */
export const submitForAppraisal = (documents: E.DossierDocument[] | 'none' = [VERIFICATION_REPORT]): C.SubmitForAppraisal => ({
  type: 'SubmitForAppraisal',
  data: documents === 'none' ? { dossierId: DOSSIER_ID } : { dossierId: DOSSIER_ID, documents },
  metadata: by('verifying_officer', AT.submittedForAppraisal),
});

export const requestSupplement = (items: E.SupplementItem[] = SUPPLEMENT_ITEMS): C.RequestSupplement => ({
  type: 'RequestSupplement',
  data: { dossierId: DOSSIER_ID, items },
  metadata: by('coordination_office', AT.supplementRequested),
});

export const provideSupplement = (overrides: Partial<Data<C.ProvideSupplement>> = {}): C.ProvideSupplement => ({
  type: 'ProvideSupplement',
  data: {
    dossierId: DOSSIER_ID,
    documents: [{ kind: 'proposal-minutes', ref: 'doc-proposal-minutes-signed' }],
    criterionEvidence: { C10: ['income-statistics-2023'] },
    ...overrides,
  },
  metadata: by('commune_officer', AT.supplementProvided),
});

export const conveneAppraisalCouncil = (
  overrides: Partial<Data<C.ConveneAppraisalCouncil>> = {},
  now: string = AT.councilConvened,
): C.ConveneAppraisalCouncil => ({
  type: 'ConveneAppraisalCouncil',
  data: { dossierId: DOSSIER_ID, chair: CHAIR, members: MEMBERS, ...overrides },
  metadata: by('coordination_office', now),
});

const councilRole = (memberId: string): Role => (memberId === CHAIR ? 'council_chair' : 'council_member');

export const castCouncilVote = (memberId: string, vote: Vote = 'approve', comment = ''): C.CastCouncilVote => ({
  type: 'CastCouncilVote',
  data: { dossierId: DOSSIER_ID, vote, comment },
  metadata: by(councilRole(memberId), AT.voted, memberId),
});

export const changeCouncilVote = (memberId: string, vote: Vote, reason: string, comment = ''): C.ChangeCouncilVote => ({
  type: 'ChangeCouncilVote',
  data: { dossierId: DOSSIER_ID, vote, comment, reason },
  metadata: by(councilRole(memberId), AT.voted, memberId),
});

export const concludeAppraisal = (): C.ConcludeAppraisal => ({
  type: 'ConcludeAppraisal',
  data: { dossierId: DOSSIER_ID },
  metadata: by('council_chair', AT.appraised),
});

export const recordRecognitionDecision = (
  overrides: Partial<Data<C.RecordRecognitionDecision>> = {},
  now: string = AT.recognised,
): C.RecordRecognitionDecision => ({
  type: 'RecordRecognitionDecision',
  data: { dossierId: DOSSIER_ID, decisionNo: '1234/QĐ-UBND', decisionDate: '2024-06-03', signer: SIGNER, ...overrides },
  metadata: by('provincial_chairperson', now),
});

export const recordRejectionDecision = (reasons: string[] = ['Thu nhập chưa đạt']): C.RecordRejectionDecision => ({
  type: 'RecordRejectionDecision',
  data: { dossierId: DOSSIER_ID, reasons },
  metadata: by('provincial_chairperson', AT.recognised),
});

export const withdrawDossier = (reason = 'Xã xin lùi năm đăng ký', now: string = AT.withdrawn): C.WithdrawDossier => ({
  type: 'WithdrawDossier',
  data: { dossierId: DOSSIER_ID, reason },
  metadata: by('commune_officer', now),
});

export const recordMonitoringReview = (
  failingCriteria: string[] = FAILING_WITH_KEY,
  overrides: Partial<Data<C.RecordMonitoringReview>> = {},
  now: string = AT.reviewed,
): C.RecordMonitoringReview => ({
  type: 'RecordMonitoringReview',
  data: { dossierId: DOSSIER_ID, year: 2025, reviewedOn: '2025-06-16', failingCriteria, ...overrides },
  metadata: by('verifying_officer', now),
});

export const proposeRevocation = (grounds: E.CitedGrounds = GROUNDS): C.ProposeRevocation => ({
  type: 'ProposeRevocation',
  data: { dossierId: DOSSIER_ID, grounds, explanation: 'Rà soát năm 2025: 6/19 tiêu chí không đạt, gồm tiêu chí Thu nhập' },
  metadata: by('coordination_office', AT.proposed),
});

export const dismissRevocationProposal = (reason = 'Xã đã khắc phục tiêu chí Thu nhập'): C.DismissRevocationProposal => ({
  type: 'DismissRevocationProposal',
  data: { dossierId: DOSSIER_ID, reason },
  metadata: by('provincial_chairperson', AT.revoked),
});

export const revokeRecognition = (
  overrides: Partial<Data<C.RevokeRecognition>> = {},
  now: string = AT.revoked,
): C.RevokeRecognition => ({
  type: 'RevokeRecognition',
  data: { dossierId: DOSSIER_ID, decisionNo: '2222/QĐ-UBND', decisionDate: '2025-08-01', signer: SIGNER, grounds: GROUNDS, ...overrides },
  metadata: by('provincial_chairperson', now),
});

export const importRecognition = (overrides: Partial<Data<C.ImportRecognition>> = {}, now: string = IMPORTED_AT): C.ImportRecognition => ({
  type: 'ImportRecognition',
  data: {
    dossierId: DOSSIER_ID,
    communeCode: COMMUNE_CODE,
    provinceCode: PROVINCE_CODE,
    districtCode: DISTRICT_CODE,
    unitKind: 'commune',
    unitMap: '2025-03',
    level: 'standard',
    packId: 'ntm-2016-2020',
    packVersion: '1',
    decisionNo: '1234/QĐ-UBND',
    decisionDate: '2019-05-10',
    signer: SIGNER,
    importedAt: IMPORT_RAN_AT,
    ...overrides,
  },
  metadata: by('coordination_office', now),
});

export const importRevocation = (overrides: Partial<Data<C.ImportRevocation>> = {}, now = '2021-03-01T01:00:00.000Z'): C.ImportRevocation => ({
  type: 'ImportRevocation',
  data: { dossierId: DOSSIER_ID, decisionNo: '88/QĐ-UBND', decisionDate: '2021-03-01', signer: SIGNER, groundsText: 'Không duy trì tiêu chí Môi trường', failingCriteria: ['C17'], ...overrides },
  metadata: by('coordination_office', now),
});

export const recordRenewal = (overrides: Partial<Data<C.RecordRenewal>> = {}, now = '2023-05-10T02:00:00.000Z'): C.RecordRenewal => ({
  type: 'RecordRenewal',
  data: { dossierId: DOSSIER_ID, byDossierId: 'dossier-00001-2023', packId: 'ntm-2021-2025', packVersion: '1', renewedOn: '2023-05-10', ...overrides },
  metadata: by('provincial_chairperson', now),
});

export const recordDeadlineReached = (
  kind: E.DeadlineKind,
  dueAt: string,
  now: string,
  requalification: C.RecordDeadlineReached['data']['requalification'] = null,
): C.RecordDeadlineReached => ({
  type: 'RecordDeadlineReached',
  data: { dossierId: DOSSIER_ID, kind, dueAt, requalification },
  metadata: by('system', now),
});
