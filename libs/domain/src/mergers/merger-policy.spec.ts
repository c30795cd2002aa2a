import { mergedStanding, type PredecessorStanding } from '.';

const p = (code: string, ...levels: PredecessorStanding['levels']): PredecessorStanding => ({ code, partial: false, levels });

describe('the July 2025 merger as a province’s policy', () => {
  // Guidance 267/BNN-VPĐP's three cases, and a province that counts no merged commune until it is re-assessed.
  it.each([
    ['all predecessors at one level → that level', [p('A', 'standard'), p('B', 'standard')], 'guidance-267', 'standard', 'merged-same-level'],
    ['all predecessors advanced → advanced', [p('A', 'standard', 'advanced'), p('B', 'standard', 'advanced')], 'guidance-267', 'advanced', 'merged-same-level'],
    ['recognised + unrecognised → none: a new dossier', [p('A', 'standard'), p('B')], 'guidance-267', null, 'merged-some-unrecognised'],
    ['mixed levels → the lower level', [p('A', 'standard', 'advanced', 'model'), p('B', 'standard')], 'guidance-267', 'standard', 'merged-lower-level'],
    ['mixed advanced and model → advanced', [p('A', 'advanced'), p('B', 'model')], 'guidance-267', 'advanced', 'merged-lower-level'],
    ['none until re-assessed: all at one level → none', [p('A', 'standard'), p('B', 'standard')], 'none-until-reassessed', null, 'merged-not-counted'],
    ['none until re-assessed: mixed → none', [p('A', 'advanced'), p('B', 'standard')], 'none-until-reassessed', null, 'merged-not-counted'],
    ['one whole predecessor: the commune goes on, under either policy', [p('A', 'advanced')], 'none-until-reassessed', 'advanced', 'continuity'],
    ['one whole predecessor (267)', [p('A', 'standard')], 'guidance-267', 'standard', 'continuity'],
    ['part of a split commune is a merger, not continuity', [{ ...p('A', 'standard'), partial: true }], 'none-until-reassessed', null, 'merged-not-counted'],
    ['no predecessor recognised', [p('A'), p('B')], 'guidance-267', null, 'none'],
  ] as const)('%s', (_case, predecessors, policy, level, basis) => {
    expect(mergedStanding([], predecessors, policy)).toMatchObject({ level, basis });
  });

  it('a recognition of the new commune itself counts, and wins over a lower inherited level', () => {
    expect(mergedStanding(['standard'], [p('A'), p('B')], 'none-until-reassessed')).toEqual({ level: 'standard', basis: 'own', inherited: null });
    expect(mergedStanding(['advanced'], [p('A', 'standard'), p('B', 'standard')], 'guidance-267')).toEqual({ level: 'advanced', basis: 'own', inherited: 'standard' });
    expect(mergedStanding(['standard'], [p('A', 'advanced'), p('B', 'advanced')], 'guidance-267')).toEqual({ level: 'advanced', basis: 'merged-same-level', inherited: 'advanced' });
  });
});
