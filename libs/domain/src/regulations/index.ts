export { PROGRAMME_PERIODS, RECOGNITION_LEVELS } from './regulation-pack';
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
  InvalidProvincialPackError,
  InvalidRegulationDateError,
  LevelNotInPackError,
  MalformedPackError,
  NoPackForDateError,
  REGULATION_ERROR_KINDS,
  type RegulationErrorCode,
  UnknownCriterionError,
  UnknownRegulationPackError,
} from './errors';
export {
  allPacks,
  getPack,
  laterPeriodPacks,
  nationalPackOf,
  nationalPacks,
  nextPeriodPack,
  packForDate,
  provincialVariant,
  registerProvincialPacks,
  type SettingsOf,
} from './pack-registry';
export { criteriaSetByCode, criteriaSetFor, levelRules } from './level-rules';
export { type DeepPartial, validatePackSettings, withSettings } from './with-settings';
export { type EligibilityInput, type EligibilityResult, type NamedCriterion, type UnmetItem, checkEligibility } from './eligibility';
export { type RevocationBasis, type RevocationGrounds, judgeRevocation, revocationBasis, revocationGrounds } from './revocation-grounds';
export { type ProvincialPackSpec, deriveProvincialPack } from './provincial-pack';
