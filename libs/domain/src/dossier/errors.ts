import { DomainError } from '../errors';
import type { DossierCommandType } from './commands';
import type { UnmetItem } from '../regulations';
import type { CitedGrounds, DeadlineKind, DossierDocumentKind, RevocationFinding, Vote } from './events';
import type { DossierStatus } from './state';

/**
 * Each code is stable API: clients and the problem+json mapping key on it. An unknown pack or a level the pack does
 * not have surfaces as the regulations' own REGULATION.UNKNOWN_PACK / REGULATION.LEVEL_NOT_IN_PACK.
 */
export const DOSSIER_ERROR_KINDS = {
  'DOSSIER.NOT_FOUND': 'not-found',
  'DOSSIER.ALREADY_REGISTERED': 'conflict',
  'DOSSIER.WRONG_STATE': 'conflict',
  'DOSSIER.INVALID_INPUT': 'rule',
  'DOSSIER.PREREQUISITE_LEVEL_MISSING': 'rule',
  'DOSSIER.INVALID_TARGET_YEAR': 'rule',
  'DOSSIER.UNKNOWN_CRITERION': 'rule',
  'DOSSIER.NOT_ELIGIBLE': 'rule',
  'DOSSIER.SUPPLEMENT_ALREADY_REQUESTED': 'rule',
  'DOSSIER.VOTING_UNDER_WAY': 'rule',
  'DOSSIER.COUNCIL_NOT_CONVENED': 'rule',
  'DOSSIER.NOT_A_COUNCIL_MEMBER': 'rule',
  'DOSSIER.ALREADY_VOTED': 'rule',
  'DOSSIER.NO_VOTE_TO_CHANGE': 'rule',
  'DOSSIER.QUORUM_NOT_MET': 'rule',
  'DOSSIER.REASON_REQUIRED': 'rule',
  'DOSSIER.NO_REVOCATION_GROUNDS': 'rule',
  'DOSSIER.DEADLINE_NOT_DUE': 'rule',
  'DOSSIER.LEVEL_NOT_FOR_UNIT': 'rule',
} as const satisfies Record<string, 'not-found' | 'conflict' | 'rule'>;

export type DossierErrorCode = keyof typeof DOSSIER_ERROR_KINDS;

export interface InputProblem {
  field: string;
  rule: string;
}

/**
 * What the dossier itself still lacks, beside the regulations' UnmetItem (criteria and recognition conditions); the
 * kinds follow the same naming so that clients read one list.
 */
export type DossierUnmetItem =
  | { kind: 'consultation-unrecorded' }
  | { kind: 'consultation-too-few-postings'; required: number; withinDays: number; found: number }
  | { kind: 'document-missing'; document: DossierDocumentKind }
  | { kind: 'district-communes-unrecorded' }
  | { kind: 'district-communes-below-standard'; required: number; actual: number; communes: number; recognised: number }
  | { kind: 'district-communes-below-advanced'; required: number; actual: number; communes: number; recognised: number }
  | { kind: 'district-commune-satisfaction-unrecorded' }
  | { kind: 'district-commune-satisfaction-below'; required: number; actual: number };

export class DossierNotFoundError extends DomainError {
  readonly code = 'DOSSIER.NOT_FOUND' satisfies DossierErrorCode;
  constructor(command: DossierCommandType, dossierId: string) {
    super(`dossier ${dossierId} is not registered`, { dossierId, command });
  }
}

export class DossierAlreadyRegisteredError extends DomainError {
  readonly code = 'DOSSIER.ALREADY_REGISTERED' satisfies DossierErrorCode;
  constructor(dossierId: string, status: DossierStatus) {
    super(`dossier ${dossierId} is already registered`, { dossierId, status });
  }
}

export class DossierWrongStateError extends DomainError {
  readonly code = 'DOSSIER.WRONG_STATE' satisfies DossierErrorCode;
  constructor(status: DossierStatus, command: DossierCommandType, allowedIn: readonly DossierStatus[]) {
    super(`${command} is not possible while the dossier is ${status}`, { status, command, allowedIn: [...allowedIn] });
  }
}

export class DossierInvalidInputError extends DomainError {
  readonly code = 'DOSSIER.INVALID_INPUT' satisfies DossierErrorCode;
  constructor(command: DossierCommandType, problems: InputProblem[]) {
    super(`${command}: ${problems.map((p) => `${p.field} ${p.rule}`).join('; ')}`, { command, problems });
  }
}

export class PrerequisiteLevelMissingError extends DomainError {
  readonly code = 'DOSSIER.PREREQUISITE_LEVEL_MISSING' satisfies DossierErrorCode;
  constructor(level: string, requires: string, currentLevels: string[]) {
    super(`level ${level} requires a current ${requires} recognition`, { level, requires, currentLevels });
  }
}

export class InvalidTargetYearError extends DomainError {
  readonly code = 'DOSSIER.INVALID_TARGET_YEAR' satisfies DossierErrorCode;
  constructor(targetYear: number, registrationYear: number) {
    super(`target year ${targetYear} is before the registration year ${registrationYear}`, {
      targetYear,
      registrationYear,
    });
  }
}

export class DossierUnknownCriterionError extends DomainError {
  readonly code = 'DOSSIER.UNKNOWN_CRITERION' satisfies DossierErrorCode;
  constructor(unknown: string[], criteriaSetCode: string) {
    super(`criteria not in set ${criteriaSetCode}: ${unknown.join(', ')}`, { unknown, criteriaSetCode });
  }
}

export class DossierNotEligibleError extends DomainError {
  readonly code = 'DOSSIER.NOT_ELIGIBLE' satisfies DossierErrorCode;
  /** Criteria and conditions first (the regulations' order), then the consultation, then documents. */
  constructor(unmet: readonly (UnmetItem | DossierUnmetItem)[]) {
    super(`the dossier cannot be submitted: ${unmet.length} unmet item(s)`, { unmet: [...unmet] });
  }
}

export class SupplementAlreadyRequestedError extends DomainError {
  readonly code = 'DOSSIER.SUPPLEMENT_ALREADY_REQUESTED' satisfies DossierErrorCode;
  constructor(dossierId: string) {
    super('a supplement may be requested only once per appraisal', { dossierId });
  }
}

export class VotingUnderWayError extends DomainError {
  readonly code = 'DOSSIER.VOTING_UNDER_WAY' satisfies DossierErrorCode;
  constructor(round: number, votesCast: number) {
    super(`round ${round} already has ${votesCast} vote(s): a supplement would change what they voted on`, {
      round,
      votesCast,
    });
  }
}

export class CouncilNotConvenedError extends DomainError {
  readonly code = 'DOSSIER.COUNCIL_NOT_CONVENED' satisfies DossierErrorCode;
  constructor(command: DossierCommandType) {
    super(`${command}: no appraisal council has been convened`, { command });
  }
}

export class NotACouncilMemberError extends DomainError {
  readonly code = 'DOSSIER.NOT_A_COUNCIL_MEMBER' satisfies DossierErrorCode;
  constructor(memberId: string, round: number) {
    super(`${memberId} is not a member of the council for round ${round}`, { memberId, round });
  }
}

export class AlreadyVotedError extends DomainError {
  readonly code = 'DOSSIER.ALREADY_VOTED' satisfies DossierErrorCode;
  constructor(memberId: string, round: number, vote: Vote) {
    super(`${memberId} already voted in round ${round}; change the vote with a reason instead`, {
      memberId,
      round,
      vote,
    });
  }
}

export class NoVoteToChangeError extends DomainError {
  readonly code = 'DOSSIER.NO_VOTE_TO_CHANGE' satisfies DossierErrorCode;
  constructor(memberId: string, round: number) {
    super(`${memberId} has no vote in round ${round} to change`, { memberId, round });
  }
}

export class QuorumNotMetError extends DomainError {
  readonly code = 'DOSSIER.QUORUM_NOT_MET' satisfies DossierErrorCode;
  constructor(round: number, members: number, cast: number, required: number, quorum: number) {
    super(`round ${round}: ${cast} of ${members} members voted, ${required} required`, {
      round,
      members,
      cast,
      required,
      quorum,
    });
  }
}

export class ReasonRequiredError extends DomainError {
  readonly code = 'DOSSIER.REASON_REQUIRED' satisfies DossierErrorCode;
  constructor(command: DossierCommandType) {
    super(`${command} must give a reason`, { command });
  }
}

export class NoRevocationGroundsError extends DomainError {
  readonly code = 'DOSSIER.NO_REVOCATION_GROUNDS' satisfies DossierErrorCode;
  constructor(
    cited: CitedGrounds,
    latestReview: { year: number; reviewedOn: string; finding: RevocationFinding } | null,
    why: 'no-review' | 'review-found-no-grounds' | 'cited-grounds-not-found' | 'renewed-or-no-deadline' | 'deadline-not-passed',
    /** The cited criteria with their names, as the judged set has them. */
    named: { code: string; nameVi: string; nameEn: string }[] = [],
  ) {
    const where = why === 'renewed-or-no-deadline' || why === 'deadline-not-passed' ? 'for a missed requalification deadline' : 'in the latest monitoring review';
    super(`the cited revocation grounds are not found ${where} (${why})`, {
      why,
      cited,
      criteria: named,
      latestReview,
    });
  }
}

/** Rural districts reach the standard or advanced level; towns and provincial cities "complete the task" (QĐ 320). */
export class LevelNotForUnitError extends DomainError {
  readonly code = 'DOSSIER.LEVEL_NOT_FOR_UNIT' satisfies DossierErrorCode;
  constructor(unitCode: string, districtKind: string, level: string, allowed: string[]) {
    super(`${unitCode} is a ${districtKind}: its levels are ${allowed.join(', ')}, not ${level}`, { unitCode, districtKind, level, allowed });
  }
}

/** Throws LevelNotForUnitError when a district's kind does not take the level; communes take any level their pack has. */
export function assertLevelFitsDistrict(unitCode: string, districtKind: string | undefined, level: string): void {
  if (districtKind === undefined) return;
  const town = districtKind === 'town' || districtKind === 'provincial-city';
  const allowed = town ? ['task-completed'] : ['standard', 'advanced'];
  if (!allowed.includes(level)) throw new LevelNotForUnitError(unitCode, districtKind, level, allowed);
}

export class DeadlineNotDueError extends DomainError {
  readonly code = 'DOSSIER.DEADLINE_NOT_DUE' satisfies DossierErrorCode;
  /** `pending` lists the deadlines the dossier does have, so a timer that raced a state change can tell why. */
  constructor(
    kind: DeadlineKind,
    dueAt: string,
    why: 'no-such-deadline' | 'other-due-date' | 'not-yet-due',
    pending: { kind: DeadlineKind; dueAt: string }[],
  ) {
    super(`no ${kind} deadline due at ${dueAt} has passed on this dossier (${why})`, { kind, dueAt, why, pending });
  }
}
