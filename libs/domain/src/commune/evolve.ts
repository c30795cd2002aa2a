import { unitRegistry } from '../units';
import type { CommuneEvent } from './events';
import { assessmentKey, type CommuneState, type TrackedCommune } from './state';

export function evolve(state: CommuneState, event: CommuneEvent): CommuneState {
  const tracked: TrackedCommune =
    state.status === 'tracked'
      ? state
      : {
          status: 'tracked',
          communeCode: event.data.communeCode,
          recognitions: {},
          revokedDossierIds: [],
          assessments: {},
          latestAssessment: null,
        };

  switch (event.type) {
    case 'CommuneCriteriaAssessed':
    case 'CommuneCriteriaCounted': {
      const { year, level, packId, packVersion, metCount, total, assessedOn } = event.data;
      const map = event.data.unitMap ?? unitRegistry.mapInForceOn(assessedOn);
      const summary = { year, level, packId, packVersion, metCount, total, assessedOn };
      const latest = tracked.latestAssessment;
      return {
        ...tracked,
        assessments: { ...tracked.assessments, [assessmentKey(year, level, map)]: summary },
        latestAssessment: latest === null || year >= latest.year ? summary : latest,
      };
    }

    case 'CommuneRecognitionGranted': {
      const { level, dossierId, decisionNo, decisionDate, packId, packVersion, recognisedAt } = event.data;
      return {
        ...tracked,
        recognitions: {
          ...tracked.recognitions,
          [level]: { dossierId, decisionNo, decisionDate, packId, packVersion, recognisedAt },
        },
      };
    }

    case 'CommuneRecognitionRevoked': {
      const { level, dossierId } = event.data;
      const recognitions = { ...tracked.recognitions };
      if (recognitions[level]?.dossierId === dossierId) delete recognitions[level];
      return { ...tracked, recognitions, revokedDossierIds: [...tracked.revokedDossierIds, dossierId] };
    }

    default: {
      const unhandled: never = event;
      throw new Error(`unhandled commune event ${JSON.stringify(unhandled)}`);
    }
  }
}

export function evolveAll(events: readonly CommuneEvent[], from: CommuneState = { status: 'untracked' }): CommuneState {
  return events.reduce(evolve, from);
}
