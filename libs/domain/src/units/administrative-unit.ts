/**
 * Code formats (General Statistics Office coding, as found in both maps): province 2 digits, district 3 digits,
 * commune/ward 5 digits. Widths never overlap, so a code's length tells its level. Codes do NOT tell the map: after
 * 1 July 2025 a new commune usually took over one predecessor's code (3,316 of 3,321 did), so "00004" is Phường Trúc
 * Bạch in 2025-03 and Phường Ba Đình in 2025-07, and provinces kept their codes over different territory. Every lookup
 * therefore names its map.
 */
export type MapVersion = '2025-03' | '2025-07';

/** '2025-03': three levels, in force until 30 June 2025. '2025-07': two levels (no districts), from 1 July 2025. */
export const MAP_VERSIONS: readonly MapVersion[] = ['2025-03', '2025-07'];
export const LATEST_MAP: MapVersion = '2025-07';
/** The two-tier map (provinces and communes, no districts) is in force from this day. */
export const TWO_TIER_MAP_FROM = '2025-07-01';

export type UnitLevel = 'province' | 'district' | 'commune';

/** tỉnh · thành phố trực thuộc trung ương */
export type ProvinceKind = 'province' | 'municipality';
/** huyện · quận · thị xã · thành phố thuộc tỉnh */
export type DistrictKind = 'rural-district' | 'urban-district' | 'town' | 'provincial-city';
/** xã · phường · thị trấn · đặc khu */
export type CommuneKind = 'commune' | 'ward' | 'township' | 'special-zone';

export interface Province {
  code: string;
  /** Full Vietnamese name, kind word included: "Tỉnh Cao Bằng". */
  name: string;
  kind: ProvinceKind;
  map: MapVersion;
  /** 2025-07 only: the 2025-03 provinces merged into this one, all of them whole. */
  predecessors?: string[];
}

export interface District {
  code: string;
  name: string;
  kind: DistrictKind;
  map: '2025-03';
  provinceCode: string;
  provinceName: string;
}

export interface Predecessor {
  code: string;
  map: '2025-03';
  /** true when only part of the old unit went into this commune (the old unit was split). */
  partial: boolean;
  /** 'district' for the five island districts that had no communes and became special zones (đặc khu). */
  level: 'commune' | 'district';
}

export interface Commune {
  code: string;
  name: string;
  kind: CommuneKind;
  map: MapVersion;
  provinceCode: string;
  provinceName: string;
  /** 2025-03 only. */
  districtCode?: string;
  districtName?: string;
  /** 2025-07 only. */
  predecessors?: Predecessor[];
}

export interface Successor {
  /** A 2025-07 commune code. */
  code: string;
  partial: boolean;
}

export function unitLevelOfCode(code: string): UnitLevel | undefined {
  if (/^\d{2}$/.test(code)) return 'province';
  if (/^\d{3}$/.test(code)) return 'district';
  if (/^\d{5}$/.test(code)) return 'commune';
  return undefined;
}
