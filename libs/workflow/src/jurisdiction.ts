import { Injectable } from '@nestjs/common';
import { unitRegistry, vietnamDate, type MapVersion, type UnitKind } from '@app/domain';
import { ProblemException, type Principal } from '@app/platform';

/**
 * Roles that reach every unit's dossiers: read-only or administrative ones, never actors on a dossier, and the system,
 * whose only command is recording that time has passed.
 */
const NATIONWIDE = new Set(['auditor', 'administrator', 'system']);

export interface DossierPlace {
  /** Omitted: a commune. A district dossier's communeCode is the district's code. */
  unitKind?: UnitKind;
  communeCode: string;
  provinceCode: string;
  districtCode: string | null;
  /** The map the commune code belongs to (the map in force when the dossier was registered). */
  map: MapVersion;
}

/**
 * An officer acts only within their unit. A principal's unit code belongs to the map in force when they act (tokens
 * name today's units; an import of history acts at its own dates). Codes are compared only within one map — the July
 * 2025 map reuses some March 2025 codes for other communes — and a dossier of the March map stays within reach of the
 * July units that succeeded its commune, so history keeps an owner.
 */
@Injectable()
export class Jurisdiction {
  covers(principal: Principal, place: DossierPlace, at: string | Date = new Date()): boolean {
    if (NATIONWIDE.has(principal.role)) return true;
    const unit = principal.unit;
    const principalMap = unitRegistry.mapInForceOn(vietnamDate(at));
    if (principalMap === place.map) {
      if (unit === place.communeCode || unit === place.provinceCode || (place.districtCode !== null && unit === place.districtCode)) return true;
      return unitRegistry.isWithin(place.communeCode, unit, place.map);
    }
    if (place.map === '2025-03' && principalMap === '2025-07') {
      // Provinces merged whole: the new province reaches every file of the provinces it was made of.
      if (unitRegistry.findProvince(unit, '2025-07')?.predecessors?.includes(place.provinceCode)) return true;
      if (place.unitKind === 'district') return false;
      return unitRegistry.successorsOf(place.communeCode).some((s) => unitRegistry.isWithin(s.code, unit, '2025-07'));
    }
    return false;
  }

  assertCovers(principal: Principal, place: DossierPlace, at: string | Date = new Date()): void {
    if (!this.covers(principal, place, at)) {
      throw new ProblemException(403, 'AUTH.OUTSIDE_JURISDICTION', `unit ${principal.unit} has no jurisdiction over commune ${place.communeCode}`, {
        unit: principal.unit,
        communeCode: place.communeCode,
      });
    }
  }
}
