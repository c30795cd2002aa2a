import { fromDayNumber, isWeekend, toDayNumber, weekdayOf } from './dates';
import { type AnchorDay, statutoryAnchors } from './library-holidays';
import type { CalendarHoliday } from './types';

/**
 * Labour Code 2012 (in force 1 May 2013) set Tết at five days; Tết 2014 is the first it governed. Earlier years had a
 * different entitlement that is not modelled, and past 2100 the lunar computation is no longer worth trusting for
 * legal deadlines.
 */
export const FIRST_SUPPORTED_YEAR = 2014;
export const LAST_SUPPORTED_YEAR = 2100;

/** Labour Code 2019 (in force 1 January 2021) added the day adjacent to 2 September. */
const NATIONAL_DAY_PAIR_FROM = 2021;
const TET_DAYS = 5;

export function assertSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
    throw new RangeError(
      `The working-day calendar covers ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR}; ${year} is outside it`,
    );
  }
}

/**
 * Days off owed under Labour Code art. 112 to staff on a Monday–Friday week, before the yearly government decisions
 * (overrides) are applied. Several entries can share a date when two holidays coincide.
 */
export function statutoryDaysOff(year: number): CalendarHoliday[] {
  assertSupportedYear(year);
  const anchors = statutoryAnchors(year);
  const days: CalendarHoliday[] = [];
  const taken = new Set<number>();

  const tet = toDayNumber(anchors.tet.date);
  const tetDays = tetDaysOff(tet);
  for (const day of tetDays) {
    taken.add(day);
    const date = fromDayNumber(day);
    days.push(day === tet ? fromLibrary(anchors.tet) : { date, name: anchors.tet.name, source: 'rule' });
  }
  // Listed for what it is even when it falls on a weekend; the five weekdays above already carry the entitlement.
  if (!tetDays.includes(tet)) days.push(fromLibrary(anchors.tet));

  const singleDays: CalendarHoliday[] = [
    fromLibrary(anchors.newYear),
    fromLibrary(anchors.hungKings),
    fromLibrary(anchors.reunification),
    fromLibrary(anchors.labour),
    fromLibrary(anchors.nationalDay),
  ];
  if (year >= NATIONAL_DAY_PAIR_FROM) {
    const companion = nationalDayCompanion(toDayNumber(anchors.nationalDay.date));
    const name = `${anchors.nationalDay.name} (ngày liền kề)`;
    singleDays.push({ date: fromDayNumber(companion), name, source: 'rule' });
  }
  singleDays.sort((a, b) => a.date.localeCompare(b.date));

  // Every weekday holiday is claimed before any compensation is placed, so a compensatory day never lands on one.
  const owed: CalendarHoliday[] = [];
  for (const holiday of singleDays) {
    const day = toDayNumber(holiday.date);
    days.push(holiday);
    if (isWeekend(day) || taken.has(day)) owed.push(holiday);
    else taken.add(day);
  }
  // Art. 112 §3: a holiday on the weekly rest day is made up on the next working day, earliest holiday first.
  for (const holiday of owed) {
    let day = toDayNumber(holiday.date) + 1;
    while (isWeekend(day) || taken.has(day)) day++;
    taken.add(day);
    days.push({ date: fromDayNumber(day), name: `Nghỉ bù ${holiday.name}`, source: 'rule' });
  }

  return days.sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Art. 112 §3 leaves the five Tết days to the Prime Minister. Every decision checked (2015, 2017–2026) gave them as
 * five weekdays in a row (weekends between them are ordinary rest days, so nothing is compensated), starting two days
 * before mùng 1 but never before the Monday of its week: e.g. 2023 Fri 20 – Thu 26 Jan, 2024 Thu 8 – Wed 14 Feb,
 * 2025 Mon 27 – Fri 31 Jan, 2026 Mon 16 – Fri 20 Feb. A year decided otherwise is corrected with overrides.
 */
function tetDaysOff(tet: number): number[] {
  const mondayOfWeek = tet - ((weekdayOf(tet) + 6) % 7);
  let day = Math.max(tet - 2, mondayOfWeek);
  const result: number[] = [];
  while (result.length < TET_DAYS) {
    if (!isWeekend(day)) result.push(day);
    day++;
  }
  return result;
}

/**
 * The second National Day holiday is "1 or 3 September", chosen by the Prime Minister each year. The choices for
 * 2021–2026 were always a weekday, the Monday or Friday when one of the two is (so the break reaches the weekend),
 * else 1 September: Fri 3 Sep 2021, Thu 1 Sep 2022, Fri 1 Sep 2023, Tue 3 Sep 2024, Mon 1 Sep 2025, Tue 1 Sep 2026.
 */
function nationalDayCompanion(nationalDay: number): number {
  const weekdays = [nationalDay - 1, nationalDay + 1].filter((day) => !isWeekend(day));
  const bridging = weekdays.find((day) => weekdayOf(day) === 1 || weekdayOf(day) === 5);
  return bridging ?? weekdays[0];
}

function fromLibrary(anchor: AnchorDay): CalendarHoliday {
  return { date: anchor.date, name: anchor.name, source: 'library' };
}
