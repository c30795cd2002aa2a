import type { Cell } from './cells';
import { fold } from './cells';
import * as n from './normalise';

const t = (value: string): Cell => ({ value });
const num = (value: number, numFmt?: string): Cell => ({ value, numFmt });
const day = (iso: string): Cell => ({ value: new Date(`${iso}T00:00:00.000Z`) });

const value = <T>(p: { ok: true; value: T } | { ok: false; rule: string }): T => {
  if (!p.ok) throw new Error(`expected a value, got the rule: ${p.rule}`);
  return p.value;
};
const rule = (p: { ok: boolean; rule?: string }): string => {
  if (p.ok) throw new Error(`expected a rule, got a value: ${JSON.stringify(p)}`);
  return p.rule!;
};

describe('fold', () => {
  it('compares Vietnamese without accents, case, đ or decomposed marks', () => {
    expect(fold('  Đạt  chuẩn NTM ')).toBe('dat chuan ntm');
    expect(fold('Nâng cao'.normalize('NFD'))).toBe('nang cao');
    expect(fold('2016–2020')).toBe('2016-2020');
  });
});

describe('unit codes', () => {
  it.each<[string, Cell, string]>([
    ['a 5-digit text commune', t('07246'), '07246'],
    ['a 3-digit text district', t('213'), '213'],
    ['text with spaces and the apostrophe Excel users type', t(" '07246 "), '07246'],
    ['a 4-digit text that lost its zero in a spreadsheet', t('7246'), '07246'],
    ['a number cell 7246 (leading zero dropped)', num(7246), '07246'],
    ['a number cell 26881', num(26881), '26881'],
    ['a number cell shown as 00000', num(7, '00000'), '00007'],
    ['a number cell shown as 000 (a district)', num(7, '000'), '007'],
  ])('commune or district column: %s', (_, cell, expected) => {
    expect(value(n.unitCode(cell, 'commune-or-district'))).toBe(expected);
  });

  it.each<[string, Cell, RegExp]>([
    ['a number below 1000 (district 246 or commune 00246)', num(246), /could be a district code .* or a commune code/],
    ['a small number', num(7), /could be a district code/],
    ['a number with decimals', num(7246.5), /is not/],
    ['a number with 6 digits', num(123456), /has 6 digits/],
    ['text with 2 digits', t('24'), /has 2 digits/],
    ['text with 6 digits', t('072460'), /has 6 digits/],
    ['letters', t('X7246'), /digits only/],
    ['a date cell', day('2020-01-01'), /a date/],
    ['a number shown with 4 zeros', num(7, '0000'), /shows 4 digits/],
  ])('commune or district column refuses %s', (_, cell, expected) => {
    expect(rule(n.unitCode(cell, 'commune-or-district'))).toMatch(expected);
  });

  it.each<[string, Cell, string]>([
    ['a 2-digit text province', t('24'), '24'],
    ['a 2-digit text province with its zero', t('01'), '01'],
    ['a 3-digit text district', t('024'), '024'],
    ['a number 213 (only a district has 3 digits)', num(213), '213'],
    ['a number shown as 00', num(1, '00'), '01'],
  ])('province or district column: %s', (_, cell, expected) => {
    expect(value(n.unitCode(cell, 'province-or-district'))).toBe(expected);
  });

  it.each<[string, Cell, RegExp]>([
    ['a number 24 (province 24 or district 024)', num(24), /could be a province code .* or a district code/],
    ['a 5-digit commune', t('07246'), /has 5 digits/],
    ['a 4-digit text (no lost zero can make a province or district)', t('7246'), /has 4 digits/],
    ['a 1-digit text', t('1'), /has 1 digits/],
  ])('province or district column refuses %s', (_, cell, expected) => {
    expect(rule(n.unitCode(cell, 'province-or-district'))).toMatch(expected);
  });
});

describe('levels', () => {
  it.each<[string, string]>([
    ['standard', 'standard'],
    ['NTM', 'standard'],
    ['đạt chuẩn', 'standard'],
    ['Đạt chuẩn NTM', 'standard'],
    ['chuẩn NTM', 'standard'],
    ['dat chuan nong thon moi', 'standard'],
    ['Xã NTM', 'standard'],
    ['nâng cao', 'advanced'],
    ['NTM nâng cao', 'advanced'],
    ['advanced', 'advanced'],
    ['kiểu mẫu', 'model'],
    ['Xã NTM kiểu mẫu', 'model'],
    ['model', 'model'],
    ['hiện đại', 'modern'],
    ['modern', 'modern'],
    ['hoàn thành nhiệm vụ', 'task-completed'],
    ['Hoàn thành nhiệm vụ xây dựng NTM', 'task-completed'],
    ['task-completed', 'task-completed'],
  ])('%s → %s', (input, expected) => {
    expect(value(n.level(t(input)))).toBe(expected);
  });

  it.each(['không nâng cao', 'gold', 'NTM 2', '1'])('refuses %s', (input) => {
    expect(rule(n.level(t(input)))).toMatch(/a level is standard/);
  });
});

describe('periods', () => {
  it.each<[string, string]>([
    ['2016-2020', '2016-2020'],
    ['2016 - 2020', '2016-2020'],
    ['2021–2025', '2021-2025'],
    ['giai đoạn 2016-2020', '2016-2020'],
    ['Giai đoạn 2021 - 2025', '2021-2025'],
    ['GĐ 2010-2015', '2010-2015'],
    ['2026-2030', '2026-2030'],
  ])('%s → %s', (input, expected) => {
    expect(value(n.period(t(input)))).toBe(expected);
  });

  it.each(['2016-2021', '2016', 'giai đoạn 1', '2031-2035'])('refuses %s', (input) => {
    expect(rule(n.period(t(input)))).toMatch(/a period is one of 2010-2015, 2016-2020, 2021-2025, 2026-2030/);
  });
});

describe('dates', () => {
  it.each<[string, Cell, string]>([
    ['an Excel date cell', day('2019-12-15'), '2019-12-15'],
    ['an Excel date cell with a time of day', { value: new Date('2019-12-15T17:30:00.000Z') }, '2019-12-15'],
    ['dd/mm/yyyy', t('15/12/2019'), '2019-12-15'],
    ['d/m/yyyy', t('5/3/2020'), '2020-03-05'],
    ['d.m.yyyy', t('5.3.2020'), '2020-03-05'],
    ['d-m-yyyy', t('5-3-2020'), '2020-03-05'],
    ['yyyy-mm-dd', t('2020-03-05'), '2020-03-05'],
    ['a CSV date with midnight', t('15/12/2019 00:00:00'), '2019-12-15'],
    ['the way decisions write it', t('ngày 15 tháng 12 năm 2019'), '2019-12-15'],
    ['29 February of a leap year', t('29/02/2020'), '2020-02-29'],
  ])('%s', (_, cell, expected) => {
    expect(value(n.date(cell))).toBe(expected);
  });

  it.each<[string, Cell, RegExp]>([
    ['31/02/2020', t('31/02/2020'), /not a day of the calendar/],
    ['29/02/2019', t('29/02/2019'), /not a day of the calendar/],
    ['a month-first date', t('12/15/2019'), /not a day of the calendar \(dates are read day first/],
    ['2020-13-01', t('2020-13-01'), /not a day of the calendar/],
    ['a two-digit year', t('15/12/19'), /two-digit year is ambiguous/],
    ['words', t('December 15, 2019'), /expected a date cell, dd\/mm\/yyyy/],
    ['mixed separators', t('15/12-2019'), /expected a date cell/],
    ['a number (not taken for an Excel serial)', num(43814), /found a number cell/],
    ['a year alone', t('2019'), /expected a date cell/],
  ])('refuses %s', (_, cell, expected) => {
    expect(rule(n.date(cell))).toMatch(expected);
  });
});

describe('criteria lists', () => {
  it.each<[Cell, string[]]>([
    [t('C10; C17'), ['C10', 'C17']],
    [t('10, 17'), ['C10', 'C17']],
    [t('TC10'), ['C10']],
    [t('TC 10 và TC 17'), ['C10', 'C17']],
    [t('tiêu chí 17, tiêu chí 5'), ['C05', 'C17']],
    [t('c1;c01;C1'), ['C01']],
    [t('17 10'), ['C10', 'C17']],
    [t('D03; D9'), ['D03', 'D09']],
    [num(10), ['C10']],
  ])('%j → %j', (cell, expected) => {
    expect(value(n.criteriaList(cell))).toEqual(expected);
  });

  it.each<[Cell, RegExp]>([
    [t('17.1'), /"17.1" is not a criterion/],
    [t('C100'), /"c100" is not a criterion/],
    [t('môi trường'), /is not a criterion/],
    [t('C0'), /is not a criterion/],
    [num(17.5), /17.5 is not a criterion number/],
    [t(';'), /criteria are listed/],
  ])('refuses %j', (cell, expected) => {
    expect(rule(n.criteriaList(cell))).toMatch(expected);
  });
});

describe('criterion marks', () => {
  it.each<[Cell, boolean]>([
    [t('đạt'), true],
    [t('Đạt'), true],
    [t('Đ'), true],
    [t('x'), true],
    [t('X'), true],
    [t('1'), true],
    [t('TRUE'), true],
    [num(1), true],
    [{ value: true }, true],
    [t('không đạt'), false],
    [t('Không Đạt'), false],
    [t('KĐ'), false],
    [t('chưa đạt'), false],
    [t('0'), false],
    [t('false'), false],
    [num(0), false],
    [{ value: false }, false],
  ])('%j → %s', (cell, expected) => {
    expect(value(n.criterionMark(cell))).toBe(expected);
  });

  it.each<Cell>([t('có thể'), num(2), t('50%')])('refuses %j', (cell) => {
    expect(rule(n.criterionMark(cell))).toMatch(/a criterion is marked/);
  });
});

describe('criteria met', () => {
  it.each<[Cell, { met: number; total?: number }]>([
    [num(15), { met: 15 }],
    [t('15'), { met: 15 }],
    [t('15/19'), { met: 15, total: 19 }],
    [t('15 / 19'), { met: 15, total: 19 }],
    [t('đạt 15/19'), { met: 15, total: 19 }],
    [t('Đạt 15/19 tiêu chí'), { met: 15, total: 19 }],
    [t('10/10'), { met: 10, total: 10 }],
  ])('%j → %j', (cell, expected) => {
    expect(value(n.metCount(cell))).toEqual(expected);
  });

  it.each<[Cell, RegExp]>([
    [t('20/19'), /more met than the total/],
    [t('abc'), /criteria met is a whole number/],
    [num(-1), /criteria met is a whole number/],
    [num(15.5), /criteria met is a whole number/],
    [day('2024-10-05'), /a spreadsheet turned "d\/m" into a date/],
  ])('refuses %j', (cell, expected) => {
    expect(rule(n.metCount(cell))).toMatch(expected);
  });
});

describe('numbers', () => {
  it.each<[Cell, number]>([
    [num(80), 80],
    [t('80'), 80],
    [t(' 0 '), 0],
  ])('count %j → %s', (cell, expected) => {
    expect(value(n.count(cell))).toBe(expected);
  });

  it.each<[Cell, RegExp]>([
    [t('abc'), /expected a whole number/],
    [t('-3'), /never negative/],
    [num(-3), /never negative/],
    [t('2,5'), /expected a whole number/],
    [num(2.5), /expected a whole number/],
    [day('2020-01-01'), /found a date cell/],
  ])('count refuses %j', (cell, expected) => {
    expect(rule(n.count(cell))).toMatch(expected);
  });

  it.each<[Cell, number]>([
    [t('17,5'), 17.5],
    [t('17.5'), 17.5],
    [num(18), 18],
  ])('decimal %j → %s', (cell, expected) => {
    expect(value(n.decimal(cell))).toBe(expected);
  });

  it.each<[Cell, number]>([
    [num(85), 85],
    [t('85'), 85],
    [t('85,5'), 85.5],
    [t('85%'), 85],
    [t('85 %'), 85],
    [num(0.85, '0%'), 85],
    [num(0.855, '0.0%'), 85.5],
    [num(100), 100],
    [num(0), 0],
  ])('percent %j → %s', (cell, expected) => {
    expect(value(n.percent(cell))).toBe(expected);
  });

  it.each<[Cell, RegExp]>([
    [num(101), /101 is outside/],
    [num(1.2, '0%'), /120 is outside/],
    [t('-5'), /never negative/],
    [t('abc'), /expected a per cent/],
  ])('percent refuses %j', (cell, expected) => {
    expect(rule(n.percent(cell))).toMatch(expected);
  });

  it.each<[Cell, number | RegExp]>([
    [num(2023), 2023],
    [t('2023'), 2023],
    [num(2009), /from 2010/],
    [num(2023.5), /from 2010/],
    [t('23'), /from 2010/],
  ])('year %j → %s', (cell, expected) => {
    if (typeof expected === 'number') expect(value(n.year(cell))).toBe(expected);
    else expect(rule(n.year(cell))).toMatch(expected);
  });
});

describe('plan scope and text', () => {
  it.each<[string, string]>([
    ['period', 'period'],
    ['giai đoạn', 'period'],
    ['GĐ', 'period'],
    ['year', 'year'],
    ['năm', 'year'],
    ['Năm', 'year'],
  ])('scope %s → %s', (input, expected) => {
    expect(value(n.scope(t(input)))).toBe(expected);
  });

  it('refuses an unknown scope', () => {
    expect(rule(n.scope(t('quý')))).toMatch(/period \(giai đoạn\) or year \(năm\)/);
  });

  it('keeps text trimmed, NFC, single-spaced; a whole number as its digits', () => {
    expect(value(n.text(t('  2150/QĐ-UBND '.normalize('NFD'))))).toBe('2150/QĐ-UBND');
    expect(value(n.text(t('Nguyễn\u00a0 Văn   A')))).toBe('Nguyễn Văn A');
    expect(value(n.text(num(2150)))).toBe('2150');
    expect(rule(n.text(day('2020-01-01')))).toMatch(/found a date cell/);
  });
});
