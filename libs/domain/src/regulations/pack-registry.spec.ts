import {
  allPacks,
  criteriaSetFor,
  getPack,
  InvalidRegulationDateError,
  LevelNotInPackError,
  levelRules,
  NoPackForDateError,
  packForDate,
  UnknownRegulationPackError,
} from '.';

describe('pack registry', () => {
  it('finds a pack by id and version', () => {
    expect(getPack('ntm-2026-2030', '1').period).toBe('2026-2030');
  });

  it.each([
    ['ntm-2021-2025', '2'],
    ['ntm-2011-2015', '1'],
  ])('rejects %s version %s with a stable code', (id, version) => {
    expect(() => getPack(id, version)).toThrow(UnknownRegulationPackError);
    expect(() => getPack(id, version)).toThrow(expect.objectContaining({ code: 'REGULATION.UNKNOWN_PACK' }));
  });

  it('hands out a copy of the list, not the registry itself', () => {
    const packs = allPacks();
    packs.pop();
    expect(allPacks()).toHaveLength(4);
  });

  it.each([
    ['2011-06-30', 'ntm-2010-2015'],
    ['2016-01-01', 'ntm-2010-2015'],
    ['2016-10-16', 'ntm-2010-2015'],
    ['2016-10-17', 'ntm-2016-2020'],
    ['2022-03-07', 'ntm-2016-2020'],
    ['2022-03-08', 'ntm-2021-2025'],
    ['2025-07-01', 'ntm-2021-2025'],
    ['2026-02-14', 'ntm-2021-2025'],
    ['2026-02-15', 'ntm-2026-2030'],
    ['2030-12-31', 'ntm-2026-2030'],
  ])('on %s the pack is %s', (date, id) => {
    expect(packForDate(date).id).toBe(id);
  });

  it.each(['2009-04-15', '2031-01-01'])('no pack covers %s', (date) => {
    expect(() => packForDate(date)).toThrow(NoPackForDateError);
  });

  it.each(['2026-2-15', '2026-02-15T00:00:00Z', '2026-02-30', ''])('rejects "%s", which is not a YYYY-MM-DD date', (date) => {
    expect(() => packForDate(date)).toThrow(InvalidRegulationDateError);
  });

  it('gives each level its prerequisite', () => {
    const pack = getPack('ntm-2021-2025', '1');
    expect(levelRules(pack, 'standard').requires).toBeNull();
    expect(levelRules(pack, 'advanced').requires).toBe('standard');
    expect(levelRules(pack, 'model').requires).toBe('advanced');
    expect(levelRules(getPack('ntm-2026-2030', '1'), 'modern').requires).toBe('standard');
  });

  it('defaults to communes and tells the district level apart', () => {
    const pack = getPack('ntm-2021-2025', '1');
    expect(criteriaSetFor(pack, 'standard').code).toBe('2021-2025/commune-standard');
    expect(criteriaSetFor(pack, 'standard', 'district').code).toBe('2021-2025/district-standard');
  });

  it.each([
    ['ntm-2010-2015', 'advanced', 'commune'],
    ['ntm-2016-2020', 'modern', 'commune'],
    ['ntm-2026-2030', 'model', 'commune'],
    ['ntm-2026-2030', 'standard', 'district'],
  ] as const)('%s has no %s level for a %s', (id, level, unitKind) => {
    expect(() => levelRules(getPack(id, '1'), level, unitKind)).toThrow(LevelNotInPackError);
    expect(() => criteriaSetFor(getPack(id, '1'), level, unitKind)).toThrow(LevelNotInPackError);
  });

  it('lets the province verify from 2026 while the older packs keep the district', () => {
    expect(allPacks().map((pack) => pack.settings.verifyingLevel)).toEqual(['district', 'district', 'district', 'province']);
  });
});
