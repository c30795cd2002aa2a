import { unitRegistry } from '../units';
import { vietnamDate } from '../calendar/dates';
import type { CriterionResults, DossierEvent, DossierRegistered } from './events';
import { STATUSES_WITH_DEADLINES, holdsRecognition, type DossierState, type StatusWithDeadlines } from './state';

/**
 * A stream is only ever written through `decide`, so an event that does not fit the state means a corrupted or
 * hand-edited stream: fail loudly rather than decide on a state that never existed.
 */
export class ImpossibleDossierHistoryError extends Error {
  constructor(
    readonly status: DossierState['status'],
    readonly eventType: DossierEvent['type'],
  ) {
    super(`dossier history: ${eventType} cannot follow status ${status}`);
    this.name = 'ImpossibleDossierHistoryError';
  }
}

export function evolve(state: DossierState, event: DossierEvent): DossierState {
  const impossible = (): never => {
    throw new ImpossibleDossierHistoryError(state.status, event.type);
  };

  switch (event.type) {
    case 'DossierRegistered': {
      if (state.status !== 'unregistered') return impossible();
      const { prerequisite: _prerequisite, ...facts } = event.data;
      return {
        status: 'drafting',
        dossier: { ...facts, ...unitOf(event.data), criteriaCodes: [...facts.criteriaCodes], conditions: [...facts.conditions] },
        record: { results: {}, consultation: null, conditions: null },
        submissions: 0,
        lastReturn: null,
        deadlinesReached: [],
      };
    }

    case 'CriterionResultsRecorded': {
      if (state.status !== 'drafting') return impossible();
      return { ...state, record: { ...state.record, results: { ...state.record.results, ...event.data.results } } };
    }

    case 'PublicConsultationRecorded': {
      if (state.status !== 'drafting') return impossible();
      const { dossierId: _id, ...consultation } = event.data;
      return { ...state, record: { ...state.record, consultation } };
    }

    case 'RecognitionConditionsDeclared': {
      if (state.status !== 'drafting') return impossible();
      const { dossierId: _id, ...conditions } = event.data;
      return { ...state, record: { ...state.record, conditions } };
    }

    case 'DossierSubmittedForVerification': {
      if (state.status !== 'drafting') return impossible();
      return {
        status: 'under_verification',
        dossier: state.dossier,
        record: state.record,
        round: event.data.round,
        documents: event.data.documents,
        submittedAt: event.data.submittedAt,
        deadlinesReached: state.deadlinesReached,
      };
    }

    case 'DossierVerified': {
      if (state.status !== 'under_verification') return impossible();
      return {
        status: 'verified',
        dossier: state.dossier,
        record: state.record,
        documents: state.documents,
        findings: event.data.findings,
        verifiedAt: event.data.verifiedAt,
        submittedAt: state.submittedAt,
        deadlinesReached: state.deadlinesReached,
      };
    }

    case 'DossierReturnedByVerifier': {
      if (state.status !== 'under_verification') return impossible();
      return {
        status: 'drafting',
        dossier: state.dossier,
        record: state.record,
        submissions: state.round,
        lastReturn: { round: event.data.round, reasons: event.data.reasons, returnedAt: event.data.returnedAt },
        deadlinesReached: state.deadlinesReached,
      };
    }

    case 'DossierSubmittedForAppraisal': {
      if (state.status !== 'verified') return impossible();
      return {
        status: 'under_appraisal',
        dossier: state.dossier,
        record: state.record,
        documents: [...state.documents, ...event.data.documents],
        appraisal: {
          submittedAt: event.data.submittedAt,
          supplement: 'not-requested',
          supplementProvidedAt: null,
          council: null,
          votes: {},
        },
        deadlinesReached: state.deadlinesReached,
      };
    }

    case 'SupplementRequested': {
      if (state.status !== 'under_appraisal') return impossible();
      return {
        status: 'awaiting_supplement',
        dossier: state.dossier,
        record: state.record,
        documents: state.documents,
        appraisal: state.appraisal,
        request: { items: event.data.items, requestedAt: event.data.requestedAt },
        deadlinesReached: state.deadlinesReached,
      };
    }

    case 'SupplementProvided': {
      if (state.status !== 'awaiting_supplement') return impossible();
      return {
        status: 'under_appraisal',
        dossier: state.dossier,
        record: { ...state.record, results: withEvidence(state.record.results, event.data.criterionEvidence) },
        documents: [...state.documents, ...event.data.documents],
        appraisal: { ...state.appraisal, supplement: 'provided', supplementProvidedAt: event.data.providedAt },
        deadlinesReached: state.deadlinesReached,
      };
    }

    case 'AppraisalCouncilConvened': {
      if (state.status !== 'under_appraisal') return impossible();
      const { round, chair, members, convenedAt } = event.data;
      return { ...state, appraisal: { ...state.appraisal, council: { round, chair, members, convenedAt }, votes: {} } };
    }

    case 'CouncilVoteCast':
    case 'CouncilVoteChanged': {
      if (state.status !== 'under_appraisal') return impossible();
      const { memberId, vote, comment } = event.data;
      return { ...state, appraisal: { ...state.appraisal, votes: { ...state.appraisal.votes, [memberId]: { vote, comment } } } };
    }

    case 'DossierAppraised': {
      if (state.status !== 'under_appraisal') return impossible();
      return {
        status: 'appraised',
        dossier: state.dossier,
        outcome: event.data.outcome,
        round: event.data.round,
        tally: event.data.tally,
        appraisedAt: event.data.appraisedAt,
        deadlinesReached: state.deadlinesReached,
      };
    }

    case 'DossierRecognised': {
      if (state.status !== 'appraised') return impossible();
      const { decisionNo, decisionDate, signer, recognisedAt } = event.data;
      return {
        status: 'recognised',
        dossier: state.dossier,
        recognition: { decisionNo, decisionDate, signer, recognisedAt },
        latestReview: null,
        deadlinesReached: state.deadlinesReached,
        remediation: null,
        revocationDue: null,
      };
    }

    case 'RecognitionImported': {
      if (state.status !== 'unregistered') return impossible();
      const { decisionNo, decisionDate, signer, recognisedAt, note: _note, importedAt, ...facts } = event.data;
      return {
        status: 'recognised',
        dossier: {
          ...facts,
          criteriaCodes: [...facts.criteriaCodes],
          conditions: [...facts.conditions],
          targetYear: Number(decisionDate.slice(0, 4)),
          registeredAt: recognisedAt,
          imported: true,
          importedAt: importedAt ?? recognisedAt,
        },
        recognition: { decisionNo, decisionDate, signer, recognisedAt },
        latestReview: null,
        deadlinesReached: [],
        remediation: null,
        revocationDue: null,
      };
    }

    case 'RevocationImported': {
      if (!holdsRecognition(state)) return impossible();
      const { decisionNo, decisionDate, signer, grounds, revokedAt } = event.data;
      return { status: 'revoked', dossier: state.dossier, recognition: state.recognition, revocation: { decisionNo, decisionDate, signer, grounds, revokedAt } };
    }

    case 'RecognitionRenewed': {
      if (!holdsRecognition(state)) return impossible();
      const { byDossierId, packId, renewedOn } = event.data;
      return { status: 'renewed', dossier: state.dossier, recognition: state.recognition, renewal: { byDossierId, packId, renewedOn } };
    }

    case 'DossierRejected': {
      if (state.status !== 'appraised') return impossible();
      return {
        status: 'rejected',
        dossier: state.dossier,
        stage: event.data.stage,
        reasons: event.data.reasons,
        rejectedAt: event.data.rejectedAt,
      };
    }

    case 'MonitoringReviewRecorded': {
      if (state.status !== 'recognised' && state.status !== 'revocation_proposed') return impossible();
      const { dossierId: _id, ...review } = event.data;
      // A review clears what reviews found; a missed requalification deadline is not the review's to clear.
      const requalificationFlag = state.revocationDue?.grounds.rule === 'not-requalified' ? state.revocationDue : null;
      if (!review.finding.hasGrounds) return { ...state, latestReview: review, remediation: null, revocationDue: requalificationFlag };
      // A running period keeps its start, and a flagged commune waits for the chairperson: neither is reopened.
      const running = state.remediation !== null && (state.remediation.expiredAt === null || state.revocationDue !== null);
      const remediation = running ? state.remediation : { openedOn: review.reviewedOn, expiredAt: null };
      return { ...state, latestReview: review, remediation };
    }

    case 'RevocationProposed': {
      if (state.status !== 'recognised') return impossible();
      if (state.latestReview === null && event.data.grounds.rule !== 'not-requalified') return impossible();
      const { grounds, explanation, proposedAt, by } = event.data;
      return {
        status: 'revocation_proposed',
        dossier: state.dossier,
        recognition: state.recognition,
        latestReview: state.latestReview,
        proposal: { grounds, explanation, proposedAt, by },
        deadlinesReached: state.deadlinesReached,
        remediation: state.remediation,
        revocationDue: state.revocationDue,
      };
    }

    case 'RevocationProposalDismissed': {
      if (state.status !== 'revocation_proposed') return impossible();
      // The chairperson has answered the flag; a period still running keeps running, an expired one has been answered.
      return {
        status: 'recognised',
        dossier: state.dossier,
        recognition: state.recognition,
        latestReview: state.latestReview,
        deadlinesReached: state.deadlinesReached,
        remediation: state.remediation?.expiredAt ? null : state.remediation,
        revocationDue: null,
      };
    }

    case 'DossierRevoked': {
      if (state.status !== 'revocation_proposed') return impossible();
      const { decisionNo, decisionDate, signer, grounds, revokedAt } = event.data;
      return {
        status: 'revoked',
        dossier: state.dossier,
        recognition: state.recognition,
        revocation: { decisionNo, decisionDate, signer, grounds, revokedAt },
      };
    }

    case 'DossierWithdrawn': {
      if (state.status !== event.data.withdrawnFrom || !('dossier' in state)) return impossible();
      return {
        status: 'withdrawn',
        dossier: state.dossier,
        reason: event.data.reason,
        withdrawnFrom: event.data.withdrawnFrom,
        withdrawnAt: event.data.withdrawnAt,
      };
    }

    case 'DeadlineReached': {
      if (!hasDeadlines(state)) return impossible();
      const { dossierId: _id, ...reached } = event.data;
      const deadlinesReached = [...state.deadlinesReached, reached];
      if (holdsRecognition(state) && reached.kind === 'remediation') {
        if (!state.remediation) return impossible();
        return { ...state, deadlinesReached, remediation: { ...state.remediation, expiredAt: reached.reachedAt } };
      }
      return { ...state, deadlinesReached };
    }

    case 'RevocationDue': {
      if (!holdsRecognition(state)) return impossible();
      const { dossierId: _id, ...flag } = event.data;
      return { ...state, revocationDue: flag };
    }

    default: {
      const unhandled: never = event;
      throw new Error(`unhandled dossier event ${JSON.stringify(unhandled)}`);
    }
  }
}

function withEvidence(results: CriterionResults, evidence: Record<string, string[]>): CriterionResults {
  const next: CriterionResults = { ...results };
  for (const [code, refs] of Object.entries(evidence)) {
    const current = next[code];
    if (current) next[code] = { ...current, evidence: [...(current.evidence ?? []), ...refs] };
  }
  return next;
}

/** The unit a registration names; registrations written before districts and maps were recorded are communes of the map of their day. */
function unitOf(data: DossierRegistered['data']) {
  return {
    unitKind: data.unitKind ?? 'commune',
    unitMap: data.unitMap ?? unitRegistry.mapInForceOn(vietnamDate(data.registeredAt)),
  } as const;
}

function hasDeadlines(state: DossierState): state is Extract<DossierState, { status: StatusWithDeadlines }> {
  return (STATUSES_WITH_DEADLINES as readonly string[]).includes(state.status);
}

export function evolveAll(events: readonly DossierEvent[], from: DossierState = { status: 'unregistered' }): DossierState {
  return events.reduce(evolve, from);
}
