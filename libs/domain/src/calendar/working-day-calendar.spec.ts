import { DEFAULT_CALENDAR_OVERRIDES, type CalendarOverride, WorkingDayCalendar } from './index';

/** Every date in [from, to] that is not a working day: the exact shape of a published holiday schedule. */
function daysOff(calendar: WorkingDayCalendar, from: string, to: string): string[] {
  const result: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += 86_400_000) {
    const date = new Date(ms).toISOString().slice(0, 10);
    if (!calendar.isWorkingDay(date)) result.push(date);
  }
  return result;
}

const calendar = new WorkingDayCalendar();

describe('WorkingDayCalendar against the published schedules', () => {
  describe('2023 (rules alone)', () => {
    it('Tết: Fri 20 – Thu 26 January, mùng 1 on a Sunday', () => {
      expect(daysOff(calendar, '2023-01-16', '2023-01-29')).toEqual([
        '2023-01-20', '2023-01-21', '2023-01-22', '2023-01-23', '2023-01-24', '2023-01-25', '2023-01-26',
        '2023-01-28', '2023-01-29',
      ]);
    });

    it('New Year on a Sunday is made up on Monday 2 January', () => {
      expect(daysOff(calendar, '2022-12-30', '2023-01-03')).toEqual(['2022-12-31', '2023-01-01', '2023-01-02']);
    });

    it('Hùng Kings on Saturday 29 April and 30 April on Sunday are made up on 2 and 3 May, after 1 May', () => {
      expect(daysOff(calendar, '2023-04-27', '2023-05-05')).toEqual([
        '2023-04-29', '2023-04-30', '2023-05-01', '2023-05-02', '2023-05-03',
      ]);
      expect(calendar.holidaysOf(2023).filter((h) => h.date >= '2023-05-02' && h.date <= '2023-05-03')).toEqual([
        { date: '2023-05-02', name: 'Nghỉ bù Giỗ tổ Hùng Vương', source: 'rule' },
        { date: '2023-05-03', name: 'Nghỉ bù Ngày Giải phóng miền Nam', source: 'rule' },
      ]);
    });

    it('National Day on a Saturday: Friday 1 September as the second day, Monday 4 in lieu', () => {
      expect(daysOff(calendar, '2023-08-31', '2023-09-05')).toEqual([
        '2023-09-01', '2023-09-02', '2023-09-03', '2023-09-04',
      ]);
    });

    it('lists the year’s holidays with where each comes from', () => {
      expect(calendar.holidaysOf(2023)).toEqual([
        { date: '2023-01-01', name: 'Tết Dương lịch', source: 'library' },
        { date: '2023-01-02', name: 'Nghỉ bù Tết Dương lịch', source: 'rule' },
        { date: '2023-01-20', name: 'Tết Nguyên Đán', source: 'rule' },
        { date: '2023-01-22', name: 'Tết Nguyên Đán', source: 'library' },
        { date: '2023-01-23', name: 'Tết Nguyên Đán', source: 'rule' },
        { date: '2023-01-24', name: 'Tết Nguyên Đán', source: 'rule' },
        { date: '2023-01-25', name: 'Tết Nguyên Đán', source: 'rule' },
        { date: '2023-01-26', name: 'Tết Nguyên Đán', source: 'rule' },
        { date: '2023-04-29', name: 'Giỗ tổ Hùng Vương', source: 'library' },
        { date: '2023-04-30', name: 'Ngày Giải phóng miền Nam', source: 'library' },
        { date: '2023-05-01', name: 'Quốc tế Lao động', source: 'library' },
        { date: '2023-05-02', name: 'Nghỉ bù Giỗ tổ Hùng Vương', source: 'rule' },
        { date: '2023-05-03', name: 'Nghỉ bù Ngày Giải phóng miền Nam', source: 'rule' },
        { date: '2023-09-01', name: 'Quốc khánh (ngày liền kề)', source: 'rule' },
        { date: '2023-09-02', name: 'Quốc khánh', source: 'library' },
        { date: '2023-09-04', name: 'Nghỉ bù Quốc khánh', source: 'rule' },
      ]);
    });
  });

  describe('2024', () => {
    it('Tết spanning a weekend: Thu 8 – Wed 14 February around mùng 1 on Saturday 10', () => {
      expect(daysOff(calendar, '2024-02-05', '2024-02-18')).toEqual([
        '2024-02-08', '2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13', '2024-02-14',
        '2024-02-17', '2024-02-18',
      ]);
      expect(calendar.isWorkingDay('2024-02-07')).toBe(true);
      expect(calendar.isWorkingDay('2024-02-15')).toBe(true);
      const tet = calendar.holidaysOf(2024).filter((h) => h.date.startsWith('2024-02'));
      expect(tet.map((h) => [h.date, h.source])).toEqual([
        ['2024-02-08', 'rule'],
        ['2024-02-09', 'rule'],
        ['2024-02-10', 'library'],
        ['2024-02-12', 'rule'],
        ['2024-02-13', 'rule'],
        ['2024-02-14', 'rule'],
      ]);
    });

    it('the April bridge: Monday 29 April off, Saturday 4 May worked', () => {
      expect(daysOff(calendar, '2024-04-26', '2024-05-05')).toEqual([
        '2024-04-27', '2024-04-28', '2024-04-29', '2024-04-30', '2024-05-01', '2024-05-05',
      ]);
      expect(calendar.isWorkingDay('2024-05-04')).toBe(true);
      expect(calendar.holidaysOf(2024).find((h) => h.date === '2024-04-29')?.source).toBe('override');
    });

    it('Hùng Kings on Thursday 18 April', () => {
      expect(daysOff(calendar, '2024-04-15', '2024-04-19')).toEqual(['2024-04-18']);
    });

    it('National Day on a Monday pairs with Tuesday 3 September', () => {
      expect(daysOff(calendar, '2024-08-30', '2024-09-04')).toEqual([
        '2024-08-31', '2024-09-01', '2024-09-02', '2024-09-03',
      ]);
    });
  });

  describe('2025', () => {
    it('Tết: Sat 25 January – Sun 2 February, five weekdays Mon 27 – Fri 31', () => {
      expect(daysOff(calendar, '2025-01-24', '2025-02-03')).toEqual([
        '2025-01-25', '2025-01-26', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31',
        '2025-02-01', '2025-02-02',
      ]);
    });

    it('Hùng Kings on Monday 7 April', () => {
      expect(daysOff(calendar, '2025-04-04', '2025-04-08')).toEqual(['2025-04-05', '2025-04-06', '2025-04-07']);
    });

    it('the May bridge: Friday 2 May off, Saturday 26 April worked', () => {
      expect(calendar.isWorkingDay('2025-04-26')).toBe(true);
      expect(daysOff(calendar, '2025-04-29', '2025-05-05')).toEqual([
        '2025-04-30', '2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04',
      ]);
    });

    it('National Day on a Tuesday pairs with Monday 1 September', () => {
      expect(daysOff(calendar, '2025-08-29', '2025-09-03')).toEqual([
        '2025-08-30', '2025-08-31', '2025-09-01', '2025-09-02',
      ]);
    });

    it('has 250 working days', () => {
      expect(calendar.workingDaysBetween('2024-12-31', '2025-12-31')).toBe(250);
    });
  });

  describe('2026', () => {
    it('New Year: Thursday 1 to Sunday 4 January, Saturday 10 January worked', () => {
      expect(daysOff(calendar, '2025-12-31', '2026-01-11')).toEqual([
        '2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-11',
      ]);
    });

    it('Tết spanning two weekends: Sat 14 – Sun 22 February', () => {
      expect(daysOff(calendar, '2026-02-13', '2026-02-23')).toEqual([
        '2026-02-14', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20',
        '2026-02-21', '2026-02-22',
      ]);
    });

    it('Hùng Kings on Sunday 26 April is made up on Monday 27; 30 April and 1 May fall Thursday and Friday', () => {
      expect(daysOff(calendar, '2026-04-24', '2026-05-04')).toEqual([
        '2026-04-25', '2026-04-26', '2026-04-27', '2026-04-30', '2026-05-01', '2026-05-02', '2026-05-03',
      ]);
    });

    it('National Day: 1 and 2 September plus Monday 31 August off, Saturday 22 August worked', () => {
      expect(calendar.isWorkingDay('2026-08-22')).toBe(true);
      expect(daysOff(calendar, '2026-08-28', '2026-09-03')).toEqual([
        '2026-08-29', '2026-08-30', '2026-08-31', '2026-09-01', '2026-09-02',
      ]);
    });
  });

  describe('2027 (not yet announced: rules alone)', () => {
    it('Tết around mùng 1 on Saturday 6 February: Thu 4 – Wed 10', () => {
      expect(daysOff(calendar, '2027-02-03', '2027-02-11')).toEqual([
        '2027-02-04', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10',
      ]);
    });

    it('1 May on a Saturday is made up on Monday 3 May', () => {
      expect(daysOff(calendar, '2027-04-29', '2027-05-04')).toEqual([
        '2027-04-30', '2027-05-01', '2027-05-02', '2027-05-03',
      ]);
    });

    it('National Day on a Thursday pairs with Friday 3 September', () => {
      expect(daysOff(calendar, '2027-09-01', '2027-09-06')).toEqual([
        '2027-09-02', '2027-09-03', '2027-09-04', '2027-09-05',
      ]);
    });
  });

  describe('earlier years', () => {
    it('2022: 30 April and 1 May on a weekend are made up on Monday 2 and Tuesday 3 May', () => {
      expect(daysOff(calendar, '2022-04-29', '2022-05-04')).toEqual([
        '2022-04-30', '2022-05-01', '2022-05-02', '2022-05-03',
      ]);
    });

    it('2022: Hùng Kings on Sunday 10 April is made up on Monday 11', () => {
      expect(daysOff(calendar, '2022-04-08', '2022-04-12')).toEqual(['2022-04-09', '2022-04-10', '2022-04-11']);
    });

    it('2021: Tết Wed 10 – Tue 16 February and National Day Thu 2 – Sun 5 September', () => {
      expect(daysOff(calendar, '2021-02-09', '2021-02-17')).toEqual([
        '2021-02-10', '2021-02-11', '2021-02-12', '2021-02-13', '2021-02-14', '2021-02-15', '2021-02-16',
      ]);
      expect(daysOff(calendar, '2021-09-01', '2021-09-06')).toEqual([
        '2021-09-02', '2021-09-03', '2021-09-04', '2021-09-05',
      ]);
    });

    it('2019: one National Day holiday before Labour Code 2019, and the shipped swaps', () => {
      expect(daysOff(calendar, '2019-08-30', '2019-09-03')).toEqual(['2019-08-31', '2019-09-01', '2019-09-02']);
      expect(daysOff(calendar, '2018-12-28', '2019-01-06')).toEqual([
        '2018-12-29', '2018-12-30', '2018-12-31', '2019-01-01', '2019-01-06',
      ]);
      expect(daysOff(calendar, '2019-04-26', '2019-05-05')).toEqual([
        '2019-04-27', '2019-04-28', '2019-04-29', '2019-04-30', '2019-05-01', '2019-05-05',
      ]);
    });

    it('2015: nine days of Tết from Sunday 15 February, Saturday 14 worked', () => {
      expect(daysOff(calendar, '2015-02-13', '2015-02-24')).toEqual([
        '2015-02-15', '2015-02-16', '2015-02-17', '2015-02-18', '2015-02-19', '2015-02-20', '2015-02-21',
        '2015-02-22', '2015-02-23',
      ]);
    });

    it('2018: National Day on a Sunday is made up on Monday 3 September', () => {
      expect(daysOff(calendar, '2018-08-31', '2018-09-04')).toEqual(['2018-09-01', '2018-09-02', '2018-09-03']);
    });
  });
});

describe('WorkingDayCalendar overrides', () => {
  it('honours every shipped override', () => {
    for (const override of DEFAULT_CALENDAR_OVERRIDES) {
      expect([override.date, calendar.isWorkingDay(override.date)]).toEqual([
        override.date, override.kind === 'working-day',
      ]);
    }
  });

  it('replaces the shipped list when given one', () => {
    const bare = new WorkingDayCalendar({ overrides: [] });
    expect(bare.isWorkingDay('2025-04-26')).toBe(false);
    expect(bare.isWorkingDay('2025-05-02')).toBe(true);
  });

  it('adds a day off and a worked Saturday on top of the shipped list', () => {
    const extended = new WorkingDayCalendar({
      overrides: [
        ...DEFAULT_CALENDAR_OVERRIDES,
        { date: '2027-09-06', kind: 'day-off', note: 'Hoán đổi sau Quốc khánh' },
        { date: '2027-09-11', kind: 'working-day', note: 'Làm bù cho thứ Hai 06/09/2027' },
      ],
    });
    expect(extended.isWorkingDay('2027-09-06')).toBe(false);
    expect(extended.isWorkingDay('2027-09-11')).toBe(true);
    expect(extended.isWorkingDay('2025-04-26')).toBe(true);
    expect(extended.holidaysOf(2027).filter((h) => h.date >= '2027-09-01' && h.date <= '2027-09-30')).toEqual([
      { date: '2027-09-02', name: 'Quốc khánh', source: 'library' },
      { date: '2027-09-03', name: 'Quốc khánh (ngày liền kề)', source: 'rule' },
      { date: '2027-09-06', name: 'Hoán đổi sau Quốc khánh', source: 'override' },
    ]);
    expect(extended.addWorkingDays('2027-09-01', 1)).toBe('2027-09-07');
    expect(extended.addWorkingDays('2027-09-10', 1)).toBe('2027-09-11');
  });

  it('a working-day override takes a rule day off the list', () => {
    const changed = new WorkingDayCalendar({
      overrides: [{ date: '2027-02-04', kind: 'working-day', note: 'Tết 2027 decided to start on Friday' }],
    });
    expect(changed.isWorkingDay('2027-02-04')).toBe(true);
    expect(changed.holidaysOf(2027).some((h) => h.date === '2027-02-04')).toBe(false);
  });

  it('keeps the statutory name when a day-off override repeats a holiday', () => {
    const repeated = new WorkingDayCalendar({ overrides: [{ date: '2025-09-02', kind: 'day-off', note: 'again' }] });
    expect(repeated.holidaysOf(2025).filter((h) => h.date === '2025-09-02')).toEqual([
      { date: '2025-09-02', name: 'Quốc khánh', source: 'library' },
    ]);
  });

  it('accepts a repeated override but rejects one that contradicts another', () => {
    const day: CalendarOverride = { date: '2027-09-06', kind: 'day-off', note: 'a' };
    expect(() => new WorkingDayCalendar({ overrides: [day, { ...day, note: 'b' }] })).not.toThrow();
    expect(() => new WorkingDayCalendar({ overrides: [day, { ...day, kind: 'working-day' }] })).toThrow(/Conflicting/);
  });

  it('rejects malformed overrides', () => {
    expect(() => new WorkingDayCalendar({ overrides: [{ date: '2027-02-30', kind: 'day-off', note: '' }] })).toThrow(
      RangeError,
    );
    const badKind = { date: '2027-02-01', kind: 'holiday', note: '' } as unknown as CalendarOverride;
    expect(() => new WorkingDayCalendar({ overrides: [badKind] })).toThrow(/kind/);
  });
});

describe('WorkingDayCalendar arithmetic', () => {
  it('adds working days across Tết', () => {
    expect(calendar.addWorkingDays('2025-01-24', 1)).toBe('2025-02-03');
    expect(calendar.addWorkingDays('2025-01-22', 3)).toBe('2025-02-03');
    expect(calendar.addWorkingDays('2024-02-09', 1)).toBe('2024-02-15');
  });

  it('counts the worked Saturday and skips the swapped Monday', () => {
    expect(calendar.addWorkingDays('2024-04-25', 15)).toBe('2024-05-20');
  });

  it('crosses the year end', () => {
    expect(calendar.addWorkingDays('2025-12-31', 1)).toBe('2026-01-05');
    expect(calendar.addWorkingDays('2026-01-09', 1)).toBe('2026-01-10');
  });

  it('returns the start date itself for zero days, working or not', () => {
    expect(calendar.addWorkingDays('2025-01-29', 0)).toBe('2025-01-29');
  });

  it('rejects negative or fractional day counts', () => {
    expect(() => calendar.addWorkingDays('2025-01-29', -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2025-01-29', 1.5)).toThrow(RangeError);
  });

  it('counts working days in (from, to]', () => {
    expect(calendar.workingDaysBetween('2025-01-24', '2025-02-03')).toBe(1);
    expect(calendar.workingDaysBetween('2025-01-23', '2025-01-24')).toBe(1);
    expect(calendar.workingDaysBetween('2025-01-24', '2025-01-24')).toBe(0);
    expect(calendar.workingDaysBetween('2025-02-03', '2025-01-24')).toBe(0);
  });

  it('agrees with addWorkingDays', () => {
    for (const start of ['2023-12-29', '2024-02-07', '2025-04-25', '2026-08-20']) {
      for (const days of [1, 5, 15, 30, 90]) {
        expect(calendar.workingDaysBetween(start, calendar.addWorkingDays(start, days))).toBe(days);
      }
    }
  });

  it('rejects malformed dates and years outside the modelled law', () => {
    expect(() => calendar.isWorkingDay('2025-02-29')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2025-1-5')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2013-05-02')).toThrow(/2014–2100/);
    expect(() => calendar.holidaysOf(2101)).toThrow(RangeError);
  });

  it('hands out copies of its memoised year', () => {
    const first = calendar.holidaysOf(2025);
    first[0].name = 'changed';
    first.pop();
    expect(calendar.holidaysOf(2025)[0].name).toBe('Tết Dương lịch');
    expect(calendar.holidaysOf(2025)).toHaveLength(12);
  });
});
