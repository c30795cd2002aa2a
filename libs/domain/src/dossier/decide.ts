import {
  checkEligibility,
  criteriaSetFor,
  getPack,
  levelRules,
  revocationGrounds,
  validatePackSettings,
} from '../regulations';
import type { RegulationPack, VotingRule } from '../regulations/regulation-pack';
import { isCalendarDate, toDayNumber, vietnamDate } from '../calendar/dates';
import { DEFAULT_CALENDAR } from '../calendar/working-day-calendar';
import { pendingDeadlines } from '../deadlines/deadlines';
import type {
  CastCouncilVote,
  ChangeCouncilVote,
  ConcludeAppraisal,
  ConveneAppraisalCouncil,
  DeclareRecognitionConditions,
  DismissRevocationProposal,
  DossierCommand,
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

  const pack = getPack(data.packId, data.packVersion);
  const rules = levelRules(pack, data.level, 'commune');
  const set = criteriaSetFor(pack, data.level, 'commune');
  if (data.effectiveSettings) validatePackSettings(data.effectiveSettings);

  const registrationYear = Number(today.slice(0, 4));
  if (data.targetYear < registrationYear) throw new InvalidTargetYearError(data.targetYear, registrationYear);

  let prerequisite: { level: typeof data.level; dossierId: string; recognisedAt: string } | null = null;
  if (rules.requires) {
    const held = data.currentRecognitions.find((r) => r.level === rules.requires);
    if (!held) {
      throw new PrerequisiteLevelMissingError(
        data.level,
        rules.requires,
        data.currentRecognitions.map((r) => r.level),
      );
    }
    prerequisite = { level: held.level, dossierId: held.dossierId, recognisedAt: held.recognisedAt };
  }

  return [
    {
      type: 'DossierRegistered',
      data: {
        dossierId: data.dossierId,
        communeCode: data.communeCode,
        provinceCode: data.provinceCode,
        districtCode: data.districtCode ?? null,
        level: data.level,
        targetYear: data.targetYear,
        packId: pack.id,
        packVersion: pack.version,
        criteriaSetCode: set.code,
        criteriaCodes: set.criteria.map((c) => c.code),
        conditions: [...rules.conditions],
        settings: data.effectiveSettings ?? pack.settings,
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
  return [
    {
      type: 'RecognitionConditionsDeclared',
      data: {
        dossierId: state.dossier.dossierId,
        hasConstructionDebt,
        isComplexSecurityArea,
        registeredInPlan: registeredInPlan ?? null,
        evidence: evidence ?? [],
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
  );

  const own: DossierUnmetItem[] = [];
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

  const judgedCodes = judgedCriteriaCodes(pack, dossier);
  const unknown = failingCriteria.filter((c) => !judgedCodes.codes.includes(c));
  if (unknown.length > 0) throw new DossierUnknownCriterionError(unknown, judgedCodes.setCode);

  const malformed = badDates([['reviewedOn', reviewedOn]]);
  if (malformed.length > 0) throw new DossierInvalidInputError(command.type, malformed);
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
  if (problems.length > 0) throw new DossierInvalidInputError(command.type, problems);

  const found = revocationGrounds(failingCriteria, pack, dossier.level);
  const finding: RevocationFinding = {
    hasGrounds: found.hasGrounds,
    rule: found.rule,
    failing: [...found.failing],
    keyFailing: [...found.keyFailing],
    total: found.total,
    share: found.share,
    judgedAgainst: found.judgedAgainst,
  };
  return [
    {
      type: 'MonitoringReviewRecorded',
      data: { dossierId: dossier.dossierId, year, reviewedOn, failingCriteria, finding },
    },
  ];
}

function proposeRevocation(command: ProposeRevocation, state: Recognised): DossierEvent[] {
  const grounds = normaliseGrounds(command.data.grounds);
  assertGroundsFound(grounds, state.latestReview);
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
  const grounds = normaliseGrounds(command.data.grounds);
  // Checked again at decision time: a review recorded after the proposal may have cleared the grounds.
  assertGroundsFound(grounds, state.latestReview);
  assertDecisionDate(command.type, decisionDate, command.metadata.now, state.latestReview.reviewedOn);
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
        reviewedOn: state.latestReview.reviewedOn,
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

/** Revocation is judged against the pack's rule set for the level (advanced and model: the advanced set). */
function judgedCriteriaCodes(pack: RegulationPack, dossier: DossierFacts): { setCode: string; codes: string[] } {
  const setCode = pack.revocation?.judgedAgainst[dossier.level];
  const set = setCode ? pack.criteriaSets.find((s) => s.code === setCode) : undefined;
  if (!set) return { setCode: dossier.criteriaSetCode, codes: dossier.criteriaCodes };
  return { setCode: set.code, codes: set.criteria.map((c) => c.code) };
}

function normaliseGrounds(grounds: CitedGrounds): CitedGrounds {
  return { rule: grounds.rule, failingCriteria: [...new Set(grounds.failingCriteria)] };
}

function assertGroundsFound(cited: CitedGrounds, review: MonitoringReview | null): void {
  if (!review) throw new NoRevocationGroundsError(cited, null, 'no-review');
  const { year, reviewedOn, finding } = review;
  if (!finding.hasGrounds) throw new NoRevocationGroundsError(cited, { year, reviewedOn, finding }, 'review-found-no-grounds');
  const failing = new Set(finding.failing);
  const found =
    cited.rule === finding.rule &&
    cited.failingCriteria.length > 0 &&
    cited.failingCriteria.every((c) => failing.has(c)) &&
    (cited.rule !== 'partial-with-key' || cited.failingCriteria.some((c) => finding.keyFailing.includes(c)));
  if (!found) throw new NoRevocationGroundsError(cited, { year, reviewedOn, finding }, 'cited-grounds-not-found');
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
