import { isCalendarDate, vietnamDate } from '../calendar/dates';
import { criteriaSetFor, getPack } from '../regulations';
import { unitRegistry } from '../units';
import type {
  AssessCommuneCriteria,
  CountCommuneCriteria,
  CommuneCommand,
  CommuneCommandType,
  GrantCommuneRecognition,
  RevokeCommuneRecognition,
} from './commands';
import {
  CommuneInvalidInputError,
  CommuneUnknownCriterionError,
  IncompleteAssessmentError,
  RecognitionNotHeldError,
} from './errors';
import type { CommuneEvent } from './events';
import { assessmentKey, type CommuneState } from './state';

export function decide(command: CommuneCommand, state: CommuneState): CommuneEvent[] {
  if (state.status === 'tracked' && command.data.communeCode !== state.communeCode) {
    throw new CommuneInvalidInputError(command.type, [
      { field: 'communeCode', rule: `must be ${state.communeCode}, the commune of this stream` },
    ]);
  }
  switch (command.type) {
    case 'AssessCommuneCriteria':
      return assess(command, state);
    case 'CountCommuneCriteria':
      return count(command, state);
    case 'GrantCommuneRecognition':
      return grant(command, state);
    case 'RevokeCommuneRecognition':
      return revoke(command, state);
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled commune command ${JSON.stringify(unhandled)}`);
    }
  }
}

function assess(command: AssessCommuneCriteria, state: CommuneState): CommuneEvent[] {
  const { communeCode, year, packId, packVersion, results, assessedOn } = command.data;
  const level = command.data.level ?? 'standard';

  const problems = assessmentDateProblems(command.type, year, assessedOn, command.metadata.now);
  if (problems.length > 0) throw new CommuneInvalidInputError(command.type, problems);
  const unitMap = command.data.unitMap ?? unitRegistry.mapInForceOn(assessedOn);

  const set = criteriaSetFor(getPack(packId, packVersion), level, 'commune');
  const codes = set.criteria.map((c) => c.code);
  const unknown = Object.keys(results).filter((c) => !codes.includes(c));
  if (unknown.length > 0) throw new CommuneUnknownCriterionError(unknown, set.code);
  const missing = codes.filter((c) => results[c] === undefined);
  if (missing.length > 0) {
    throw new IncompleteAssessmentError(missing, set.code, set.criteria.filter((c) => missing.includes(c.code)).map(({ code, nameVi, nameEn }) => ({ code, nameVi, nameEn })));
  }

  const ordered: Record<string, { met: boolean }> = {};
  for (const code of codes) ordered[code] = { met: results[code]!.met };
  return [
    {
      type: 'CommuneCriteriaAssessed',
      data: {
        communeCode,
        year,
        level,
        packId,
        packVersion,
        criteriaSetCode: set.code,
        results: ordered,
        metCount: codes.filter((c) => ordered[c]!.met).length,
        total: codes.length,
        assessedOn,
        supersedesEarlier: state.status === 'tracked' && state.assessments[assessmentKey(year, level, unitMap)] !== undefined,
        unitMap,
      },
    },
  ];
}

function count(command: CountCommuneCriteria, state: CommuneState): CommuneEvent[] {
  const { communeCode, unitMap, year, packId, packVersion, metCount, assessedOn } = command.data;
  const level = command.data.level ?? 'standard';
  const problems = assessmentDateProblems(command.type, year, assessedOn, command.metadata.now);
  const set = criteriaSetFor(getPack(packId, packVersion), level, 'commune');
  const codes = set.criteria.map((c) => c.code);
  const total = command.data.total ?? codes.length;
  if (total !== codes.length) problems.push({ field: 'total', rule: `must be ${codes.length}, the size of ${set.code}` });
  if (!Number.isInteger(metCount) || metCount < 0 || metCount > codes.length) {
    problems.push({ field: 'metCount', rule: `must be a whole number from 0 to ${codes.length}` });
  }
  const unmet = command.data.unmet ? [...new Set(command.data.unmet)] : null;
  if (unmet) {
    const unknown = unmet.filter((c) => !codes.includes(c));
    if (unknown.length > 0) throw new CommuneUnknownCriterionError(unknown, set.code);
    if (problems.length === 0 && unmet.length !== codes.length - metCount) {
      problems.push({ field: 'unmet', rule: `names ${unmet.length} unmet criteria, but ${codes.length - metCount} are unmet by the count` });
    }
  }
  if (problems.length > 0) throw new CommuneInvalidInputError(command.type, problems);
  return [
    {
      type: 'CommuneCriteriaCounted',
      data: {
        communeCode,
        unitMap,
        year,
        level,
        packId,
        packVersion,
        criteriaSetCode: set.code,
        metCount,
        total: codes.length,
        unmet: unmet ? codes.filter((c) => unmet.includes(c)) : null,
        assessedOn,
        supersedesEarlier: state.status === 'tracked' && state.assessments[assessmentKey(year, level, unitMap)] !== undefined,
      },
    },
  ];
}

function assessmentDateProblems(command: CommuneCommandType, year: number, assessedOn: string, now: string): { field: string; rule: string }[] {
  const problems: { field: string; rule: string }[] = [];
  if (!isCalendarDate(assessedOn)) {
    problems.push({ field: 'assessedOn', rule: 'must be a calendar date in YYYY-MM-DD form' });
  } else {
    if (assessedOn > today(command, now)) problems.push({ field: 'assessedOn', rule: 'must not be in the future' });
    if (year > Number(assessedOn.slice(0, 4))) problems.push({ field: 'year', rule: 'must not be after the assessment date' });
  }
  return problems;
}

function grant(command: GrantCommuneRecognition, state: CommuneState): CommuneEvent[] {
  const held = state.status === 'tracked' ? state.recognitions[command.data.level] : undefined;
  // The handler may retry after the dossier stream was written but before this one was: granting twice changes nothing.
  if (held?.dossierId === command.data.dossierId) return [];
  return [{ type: 'CommuneRecognitionGranted', data: { ...command.data, replacesDossierId: held?.dossierId ?? null } }];
}

function revoke(command: RevokeCommuneRecognition, state: CommuneState): CommuneEvent[] {
  const { communeCode, level, dossierId } = command.data;
  if (state.status === 'tracked' && state.revokedDossierIds.includes(dossierId)) return [];
  const held = state.status === 'tracked' ? state.recognitions[level] : undefined;
  if (held?.dossierId !== dossierId) throw new RecognitionNotHeldError(communeCode, level, dossierId, held?.dossierId ?? null);
  return [{ type: 'CommuneRecognitionRevoked', data: { ...command.data } }];
}

function today(command: CommuneCommandType, now: string): string {
  try {
    return vietnamDate(now);
  } catch {
    throw new CommuneInvalidInputError(command, [
      { field: 'metadata.now', rule: 'must be an ISO-8601 instant with a UTC offset' },
    ]);
  }
}
