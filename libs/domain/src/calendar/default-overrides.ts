import type { CalendarOverride } from './types';

/**
 * Government decisions that the statutory rules cannot predict: working days swapped to make a bridge, or a day off
 * added. Only announced decisions are listed, each with where it was announced. Years without entries rely on the
 * rules, which reproduce the published schedules of 2017–2018 and 2020–2023 as they stand (2014 and 2016 were not
 * checked); a year not yet announced falls back on the rules until its entries are added. Deployments replace or
 * extend this list through the calendar's constructor.
 */
export const DEFAULT_CALENDAR_OVERRIDES: readonly CalendarOverride[] = Object.freeze([
  // 2015: the Prime Minister's approval of the 2015 holiday plan of the Ministry of Labour, Invalids and Social Affairs
  // (MOLISA), published on the government portal in December 2014 (Thanh Niên News, "Vietnam PM approves 9-day Lunar
  // New Year holiday").
  ...swap('2015-01-02', '2014-12-27', 'MOLISA 2015 holiday plan approved by the PM'),
  ...swap('2015-02-16', '2015-02-14', 'MOLISA 2015 holiday plan approved by the PM, Tết Ất Mùi'),
  ...swap('2015-04-29', '2015-04-25', 'MOLISA 2015 holiday plan approved by the PM'),

  // 2019: MOLISA's announcement of the 2019 holidays after the PM's approval (August 2018; Nhân Dân via VietnamNet,
  // "Total of 21 days for 2019 public holidays"), and the PM's approval of the April swap (Thanh Niên, 22 April 2019).
  ...swap('2018-12-31', '2019-01-05', 'MOLISA 2019 holiday announcement approved by the PM'),
  ...swap('2019-04-29', '2019-05-04', 'swap approved by the PM, April 2019'),

  // 2024: MOLISA Notice 1570/TB-LĐTBXH (April 2024), after the PM approved the swap.
  ...swap('2024-04-29', '2024-05-04', 'Thông báo 1570/TB-LĐTBXH'),

  // 2025: the PM's approval of the swap, announced in March 2025 (Việt Nam News, 4 March 2025).
  ...swap('2025-05-02', '2025-04-26', 'swap approved by the PM, March 2025'),

  // 2026 New Year: approved by the Government on 25 December 2025 and announced by the Ministry of Home Affairs the
  // same day.
  ...swap('2026-01-02', '2026-01-10', 'Bộ Nội vụ, 25/12/2025'),

  // 2026 National Day: Ministry of Home Affairs Notice 9441/TB-BNV of 16 October 2025, which also set Tết 2026 at
  // Mon 16 – Fri 20 February, as the rules already give.
  ...swap('2026-08-31', '2026-08-22', 'Thông báo 9441/TB-BNV'),
]);

/** Every decision so far is a swap: one weekday off, repaid by working a Saturday. */
function swap(dayOff: string, workedDay: string, source: string): CalendarOverride[] {
  return [
    Object.freeze({ date: dayOff, kind: 'day-off', note: `Nghỉ hoán đổi, làm bù ngày ${workedDay} (${source})` }),
    Object.freeze({ date: workedDay, kind: 'working-day', note: `Làm bù cho ngày nghỉ ${dayOff} (${source})` }),
  ];
}
