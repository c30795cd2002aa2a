import { deadlineFor, type TimeLimit, vietnamDate, WorkingDayCalendar } from './index';

const calendar = new WorkingDayCalendar();
const working = (days: number): TimeLimit => ({ days, kind: 'working' });
const calendarDays = (days: number): TimeLimit => ({ days, kind: 'calendar' });

describe('vietnamDate', () => {
  it('turns the date over at 17:00 UTC', () => {
    expect(vietnamDate('2024-02-09T16:59:59.999Z')).toBe('2024-02-09');
    expect(vietnamDate('2024-02-09T17:00:00Z')).toBe('2024-02-10');
  });

  it('reads any offset and Date objects', () => {
    expect(vietnamDate('2024-12-31T20:00:00-05:00')).toBe('2025-01-01');
    expect(vietnamDate('2025-01-01T00:30:00+07:00')).toBe('2025-01-01');
    expect(vietnamDate(new Date(Date.UTC(2025, 0, 28, 18)))).toBe('2025-01-29');
  });

  it('refuses instants whose zone would be the host’s, and nonsense', () => {
    expect(() => vietnamDate('2025-01-01T10:00:00')).toThrow(RangeError);
    expect(() => vietnamDate('2025-01-01')).toThrow(RangeError);
    expect(() => vietnamDate('2025-13-01T10:00:00Z')).toThrow(RangeError);
    expect(() => vietnamDate('2025-02-30T10:00:00Z')).toThrow(RangeError);
    expect(() => vietnamDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('deadlineFor', () => {
  it('counts working days from the Vietnam date of the start, skipping Tết', () => {
    // 23 January 2025, 09:00 in Hanoi: Thursday.
    expect(deadlineFor('2025-01-23T02:00:00Z', working(1), calendar)).toBe('2025-01-24T16:59:59.999Z');
    expect(deadlineFor('2025-01-23T02:00:00Z', working(2), calendar)).toBe('2025-02-03T16:59:59.999Z');
  });

  it('starts from the next day when the evening in UTC is already tomorrow in Vietnam', () => {
    // 23 January 2025, 18:30 UTC is Friday 24 January, 01:30 in Hanoi: the only working day before Tết is the start.
    expect(deadlineFor('2025-01-23T18:30:00Z', working(1), calendar)).toBe('2025-02-03T16:59:59.999Z');
    expect(deadlineFor('2025-01-23T18:30:00Z', calendarDays(10), calendar)).toBe('2025-02-03T16:59:59.999Z');
    expect(deadlineFor('2025-01-23T16:30:00Z', calendarDays(10), calendar)).toBe('2025-02-02T16:59:59.999Z');
  });

  it('counts calendar days straight through holidays', () => {
    expect(deadlineFor('2026-02-13T03:00:00Z', calendarDays(5), calendar)).toBe('2026-02-18T16:59:59.999Z');
    expect(deadlineFor('2026-02-13T03:00:00Z', working(5), calendar)).toBe('2026-02-27T16:59:59.999Z');
  });

  it('ends a zero-day limit at the end of the start’s own Vietnam day', () => {
    expect(deadlineFor('2025-03-10T20:00:00Z', working(0), calendar)).toBe('2025-03-11T16:59:59.999Z');
  });

  it('follows the calendar it is given', () => {
    const bare = new WorkingDayCalendar({ overrides: [] });
    const start = '2025-04-29T03:00:00Z';
    expect(deadlineFor(start, working(2), calendar)).toBe('2025-05-06T16:59:59.999Z');
    expect(deadlineFor(start, working(2), bare)).toBe('2025-05-05T16:59:59.999Z');
  });

  it('rejects a negative or fractional limit', () => {
    expect(() => deadlineFor('2025-03-10T03:00:00Z', calendarDays(-1), calendar)).toThrow(RangeError);
    expect(() => deadlineFor('2025-03-10T03:00:00Z', working(0.5), calendar)).toThrow(RangeError);
  });
});
