import type { Role } from '@app/domain';
import { Jurisdiction, type DossierPlace } from './jurisdiction';

const who = (role: Role, unit: string) => ({ id: `${role}-${unit}`, role, unit });
// Xã A Dơk (23710, Gia Lai 64) in the March 2025 map; its successor is 23869 in the July map, where the code 23710
// names another commune (Xã Ia Băng, 52).
const aDok: DossierPlace = { communeCode: '23710', provinceCode: '64', districtCode: null, map: '2025-03' };
const today = '2026-11-22T03:00:00.000Z';
const before = '2024-05-01T03:00:00.000Z';

describe('Jurisdiction across the 2025 map change', () => {
  const j = new Jurisdiction();
  it.each([
    ['the old commune officer, acting before the merger', who('commune_officer', '23710'), before, true],
    ['the old province, acting before the merger', who('coordination_office', '64'), before, true],
    ['the officer of the successor commune, today', who('commune_officer', '23869'), today, true],
    ['the province of the successor, today', who('coordination_office', '52'), today, true],
    ['the officer of the different commune that reuses code 23710, today', who('commune_officer', '23710'), today, false],
    ['an officer of another province, before the merger', who('coordination_office', '01'), before, false],
    ['an auditor, any time', who('auditor', '01'), today, true],
  ] as const)('%s', (_name, principal, at, expected) => {
    expect(j.covers(principal, aDok, at)).toBe(expected);
  });
});
