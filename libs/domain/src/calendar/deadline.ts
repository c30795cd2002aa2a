import type { TimeLimit } from '../regulations/regulation-pack';
import { addCalendarDays, endOfVietnamDay, vietnamDate } from './dates';
import type { WorkingDayCalendar } from './working-day-calendar';

/**
 * Civil Code 2015 art. 147–148: a period in days starts the day after the event and ends at 24:00 of its last day, both
 * read on Vietnam's calendar whatever zone the start instant was written in. Art. 148 §5 (a calendar-day period whose
 * last day is a weekend or holiday runs on to the end of the next working day) is deliberately not applied here: the
 * callers' contract is the plain last day, and whether §5 governs the programme's procedures is a product decision.
 */
export function deadlineFor(startInstant: string, limit: TimeLimit, calendar: WorkingDayCalendar): string {
  if (!Number.isSafeInteger(limit.days) || limit.days < 0) {
    throw new RangeError(`A time limit must be a whole number of days ≥ 0, got ${limit.days}`);
  }
  const start = vietnamDate(startInstant);
  const lastDay =
    limit.kind === 'working' ? calendar.addWorkingDays(start, limit.days) : addCalendarDays(start, limit.days);
  return endOfVietnamDay(lastDay);
}
