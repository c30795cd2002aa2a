import type { RecognitionLevel } from '../regulations/regulation-pack';

type Event<Type extends string, Data> = Readonly<{ type: Type; data: Readonly<Data> }>;

/** The province's yearly assessment of every commune, dossier or not: the statistics count all communes. */
export type CommuneCriteriaAssessed = Event<
  'CommuneCriteriaAssessed',
  {
    communeCode: string;
    year: number;
    level: RecognitionLevel;
    packId: string;
    packVersion: string;
    criteriaSetCode: string;
    results: Record<string, { met: boolean }>;
    metCount: number;
    total: number;
    assessedOn: string;
    /** True when this corrects an earlier assessment of the same year and level, which no longer counts. */
    supersedesEarlier: boolean;
  }
>;

/** Appended beside DossierRecognised so that prerequisites and statistics read one short stream per commune. */
export type CommuneRecognitionGranted = Event<
  'CommuneRecognitionGranted',
  {
    communeCode: string;
    level: RecognitionLevel;
    dossierId: string;
    decisionNo: string;
    decisionDate: string;
    packId: string;
    packVersion: string;
    recognisedAt: string;
    /** A requalification under a newer set replaces the recognition the commune held at that level. */
    replacesDossierId: string | null;
  }
>;

export type CommuneRecognitionRevoked = Event<
  'CommuneRecognitionRevoked',
  {
    communeCode: string;
    level: RecognitionLevel;
    dossierId: string;
    decisionNo: string;
    decisionDate: string;
    revokedAt: string;
  }
>;

export type CommuneEvent = CommuneCriteriaAssessed | CommuneRecognitionGranted | CommuneRecognitionRevoked;

export type CommuneEventType = CommuneEvent['type'];

export const communeStreamId = (communeCode: string): string => `commune-${communeCode}`;
