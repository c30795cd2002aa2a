import { ApiError, fieldErrors, type Problem } from './problem';

const problem = (p: Partial<Problem>): Problem => ({ status: 400, code: 'REQUEST.INVALID', detail: 'invalid', ...p });

describe('refusals shown at the field they name', () => {
  it('maps request validation and the decider’s input checks to one spelling of each field path', () => {
    const errors = fieldErrors(
      problem({
        errors: [{ field: 'period.from', rules: ['from must match /^\\d{4}-\\d{2}-\\d{2}$/ regular expression'] }],
        problems: [{ field: 'announcements[4].postedOn', rule: 'must fall within the consultation period' }],
      }),
    );
    expect(errors).toEqual({
      'period.from': ['from must match /^\\d{4}-\\d{2}-\\d{2}$/ regular expression'],
      'announcements.4.postedOn': ['must fall within the consultation period'],
    });
  });

  it('puts rule codes that concern one field at that field', () => {
    expect(fieldErrors(problem({ status: 409, code: 'DOSSIER.OPEN_DOSSIER_EXISTS', detail: 'an open dossier exists' }))).toEqual({ level: ['an open dossier exists'] });
    expect(fieldErrors(problem({ status: 422, code: 'DOSSIER.NOT_ELIGIBLE', detail: '18 unmet' }))).toEqual({});
  });

  it('tells a stale revision from other conflicts', () => {
    expect(new ApiError(problem({ status: 412, code: 'DOSSIER.STALE_REVISION', currentRevision: 3 })).isStale).toBe(true);
    expect(new ApiError(problem({ status: 409, code: 'EVENT_STORE.WRONG_EXPECTED_REVISION', currentRevision: 3 })).isStale).toBe(true);
    expect(new ApiError(problem({ status: 409, code: 'DOSSIER.WRONG_STATE', currentStatus: 'recognised' })).isStale).toBe(false);
  });
});
