import { Injectable } from '@nestjs/common';
import {
  PROGRAMME_PERIODS,
  RECOGNITION_LEVELS,
  communePredecessors,
  getPack,
  holdsRecognition,
  mergedStanding,
  unitRegistry,
  type Commune,
  type CurrentRecognition,
  type DistrictCommuneStanding,
  type DossierState,
  type MapVersion,
  type PredecessorStanding,
  type RecognitionLevel,
  type Recognised,
  type RevocationPending,
  type UnitKind,
} from '@app/domain';
import { DossierRepository, type LoadedDossier, type SlotDossier } from '../dossiers/dossier.repository';
import { RegulationOverrides } from '../regulation-overrides';

/** A unit as registration and jurisdiction know it: a commune, or (before July 2025) a district, on one map. */
export interface UnitRef {
  kind: UnitKind;
  code: string;
  map: MapVersion;
  provinceCode: string;
  districtCode: string | null;
  name: string;
}

/** The commune or district a code names on the map in force on `date` (YYYY-MM-DD); undefined when it names none. */
export function unitOn(code: string, date: string): UnitRef | undefined {
  const map = unitRegistry.mapInForceOn(date);
  if (/^\d{5}$/.test(code)) {
    const c = unitRegistry.findCommune(code, map);
    return c && { kind: 'commune', code: c.code, map, provinceCode: c.provinceCode, districtCode: c.districtCode ?? null, name: c.name };
  }
  if (/^\d{3}$/.test(code) && map === '2025-03') {
    const d = unitRegistry.findDistrict(code);
    return d && { kind: 'district', code: d.code, map, provinceCode: d.provinceCode, districtCode: d.code, name: d.name };
  }
  return undefined;
}

/** A slot's dossiers that belong to this unit: the same code on another map is another unit's file. */
export function ofUnit(dossiers: SlotDossier[], unit: Pick<UnitRef, 'kind' | 'map'>): SlotDossier[] {
  return dossiers.filter((d) => d.state.status === 'unregistered' || (d.state.dossier.unitMap === unit.map && d.state.dossier.unitKind === unit.kind));
}

/**
 * What a unit holds now, read from its dossiers' own streams (never a read model that may lag): the recognitions its
 * own dossiers hold, and for a commune of the July 2025 map what its predecessors' count for under the province's
 * merger policy.
 */
@Injectable()
export class UnitStandings {
  constructor(
    private readonly dossiers: DossierRepository,
    private readonly overrides: RegulationOverrides,
  ) {}

  async slot(code: string, level: RecognitionLevel, loaded: Map<string, LoadedDossier>): Promise<SlotDossier[]> {
    return (await this.dossiers.inSlots([{ code, level }], loaded))[0];
  }

  /** Every level's slot of each unit: one read of all the slot streams, one of the dossiers they name. */
  private async slotsOf(units: Pick<UnitRef, 'code'>[], loaded: Map<string, LoadedDossier>): Promise<UnitSlots[]> {
    const read = await this.dossiers.inSlots(units.flatMap((u) => RECOGNITION_LEVELS.map((level) => ({ code: u.code, level }))), loaded);
    return units.map((_, u) => Object.fromEntries(RECOGNITION_LEVELS.map((level, l) => [level, read[u * RECOGNITION_LEVELS.length + l]])) as UnitSlots);
  }

  /** Levels the unit's own dossiers held at the end of `asOf` (YYYY-MM-DD). */
  async ownLevels(unit: Pick<UnitRef, 'kind' | 'code' | 'map'>, asOf: string, loaded = new Map<string, LoadedDossier>()): Promise<HeldLevel[]> {
    const [slots] = await this.slotsOf([unit], loaded);
    return levelsHeld(unit, slots, asOf);
  }

  /**
   * What registering the unit at `level` on `asOf` reads: the dossiers of its slot at that level, and its current
   * recognitions for the prerequisite (own, then one inherited under the merger policy if it counts). The unit's and its
   * predecessors' slots at every level are read together: two reads of the store however many predecessors it has.
   */
  async forRegistration(unit: UnitRef, level: RecognitionLevel, asOf: string, loaded = new Map<string, LoadedDossier>()): Promise<{ slot: SlotDossier[]; currentRecognitions: CurrentRecognition[] }> {
    const predecessors = unit.kind === 'commune' && unit.map === '2025-07' ? communePredecessors((unitRegistry.findCommune(unit.code, '2025-07') as Commune).predecessors) : [];
    const [own, ...theirs] = await this.slotsOf([unit, ...predecessors], loaded);
    return { slot: own[level], currentRecognitions: this.currentRecognitions(unit, asOf, own, predecessors.map((p, i) => ({ ...p, slots: theirs[i] }))) };
  }

  private currentRecognitions(unit: UnitRef, asOf: string, own: UnitSlots, predecessorSlots: { code: string; partial: boolean; slots: UnitSlots }[]): CurrentRecognition[] {
    const held = levelsHeld(unit, own, asOf);
    const current: CurrentRecognition[] = held.map((o) => ({ ...o }));
    if (unit.kind !== 'commune' || unit.map !== '2025-07') return current;
    const predecessors: PredecessorStanding[] = predecessorSlots.map((p) => ({
      code: p.code,
      partial: p.partial,
      levels: levelsHeld({ kind: 'commune', map: '2025-03' }, p.slots, asOf).map((h) => h.level),
    }));
    const standing = mergedStanding(held.map((o) => o.level), predecessors, this.overrides.mergerPolicy(unit.provinceCode, unit.map));
    if (standing.inherited !== null && !held.some((o) => o.level === standing.inherited)) {
      current.push({ level: standing.inherited, dossierId: null, recognisedAt: null, inheritedFrom: predecessors.filter((p) => p.levels.length > 0).map((p) => p.code) });
    }
    return current;
  }

  /**
   * The recognitions a new one replaces: the same unit's, at the same level, of an earlier period and not later than it;
   * for a commune of the July 2025 map also its predecessors' (March 2025 map).
   */
  async olderRecognitions(recognised: Recognised | RevocationPending): Promise<SlotDossier[]> {
    const { dossier, recognition } = recognised;
    const period = PROGRAMME_PERIODS.indexOf(getPack(dossier.packId, dossier.packVersion).period);
    const units: Pick<UnitRef, 'kind' | 'code' | 'map'>[] = [{ kind: dossier.unitKind, code: dossier.communeCode, map: dossier.unitMap }];
    if (dossier.unitKind === 'commune' && dossier.unitMap === '2025-07') {
      for (const p of communePredecessors(unitRegistry.findCommune(dossier.communeCode, '2025-07')?.predecessors)) units.push({ kind: 'commune', code: p.code, map: '2025-03' });
    }
    const loaded = new Map<string, LoadedDossier>();
    const older: SlotDossier[] = [];
    for (const unit of units) {
      for (const d of ofUnit(await this.slot(unit.code, dossier.level, loaded), unit)) {
        if (d.dossierId === dossier.dossierId || !holdsRecognition(d.state)) continue;
        const ownPeriod = PROGRAMME_PERIODS.indexOf(getPack(d.state.dossier.packId, d.state.dossier.packVersion).period);
        if (ownPeriod < period && d.state.recognition.decisionDate <= recognition.decisionDate) older.push(d);
      }
    }
    return older;
  }

  /** QĐ 320's commune shares for a district applying on `asOf`. */
  async districtCommunes(districtCode: string, asOf: string): Promise<DistrictCommuneStanding> {
    const communes = unitRegistry.communesOf(districtCode, '2025-03').filter((c) => c.kind === 'commune');
    let standard = 0;
    let advanced = 0;
    const slots = await this.slotsOf(communes, new Map<string, LoadedDossier>());
    communes.forEach((c, i) => {
      const levels = levelsHeld({ kind: 'commune', map: '2025-03' }, slots[i], asOf).map((h) => h.level);
      if (levels.length > 0) standard++;
      if (levels.some((l) => l === 'advanced' || l === 'model')) advanced++;
    });
    return { communes: communes.length, standard, advanced, lowestSatisfactionPercent: null };
  }

  /**
   * QĐ 18/2022 for districts: of the communes holding a recognition when the district was recognised, how many no
   * longer hold one on the review date.
   */
  async communesLost(districtCode: string, recognisedOn: string, reviewedOn: string): Promise<{ lost: number; of: number }> {
    const communes = unitRegistry.communesOf(districtCode, '2025-03').filter((c) => c.kind === 'commune');
    const slots = await this.slotsOf(communes, new Map<string, LoadedDossier>());
    let of = 0;
    let lost = 0;
    communes.forEach((c, i) => {
      const states = RECOGNITION_LEVELS.flatMap((level) => ofUnit(slots[i][level], { kind: 'commune', map: '2025-03' }).map((d) => d.state));
      if (!states.some((s) => heldOn(s, recognisedOn))) return;
      of++;
      if (!states.some((s) => heldOn(s, reviewedOn))) lost++;
    });
    return { lost, of };
  }
}

type UnitSlots = Record<RecognitionLevel, SlotDossier[]>;
type HeldLevel = { level: RecognitionLevel; dossierId: string; recognisedAt: string };

/** The levels the unit's own dossiers in these slots held at the end of `asOf`. */
function levelsHeld(unit: Pick<UnitRef, 'kind' | 'map'>, slots: UnitSlots, asOf: string): HeldLevel[] {
  const held: HeldLevel[] = [];
  for (const level of RECOGNITION_LEVELS) {
    for (const d of ofUnit(slots[level], unit)) {
      if (heldOn(d.state, asOf) && 'recognition' in d.state) held.push({ level, dossierId: d.dossierId, recognisedAt: d.state.recognition.recognisedAt });
    }
  }
  return held;
}

/** Whether the dossier's recognition was in force at the end of `date`. */
export function heldOn(state: DossierState, date: string): boolean {
  if (holdsRecognition(state)) return state.recognition.decisionDate <= date;
  if (state.status === 'revoked') return state.recognition.decisionDate <= date && date < state.revocation.decisionDate;
  return false;
}
