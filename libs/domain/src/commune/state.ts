import type { CurrentRecognition } from '../dossier/commands';
import type { RecognitionLevel } from '../regulations/regulation-pack';

export interface HeldRecognition {
  dossierId: string;
  decisionNo: string;
  decisionDate: string;
  packId: string;
  packVersion: string;
  recognisedAt: string;
}

export interface AssessmentSummary {
  year: number;
  level: RecognitionLevel;
  packId: string;
  packVersion: string;
  metCount: number;
  total: number;
  assessedOn: string;
}

export interface UntrackedCommune {
  status: 'untracked';
}

export interface TrackedCommune {
  status: 'tracked';
  communeCode: string;
  recognitions: Partial<Record<RecognitionLevel, HeldRecognition>>;
  /** Dossiers whose recognition was revoked, so that a repeated revocation changes nothing. */
  revokedDossierIds: string[];
  /** The assessment that counts for each year and level, keyed `${map}/${year}/${level}`. */
  assessments: Record<string, AssessmentSummary>;
  latestAssessment: AssessmentSummary | null;
}

export type CommuneState = UntrackedCommune | TrackedCommune;

export const initialCommuneState = (): CommuneState => ({ status: 'untracked' });

import type { MapVersion } from '../units/administrative-unit';

/**
 * The map is part of the key: after July 2025 a code may name another commune, whose assessment of the same year is
 * no correction of the old one's.
 */
export const assessmentKey = (year: number, level: RecognitionLevel, map: MapVersion): string => `${map}/${year}/${level}`;

/** What RegisterDossier needs for its prerequisite rule. */
export function currentRecognitions(state: CommuneState): CurrentRecognition[] {
  if (state.status === 'untracked') return [];
  return (Object.entries(state.recognitions) as [RecognitionLevel, HeldRecognition | undefined][]).flatMap(
    ([level, held]) => (held ? [{ level, dossierId: held.dossierId, recognisedAt: held.recognisedAt }] : []),
  );
}
