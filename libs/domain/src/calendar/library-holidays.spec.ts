import Holidays from 'date-holidays';
import { statutoryAnchors } from './library-holidays';

describe('date-holidays as the source of Vietnam’s statutory dates', () => {
  it.each([
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
  ])('puts mùng 1 Tết %i on %s', (year, date) => {
    expect(statutoryAnchors(year).tet.date).toBe(date);
  });

  it.each([
    [2019, '2019-04-14'],
    [2021, '2021-04-21'],
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])('puts the Hùng Kings’ commemoration (10/3 lunar) of %i on %s', (year, date) => {
    expect(statutoryAnchors(year).hungKings.date).toBe(date);
  });

  it('gives the solar holidays on their fixed dates', () => {
    const anchors = statutoryAnchors(2025);
    expect([anchors.newYear, anchors.reunification, anchors.labour, anchors.nationalDay].map((a) => a.date)).toEqual([
      '2025-01-01',
      '2025-04-30',
      '2025-05-01',
      '2025-09-02',
    ]);
  });

  // Vietnam has reckoned new moons in UTC+7 since 1968 and China in UTC+8. A new moon between 16:00 and 17:00 UTC
  // falls on different dates in the two, which shifts Tết by a day, and in 1985 by a whole month.
  describe('years where Vietnam’s Tết is not China’s', () => {
    const china = new Holidays('CN');
    const chineseNewYear = (year: number) =>
      china.getHolidays(year).find((h) => h.rule === 'chinese 01-0-01')?.date.slice(0, 10);

    it.each([
      [1968, '1968-01-29', '1968-01-30'],
      [1985, '1985-01-21', '1985-02-20'],
      [2007, '2007-02-17', '2007-02-18'],
      [2030, '2030-02-02', '2030-02-03'],
    ])('%i: Vietnam %s, China %s', (year, vietnam, chinaDate) => {
      expect(statutoryAnchors(year).tet.date).toBe(vietnam);
      expect(chineseNewYear(year)).toBe(chinaDate);
    });

    it('agrees with China in an ordinary year', () => {
      expect(chineseNewYear(2025)).toBe(statutoryAnchors(2025).tet.date);
    });
  });

  it('hands out the same cached answer for a year', () => {
    expect(statutoryAnchors(2024)).toBe(statutoryAnchors(2024));
  });
});
