import { firstDayOfYear, fromDayNumber, isWeekend, toDayNumber, yearOfDay } from './dates';
import { DEFAULT_CALENDAR_OVERRIDES } from './default-overrides';
import { assertSupportedYear, statutoryDaysOff } from './statutory-rules';
import type { CalendarHoliday, CalendarOverride } from './types';

interface YearTable {
  first: number;
  last: number;
  holidays: readonly Readonly<CalendarHoliday>[];
  daysOff: ReadonlySet<number>;
  workingDays: ReadonlySet<number>;
}

/**
 * Working days as state agencies keep them: the Monday–Friday week of Decision 188/1999/QĐ-TTg, less the Labour Code
 * art. 112 holidays and the configured government decisions. Pure: every date comes in as an argument.
 */
export class WorkingDayCalendar {
  private readonly overridesByYear = new Map<number, CalendarOverride[]>();
  /** Built once per year on first use: deadline runs over thousands of dossiers hit the same few years. */
  private readonly years = new Map<number, YearTable>();
  /** Day-by-day walks stay inside one year for long stretches, so the last table answers most lookups. */
  private recent: YearTable | undefined;

  /** Passing `overrides` replaces the shipped list; spread DEFAULT_CALENDAR_OVERRIDES into it to extend instead. */
  constructor(options: { overrides?: readonly CalendarOverride[] } = {}) {
    const byDate = new Map<string, CalendarOverride>();
    for (const override of options.overrides ?? DEFAULT_CALENDAR_OVERRIDES) {
      toDayNumber(override.date);
      if (override.kind !== 'day-off' && override.kind !== 'working-day') {
        throw new RangeError(`Unknown override kind '${String(override.kind)}' for ${override.date}`);
      }
      const earlier = byDate.get(override.date);
      // Two decisions pulling one day both ways is a configuration error; picking either would hide it.
      if (earlier && earlier.kind !== override.kind) {
        throw new RangeError(`Conflicting overrides for ${override.date}: '${earlier.kind}' and '${override.kind}'`);
      }
      if (!earlier) byDate.set(override.date, { ...override });
    }
    for (const override of byDate.values()) {
      const year = Number(override.date.slice(0, 4));
      const list = this.overridesByYear.get(year) ?? [];
      list.push(override);
      this.overridesByYear.set(year, list);
    }
  }

  isWorkingDay(date: string): boolean {
    return this.isWorking(toDayNumber(date));
  }

  /** Public holidays and days off beyond ordinary weekends, one entry per date, in date order. */
  holidaysOf(year: number): CalendarHoliday[] {
    return this.table(year).holidays.map((holiday) => ({ ...holiday }));
  }

  addWorkingDays(date: string, days: number): string {
    if (!Number.isSafeInteger(days) || days < 0) {
      throw new RangeError(`Working days to add must be a whole number ≥ 0, got ${days}`);
    }
    let day = toDayNumber(date);
    for (let remaining = days; remaining > 0; ) {
      day++;
      if (this.isWorking(day)) remaining--;
    }
    return fromDayNumber(day);
  }

  /** Counts the interval (from, to], which is empty, hence 0, when `to` is not after `from`. */
  workingDaysBetween(from: string, to: string): number {
    const last = toDayNumber(to);
    let count = 0;
    for (let day = toDayNumber(from) + 1; day <= last; day++) {
      if (this.isWorking(day)) count++;
    }
    return count;
  }

  private isWorking(day: number): boolean {
    const table = this.recent && day >= this.recent.first && day <= this.recent.last ? this.recent : this.tableOf(day);
    if (table.workingDays.has(day)) return true;
    if (table.daysOff.has(day)) return false;
    return !isWeekend(day);
  }

  private tableOf(day: number): YearTable {
    this.recent = this.table(yearOfDay(day));
    return this.recent;
  }

  private table(year: number): YearTable {
    const cached = this.years.get(year);
    if (cached) return cached;
    assertSupportedYear(year);
    const overrides = this.overridesByYear.get(year) ?? [];
    const workingDates = new Set(overrides.filter((o) => o.kind === 'working-day').map((o) => o.date));

    const byDate = new Map<string, CalendarHoliday>();
    for (const holiday of statutoryDaysOff(year)) {
      if (workingDates.has(holiday.date)) continue;
      const sameDay = byDate.get(holiday.date);
      if (sameDay) sameDay.name = `${sameDay.name}; ${holiday.name}`;
      else byDate.set(holiday.date, { ...holiday });
    }
    for (const override of overrides) {
      if (override.kind === 'day-off' && !byDate.has(override.date)) {
        byDate.set(override.date, { date: override.date, name: override.note, source: 'override' });
      }
    }

    const holidays = [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date)).map((h) => Object.freeze(h));
    const table: YearTable = {
      first: firstDayOfYear(year),
      last: firstDayOfYear(year + 1) - 1,
      holidays: Object.freeze(holidays),
      daysOff: new Set(holidays.map((h) => toDayNumber(h.date))),
      workingDays: new Set([...workingDates].map(toDayNumber)),
    };
    this.years.set(year, table);
    return table;
  }
}

/**
 * Time limits are counted on the calendar shipped with the code (statutory holidays and the government's swaps): this
 * one instance, shared by the decider, the timer and the read models, so all of them agree on every due date.
 */
export const DEFAULT_CALENDAR = new WorkingDayCalendar();
