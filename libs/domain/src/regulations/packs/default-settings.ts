import type { PackSettings } from '../regulation-pack';

/**
 * The values every pack starts from. Items marked [unsure] are placeholders until the governing text is confirmed;
 * SETTINGS.md lists each with its source. A pack overrides only what its period changes.
 */
export const DEFAULT_SETTINGS: PackSettings = {
  // [unsure] The notes leave the commune rate open (districts: 90, law). A default that errs high blocks a recognition
  // visibly — fixable by configuration — instead of granting one the law might refuse.
  satisfactionMinPercent: 90,
  // [law] QĐ 18/2022: the results report is posted at least 5 times within 15 (calendar) days.
  consultation: { minPostings: 5, windowDays: 15 },
  // [unsure] Reported appraisal votes are unanimous, so the default asks every member present to approve; the quorum of
  // two thirds of members is the common rule for Vietnamese councils, not a confirmed NTM rule.
  voting: { kind: 'all-present', quorum: 2 / 3 },
  // [unsure] The older rules (QĐ 2540/2016, TT 40/2014) gave 15 working days to the processing steps and 5 to the
  // short ones; the current limits are unconfirmed. consultation: the commune's public comment round, mirroring the
  // posting window; supplement: what the commune has after a request to supplement; decision: from the council's
  // approval to the chairperson's signature.
  timeLimits: {
    consultation: { days: 15, kind: 'calendar' },
    verification: { days: 15, kind: 'working' },
    appraisal: { days: 15, kind: 'working' },
    supplement: { days: 15, kind: 'working' },
    decision: { days: 5, kind: 'working' },
  },
  // [law] until 1 July 2025 the district verified; packs for later periods override this.
  verifyingLevel: 'district',
  // [unsure] A yearly review follows the provinces' annual reporting; 180 days to remedy a failing criterion before a
  // revocation proposal is a placeholder.
  monitoring: { reviewIntervalMonths: 12, remediationDays: 180 },
  // [unsure] No requalification deadline is confirmed for this default.
  requalificationDeadline: null,
  // No transitional rule unless a deployment sets one.
  transition: { previousPackUntil: null },
};
