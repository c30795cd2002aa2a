import type { DossierRecognised, DossierRevoked } from '../dossier/events';
import type { CommandMetadata, Role } from '../dossier/roles';
import type { RecognitionLevel } from '../regulations/regulation-pack';
import type { MapVersion } from '../units/administrative-unit';

type Command<Type extends string, Data> = Readonly<{ type: Type; data: Readonly<Data>; metadata: CommandMetadata }>;

export type AssessCommuneCriteria = Command<
  'AssessCommuneCriteria',
  {
    communeCode: string;
    year: number;
    /** Defaults to 'standard', the set the province's "criteria met per commune" statistics use. */
    level?: RecognitionLevel;
    packId: string;
    packVersion: string;
    /** Every criterion of the set: a yearly assessment is a full picture, not a partial update. */
    results: Record<string, { met: boolean }>;
    assessedOn: string;
    /** The map the code belongs to; omitted: the map in force on assessedOn. */
    unitMap?: MapVersion;
  }
>;

/** A yearly count of criteria met, from a province's records (the history import). */
export type CountCommuneCriteria = Command<
  'CountCommuneCriteria',
  {
    communeCode: string;
    unitMap: MapVersion;
    year: number;
    level?: RecognitionLevel;
    packId: string;
    packVersion: string;
    metCount: number;
    /** When given, must be the set's size. */
    total?: number;
    unmet?: string[] | null;
    assessedOn: string;
  }
>;

export type GrantCommuneRecognition = Command<
  'GrantCommuneRecognition',
  {
    communeCode: string;
    level: RecognitionLevel;
    dossierId: string;
    decisionNo: string;
    decisionDate: string;
    packId: string;
    packVersion: string;
    recognisedAt: string;
  }
>;

export type RevokeCommuneRecognition = Command<
  'RevokeCommuneRecognition',
  {
    communeCode: string;
    level: RecognitionLevel;
    dossierId: string;
    decisionNo: string;
    decisionDate: string;
    revokedAt: string;
  }
>;

export type CommuneCommand = AssessCommuneCriteria | CountCommuneCriteria | GrantCommuneRecognition | RevokeCommuneRecognition;

export type CommuneCommandType = CommuneCommand['type'];

/**
 * Grant and revoke are issued by the dossier handlers alongside DossierRecognised / DossierRevoked, never over HTTP,
 * so no role issues them directly.
 */
export const COMMUNE_COMMAND_ROLES: { readonly [Type in CommuneCommandType]: readonly Role[] } = {
  AssessCommuneCriteria: ['coordination_office', 'verifying_officer'],
  // Counts come from a province's records, through the history import.
  CountCommuneCriteria: ['coordination_office', 'administrator'],
  GrantCommuneRecognition: [],
  RevokeCommuneRecognition: [],
};

export function mayIssueCommuneCommand(role: Role, command: CommuneCommandType): boolean {
  return COMMUNE_COMMAND_ROLES[command].includes(role);
}

export function grantFor(recognised: DossierRecognised, metadata: CommandMetadata): GrantCommuneRecognition {
  const { communeCode, level, dossierId, decisionNo, decisionDate, packId, packVersion, recognisedAt } = recognised.data;
  return {
    type: 'GrantCommuneRecognition',
    data: { communeCode, level, dossierId, decisionNo, decisionDate, packId, packVersion, recognisedAt },
    metadata,
  };
}

export function revocationFor(revoked: DossierRevoked, metadata: CommandMetadata): RevokeCommuneRecognition {
  const { communeCode, level, dossierId, decisionNo, decisionDate, revokedAt } = revoked.data;
  return {
    type: 'RevokeCommuneRecognition',
    data: { communeCode, level, dossierId, decisionNo, decisionDate, revokedAt },
    metadata,
  };
}
