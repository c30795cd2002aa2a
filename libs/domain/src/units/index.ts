import map2025_03 from './data/units-2025-03.json';
import map2025_07 from './data/units-2025-07.json';
import type { CompactMap2025_03, CompactMap2025_07 } from './unit-data';
import { UnitRegistry } from './unit-registry';

export {
  LATEST_MAP,
  MAP_VERSIONS,
  TWO_TIER_MAP_FROM,
  unitLevelOfCode,
  type Commune,
  type CommuneKind,
  type District,
  type DistrictKind,
  type MapVersion,
  type Predecessor,
  type Province,
  type ProvinceKind,
  type Successor,
  type UnitLevel,
} from './administrative-unit';
export { InvalidUnitDateError, UNIT_ERROR_KINDS, type UnitErrorCode } from './errors';
export { UnitRegistry } from './unit-registry';

/**
 * The registry over the bundled maps. The JSON is imported statically so that the compiler copies it into the build;
 * the indexes are built on the first lookup.
 */
export const unitRegistry = new UnitRegistry({
  '2025-03': map2025_03 as unknown as CompactMap2025_03,
  '2025-07': map2025_07 as unknown as CompactMap2025_07,
});
