import { communeStreamId, dossierStreamId, type RecognitionLevel } from '@app/domain';

export const dossierStream = dossierStreamId;
export const communeStream = communeStreamId;
/** Every dossier ever registered for a commune at a level, in order: the last one is the only one that can be open. */
export const dossierSlotStream = (communeCode: string, level: RecognitionLevel) => `dossierslot-${communeCode}-${level}`;
export const DOSSIER_STREAM_PREFIX = 'dossier-';
export const planStream = (unitCode: string, year: number) => `plan-${unitCode}-${year}`;
