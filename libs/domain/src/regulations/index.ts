export type {
  CriteriaSet,
  Criterion,
  CriterionGroup,
  Indicator,
  LevelRules,
  PackSettings,
  ProcedureStep,
  ProgrammePeriod,
  RecognitionCondition,
  RecognitionLevel,
  RegulationPack,
  RevocationRule,
  TimeLimit,
  UnitKind,
  VotingRule,
} from './regulation-pack';
export {
  InvalidEligibilityInputError,
  InvalidPackSettingsError,
  InvalidRegulationDateError,
  LevelNotInPackError,
  MalformedPackError,
  NoPackForDateError,
  REGULATION_ERROR_KINDS,
  type RegulationErrorCode,
  UnknownCriterionError,
  UnknownRegulationPackError,
} from './errors';
export { allPacks, getPack, packForDate } from './pack-registry';
export { criteriaSetFor, levelRules } from './level-rules';
export { type DeepPartial, validatePackSettings, withSettings } from './with-settings';
export { type EligibilityInput, type EligibilityResult, type UnmetItem, checkEligibility } from './eligibility';
export { type RevocationGrounds, revocationGrounds } from './revocation-grounds';
