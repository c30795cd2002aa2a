import { getPack, InvalidPackSettingsError, withSettings, type DeepPartial, type PackSettings } from '.';

const pack = getPack('ntm-2021-2025', '1');

function rejection(overrides: unknown): InvalidPackSettingsError {
  try {
    withSettings(pack, overrides as DeepPartial<PackSettings>);
  } catch (error) {
    if (error instanceof InvalidPackSettingsError) return error;
    throw error;
  }
  throw new Error('expected the overrides to be rejected');
}

describe('withSettings', () => {
  it('applies a nested override and keeps every sibling', () => {
    const adjusted = withSettings(pack, { timeLimits: { appraisal: { days: 20 } }, voting: { kind: 'two-thirds' } });
    expect(adjusted.settings.timeLimits.appraisal).toEqual({ days: 20, kind: 'working' });
    expect(adjusted.settings.timeLimits.verification).toEqual(pack.settings.timeLimits.verification);
    expect(adjusted.settings.voting).toEqual({ kind: 'two-thirds', quorum: pack.settings.voting.quorum });
    expect(adjusted.criteriaSets).toBe(pack.criteriaSets);
  });

  it('leaves the original pack unchanged', () => {
    const before = structuredClone(pack.settings);
    withSettings(pack, { satisfactionMinPercent: 75, verifyingLevel: 'province', monitoring: { remediationDays: 90 } });
    expect(pack.settings).toEqual(before);
    expect(getPack('ntm-2021-2025', '1').settings.satisfactionMinPercent).toBe(before.satisfactionMinPercent);
  });

  it('sets and clears the requalification deadline', () => {
    const withDeadline = withSettings(pack, { requalificationDeadline: '2025-12-31' });
    expect(withDeadline.settings.requalificationDeadline).toBe('2025-12-31');
    expect(withSettings(withDeadline, { requalificationDeadline: null }).settings.requalificationDeadline).toBeNull();
  });

  it('returns a frozen pack', () => {
    const adjusted = withSettings(pack, { consultation: { minPostings: 6 } });
    expect(Object.isFrozen(adjusted)).toBe(true);
    expect(Object.isFrozen(adjusted.settings.consultation)).toBe(true);
  });

  it.each([
    [{ satisfactionMinPercent: 0 }, 'satisfactionMinPercent'],
    [{ satisfactionMinPercent: 101 }, 'satisfactionMinPercent'],
    [{ satisfactionMinPercent: Number.NaN }, 'satisfactionMinPercent'],
    [{ satisfactionMinPercent: '90' }, 'satisfactionMinPercent'],
    [{ consultation: { minPostings: 0 } }, 'consultation.minPostings'],
    [{ consultation: { windowDays: 7.5 } }, 'consultation.windowDays'],
    [{ voting: { kind: 'unanimous' } }, 'voting.kind'],
    [{ voting: { quorum: 1.5 } }, 'voting.quorum'],
    [{ voting: { quorum: 0 } }, 'voting.quorum'],
    [{ timeLimits: { decision: { days: -3 } } }, 'timeLimits.decision.days'],
    [{ timeLimits: { supplement: { kind: 'business' } } }, 'timeLimits.supplement.kind'],
    [{ verifyingLevel: 'commune' }, 'verifyingLevel'],
    [{ monitoring: { reviewIntervalMonths: 0 } }, 'monitoring.reviewIntervalMonths'],
    [{ monitoring: { remediationDays: 1.5 } }, 'monitoring.remediationDays'],
    [{ requalificationDeadline: '31/12/2025' }, 'requalificationDeadline'],
    [{ requalificationDeadline: '2025-02-30' }, 'requalificationDeadline'],
    [{ satisfactionRate: 80 }, 'satisfactionRate'],
    [{ timeLimits: { apraisal: { days: 10 } } }, 'timeLimits.apraisal'],
    [{ monitoring: 12 }, 'monitoring'],
  ])('rejects %j naming %s', (overrides, setting) => {
    const error = rejection(overrides);
    expect(error.code).toBe('REGULATION.INVALID_SETTINGS');
    expect(error.setting).toBe(setting);
    expect(error.message).toContain(setting);
  });
});
