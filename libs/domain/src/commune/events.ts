import type { RecognitionLevel } from '../regulations/regulation-pack';
import type { MapVersion } from '../units/administrative-unit';

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
    /** The map the commune's code belongs to; absent on early events: the map in force on assessedOn. */
    unitMap?: MapVersion;
  }
>;

/**
 * A yearly criteria status known only as a count, as provinces' reports often give it ("đạt 15/19"), with the unmet
 * criteria named when the record names them. Counts and full assessments mix: each says how many of the set were met.
 */
export type CommuneCriteriaCounted = Event<
  'CommuneCriteriaCounted',
  {
    communeCode: string;
    unitMap: MapVersion;
    year: number;
    level: RecognitionLevel;
    packId: string;
    packVersion: string;
    criteriaSetCode: string;
    metCount: number;
    total: number;
    /** The unmet criteria, when the record names them (then exactly total − metCount of them); null when it does not. */
    unmet: string[] | null;
    assessedOn: string;
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

export type CommuneEvent = CommuneCriteriaAssessed | CommuneCriteriaCounted | CommuneRecognitionGranted | CommuneRecognitionRevoked;

export type CommuneEventType = CommuneEvent['type'];

export const communeStreamId = (communeCode: string): string => `commune-${communeCode}`;
