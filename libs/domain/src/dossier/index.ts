import { decide } from './decide';
import { evolve } from './evolve';
import { initialDossierState } from './state';

export * from './events';
export * from './commands';
export * from './state';
export * from './errors';
export * from './roles';
export {
  decide as decideDossier,
  REQUIRED_SUBMISSION_DOCUMENTS,
  WITHDRAWABLE_STATUSES,
  tallyVotes,
  quorumRequired,
  appraisalOutcome,
  mostPostingsWithin,
} from './decide';
export { evolve as evolveDossier, evolveAll as evolveDossierEvents, ImpossibleDossierHistoryError } from './evolve';

export const dossierDecider = { decide, evolve, initialState: initialDossierState };
