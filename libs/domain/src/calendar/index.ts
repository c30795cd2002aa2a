export type { TimeLimit } from '../regulations/regulation-pack';
export { endOfVietnamDay, isCalendarDate, vietnamDate } from './dates';
export { deadlineFor } from './deadline';
export { DEFAULT_CALENDAR_OVERRIDES } from './default-overrides';
export { FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR } from './statutory-rules';
export type { CalendarHoliday, CalendarOverride } from './types';
export { DEFAULT_CALENDAR, WorkingDayCalendar } from './working-day-calendar';
