import type {
  Commune,
  CommuneKind,
  District,
  DistrictKind,
  MapVersion,
  Predecessor,
  Province,
  ProvinceKind,
  Successor,
} from './administrative-unit';

/** The committed files' shape; scripts/build-units.js writes them and documents the encoding. */
export interface CompactMap2025_03 {
  asOf: string;
  provinces: [province: string, districts: [district: string, communes: string[]][]][];
}

export interface CompactMap2025_07 {
  asOf: string;
  provinces: [province: string, predecessors: string, communes: [commune: string, predecessors: string][]][];
}

export interface MapIndex {
  map: MapVersion;
  provinces: readonly Province[];
  provinceByCode: ReadonlyMap<string, Province>;
  districtByCode: ReadonlyMap<string, District>;
  districtsByProvince: ReadonlyMap<string, readonly District[]>;
  communeByCode: ReadonlyMap<string, Commune>;
  communesByProvince: ReadonlyMap<string, readonly Commune[]>;
  communesByDistrict: ReadonlyMap<string, readonly Commune[]>;
}

// Letter → kind and the word that opens the official name; the build script strips that word to save space.
const PROVINCE_KINDS: Record<string, [ProvinceKind, string]> = {
  M: ['municipality', 'Thành phố'],
  T: ['province', 'Tỉnh'],
};
const DISTRICT_KINDS: Record<string, [DistrictKind, string]> = {
  H: ['rural-district', 'Huyện'],
  Q: ['urban-district', 'Quận'],
  X: ['town', 'Thị xã'],
  C: ['provincial-city', 'Thành phố'],
};
const COMMUNE_KINDS: Record<string, [CommuneKind, string]> = {
  X: ['commune', 'Xã'],
  P: ['ward', 'Phường'],
  T: ['township', 'Thị trấn'],
  D: ['special-zone', 'Đặc khu'],
};

function decode<K>(encoded: string, codeWidth: number, kinds: Record<string, [K, string]>) {
  const code = encoded.slice(0, codeWidth);
  const letter = encoded.charAt(codeWidth);
  const kind = kinds[letter];
  if (kind === undefined) throw new Error(`unit data: unknown kind letter "${letter}" in "${encoded}"`);
  return { code, kind: kind[0], name: `${kind[1]} ${encoded.slice(codeWidth + 1)}` };
}

function decodePredecessors(list: string): Predecessor[] {
  const predecessors = list.split(' ').map((entry): Predecessor => {
    const partial = entry.startsWith('~');
    const code = partial ? entry.slice(1) : entry;
    return Object.freeze({ code, map: '2025-03', partial, level: code.length === 3 ? 'district' : 'commune' });
  });
  return Object.freeze(predecessors) as Predecessor[];
}

function push<T>(index: Map<string, T[]>, key: string, value: T): void {
  const list = index.get(key);
  if (list) list.push(value);
  else index.set(key, [value]);
}

export function indexMap2025_03(data: CompactMap2025_03): MapIndex {
  const map = '2025-03';
  const provinces: Province[] = [];
  const districtByCode = new Map<string, District>();
  const districtsByProvince = new Map<string, District[]>();
  const communeByCode = new Map<string, Commune>();
  const communesByProvince = new Map<string, Commune[]>();
  const communesByDistrict = new Map<string, Commune[]>();
  for (const [encodedProvince, districts] of data.provinces) {
    const province: Province = Object.freeze({ ...decode(encodedProvince, 2, PROVINCE_KINDS), map });
    provinces.push(province);
    communesByProvince.set(province.code, []);
    districtsByProvince.set(province.code, []);
    for (const [encodedDistrict, communes] of districts) {
      const district: District = Object.freeze({
        ...decode(encodedDistrict, 3, DISTRICT_KINDS),
        map,
        provinceCode: province.code,
        provinceName: province.name,
      });
      districtByCode.set(district.code, district);
      push(districtsByProvince, province.code, district);
      communesByDistrict.set(district.code, []);
      for (const encodedCommune of communes) {
        const commune: Commune = Object.freeze({
          ...decode(encodedCommune, 5, COMMUNE_KINDS),
          map,
          provinceCode: province.code,
          provinceName: province.name,
          districtCode: district.code,
          districtName: district.name,
        });
        communeByCode.set(commune.code, commune);
        push(communesByProvince, province.code, commune);
        push(communesByDistrict, district.code, commune);
      }
    }
  }
  return {
    map,
    provinces,
    provinceByCode: new Map(provinces.map((province) => [province.code, province])),
    districtByCode,
    districtsByProvince,
    communeByCode,
    communesByProvince,
    communesByDistrict,
  };
}

export function indexMap2025_07(data: CompactMap2025_07): MapIndex {
  const map = '2025-07';
  const provinces: Province[] = [];
  const communeByCode = new Map<string, Commune>();
  const communesByProvince = new Map<string, Commune[]>();
  for (const [encodedProvince, provincePredecessors, communes] of data.provinces) {
    const province: Province = Object.freeze({
      ...decode(encodedProvince, 2, PROVINCE_KINDS),
      map,
      predecessors: Object.freeze(provincePredecessors.split(' ')) as string[],
    });
    provinces.push(province);
    communesByProvince.set(province.code, []);
    for (const [encodedCommune, predecessors] of communes) {
      const commune: Commune = Object.freeze({
        ...decode(encodedCommune, 5, COMMUNE_KINDS),
        map,
        provinceCode: province.code,
        provinceName: province.name,
        predecessors: decodePredecessors(predecessors),
      });
      communeByCode.set(commune.code, commune);
      push(communesByProvince, province.code, commune);
    }
  }
  return {
    map,
    provinces,
    provinceByCode: new Map(provinces.map((province) => [province.code, province])),
    districtByCode: new Map(),
    districtsByProvince: new Map(),
    communeByCode,
    communesByProvince,
    communesByDistrict: new Map(),
  };
}

/** The reverse of the 2025-07 predecessor lists: old unit code → the new communes it went into. */
export function indexSuccessors(map2025_07: MapIndex): ReadonlyMap<string, readonly Successor[]> {
  const successors = new Map<string, Successor[]>();
  for (const commune of map2025_07.communeByCode.values()) {
    for (const predecessor of commune.predecessors ?? []) {
      push(successors, predecessor.code, Object.freeze({ code: commune.code, partial: predecessor.partial }));
    }
  }
  return successors;
}
