import { InvalidUnitDateError, MAP_VERSIONS, unitLevelOfCode, unitRegistry, type Commune } from '.';

const allCommunes = (map: '2025-03' | '2025-07'): Commune[] =>
  unitRegistry.provinces(map).flatMap((province) => unitRegistry.communesOf(province.code, map));

describe('UnitRegistry', () => {
  describe('counts', () => {
    it('2025-03: 63 provinces, 696 districts, 10,047 communes', () => {
      const provinces = unitRegistry.provinces('2025-03');
      expect(provinces).toHaveLength(63);
      expect(provinces.flatMap((province) => unitRegistry.districtsOf(province.code))).toHaveLength(696);
      expect(allCommunes('2025-03')).toHaveLength(10047);
    });

    it('2025-07: 34 provinces, 3,321 communes', () => {
      expect(unitRegistry.provinces('2025-07')).toHaveLength(34);
      expect(allCommunes('2025-07')).toHaveLength(3321);
    });

    it('2025-03 kinds: 7,706 xã, 1,724 phường, 617 thị trấn', () => {
      const kinds: Record<string, number> = {};
      for (const commune of allCommunes('2025-03')) kinds[commune.kind] = (kinds[commune.kind] ?? 0) + 1;
      // The source types two Phú Nhuận wards as "Xã"; their names say Phường, and the build script follows the name.
      expect(kinds).toEqual({ commune: 7704, ward: 1726, township: 617 });
    });

    it('2025-07 kinds: 2,621 xã, 687 phường, 13 đặc khu', () => {
      const kinds: Record<string, number> = {};
      for (const commune of allCommunes('2025-07')) kinds[commune.kind] = (kinds[commune.kind] ?? 0) + 1;
      expect(kinds).toEqual({ commune: 2621, ward: 687, 'special-zone': 13 });
    });
  });

  describe('lookups', () => {
    it('finds a 2025-03 ward with its district and province', () => {
      expect(unitRegistry.findCommune('00001', '2025-03')).toEqual({
        code: '00001',
        name: 'Phường Phúc Xá',
        kind: 'ward',
        map: '2025-03',
        provinceCode: '01',
        provinceName: 'Thành phố Hà Nội',
        districtCode: '001',
        districtName: 'Quận Ba Đình',
      });
    });

    it('the same code names a different commune in each map', () => {
      expect(unitRegistry.findCommune('00004', '2025-03')?.name).toBe('Phường Trúc Bạch');
      expect(unitRegistry.findCommune('00004', '2025-07')?.name).toBe('Phường Ba Đình');
      expect(unitRegistry.findCommune('00004')?.map).toBe('2025-07');
    });

    it('gives a 2025-07 commune its predecessors, full and partial', () => {
      const commune = unitRegistry.findCommune('00376', '2025-07');
      expect(commune).toMatchObject({ name: 'Xã Sóc Sơn', kind: 'commune', provinceCode: '01' });
      expect(commune?.districtCode).toBeUndefined();
      expect(commune?.predecessors?.slice(0, 4)).toEqual([
        { code: '00376', map: '2025-03', partial: false, level: 'commune' },
        { code: '00400', map: '2025-03', partial: false, level: 'commune' },
        { code: '00406', map: '2025-03', partial: false, level: 'commune' },
        { code: '00409', map: '2025-03', partial: true, level: 'commune' },
      ]);
    });

    it('rebuilds official names, repairing spacing and prefix case in the source', () => {
      expect(unitRegistry.findCommune('00001', '2025-03')?.name).toBe('Phường Phúc Xá');
      const names = allCommunes('2025-03').map((commune) => commune.name);
      expect(names.filter((name) => /\s{2}|^\s|\s$/.test(name))).toEqual([]);
      expect(names.filter((name) => name.startsWith('Thị Trấn'))).toEqual([]);
    });

    it('knows provinces of both maps and their kinds', () => {
      expect(unitRegistry.findProvince('79', '2025-03')).toMatchObject({ name: 'Thành phố Hồ Chí Minh', kind: 'municipality' });
      expect(unitRegistry.findProvince('02', '2025-03')).toMatchObject({ name: 'Tỉnh Hà Giang', kind: 'province' });
      expect(unitRegistry.findProvince('02', '2025-07')).toBeUndefined();
      expect(unitRegistry.findProvince('08')).toMatchObject({ name: 'Tỉnh Tuyên Quang', predecessors: ['02', '08'] });
    });

    it('knows districts only in the 2025-03 map', () => {
      expect(unitRegistry.findDistrict('001')).toMatchObject({ name: 'Quận Ba Đình', kind: 'urban-district', provinceCode: '01' });
      expect(unitRegistry.communesOf('001', '2025-03').map((commune) => commune.code)).toContain('00001');
      expect(unitRegistry.communesOf('001', '2025-07')).toEqual([]);
    });

    it('returns nothing for unknown or malformed codes', () => {
      expect(unitRegistry.findCommune('99999', '2025-07')).toBeUndefined();
      expect(unitRegistry.findCommune('1', '2025-03')).toBeUndefined();
      expect(unitRegistry.communesOf('xx', '2025-07')).toEqual([]);
      expect(unitRegistry.communesOf('99', '2025-07')).toEqual([]);
    });

    it('hands out copies of its lists and frozen units', () => {
      unitRegistry.provinces('2025-07').pop();
      expect(unitRegistry.provinces('2025-07')).toHaveLength(34);
      const commune = unitRegistry.findCommune('00004', '2025-07')!;
      expect(Object.isFrozen(commune)).toBe(true);
      expect(Object.isFrozen(commune.predecessors)).toBe(true);
    });
  });

  describe('validity by date', () => {
    it.each([
      ['2016-05-01', '2025-03'],
      ['2025-06-30', '2025-03'],
      ['2025-07-01', '2025-07'],
      ['2030-12-31', '2025-07'],
    ] as const)('on %s the map in force is %s', (date, map) => {
      expect(unitRegistry.mapInForceOn(date)).toBe(map);
    });

    it('a commune abolished by the reform is valid until 30 June 2025 only', () => {
      expect(unitRegistry.findCommune('00001', '2025-07')).toBeUndefined();
      expect(unitRegistry.communeValidOn('00001', '2025-06-30')?.name).toBe('Phường Phúc Xá');
      expect(unitRegistry.communeValidOn('00001', '2025-07-01')).toBeUndefined();
    });

    it('a special zone with a new code is valid from 1 July 2025 only', () => {
      expect(unitRegistry.communeValidOn('11948', '2025-06-30')).toBeUndefined();
      expect(unitRegistry.communeValidOn('11948', '2025-07-01')).toMatchObject({ name: 'Đặc khu Bạch Long Vĩ', kind: 'special-zone' });
    });

    it('a reused code resolves to the unit of the map in force', () => {
      expect(unitRegistry.communeValidOn('00004', '2025-06-30')?.name).toBe('Phường Trúc Bạch');
      expect(unitRegistry.communeValidOn('00004', '2025-07-01')?.name).toBe('Phường Ba Đình');
    });

    it.each(['2025-7-1', '2025-07-01T00:00:00+07:00', '2025-13-01'])('rejects "%s"', (date) => {
      expect(() => unitRegistry.mapInForceOn(date)).toThrow(InvalidUnitDateError);
      expect(() => unitRegistry.communeValidOn('00004', date)).toThrow(InvalidUnitDateError);
    });
  });

  describe('isWithin', () => {
    it.each([
      ['00001', '01', '2025-03', true],
      ['00001', '001', '2025-03', true],
      ['00001', '002', '2025-03', false],
      ['00001', '00001', '2025-03', true],
      ['00001', '79', '2025-03', false],
      ['00001', '01', '2025-07', false],
      ['00004', '01', '2025-07', true],
      ['00004', '001', '2025-07', false],
      ['30259', '82', '2025-07', true],
      ['99999', '01', '2025-07', false],
      ['00004', 'abc', '2025-07', false],
    ] as const)('%s within %s in %s: %s', (commune, unit, map, expected) => {
      expect(unitRegistry.isWithin(commune, unit, map)).toBe(expected);
    });
  });

  describe('successors and predecessors', () => {
    const map2025_07 = allCommunes('2025-07');

    it('every predecessor exists in the 2025-03 map, as a commune or as a district without communes', () => {
      const missing = map2025_07.flatMap((commune) =>
        (commune.predecessors ?? []).filter((predecessor) =>
          predecessor.level === 'commune'
            ? unitRegistry.findCommune(predecessor.code, '2025-03') === undefined
            : unitRegistry.findDistrict(predecessor.code) === undefined ||
              unitRegistry.communesOf(predecessor.code, '2025-03').length > 0,
        ),
      );
      expect(missing).toEqual([]);
    });

    it('every 2025-07 commune has predecessors, and the district ones are exactly the five island zones', () => {
      expect(map2025_07.filter((commune) => (commune.predecessors ?? []).length === 0)).toEqual([]);
      const fromDistricts = map2025_07.filter((commune) => commune.predecessors?.some((p) => p.level === 'district'));
      expect(fromDistricts.map((commune) => `${commune.code} ${commune.name}`)).toEqual([
        '11948 Đặc khu Bạch Long Vĩ',
        '19742 Đặc khu Cồn Cỏ',
        '20333 Đặc khu Hoàng Sa',
        '21548 Đặc khu Lý Sơn',
        '26732 Đặc khu Côn Đảo',
      ]);
    });

    it('every 2025-03 commune went somewhere', () => {
      const orphans = allCommunes('2025-03').filter((commune) => unitRegistry.successorsOf(commune.code).length === 0);
      expect(orphans).toEqual([]);
    });

    it('a commune that went whole into one successor went nowhere else; a split one is partial everywhere', () => {
      const inconsistent = allCommunes('2025-03').filter((commune) => {
        const successors = unitRegistry.successorsOf(commune.code);
        return successors.length === 1 ? successors[0]!.partial : successors.some((successor) => !successor.partial);
      });
      expect(inconsistent).toEqual([]);
    });

    it('successorsOf is the exact reverse of the predecessor lists', () => {
      for (const commune of map2025_07) {
        for (const predecessor of commune.predecessors ?? []) {
          expect(unitRegistry.successorsOf(predecessor.code)).toContainEqual({ code: commune.code, partial: predecessor.partial });
        }
      }
      const successorLinks = allCommunes('2025-03').reduce((sum, commune) => sum + unitRegistry.successorsOf(commune.code).length, 0);
      const districtLinks = 5;
      const predecessorLinks = map2025_07.reduce((sum, commune) => sum + (commune.predecessors?.length ?? 0), 0);
      expect(successorLinks + districtLinks).toBe(predecessorLinks);
    });

    it('follows a split commune into each of its parts', () => {
      const split = allCommunes('2025-03').find((commune) => unitRegistry.successorsOf(commune.code).length === 5)!;
      expect(unitRegistry.successorsOf(split.code).every((successor) => successor.partial)).toBe(true);
    });

    it('follows a commune across the old province line (An Giang → Đồng Tháp)', () => {
      expect(unitRegistry.findCommune('30622', '2025-03')?.provinceCode).toBe('89');
      expect(unitRegistry.successorsOf('30622')).toEqual([{ code: '30259', partial: false }]);
      expect(unitRegistry.findCommune('30259', '2025-07')?.provinceCode).toBe('82');
    });

    it('maps an island district to its special zone', () => {
      expect(unitRegistry.successorsOf('318')).toEqual([{ code: '11948', partial: false }]);
    });

    it('returns nothing for a code that was never a predecessor', () => {
      expect(unitRegistry.successorsOf('001')).toEqual([]);
      expect(unitRegistry.successorsOf('99999')).toEqual([]);
    });
  });

  it('tells a code’s level by its width', () => {
    expect(['01', '001', '00001', '0001', ''].map(unitLevelOfCode)).toEqual(['province', 'district', 'commune', undefined, undefined]);
  });

  it('has exactly the two maps', () => {
    expect(MAP_VERSIONS).toEqual(['2025-03', '2025-07']);
  });
});
