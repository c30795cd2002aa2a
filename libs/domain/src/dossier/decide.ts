import {
  checkEligibility,
  criteriaSetByCode,
  getPack,
  judgeRevocation,
  laterPeriodPacks,
  levelRules,
  revocationBasis,
  validatePackSettings,
} from '../regulations';
import { PROGRAMME_PERIODS, type LevelRules, type PackSettings, type RegulationPack, type VotingRule } from '../regulations/regulation-pack';
import { unitRegistry } from '../units';
import { meetsLevel } from '../mergers/merger-policy';
import type { RequalificationTarget } from '../deadlines/deadlines';
import { endOfVietnamDay, isCalendarDate, toDayNumber, vietnamDate } from '../calendar/dates';
import { DEFAULT_CALENDAR } from '../calendar/working-day-calendar';
import { pendingDeadlines } from '../deadlines/deadlines';
import type {
  CastCouncilVote,
  ChangeCouncilVote,
  ConcludeAppraisal,
  ConveneAppraisalCouncil,
  DeclareRecognitionConditions,
  DismissRevocationProposal,
  DistrictCommuneStanding,
  DossierCommand,
  ImportRecognition,
  ImportRevocation,
  RecordRenewal,
  DossierCommandType,
  ProposeRevocation,
  ProvideSupplement,
  RecordCriterionResults,
  RecordDeadlineReached,
  RecordMonitoringReview,
  RecordPublicConsultation,
  RecordRecognitionDecision,
  RecordRejectionDecision,
  RegisterDossier,
  RequestSupplement,
  ReturnDossierForRevision,
  RevokeRecognition,
  SubmitForAppraisal,
  SubmitForVerification,
  VerifyDossier,
  WithdrawDossier,
} from './commands';
import {
  AlreadyVotedError,
  CouncilNotConvenedError,
  DeadlineNotDueError,
  DossierAlreadyRegisteredError,
  DossierInvalidInputError,
  DossierNotEligibleError,
  DossierNotFoundError,
  DossierWrongStateError,
  type DossierUnmetItem,
  type InputProblem,
  InvalidTargetYearError,
  NoRevocationGroundsError,
  NoVoteToChangeError,
  NotACouncilMemberError,
  PrerequisiteLevelMissingError,
  QuorumNotMetError,
  ReasonRequiredError,
  SupplementAlreadyRequestedError,
  DossierUnknownCriterionError,
  VotingUnderWayError,
} from './errors';
import type {
  CitedGrounds,
  DossierDocumentKind,
  DossierRegistered,
  DossierEvent,
  RevocationFinding,
  VoteTally,
  WithdrawableStatus,
} from './events';
import { STATUSES_WITH_DEADLINES, holdsRecognition } from './state';
import type {
  AppraisalProgress,
  Appraised,
  AwaitingSupplement,
  DossierFacts,
  DossierState,
  DossierStatus,
  Drafting,
  MonitoringReview,
  Recognised,
  RegisteredDossierState,
  RevocationPending,
  StatusWithDeadlines,
  UnderAppraisal,
  UnderVerification,
  Verified,
} from './state';

/**
 * TT 40/2014's list of what a dossier holds when it goes up. Kept here until regulation packs describe documents;
 * the verifier and the office may still ask for more through findings and the supplement.
 */
export const REQUIRED_SUBMISSION_DOCUMENTS: readonly DossierDocumentKind[] = [
  'submission-letter',
  'results-report',
  'comments-summary',
  'proposal-minutes',
];

export const WITHDRAWABLE_STATUSES: readonly WithdrawableStatus[] = [
  'drafting',
  'under_verification',
  'verified',
  'under_appraisal',
  'awaiting_supplement',
  'appraised',
];

export function decide(command: DossierCommand, state: DossierState): DossierEvent[] {
  if (command.type === 'RegisterDossier') return register(command, state);
  if (command.type === 'ImportRecognition') return importRecognition(command, state);
  if (state.status === 'unregistered') throw new DossierNotFoundError(command.type, command.data.dossierId);
  if (command.data.dossierId !== state.dossier.dossierId) {
    throw new DossierInvalidInputError(command.type, [
      { field: 'dossierId', rule: `must be ${state.dossier.dossierId}, the dossier of this stream` },
    ]);
  }
  // Refused up front so that no rule below ever compares a date with an unreadable `now`.
  todayOf(command.type, command.metadata.now);

  switch (command.type) {
    case 'RecordCriterionResults':
      return recordCriterionResults(command, inStatus(state, command.type, ['drafting']));
    case 'RecordPublicConsultation':
      return recordPublicConsultation(command, inStatus(state, command.type, ['drafting']));
    case 'DeclareRecognitionConditions':
      return declareRecognitionConditions(command, inStatus(state, command.type, ['drafting']));
    case 'SubmitForVerification':
      return submitForVerification(command, inStatus(state, command.type, ['drafting']));
    case 'VerifyDossier':
      return verify(command, inStatus(state, command.type, ['under_verification']));
    case 'ReturnDossierForRevision':
      return returnForRevision(command, inStatus(state, command.type, ['under_verification']));
    case 'SubmitForAppraisal':
      return submitForAppraisal(command, inStatus(state, command.type, ['verified']));
    case 'RequestSupplement':
      if (state.status === 'awaiting_supplement') throw new SupplementAlreadyRequestedError(state.dossier.dossierId);
      return requestSupplement(command, inStatus(state, command.type, ['under_appraisal']));
    case 'ProvideSupplement':
      return provideSupplement(command, inStatus(state, command.type, ['awaiting_supplement']));
    case 'ConveneAppraisalCouncil':
      return conveneCouncil(command, inStatus(state, command.type, ['under_appraisal']));
    case 'CastCouncilVote':
      return castVote(command, inStatus(state, command.type, ['under_appraisal']));
    case 'ChangeCouncilVote':
      return changeVote(command, inStatus(state, command.type, ['under_appraisal']));
    case 'ConcludeAppraisal':
      return concludeAppraisal(command, inStatus(state, command.type, ['under_appraisal']));
    case 'RecordRecognitionDecision':
      return recordRecognition(command, approved(inStatus(state, command.type, ['appraised']), command.type));
    case 'RecordRejectionDecision':
      return recordRejection(command, approved(inStatus(state, command.type, ['appraised']), command.type));
    case 'WithdrawDossier':
      return withdraw(command, inStatus(state, command.type, WITHDRAWABLE_STATUSES));
    case 'RecordMonitoringReview':
      return recordMonitoringReview(command, inStatus(state, command.type, ['recognised', 'revocation_proposed']));
    case 'ProposeRevocation':
      return proposeRevocation(command, inStatus(state, command.type, ['recognised']));
    case 'DismissRevocationProposal':
      return dismissRevocationProposal(command, inStatus(state, command.type, ['revocation_proposed']));
    case 'RevokeRecognition':
      return revoke(command, inStatus(state, command.type, ['revocation_proposed']));
    case 'RecordDeadlineReached':
      return recordDeadlineReached(command, inStatus(state, command.type, STATUSES_WITH_DEADLINES));
    case 'ImportRevocation':
      return importRevocation(command, inStatus(state, command.type, ['recognised', 'revocation_proposed']));
    case 'RecordRenewal':
      return recordRenewal(command, inStatus(state, command.type, ['recognised', 'revocation_proposed']));
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled dossier command ${JSON.stringify(unhandled)}`);
    }
  }
}

function register(command: RegisterDossier, state: DossierState): DossierEvent[] {
  const { data, metadata } = command;
  if (state.status !== 'unregistered') throw new DossierAlreadyRegisteredError(state.dossier.dossierId, state.status);
  const today = todayOf(command.type, metadata.now);

  const unitKind = data.unitKind ?? 'commune';
  const pack = getPack(data.packId, data.packVersion);
  const rules = levelRules(pack, data.level, unitKind);
  if (data.effectiveSettings) validatePackSettings(data.effectiveSettings);

  const registrationYear = Number(today.slice(0, 4));
  if (data.targetYear < registrationYear) throw new InvalidTargetYearError(data.targetYear, registrationYear);

  let prerequisite: DossierRegistered['data']['prerequisite'] = null;
  if (rules.requires) {
    const required = rules.requires;
    // A higher level held meets a lower requirement (a model commune has met the advanced level).
    const held = data.currentRecognitions.find((r) => meetsLevel(r.level, required));
    if (!held) {
      throw new PrerequisiteLevelMissingError(
        data.level,
        required,
        data.currentRecognitions.map((r) => r.level),
      );
    }
    prerequisite = { level: held.level, dossierId: held.dossierId, recognisedAt: held.recognisedAt, ...(held.inheritedFrom ? { inheritedFrom: held.inheritedFrom } : {}) };
  }

  return [
    {
      type: 'DossierRegistered',
      data: {
        dossierId: data.dossierId,
        communeCode: data.communeCode,
        provinceCode: data.provinceCode,
        districtCode: data.districtCode ?? null,
        unitKind,
        unitMap: data.unitMap ?? unitRegistry.mapInForceOn(today),
        level: data.level,
        targetYear: data.targetYear,
        ...judgedBy(pack, rules, data.effectiveSettings),
        prerequisite,
        registeredAt: metadata.now,
      },
    },
  ];
}

function recordCriterionResults(command: RecordCriterionResults, state: Drafting): DossierEvent[] {
  const codes = Object.keys(command.data.results);
  if (codes.length === 0) {
    throw new DossierInvalidInputError(command.type, [{ field: 'results', rule: 'must name at least one criterion' }]);
  }
  assertKnownCriteria(codes, state.dossier);
  return [{ type: 'CriterionResultsRecorded', data: { dossierId: state.dossier.dossierId, results: command.data.results } }];
}

function recordPublicConsultation(command: RecordPublicConsultation, state: Drafting): DossierEvent[] {
  const { period, announcements, writtenComments, satisfactionSurvey } = command.data;
  const malformed = badDates([
    ['period.from', period.from],
    ['period.to', period.to],
    ...announcements.map((a, i): [string, string] => [`announcements[${i}].postedOn`, a.postedOn]),
    ...writtenComments.map((c, i): [string, string] => [`writtenComments[${i}].receivedOn`, c.receivedOn]),
  ]);
  if (malformed.length > 0) throw new DossierInvalidInputError(command.type, malformed);
  const problems: InputProblem[] = [];
  if (period.from > period.to) problems.push({ field: 'period', rule: 'must not end before it starts' });
  announcements.forEach((a, i) => {
    if (a.postedOn < period.from || a.postedOn > period.to) {
      problems.push({ field: `announcements[${i}].postedOn`, rule: 'must fall within the consultation period' });
    }
  });
  if (satisfactionSurvey) {
    const { surveyed, satisfied } = satisfactionSurvey;
    if (!(surveyed > 0)) problems.push({ field: 'satisfactionSurvey.surveyed', rule: 'must be positive' });
    if (!(satisfied >= 0 && satisfied <= surveyed)) {
      problems.push({ field: 'satisfactionSurvey.satisfied', rule: 'must be between 0 and the number surveyed' });
    }
  }
  if (problems.length > 0) throw new DossierInvalidInputError(command.type, problems);

  return [
    {
      type: 'PublicConsultationRecorded',
      data: {
        dossierId: state.dossier.dossierId,
        period,
        announcements,
        writtenComments,
        satisfactionSurvey: satisfactionSurvey
          ? {
              surveyed: satisfactionSurvey.surveyed,
              satisfied: satisfactionSurvey.satisfied,
              // Multiply first: 57 * 100 / 100 is exactly 57, 57 / 100 * 100 is 56.99999999999999.
              percent: (satisfactionSurvey.satisfied * 100) / satisfactionSurvey.surveyed,
            }
          : null,
      },
    },
  ];
}

function declareRecognitionConditions(command: DeclareRecognitionConditions, state: Drafting): DossierEvent[] {
  const { hasConstructionDebt, isComplexSecurityArea, registeredInPlan, evidence } = command.data;
  const lowest = command.data.lowestCommuneSatisfactionPercent;
  if (lowest !== undefined && lowest !== null && !(Number.isFinite(lowest) && lowest >= 0 && lowest <= 100)) {
    throw new DossierInvalidInputError(command.type, [{ field: 'lowestCommuneSatisfactionPercent', rule: 'must be a percentage from 0 to 100' }]);
  }
  return [
    {
      type: 'RecognitionConditionsDeclared',
      data: {
        dossierId: state.dossier.dossierId,
        hasConstructionDebt,
        isComplexSecurityArea,
        registeredInPlan: registeredInPlan ?? null,
        evidence: evidence ?? [],
        ...(state.dossier.unitKind === 'district' ? { lowestCommuneSatisfactionPercent: lowest ?? null } : {}),
      },
    },
  ];
}

function submitForVerification(command: SubmitForVerification, state: Drafting): DossierEvent[] {
  const { dossier, record } = state;
  const pack = packAsRegistered(dossier);
  const criteria: Record<string, { met: boolean } | undefined> = {};
  for (const code of dossier.criteriaCodes) {
    const result = record.results[code];
    criteria[code] = result ? { met: result.met } : undefined;
  }
  const eligibility = checkEligibility(
    {
      criteria,
      satisfactionPercent: record.consultation?.satisfactionSurvey?.percent ?? null,
      hasConstructionDebt: record.conditions?.hasConstructionDebt ?? null,
      isComplexSecurityArea: record.conditions?.isComplexSecurityArea ?? null,
      registeredInPlan: record.conditions?.registeredInPlan ?? null,
    },
    pack,
    dossier.level,
    dossier.unitKind,
  );

  const standing = command.data.communeStanding ?? null;
  const declaredLowest = record.conditions?.lowestCommuneSatisfactionPercent ?? null;
  const own: DossierUnmetItem[] = [
    ...districtPrerequisites(levelRules(pack, dossier.level, dossier.unitKind), standing && { ...standing, lowestSatisfactionPercent: standing.lowestSatisfactionPercent ?? declaredLowest }),
  ];
  const { minPostings, windowDays } = dossier.settings.consultation;
  if (!record.consultation) {
    own.push({ kind: 'consultation-unrecorded' });
  } else {
    const found = mostPostingsWithin(record.consultation.announcements.map((a) => a.postedOn), windowDays);
    if (found < minPostings) {
      own.push({ kind: 'consultation-too-few-postings', required: minPostings, withinDays: windowDays, found });
    }
  }
  const present = new Set(command.data.documents.map((d) => d.kind));
  for (const kind of REQUIRED_SUBMISSION_DOCUMENTS) {
    if (!present.has(kind)) own.push({ kind: 'document-missing', document: kind });
  }

  const unmet = [...eligibility.unmet, ...own];
  if (!eligibility.eligible || unmet.length > 0) throw new DossierNotEligibleError(unmet);

  return [
    {
      type: 'DossierSubmittedForVerification',
      data: {
        dossierId: dossier.dossierId,
        round: state.submissions + 1,
        documents: command.data.documents,
        submittedAt: command.metadata.now,
      },
    },
  ];
}

function verify(command: VerifyDossier, state: UnderVerification): DossierEvent[] {
  return [
    {
      type: 'DossierVerified',
      data: {
        dossierId: state.dossier.dossierId,
        round: state.round,
        findings: command.data.findings,
        verifiedAt: command.metadata.now,
      },
    },
  ];
}

function returnForRevision(command: ReturnDossierForRevision, state: UnderVerification): DossierEvent[] {
  const reasons = nonBlank(command.data.reasons);
  if (reasons.length === 0) throw new ReasonRequiredError(command.type);
  return [
    {
      type: 'DossierReturnedByVerifier',
      data: { dossierId: state.dossier.dossierId, round: state.round, reasons, returnedAt: command.metadata.now },
    },
  ];
}

function submitForAppraisal(command: SubmitForAppraisal, state: Verified): DossierEvent[] {
  return [
    {
      type: 'DossierSubmittedForAppraisal',
      data: {
        dossierId: state.dossier.dossierId,
        documents: command.data.documents ?? [],
        submittedAt: command.metadata.now,
      },
    },
  ];
}

function requestSupplement(command: RequestSupplement, state: UnderAppraisal): DossierEvent[] {
  const { appraisal, dossier } = state;
  if (appraisal.supplement !== 'not-requested') throw new SupplementAlreadyRequestedError(dossier.dossierId);
  const votesCast = Object.keys(appraisal.votes).length;
  if (appraisal.council && votesCast > 0) throw new VotingUnderWayError(appraisal.council.round, votesCast);

  const { items } = command.data;
  const problems: InputProblem[] = [];
  if (items.length === 0) problems.push({ field: 'items', rule: 'must list everything missing, at least one item' });
  items.forEach((item, i) => {
    if (item.description.trim() === '') problems.push({ field: `items[${i}].description`, rule: 'must not be blank' });
  });
  if (problems.length > 0) throw new DossierInvalidInputError(command.type, problems);
  const evidenceCodes = items.flatMap((i) => (i.kind === 'criterion-evidence' && i.ref !== undefined ? [i.ref] : []));
  assertKnownCriteria(evidenceCodes, dossier);

  return [{ type: 'SupplementRequested', data: { dossierId: dossier.dossierId, items, requestedAt: command.metadata.now } }];
}

function provideSupplement(command: ProvideSupplement, state: AwaitingSupplement): DossierEvent[] {
  const documents = command.data.documents;
  const criterionEvidence = command.data.criterionEvidence ?? {};
  if (documents.length === 0 && Object.values(criterionEvidence).every((refs) => refs.length === 0)) {
    throw new DossierInvalidInputError(command.type, [
      { field: 'documents', rule: 'a supplement must provide at least one document or piece of evidence' },
    ]);
  }
  assertKnownCriteria(Object.keys(criterionEvidence), state.dossier);
  return [
    {
      type: 'SupplementProvided',
      data: {
        dossierId: state.dossier.dossierId,
        documents,
        criterionEvidence,
        note: command.data.note ?? null,
        providedAt: command.metadata.now,
      },
    },
  ];
}

function conveneCouncil(command: ConveneAppraisalCouncil, state: UnderAppraisal): DossierEvent[] {
  const chair = command.data.chair.trim();
  const members = [...new Set([chair, ...command.data.members].map((m) => m.trim()).filter((m) => m !== ''))];
  if (chair.trim() === '') {
    throw new DossierInvalidInputError(command.type, [{ field: 'chair', rule: 'must name the chair' }]);
  }
  const previous = state.appraisal.council;
  const reason = command.data.reason?.trim() || null;
  // Reconvening discards the earlier round's votes, so it must say why.
  if (previous && !reason) throw new ReasonRequiredError(command.type);
  return [
    {
      type: 'AppraisalCouncilConvened',
      data: {
        dossierId: state.dossier.dossierId,
        round: (previous?.round ?? 0) + 1,
        chair,
        members,
        convenedAt: command.metadata.now,
        supersedesRound: previous?.round ?? null,
        reason,
      },
    },
  ];
}

function castVote(command: CastCouncilVote, state: UnderAppraisal): DossierEvent[] {
  const council = convened(state.appraisal, command.type);
  const memberId = command.metadata.actor.id;
  if (!council.members.includes(memberId)) throw new NotACouncilMemberError(memberId, council.round);
  const earlier = state.appraisal.votes[memberId];
  if (earlier) throw new AlreadyVotedError(memberId, council.round, earlier.vote);
  return [
    {
      type: 'CouncilVoteCast',
      data: {
        dossierId: state.dossier.dossierId,
        round: council.round,
        memberId,
        vote: command.data.vote,
        comment: command.data.comment,
      },
    },
  ];
}

function changeVote(command: ChangeCouncilVote, state: UnderAppraisal): DossierEvent[] {
  const council = convened(state.appraisal, command.type);
  const memberId = command.metadata.actor.id;
  if (!council.members.includes(memberId)) throw new NotACouncilMemberError(memberId, council.round);
  const earlier = state.appraisal.votes[memberId];
  if (!earlier) throw new NoVoteToChangeError(memberId, council.round);
  const reason = requiredReason(command.type, command.data.reason);
  return [
    {
      type: 'CouncilVoteChanged',
      data: {
        dossierId: state.dossier.dossierId,
        round: council.round,
        memberId,
        previousVote: earlier.vote,
        vote: command.data.vote,
        comment: command.data.comment,
        reason,
      },
    },
  ];
}

function concludeAppraisal(command: ConcludeAppraisal, state: UnderAppraisal): DossierEvent[] {
  const council = convened(state.appraisal, command.type);
  const rule = state.dossier.settings.voting;
  const tally = tallyVotes(council.members, state.appraisal.votes);
  const required = quorumRequired(tally.members, rule.quorum);
  if (tally.cast < required) throw new QuorumNotMetError(council.round, tally.members, tally.cast, required, rule.quorum);

  const outcome = appraisalOutcome(tally, rule);
  const { now, actor } = command.metadata;
  const dossierId = state.dossier.dossierId;
  const appraised: DossierEvent = {
    type: 'DossierAppraised',
    data: { dossierId, round: council.round, outcome, tally, rule, appraisedAt: now },
  };
  if (outcome === 'approved') return [appraised];

  const reasons = nonBlank(
    council.members.flatMap((m) => {
      const v = state.appraisal.votes[m];
      return v && v.vote !== 'approve' ? [v.comment] : [];
    }),
  );
  return [appraised, { type: 'DossierRejected', data: { dossierId, stage: 'appraisal', reasons, rejectedAt: now, by: actor.id } }];
}

function recordRecognition(command: RecordRecognitionDecision, state: Appraised): DossierEvent[] {
  const { decisionNo, decisionDate, signer } = command.data;
  assertDecisionDate(command.type, decisionDate, command.metadata.now, state.appraisedAt);
  const { dossier } = state;
  return [
    {
      type: 'DossierRecognised',
      data: {
        dossierId: dossier.dossierId,
        communeCode: dossier.communeCode,
        level: dossier.level,
        decisionNo,
        decisionDate,
        signer,
        packId: dossier.packId,
        packVersion: dossier.packVersion,
        recognisedAt: command.metadata.now,
        by: command.metadata.actor.id,
      },
    },
  ];
}

function recordRejection(command: RecordRejectionDecision, state: Appraised): DossierEvent[] {
  const reasons = nonBlank(command.data.reasons);
  if (reasons.length === 0) throw new ReasonRequiredError(command.type);
  return [
    {
      type: 'DossierRejected',
      data: {
        dossierId: state.dossier.dossierId,
        stage: 'decision',
        reasons,
        rejectedAt: command.metadata.now,
        by: command.metadata.actor.id,
      },
    },
  ];
}

function withdraw(command: WithdrawDossier, state: Extract<DossierState, { status: WithdrawableStatus }>): DossierEvent[] {
  const reason = requiredReason(command.type, command.data.reason);
  return [
    {
      type: 'DossierWithdrawn',
      data: { dossierId: state.dossier.dossierId, reason, withdrawnFrom: state.status, withdrawnAt: command.metadata.now },
    },
  ];
}

function recordMonitoringReview(command: RecordMonitoringReview, state: Recognised | RevocationPending): DossierEvent[] {
  const { year, reviewedOn } = command.data;
  const failingCriteria = [...new Set(command.data.failingCriteria)];
  const { dossier } = state;
  const pack = packAsRegistered(dossier);

  const malformed = badDates([['reviewedOn', reviewedOn]]);
  if (malformed.length > 0) throw new DossierInvalidInputError(command.type, malformed);
  // The rule in force on the review date judges, against the set it names: an older recognition meets QĐ 18/2022.
  const basis = revocationBasis(pack, dossier.level, dossier.unitKind, reviewedOn);
  const ownSetCode = dossier.criteriaSetCode;
  const judgedSet = criteriaSetByCode(basis?.pack ?? pack, basis?.setCode ?? ownSetCode);
  const judgedCodes = judgedSet.criteria.map((c) => c.code);
  const unknown = failingCriteria.filter((c) => !judgedCodes.includes(c));
  if (unknown.length > 0) throw new DossierUnknownCriterionError(unknown, judgedSet.code);

  const today = todayOf(command.type, command.metadata.now);
  const problems: InputProblem[] = [];
  if (reviewedOn > today) problems.push({ field: 'reviewedOn', rule: 'must not be in the future' });
  if (reviewedOn < state.recognition.decisionDate) {
    problems.push({ field: 'reviewedOn', rule: 'must not precede the recognition decision' });
  }
  if (state.latestReview && reviewedOn < state.latestReview.reviewedOn) {
    problems.push({ field: 'reviewedOn', rule: `must not precede the latest review (${state.latestReview.reviewedOn})` });
  }
  if (year > Number(reviewedOn.slice(0, 4))) problems.push({ field: 'year', rule: 'must not be after the review date' });
  const lost = command.data.communesLost ?? null;
  if (lost && !(Number.isInteger(lost.lost) && Number.isInteger(lost.of) && lost.lost >= 0 && lost.of >= lost.lost)) {
    problems.push({ field: 'communesLost', rule: 'must be whole numbers with lost between 0 and of' });
  }
  if (problems.length > 0) throw new DossierInvalidInputError(command.type, problems);

  const found = judgeRevocation(failingCriteria, basis, { pack, setCode: ownSetCode }, dossier.unitKind === 'district' ? lost : null);
  const finding: RevocationFinding = {
    hasGrounds: found.hasGrounds,
    rule: found.rule,
    failing: [...found.failing],
    keyFailing: [...found.keyFailing],
    total: found.total,
    share: found.share,
    judgedAgainst: found.judgedAgainst,
    judgedBy: found.judgedBy,
    ...(found.communesLost ? { communesLost: found.communesLost } : {}),
  };
  return [
    {
      type: 'MonitoringReviewRecorded',
      data: { dossierId: dossier.dossierId, year, reviewedOn, failingCriteria, finding },
    },
  ];
}

function proposeRevocation(command: ProposeRevocation, state: Recognised): DossierEvent[] {
  const grounds = citedGrounds(command.type, command.data.grounds, command.data.requalification ?? null, command.metadata.now, state);
  return [
    {
      type: 'RevocationProposed',
      data: {
        dossierId: state.dossier.dossierId,
        grounds,
        explanation: command.data.explanation,
        proposedAt: command.metadata.now,
        by: command.metadata.actor.id,
      },
    },
  ];
}

function dismissRevocationProposal(command: DismissRevocationProposal, state: RevocationPending): DossierEvent[] {
  const reason = requiredReason(command.type, command.data.reason);
  return [
    {
      type: 'RevocationProposalDismissed',
      data: {
        dossierId: state.dossier.dossierId,
        reason,
        dismissedAt: command.metadata.now,
        by: command.metadata.actor.id,
      },
    },
  ];
}

function revoke(command: RevokeRecognition, state: RevocationPending): DossierEvent[] {
  const { decisionNo, decisionDate, signer } = command.data;
  // Checked again at decision time: a review recorded after the proposal may have cleared the grounds, or the
  // commune may have been renewed under the newer set.
  const grounds = citedGrounds(command.type, command.data.grounds, command.data.requalification ?? null, command.metadata.now, state);
  const reviewedOn = grounds.rule === 'not-requalified' ? null : (state.latestReview?.reviewedOn ?? null);
  assertDecisionDate(command.type, decisionDate, command.metadata.now, reviewedOn ?? state.recognition.decisionDate);
  const { dossier } = state;
  return [
    {
      type: 'DossierRevoked',
      data: {
        dossierId: dossier.dossierId,
        communeCode: dossier.communeCode,
        level: dossier.level,
        decisionNo,
        decisionDate,
        signer,
        grounds,
        reviewedOn,
        revokedAt: command.metadata.now,
        by: command.metadata.actor.id,
      },
    },
  ];
}

/**
 * The timer may run late (downtime) or twice (two instances): a deadline is recorded once, when it has passed and is
 * still one the dossier has; a repeat records nothing.
 */
function recordDeadlineReached(
  command: RecordDeadlineReached,
  state: Extract<DossierState, { status: StatusWithDeadlines }>,
): DossierEvent[] {
  const { kind, dueAt } = command.data;
  const { now } = command.metadata;
  const requalification = command.data.requalification ?? null;
  const malformed = requalification ? badDates([['requalification.validFrom', requalification.validFrom], ['requalification.deadline', requalification.deadline]]) : [];
  if (malformed.length > 0) throw new DossierInvalidInputError(command.type, malformed);
  const pending = pendingDeadlines(state, DEFAULT_CALENDAR, requalification);
  const listed = pending.map((d) => ({ kind: d.kind, dueAt: d.dueAt }));
  const deadline = pending.find((d) => d.kind === kind);
  if (!deadline) throw new DeadlineNotDueError(kind, dueAt, 'no-such-deadline', listed);
  if (deadline.reachedAt !== null) return [];
  if (deadline.dueAt !== dueAt) throw new DeadlineNotDueError(kind, dueAt, 'other-due-date', listed);
  if (Date.parse(now) <= Date.parse(dueAt)) throw new DeadlineNotDueError(kind, dueAt, 'not-yet-due', listed);

  const dossierId = state.dossier.dossierId;
  const reached: DossierEvent = {
    type: 'DeadlineReached',
    data: { dossierId, kind, startedAt: deadline.startedAt, dueAt, reachedAt: now },
  };
  if (kind === 'requalification' && holdsRecognition(state)) {
    const target = command.data.requalification;
    if (!target || state.revocationDue?.grounds.rule === 'not-requalified') return [reached];
    return [
      reached,
      {
        type: 'RevocationDue',
        data: {
          dossierId,
          reviewedOn: null,
          grounds: { rule: 'not-requalified', failingCriteria: [], requalification: { packId: target.packId, deadline: target.deadline } },
          dueAt,
          flaggedAt: now,
        },
      },
    ];
  }
  if (kind !== 'remediation' || !holdsRecognition(state)) return [reached];
  const review = state.latestReview;
  // A remediation period exists only while the latest review has grounds; checked again so a torn history flags nothing.
  if (!review?.finding.hasGrounds || review.finding.rule === null) return [reached];
  return [
    reached,
    {
      type: 'RevocationDue',
      data: {
        dossierId,
        reviewedOn: review.reviewedOn,
        grounds: { rule: review.finding.rule, failingCriteria: [...review.finding.failing] },
        dueAt,
        flaggedAt: now,
      },
    },
  ];
}

function importRecognition(command: ImportRecognition, state: DossierState): DossierEvent[] {
  const { data } = command;
  if (state.status !== 'unregistered') throw new DossierAlreadyRegisteredError(state.dossier.dossierId, state.status);
  const today = todayOf(command.type, command.metadata.now);
  const pack = getPack(data.packId, data.packVersion);
  const rules = levelRules(pack, data.level, data.unitKind);
  if (data.effectiveSettings) validatePackSettings(data.effectiveSettings);
  const problems = badDates([['decisionDate', data.decisionDate]]);
  if (data.decisionNo.trim() === '') problems.push({ field: 'decisionNo', rule: 'must not be blank' });
  if (problems.length === 0) {
    if (data.decisionDate > today) problems.push({ field: 'decisionDate', rule: 'must not be after the business time of the import' });
    if (data.decisionDate < pack.validFrom) problems.push({ field: 'decisionDate', rule: `must not precede ${pack.validFrom}, when the ${pack.period} set took effect` });
  }
  if (problems.length > 0) throw new DossierInvalidInputError(command.type, problems);
  return [
    {
      type: 'RecognitionImported',
      data: {
        dossierId: data.dossierId,
        communeCode: data.communeCode,
        provinceCode: data.provinceCode,
        districtCode: data.districtCode,
        unitKind: data.unitKind,
        unitMap: data.unitMap,
        level: data.level,
        ...judgedBy(pack, rules, data.effectiveSettings),
        decisionNo: data.decisionNo.trim(),
        decisionDate: data.decisionDate,
        signer: data.signer,
        recognisedAt: command.metadata.now,
        importedAt: data.importedAt,
        note: data.note?.trim() || null,
      },
    },
  ];
}

function importRevocation(command: ImportRevocation, state: Recognised | RevocationPending): DossierEvent[] {
  const { data } = command;
  const { dossier, recognition } = state;
  const today = todayOf(command.type, command.metadata.now);
  const problems = badDates([['decisionDate', data.decisionDate]]);
  if (data.decisionNo.trim() === '') problems.push({ field: 'decisionNo', rule: 'must not be blank' });
  if (problems.length === 0) {
    if (data.decisionDate > today) problems.push({ field: 'decisionDate', rule: 'must not be after the business time of the import' });
    if (data.decisionDate < recognition.decisionDate) {
      problems.push({ field: 'decisionDate', rule: `must not precede the recognition decision (${recognition.decisionDate})` });
    }
  }
  if (problems.length > 0) throw new DossierInvalidInputError(command.type, problems);
  const failingCriteria = [...new Set(data.failingCriteria ?? [])];
  // The codes a decision names belong to the set it judged by: the rule in force that day, or the dossier's own set.
  const pack = packAsRegistered(dossier);
  const basis = revocationBasis(pack, dossier.level, dossier.unitKind, data.decisionDate);
  const judged = criteriaSetByCode(basis?.pack ?? pack, basis?.setCode ?? dossier.criteriaSetCode);
  const unknown = failingCriteria.filter((c) => !judged.criteria.some((k) => k.code === c));
  if (unknown.length > 0) throw new DossierUnknownCriterionError(unknown, judged.code);
  return [
    {
      type: 'RevocationImported',
      data: {
        dossierId: dossier.dossierId,
        communeCode: dossier.communeCode,
        level: dossier.level,
        decisionNo: data.decisionNo.trim(),
        decisionDate: data.decisionDate,
        signer: data.signer,
        grounds: { rule: 'as-decided', failingCriteria, text: data.groundsText?.trim() || null },
        revokedAt: command.metadata.now,
      },
    },
  ];
}

/** What a dossier pins for life: the pack, the level's set and conditions, the settings in force when it began. */
function judgedBy(pack: RegulationPack, rules: LevelRules, effectiveSettings: PackSettings | undefined) {
  const set = criteriaSetByCode(pack, rules.criteriaSetCode);
  return {
    packId: pack.id,
    packVersion: pack.version,
    criteriaSetCode: set.code,
    criteriaCodes: set.criteria.map((c) => c.code),
    conditions: [...rules.conditions],
    settings: effectiveSettings ?? pack.settings,
  };
}

function recordRenewal(command: RecordRenewal, state: Recognised | RevocationPending): DossierEvent[] {
  const { byDossierId, packId, packVersion, renewedOn } = command.data;
  const problems = badDates([['renewedOn', renewedOn]]);
  if (byDossierId === state.dossier.dossierId) problems.push({ field: 'byDossierId', rule: 'must be another dossier' });
  if (problems.length === 0 && renewedOn < state.recognition.decisionDate) problems.push({ field: 'renewedOn', rule: 'must not precede the recognition it replaces' });
  if (problems.length > 0) throw new DossierInvalidInputError(command.type, problems);
  const own = getPack(state.dossier.packId, state.dossier.packVersion);
  const newer = getPack(packId, packVersion);
  if (PROGRAMME_PERIODS.indexOf(newer.period) <= PROGRAMME_PERIODS.indexOf(own.period)) {
    throw new DossierInvalidInputError(command.type, [{ field: 'packId', rule: `must be of a period after ${own.period}, the recognition's own` }]);
  }
  return [{ type: 'RecognitionRenewed', data: { dossierId: state.dossier.dossierId, byDossierId, packId, renewedOn } }];
}

/** QĐ 320: what a district's communes must have reached before the district applies; nothing for a commune level. */
function districtPrerequisites(rules: LevelRules, standing: DistrictCommuneStanding | null): DossierUnmetItem[] {
  const required = rules.communePrerequisites;
  if (rules.unitKind !== 'district' || !required) return [];
  if (!standing || standing.communes === 0) return [{ kind: 'district-communes-unrecorded' }];
  const unmet: DossierUnmetItem[] = [];
  const share = (n: number) => n / standing.communes;
  if (share(standing.standard) < required.standardShare - 1e-9) {
    unmet.push({ kind: 'district-communes-below-standard', required: required.standardShare, actual: share(standing.standard), communes: standing.communes, recognised: standing.standard });
  }
  if (share(standing.advanced) < required.advancedShare - 1e-9) {
    unmet.push({ kind: 'district-communes-below-advanced', required: required.advancedShare, actual: share(standing.advanced), communes: standing.communes, recognised: standing.advanced });
  }
  if (required.perCommuneSatisfactionMinPercent > 0) {
    const lowest = standing.lowestSatisfactionPercent;
    if (lowest === null) unmet.push({ kind: 'district-commune-satisfaction-unrecorded' });
    else if (lowest < required.perCommuneSatisfactionMinPercent) {
      unmet.push({ kind: 'district-commune-satisfaction-below', required: required.perCommuneSatisfactionMinPercent, actual: lowest });
    }
  }
  return unmet;
}

export function tallyVotes(members: readonly string[], votes: AppraisalProgress['votes']): VoteTally {
  const tally: VoteTally = { members: members.length, cast: 0, approve: 0, reject: 0, abstain: 0 };
  for (const member of members) {
    const v = votes[member];
    if (!v) continue;
    tally.cast += 1;
    tally[v.vote] += 1;
  }
  return tally;
}

/** Members who must vote; the epsilon keeps 25 × 0.28 (7.000000000000001 in floating point) from requiring 8. */
export function quorumRequired(members: number, quorum: number): number {
  return Math.max(1, Math.ceil(members * quorum - 1e-9));
}

/** Abstentions count as votes cast: a member who sat on the council and did not approve has not approved. */
export function appraisalOutcome(tally: VoteTally, rule: VotingRule): 'approved' | 'rejected' {
  if (tally.cast === 0) return 'rejected';
  switch (rule.kind) {
    case 'all-present':
      return tally.approve === tally.cast ? 'approved' : 'rejected';
    case 'majority':
      return tally.approve * 2 > tally.cast ? 'approved' : 'rejected';
    case 'two-thirds':
      return tally.approve * 3 >= tally.cast * 2 ? 'approved' : 'rejected';
    default: {
      const unhandled: never = rule.kind;
      throw new Error(`unhandled voting rule ${String(unhandled)}`);
    }
  }
}

/** Most announcements that fall inside any window of `windowDays` consecutive days. */
export function mostPostingsWithin(postedOn: readonly string[], windowDays: number): number {
  const dates = [...postedOn].sort();
  let best = 0;
  for (let i = 0; i < dates.length; i++) {
    let count = 0;
    for (let j = i; j < dates.length && toDayNumber(dates[j]!) - toDayNumber(dates[i]!) < windowDays; j++) count++;
    best = Math.max(best, count);
  }
  return best;
}

function inStatus<S extends DossierStatus>(
  state: RegisteredDossierState,
  command: DossierCommandType,
  allowed: readonly S[],
): Extract<DossierState, { status: S }> {
  if ((allowed as readonly DossierStatus[]).includes(state.status)) return state as Extract<DossierState, { status: S }>;
  throw new DossierWrongStateError(state.status, command, allowed);
}

function approved(state: Appraised, command: DossierCommandType): Appraised {
  // A rejected appraisal is followed by DossierRejected in the same append; this only guards a torn history.
  if (state.outcome !== 'approved') throw new DossierWrongStateError('rejected', command, ['appraised']);
  return state;
}

function convened(appraisal: AppraisalProgress, command: DossierCommandType) {
  if (!appraisal.council) throw new CouncilNotConvenedError(command);
  return appraisal.council;
}

/** The pinned pack with the settings copied at registration, so later deployment overrides never rejudge a dossier. */
function packAsRegistered(dossier: DossierFacts): RegulationPack {
  return { ...getPack(dossier.packId, dossier.packVersion), settings: dossier.settings };
}

function assertKnownCriteria(codes: readonly string[], dossier: DossierFacts): void {
  const unknown = codes.filter((c) => !dossier.criteriaCodes.includes(c));
  if (unknown.length > 0) throw new DossierUnknownCriterionError(unknown, dossier.criteriaSetCode);
}

function normaliseGrounds(grounds: CitedGrounds): CitedGrounds {
  return { rule: grounds.rule, failingCriteria: [...new Set(grounds.failingCriteria)] };
}

/**
 * The grounds as cited, once checked: found by the latest review, or — for 'not-requalified' — a requalification
 * deadline that has passed with no renewal (the handler looked for one; `requalification` is null when there was
 * one, or when no deadline applies).
 */
function citedGrounds(
  type: DossierCommandType,
  cited: CitedGrounds,
  requalification: RequalificationTarget | null,
  now: string,
  state: Recognised | RevocationPending,
): CitedGrounds {
  if (cited.rule !== 'not-requalified') {
    const grounds = normaliseGrounds(cited);
    assertGroundsFound(grounds, state.latestReview, packAsRegistered(state.dossier));
    return grounds;
  }
  const grounds: CitedGrounds = { rule: 'not-requalified', failingCriteria: [] };
  if (!requalification) throw new NoRevocationGroundsError(grounds, null, 'renewed-or-no-deadline');
  const malformed = badDates([['requalification.deadline', requalification.deadline]]);
  if (malformed.length > 0) throw new DossierInvalidInputError(type, malformed);
  if (Date.parse(now) <= Date.parse(endOfVietnamDay(requalification.deadline))) throw new NoRevocationGroundsError(grounds, null, 'deadline-not-passed');
  return { ...grounds, requalification: { packId: requalification.packId, deadline: requalification.deadline } };
}

function assertGroundsFound(cited: CitedGrounds, review: MonitoringReview | null, pack: RegulationPack): void {
  if (!review) throw new NoRevocationGroundsError(cited, null, 'no-review', named(pack, null, cited.failingCriteria));
  const { year, reviewedOn, finding } = review;
  if (!finding.hasGrounds) throw new NoRevocationGroundsError(cited, { year, reviewedOn, finding }, 'review-found-no-grounds', named(pack, finding.judgedAgainst, cited.failingCriteria));
  const failing = new Set(finding.failing);
  // A district's lost communes are grounds of their own, with no failing criterion to cite.
  const found =
    cited.rule === finding.rule &&
    (cited.rule === 'communes-lost' || cited.failingCriteria.length > 0) &&
    cited.failingCriteria.every((c) => failing.has(c)) &&
    (cited.rule !== 'partial-with-key' || cited.failingCriteria.some((c) => finding.keyFailing.includes(c)));
  if (!found) throw new NoRevocationGroundsError(cited, { year, reviewedOn, finding }, 'cited-grounds-not-found', named(pack, finding.judgedAgainst, cited.failingCriteria));
}

/** Criteria codes with their names, from the set a review judged against (or any set of the dossier's periods). */
function named(pack: RegulationPack, setCode: string | null, codes: string[]): { code: string; nameVi: string; nameEn: string }[] {
  const sets = [pack, ...laterPeriodPacks(pack, pack.province?.code)].flatMap((p) => p.criteriaSets);
  const set = sets.find((s) => s.code === setCode) ?? sets[0];
  return codes.flatMap((code) => {
    const c = set?.criteria.find((k) => k.code === code);
    return c ? [{ code, nameVi: c.nameVi, nameEn: c.nameEn }] : [];
  });
}

function assertDecisionDate(command: DossierCommandType, decisionDate: string, now: string, notBefore: string): void {
  const today = todayOf(command, now);
  const earliest = notBefore.length > 10 ? vietnamDate(notBefore) : notBefore;
  const problems = badDates([['decisionDate', decisionDate]]);
  if (problems.length > 0) throw new DossierInvalidInputError(command, problems);
  if (decisionDate > today) problems.push({ field: 'decisionDate', rule: 'must not be in the future' });
  if (decisionDate < earliest) problems.push({ field: 'decisionDate', rule: `must not precede ${earliest}` });
  if (problems.length > 0) throw new DossierInvalidInputError(command, problems);
}

/** Decision and review dates are Vietnamese calendar dates; `now` is an instant, so compare in UTC+7. */
function todayOf(command: DossierCommandType, now: string): string {
  try {
    return vietnamDate(now);
  } catch {
    throw new DossierInvalidInputError(command, [
      { field: 'metadata.now', rule: 'must be an ISO-8601 instant with a UTC offset' },
    ]);
  }
}

/** The reason a command must give, trimmed; also refuses one left out by a caller that did not check the shape. */
function requiredReason(command: DossierCommandType, reason: unknown): string {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text === '') throw new ReasonRequiredError(command);
  return text;
}

function nonBlank(texts: readonly string[]): string[] {
  return texts.map((t) => t.trim()).filter((t) => t !== '');
}

function badDates(dates: readonly (readonly [field: string, value: string])[]): InputProblem[] {
  return dates
    .filter(([, value]) => !isCalendarDate(value))
    .map(([field]) => ({ field, rule: 'must be a calendar date in YYYY-MM-DD form' }));
}
