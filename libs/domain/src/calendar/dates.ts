/**
 * Calendar dates as whole days since 1970-01-01, computed in UTC so that the host's time zone never leaks in.
 */

const MS_PER_DAY = 86_400_000;
// Asia/Ho_Chi_Minh has kept UTC+7 without daylight saving since 1975, so a fixed offset is exact in every
// supported year.
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** An offset is required: JavaScript would read an offset-less date-time in the host's zone. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

export function toDayNumber(date: string): number {
  const match = ISO_DATE.exec(date);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const ms = Date.UTC(year, month - 1, day);
    // Date.UTC rolls 2025-02-30 over to March, so only a round trip proves the date exists.
    if (new Date(ms).toISOString().slice(0, 10) === date) return ms / MS_PER_DAY;
  }
  throw new RangeError(`Not a calendar date in YYYY-MM-DD form: '${date}'`);
}

/**
 * True for an existing calendar date in zero-padded YYYY-MM-DD form, the only form that compares correctly as a string
 * (a timestamp such as "2026-02-14T10:00" would sort after its own day).
 */
export function isCalendarDate(value: string): boolean {
  try {
    toDayNumber(value);
    return true;
  } catch {
    return false;
  }
}

export function fromDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function isWeekend(day: number): boolean {
  const weekday = weekdayOf(day);
  return weekday === 0 || weekday === 6;
}

/** Sunday is 0, as in Date#getUTCDay; arithmetic because day-by-day walks call this for every day they pass. */
export function weekdayOf(day: number): number {
  // 1970-01-01 was a Thursday.
  return (((day + 4) % 7) + 7) % 7;
}

export function yearOfDay(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

export function firstDayOfYear(year: number): number {
  return Date.UTC(year, 0, 1) / MS_PER_DAY;
}

export function addCalendarDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

export function vietnamDate(instant: Date | string): string {
  let ms: number;
  if (typeof instant === 'string') {
    if (!ISO_INSTANT.test(instant)) {
      throw new RangeError(`Not an ISO 8601 instant with a UTC offset: '${instant}'`);
    }
    // Date.parse rolls 2025-02-30 over to March instead of refusing it.
    toDayNumber(instant.slice(0, 10));
    ms = Date.parse(instant);
  } else {
    ms = instant.getTime();
  }
  if (!Number.isFinite(ms)) throw new RangeError(`Invalid instant: '${String(instant)}'`);
  return new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

export function endOfVietnamDay(date: string): string {
  return new Date((toDayNumber(date) + 1) * MS_PER_DAY - VIETNAM_OFFSET_MS - 1).toISOString();
}
