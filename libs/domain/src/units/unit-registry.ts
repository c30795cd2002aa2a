import { isCalendarDate } from '../calendar/dates';
import {
  LATEST_MAP,
  TWO_TIER_MAP_FROM,
  unitLevelOfCode,
  type Commune,
  type District,
  type MapVersion,
  type Province,
  type Successor,
} from './administrative-unit';
import { InvalidUnitDateError } from './errors';
import {
  indexMap2025_03,
  indexMap2025_07,
  indexSuccessors,
  type CompactMap2025_03,
  type CompactMap2025_07,
  type MapIndex,
} from './unit-data';

interface Indexes {
  maps: Record<MapVersion, MapIndex>;
  successors: ReadonlyMap<string, readonly Successor[]>;
}

/**
 * Both administrative maps, indexed on first use so that importing the domain costs no more than parsing the JSON.
 * Lookups without a map use the latest; anything judged on a date should go through communeValidOn.
 * Returned units are frozen and shared; returned lists are fresh copies.
 */
export class UnitRegistry {
  private indexes: Indexes | undefined;

  constructor(private readonly data: { '2025-03': CompactMap2025_03; '2025-07': CompactMap2025_07 }) {}

  /** Any date before the two-tier reform falls under 2025-03: earlier boundary changes are not modelled. */
  mapInForceOn(isoDate: string): MapVersion {
    if (!isCalendarDate(isoDate)) throw new InvalidUnitDateError(isoDate);
    return isoDate < TWO_TIER_MAP_FROM ? '2025-03' : '2025-07';
  }

  findCommune(code: string, map: MapVersion = LATEST_MAP): Commune | undefined {
    return this.index(map).communeByCode.get(code);
  }

  communeValidOn(code: string, isoDate: string): Commune | undefined {
    return this.findCommune(code, this.mapInForceOn(isoDate));
  }

  findProvince(code: string, map: MapVersion = LATEST_MAP): Province | undefined {
    return this.index(map).provinceByCode.get(code);
  }

  provinces(map: MapVersion): Province[] {
    return [...this.index(map).provinces];
  }

  /** Districts exist only in the 2025-03 map. */
  findDistrict(code: string): District | undefined {
    return this.index('2025-03').districtByCode.get(code);
  }

  districtsOf(provinceCode: string): District[] {
    return [...(this.index('2025-03').districtsByProvince.get(provinceCode) ?? [])];
  }

  /** The communes of a province or district, or the commune itself for a commune code; empty when unknown in `map`. */
  communesOf(unitCode: string, map: MapVersion): Commune[] {
    const index = this.index(map);
    const level = unitLevelOfCode(unitCode);
    if (level === undefined) return [];
    switch (level) {
      case 'province':
        return [...(index.communesByProvince.get(unitCode) ?? [])];
      case 'district':
        return [...(index.communesByDistrict.get(unitCode) ?? [])];
      case 'commune': {
        const commune = index.communeByCode.get(unitCode);
        return commune ? [commune] : [];
      }
      default: {
        const unhandled: never = level;
        throw new Error(`unhandled unit level ${String(unhandled)}`);
      }
    }
  }

  /** The commune lies in the province or district, or is the unit itself; false when either is unknown in `map`. */
  isWithin(communeCode: string, unitCode: string, map: MapVersion): boolean {
    const commune = this.findCommune(communeCode, map);
    const level = unitLevelOfCode(unitCode);
    if (commune === undefined || level === undefined) return false;
    switch (level) {
      case 'province':
        return commune.provinceCode === unitCode;
      case 'district':
        return commune.districtCode === unitCode;
      case 'commune':
        return commune.code === unitCode;
      default: {
        const unhandled: never = level;
        throw new Error(`unhandled unit level ${String(unhandled)}`);
      }
    }
  }

  /**
   * The 2025-07 communes a 2025-03 commune went into; several, each partial, when it was split. Also answers for the
   * five island districts without communes, whose successors are special zones.
   */
  successorsOf(oldCommuneCode: string): Successor[] {
    return [...(this.build().successors.get(oldCommuneCode) ?? [])];
  }

  private index(map: MapVersion): MapIndex {
    return this.build().maps[map];
  }

  private build(): Indexes {
    if (this.indexes === undefined) {
      const map2025_07 = indexMap2025_07(this.data['2025-07']);
      this.indexes = {
        maps: { '2025-03': indexMap2025_03(this.data['2025-03']), '2025-07': map2025_07 },
        successors: indexSuccessors(map2025_07),
      };
    }
    return this.indexes;
  }
}
