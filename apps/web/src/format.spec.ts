import { endOfVnDay, formatDate, formatDateTime, parseDate, todayVn } from './format';

describe('console dates: dd/MM/yyyy in Asia/Ho_Chi_Minh, whatever the browser', () => {
  it('shows an instant as the Vietnam day it falls on', () => {
    // 20:30 UTC on 31 Dec is already 1 January in Hà Nội.
    expect(formatDate('2026-12-31T20:30:00Z')).toBe('01/01/2027');
    expect(formatDateTime('2026-12-31T20:30:00Z')).toBe('01/01/2027 03:30');
    expect(todayVn(new Date('2026-12-31T20:30:00Z'))).toBe('2027-01-01');
  });

  it('shows a calendar date as it is, without moving it across zones', () => {
    expect(formatDate('2026-03-05')).toBe('05/03/2026');
    expect(formatDate(null)).toBe('—');
  });

  it('reads what people type, and refuses days that do not exist', () => {
    expect(parseDate('5/3/2026')).toBe('2026-03-05');
    expect(parseDate(' 29/02/2028 ')).toBe('2028-02-29');
    expect(parseDate('31/02/2026')).toBeNull();
    expect(parseDate('2026-03-05')).toBeNull();
    expect(parseDate('03/13/2026')).toBeNull();
  });

  it('takes "as of a day" as the end of that day in Vietnam', () => {
    expect(endOfVnDay('2026-03-05')).toBe('2026-03-05T16:59:59.999Z');
  });
});
