/**
 * The shape of a regulation pack: one per programme period, versioned data that the pure rules evaluate.
 * A dossier pins `{ packId, version }` at registration and is judged by that pack for its whole life.
 */

export type ProgrammePeriod = '2010-2015' | '2016-2020' | '2021-2025' | '2026-2030';

/** Programme periods in time order: a recognition under one must requalify under the next. */
export const PROGRAMME_PERIODS: readonly ProgrammePeriod[] = ['2010-2015', '2016-2020', '2021-2025', '2026-2030'];

/**
 * standard = NTM, advanced = NTM nâng cao, model = NTM kiểu mẫu, modern = xã NTM hiện đại (2026-2030 pilot);
 * task-completed = a town or provincial city that "completed the task" of building new rural areas (districts only).
 */
export type RecognitionLevel = 'standard' | 'advanced' | 'model' | 'modern' | 'task-completed';

export const RECOGNITION_LEVELS: readonly RecognitionLevel[] = ['standard', 'advanced', 'model', 'modern', 'task-completed'];

export type UnitKind = 'commune' | 'district';

export interface Indicator {
  /** Stable code, e.g. '2021-2025/commune-standard/17.8'. */
  code: string;
  nameVi: string;
  nameEn: string;
  /** Free-text target where the law gives one ("≥ 95%", "per region"); thresholds that vary or are unsure live in settings. */
  target?: string;
}

export interface Criterion {
  /** Stable code, unique within the set, e.g. 'C10' — never renumbered. */
  code: string;
  number: number;
  nameVi: string;
  nameEn: string;
  group?: string;
  indicators: Indicator[];
}

export interface CriterionGroup {
  /** Matches `Criterion.group`; the law's roman numeral, e.g. 'II'. */
  code: string;
  nameVi: string;
  nameEn: string;
}

export interface CriteriaSet {
  code: string;
  unitKind: UnitKind;
  level: RecognitionLevel;
  legalBasis: string;
  criteria: Criterion[];
  /** True where the full list is not confirmed by the domain notes. */
  provisional?: boolean;
  /** Names of the groups `Criterion.group` refers to, where the law groups the criteria. */
  groups?: CriterionGroup[];
}

/** A recognition condition beyond "every criterion met" (QĐ 18/2022 art. 3 for 2021-2025). */
export type RecognitionCondition =
  | 'all-criteria-met'
  | 'satisfaction-rate'
  | 'no-construction-debt'
  | 'not-complex-security-area'
  | 'registered-in-plan';

export interface TimeLimit {
  days: number;
  kind: 'working' | 'calendar';
}

export type ProcedureStep = 'verification' | 'appraisal' | 'supplement' | 'decision' | 'consultation';

export interface VotingRule {
  /** 'all-present': every member present approves (the reported practice); 'majority': > half of votes cast; 'two-thirds'. */
  kind: 'all-present' | 'majority' | 'two-thirds';
  /** Minimum share of the council's members who must vote (0..1). */
  quorum: number;
}

export interface RevocationRule {
  /**
   * The day the rule took effect: a review dated earlier finds no grounds under it. QĐ 18/2022 carries its own date,
   * later than the criteria sets of its period.
   */
  effectiveFrom: string;
  /** Criteria set codes per level that a recognised commune is judged against (advanced/model → the advanced set). */
  judgedAgainst: Partial<Record<RecognitionLevel, string>>;
  /**
   * Districts (QĐ 18/2022): the set each district level is judged against, and the share of the district's communes
   * that lost their recognition which alone is grounds. Absent: the pack has no rule for districts.
   */
  district?: { judgedAgainst: Partial<Record<RecognitionLevel, string>>; communeLossShare: number };
  /** Key criteria codes per criteria set code. */
  keyCriteria: Record<string, string[]>;
  /** (a): share failing ≥ this and < majorityShare with a key criterion failing → grounds. Law: 0.3. */
  partialShare: number;
  /** (b): share failing ≥ this → grounds. Law: 0.5. */
  majorityShare: number;
  /** True where the period's own revocation rule is unconfirmed and this one is a documented stand-in. */
  provisional?: boolean;
}

/**
 * Values the domain notes mark [unsure]: each is a named setting with a documented default, overridable per
 * deployment. The effective settings are copied into the dossier's registration event.
 */
export interface PackSettings {
  /** Minimum residents' satisfaction rate for a commune, percent. */
  satisfactionMinPercent: number;
  consultation: { minPostings: number; windowDays: number };
  voting: VotingRule;
  timeLimits: Record<ProcedureStep, TimeLimit>;
  /** Who verifies: before July 2025 the district; after, per configuration. */
  verifyingLevel: 'district' | 'province';
  monitoring: { reviewIntervalMonths: number; remediationDays: number };
  /**
   * Date (ISO) by which units recognised under the previous period's set must be recognised under this pack's set; a
   * recognition not renewed by then is flagged revocation due. null: no deadline.
   */
  requalificationDeadline: string | null;
  /**
   * Transitional rule: registrations up to this date (inclusive) still fall under the previous period's pack, as
   * provinces allowed dossiers under way when a new set was issued. null: none, the pack applies from validFrom.
   */
  transition: { previousPackUntil: string | null };
}

export interface LevelRules {
  level: RecognitionLevel;
  unitKind: UnitKind;
  criteriaSetCode: string;
  /** The level that must currently be recognised before applying (advanced needs standard, model needs advanced). */
  requires: RecognitionLevel | null;
  conditions: RecognitionCondition[];
  /** A rate the law fixes for this level (districts: 90), taking precedence over `PackSettings.satisfactionMinPercent`. */
  satisfactionMinPercent?: number;
  /**
   * District levels: what the district's communes must have reached (QĐ 320/QĐ-TTg). Data only — the eligibility
   * input carries no per-commune figures, so `checkEligibility` does not evaluate it.
   */
  communePrerequisites?: {
    /** Share of the district's communes recognised at standard level (0..1). */
    standardShare: number;
    /** Share recognised at advanced level (0..1). */
    advancedShare: number;
    /** Every commune's own satisfaction rate, percent. */
    perCommuneSatisfactionMinPercent: number;
  };
}

export interface RegulationPack {
  id: string;
  version: string;
  period: ProgrammePeriod;
  /**
   * Set for a province's own pack derived from a national one (its thresholds, its advanced set, its decision):
   * the province's code and the national pack it derives from. Only that province's dossiers fall under it.
   */
  province?: { code: string; basePackId: string; basePackVersion: string; decision: string };
  /** ISO dates: registrations on or after validFrom and on or before validTo fall under this pack. */
  validFrom: string;
  validTo: string;
  title: string;
  legalBasis: string[];
  criteriaSets: CriteriaSet[];
  levels: LevelRules[];
  /** null where the period's rules have no revocation (QĐ 2540/2016). */
  revocation: RevocationRule | null;
  settings: PackSettings;
  /** 2026-2030: commune groups whose thresholds differ (1 near-urban, 2 the rest, 3 ethnic-minority/mountain). */
  communeGroups?: { code: string; nameVi: string; nameEn: string }[];
}
