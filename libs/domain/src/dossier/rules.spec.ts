import { appraisalOutcome, mostPostingsWithin, quorumRequired } from '.';

describe('the arithmetic behind the rules', () => {
  it.each([
    [3, 2 / 3, 2],
    [5, 2 / 3, 4],
    [6, 2 / 3, 4],
    [10, 0.7, 7],
    [25, 0.28, 7],
    [7, 0.5, 4],
    [9, 1, 9],
    [1, 0.1, 1],
  ])('%i members at quorum %d need %i votes', (members, quorum, required) => {
    expect(quorumRequired(members, quorum)).toBe(required);
  });

  it('rejects when nobody voted, whatever the rule', () => {
    const empty = { members: 3, cast: 0, approve: 0, reject: 0, abstain: 0 };
    expect(appraisalOutcome(empty, { kind: 'all-present', quorum: 0.1 })).toBe('rejected');
    expect(appraisalOutcome(empty, { kind: 'majority', quorum: 0.1 })).toBe('rejected');
  });

  it('counts postings in the busiest window', () => {
    expect(mostPostingsWithin([], 15)).toBe(0);
    expect(mostPostingsWithin(['2024-03-15', '2024-03-01', '2024-03-05'], 15)).toBe(3);
    expect(mostPostingsWithin(['2024-03-01', '2024-03-16'], 15)).toBe(1);
    expect(mostPostingsWithin(['2024-03-01', '2024-03-15'], 15)).toBe(2);
    expect(mostPostingsWithin(['2024-03-01', '2024-03-01', '2024-03-02'], 1)).toBe(2);
  });
});
