import { deciderSpec } from '@app/testing';
import { criteriaSetFor, getPack } from '../regulations';
import { by, dossierRecognised, dossierRevoked } from '../dossier/testing';
import {
  COMMUNE_COMMAND_ROLES,
  type AssessCommuneCriteria,
  type CountCommuneCriteria,
  type CommuneCriteriaAssessed,
  type CommuneRecognitionGranted,
  type CommuneRecognitionRevoked,
  communeDecider,
  communeStreamId,
  currentRecognitions,
  grantFor,
  mayIssueCommuneCommand,
  revocationFor,
} from '.';

const given = deciderSpec(communeDecider);
const COMMUNE = '00001';
const NOW = '2025-01-20T02:00:00.000Z';
const STANDARD_2125 = criteriaSetFor(getPack('ntm-2021-2025', '1'), 'standard', 'commune').criteria.map((c) => c.code);

const results = (failing: string[] = [], codes = STANDARD_2125) =>
  Object.fromEntries(codes.map((code) => [code, { met: !failing.includes(code) }]));

const assess = (overrides: Partial<AssessCommuneCriteria['data']> = {}, now = NOW): AssessCommuneCriteria => ({
  type: 'AssessCommuneCriteria',
  data: {
    communeCode: COMMUNE,
    year: 2024,
    packId: 'ntm-2021-2025',
    packVersion: '1',
    results: results(['C10', 'C17']),
    assessedOn: '2025-01-15',
    ...overrides,
  },
  metadata: by('coordination_office', now),
});

const assessed = (overrides: Partial<CommuneCriteriaAssessed['data']> = {}): CommuneCriteriaAssessed => ({
  type: 'CommuneCriteriaAssessed',
  data: {
    communeCode: COMMUNE,
    year: 2024,
    level: 'standard',
    packId: 'ntm-2021-2025',
    packVersion: '1',
    criteriaSetCode: '2021-2025/commune-standard',
    results: results(['C10', 'C17']),
    metCount: 17,
    total: 19,
    assessedOn: '2025-01-15',
    supersedesEarlier: false,
    unitMap: '2025-03',
    ...overrides,
  },
});

const granted = (overrides: Partial<CommuneRecognitionGranted['data']> = {}): CommuneRecognitionGranted => {
  const { communeCode, level, dossierId, decisionNo, decisionDate, packId, packVersion, recognisedAt } = dossierRecognised().data;
  return {
    type: 'CommuneRecognitionGranted',
    data: { communeCode, level, dossierId, decisionNo, decisionDate, packId, packVersion, recognisedAt, replacesDossierId: null, ...overrides },
  };
};

const revoked = (): CommuneRecognitionRevoked => {
  const { communeCode, level, dossierId, decisionNo, decisionDate, revokedAt } = dossierRevoked().data;
  return { type: 'CommuneRecognitionRevoked', data: { communeCode, level, dossierId, decisionNo, decisionDate, revokedAt } };
};

const grant = () => grantFor(dossierRecognised(), by('provincial_chairperson', dossierRecognised().data.recognisedAt));
const revoke = () => revocationFor(dossierRevoked(), by('provincial_chairperson', dossierRevoked().data.revokedAt));

describe('the commune stream', () => {
  it('is named commune-<code>', () => {
    expect(communeStreamId('00001')).toBe('commune-00001');
  });

  describe('yearly criteria assessment', () => {
    it('records every criterion with the count met, against the standard set by default', () => {
      given([]).when(assess()).then([assessed()]);
    });

    it('records the criteria in the set’s order, whatever order they came in', () => {
      const reversed = Object.fromEntries(Object.entries(results(['C10', 'C17'])).reverse());
      const [event] = communeDecider.decide(assess({ results: reversed }), communeDecider.initialState());
      expect(event?.type === 'CommuneCriteriaAssessed' && Object.keys(event.data.results)).toEqual(STANDARD_2125);
    });

    it('marks a second assessment of the same year and level as a correction', () => {
      given([assessed()])
        .when(assess({ results: results(['C10']) }))
        .then([assessed({ results: results(['C10']), metCount: 18, supersedesEarlier: true })]);
    });

    it('assesses an advanced commune against the advanced set in the same year without superseding', () => {
      const advanced = criteriaSetFor(getPack('ntm-2021-2025', '1'), 'advanced', 'commune').criteria.map((c) => c.code);
      given([assessed()])
        .when(assess({ level: 'advanced', results: results([], advanced) }))
        .then([
          assessed({
            level: 'advanced',
            criteriaSetCode: '2021-2025/commune-advanced',
            results: results([], advanced),
            metCount: 19,
            supersedesEarlier: false,
          }),
        ]);
    });

    it('assesses against the ten 2026-2030 criteria', () => {
      const ten = ['C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C07', 'C08', 'C09', 'C10'];
      given([])
        .when(assess({ year: 2026, packId: 'ntm-2026-2030', results: results(['C07'], ten), assessedOn: '2026-12-20' }, '2026-12-21T02:00:00.000Z'))
        .then([
          assessed({
            year: 2026,
            packId: 'ntm-2026-2030',
            criteriaSetCode: '2026-2030/commune-standard',
            results: results(['C07'], ten),
            metCount: 9,
            total: 10,
            assessedOn: '2026-12-20',
            unitMap: '2025-07',
          }),
        ]);
    });

    it('refuses an assessment that leaves criteria out, listing them', () => {
      const partial = results();
      delete partial.C18;
      delete partial.C19;
      given([])
        .when(assess({ results: partial }))
        .thenThrows('COMMUNE.INCOMPLETE_ASSESSMENT', { missing: ['C18', 'C19'], criteriaSetCode: '2021-2025/commune-standard' });
    });

    it('refuses criteria that are not in the set', () => {
      given([])
        .when(assess({ results: { ...results(), C20: { met: true } } }))
        .thenThrows('COMMUNE.UNKNOWN_CRITERION', { unknown: ['C20'] });
    });

    it('refuses an assessment dated in the future, for a later year, or with a malformed date', () => {
      given([])
        .when(assess({ assessedOn: '2025-01-21' }))
        .thenThrows('COMMUNE.INVALID_INPUT', { problems: [{ field: 'assessedOn', rule: 'must not be in the future' }] });
      given([])
        .when(assess({ year: 2026 }))
        .thenThrows('COMMUNE.INVALID_INPUT', { problems: [{ field: 'year' }] });
      given([])
        .when(assess({ assessedOn: '2025-13-01' }))
        .thenThrows('COMMUNE.INVALID_INPUT', { problems: [{ field: 'assessedOn' }] });
    });

    it('refuses a command for another commune', () => {
      given([assessed()])
        .when(assess({ communeCode: '00002' }))
        .thenThrows('COMMUNE.INVALID_INPUT', { problems: [{ field: 'communeCode' }] });
    });

    it('refuses an unknown pack', () => {
      given([]).when(assess({ packVersion: '9' })).thenThrows('REGULATION.UNKNOWN_PACK');
    });

    it('follows the latest year', () => {
      const state = given([assessed({ year: 2024 }), assessed({ year: 2023, metCount: 15 })]).state();
      expect(state).toMatchObject({ status: 'tracked', latestAssessment: { year: 2024, metCount: 17 } });
    });
  });

  describe('yearly counts (count-only records: "đạt 15/19")', () => {
    const count = (overrides: Partial<CountCommuneCriteria['data']> = {}, now = NOW): CountCommuneCriteria => ({
      type: 'CountCommuneCriteria',
      data: { communeCode: COMMUNE, unitMap: '2025-03', year: 2024, packId: 'ntm-2021-2025', packVersion: '1', metCount: 15, assessedOn: '2025-01-15', ...overrides },
      metadata: by('coordination_office', now),
    });

    it('records the count against the set, with the unmet criteria when the record names them', () => {
      const [event] = communeDecider.decide(count({ unmet: ['C17', 'C10', 'C12', 'C13'] }), communeDecider.initialState());
      expect(event).toEqual({
        type: 'CommuneCriteriaCounted',
        data: {
          communeCode: COMMUNE, unitMap: '2025-03', year: 2024, level: 'standard', packId: 'ntm-2021-2025', packVersion: '1',
          criteriaSetCode: '2021-2025/commune-standard', metCount: 15, total: 19, unmet: ['C10', 'C12', 'C13', 'C17'], assessedOn: '2025-01-15', supersedesEarlier: false,
        },
      });
      expect(communeDecider.decide(count(), communeDecider.initialState())[0]).toMatchObject({ data: { unmet: null, metCount: 15 } });
    });

    it('a count corrects a full assessment of the same year, map and level, and the other way round', () => {
      given([assessed()]).when(count()).thenState({ latestAssessment: { metCount: 15, total: 19 } });
      expect(communeDecider.decide(count(), communeDecider.evolve(communeDecider.initialState(), assessed()))[0]).toMatchObject({ data: { supersedesEarlier: true } });
      // The same code on the July 2025 map is another commune: no correction of the old one's.
      expect(communeDecider.decide(count({ unitMap: '2025-07', assessedOn: '2025-12-31', year: 2025 }, '2026-01-05T02:00:00.000Z'), communeDecider.evolve(communeDecider.initialState(), assessed({ year: 2025, assessedOn: '2025-06-30' })))[0]).toMatchObject({ data: { supersedesEarlier: false } });
    });

    it('refuses a total that is not the set’s size, a count out of range, or unmet criteria that disagree with the count', () => {
      given([]).when(count({ total: 20 })).thenThrows('COMMUNE.INVALID_INPUT', { problems: [{ field: 'total' }] });
      given([]).when(count({ metCount: 20 })).thenThrows('COMMUNE.INVALID_INPUT', { problems: [{ field: 'metCount' }] });
      given([]).when(count({ unmet: ['C10'] })).thenThrows('COMMUNE.INVALID_INPUT', { problems: [{ field: 'unmet' }] });
      given([]).when(count({ unmet: ['C20', 'C10', 'C11', 'C12'] })).thenThrows('COMMUNE.UNKNOWN_CRITERION', { unknown: ['C20'] });
    });
  });

  describe('recognitions', () => {
    it('grants the recognition a dossier won', () => {
      given([]).when(grant()).then([granted()]);
    });

    it('changes nothing when the same recognition is granted again', () => {
      given([granted()]).when(grant()).thenNothing();
    });

    it('replaces the recognition held at that level when a new dossier requalifies the commune', () => {
      given([granted({ dossierId: 'dossier-00001-2019', packId: 'ntm-2016-2020' })])
        .when(grant())
        .then([granted({ replacesDossierId: 'dossier-00001-2019' })]);
    });

    it('revokes the recognition a dossier lost', () => {
      given([granted()]).when(revoke()).then([revoked()]);
      given([granted()]).when(revoke()).thenState({ recognitions: {} });
    });

    it('changes nothing when the same revocation is recorded again', () => {
      given([granted(), revoked()]).when(revoke()).thenNothing();
    });

    it('refuses to revoke a recognition the commune does not hold from that dossier', () => {
      given([])
        .when(revoke())
        .thenThrows('COMMUNE.RECOGNITION_NOT_HELD', { level: 'standard', dossierId: dossierRevoked().data.dossierId, heldBy: null });
      given([granted({ dossierId: 'dossier-00001-2026' })])
        .when(revoke())
        .thenThrows('COMMUNE.RECOGNITION_NOT_HELD', { heldBy: 'dossier-00001-2026' });
    });

    it('lists the current recognitions for the registration prerequisite', () => {
      const advanced = granted({ level: 'advanced', dossierId: 'dossier-00001-2025-adv', recognisedAt: '2025-12-01T02:00:00.000Z' });
      expect(currentRecognitions(given([]).state())).toEqual([]);
      expect(currentRecognitions(given([granted(), advanced]).state())).toEqual([
        { level: 'standard', dossierId: dossierRecognised().data.dossierId, recognisedAt: dossierRecognised().data.recognisedAt },
        { level: 'advanced', dossierId: 'dossier-00001-2025-adv', recognisedAt: '2025-12-01T02:00:00.000Z' },
      ]);
      expect(currentRecognitions(given([granted(), advanced, revoked()]).state())).toEqual([
        { level: 'advanced', dossierId: 'dossier-00001-2025-adv', recognisedAt: '2025-12-01T02:00:00.000Z' },
      ]);
    });
  });

  it('is assessed by the province or the verifier; recognitions follow the dossier, never a direct command', () => {
    expect(mayIssueCommuneCommand('coordination_office', 'AssessCommuneCriteria')).toBe(true);
    expect(mayIssueCommuneCommand('commune_officer', 'AssessCommuneCriteria')).toBe(false);
    expect(COMMUNE_COMMAND_ROLES.GrantCommuneRecognition).toEqual([]);
    expect(COMMUNE_COMMAND_ROLES.RevokeCommuneRecognition).toEqual([]);
  });
});
