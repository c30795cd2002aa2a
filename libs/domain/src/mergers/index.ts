export {
  MERGER_POLICIES,
  type MergedStanding,
  type MergerPolicy,
  type PredecessorStanding,
  type StandingBasis,
  communePredecessors,
  highestLevel,
  levelRank,
  meetsLevel,
  mergedStanding,
} from './merger-policy';
