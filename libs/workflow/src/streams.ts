import { communeStreamId, dossierStreamId, type RecognitionLevel } from '@app/domain';

export const dossierStream = dossierStreamId;
export const communeStream = communeStreamId;
/** Every dossier ever registered for a commune at a level, in order: the last one is the only one that can be open. */
export const dossierSlotStream = (communeCode: string, level: RecognitionLevel) => `dossierslot-${communeCode}-${level}`;
export const DOSSIER_STREAM_PREFIX = 'dossier-';
/**
 * A unit's plan for a year or a programme period. Codes of the July 2025 map keep the early name; a March 2025 unit's
 * plan names its map, since the same code may be another unit's now.
 */
export const planStream = (unitCode: string, yearOrPeriod: string | number, map: '2025-03' | '2025-07' = '2025-07') =>
  map === '2025-07' ? `plan-${unitCode}-${yearOrPeriod}` : `plan-${unitCode}@2025-03-${yearOrPeriod}`;
