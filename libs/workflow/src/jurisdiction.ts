import { Injectable } from '@nestjs/common';
import { unitRegistry, type MapVersion } from '@app/domain';
import { ProblemException, type Principal } from '@app/platform';

/**
 * Roles that reach every unit's dossiers: read-only or administrative ones, never actors on a dossier, and the system,
 * whose only command is recording that time has passed.
 */
const NATIONWIDE = new Set(['auditor', 'administrator', 'system']);

export interface DossierPlace {
  communeCode: string;
  provinceCode: string;
  districtCode: string | null;
  /** The map the commune code belongs to (the map in force when the dossier was registered). */
  map: MapVersion;
}

/**
 * An officer acts only within their unit. A dossier registered under the March 2025 map stays within reach of the
 * units that succeeded its commune after the July 2025 merger, so history keeps an owner.
 */
@Injectable()
export class Jurisdiction {
  covers(principal: Principal, place: DossierPlace): boolean {
    if (NATIONWIDE.has(principal.role)) return true;
    const unit = principal.unit;
    if (unit === place.communeCode || unit === place.provinceCode || (place.districtCode && unit === place.districtCode)) return true;
    if (unitRegistry.isWithin(place.communeCode, unit, place.map)) return true;
    if (place.map === '2025-03') return unitRegistry.successorsOf(place.communeCode).some((s) => unitRegistry.isWithin(s.code, unit, '2025-07'));
    return false;
  }

  assertCovers(principal: Principal, place: DossierPlace): void {
    if (!this.covers(principal, place)) {
      throw new ProblemException(403, 'AUTH.OUTSIDE_JURISDICTION', `unit ${principal.unit} has no jurisdiction over commune ${place.communeCode}`, {
        unit: principal.unit,
        communeCode: place.communeCode,
      });
    }
  }
}
