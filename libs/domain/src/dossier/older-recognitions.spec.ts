import { deciderSpec } from '@app/testing';
import { getPack, revocationBasis } from '../regulations';
import { dossierDecider } from '.';
import type { DossierEvent } from './events';
import {
  DOSSIER_ID,
  IMPORTED_AT,
  by,
  importRecognition,
  importRevocation,
  recognitionImported,
  recordDeadlineReached,
  recordMonitoringReview,
  revokeRecognition,
  proposeRevocation,
  recordRenewal,
  SIGNER,
} from './testing';

const given = deciderSpec(dossierDecider);
const REVIEW_2025 = '2025-06-16T02:00:00.000Z';
const target = { packId: 'ntm-2021-2025', packVersion: '1', period: '2021-2025' as const, validFrom: '2022-03-08', deadline: '2025-12-31' };
const reviewOn = (date: string, failing: string[]) => recordMonitoringReview(failing, { year: Number(date.slice(0, 4)), reviewedOn: date }, `${date}T02:00:00.000Z`);
const imported = (level: 'standard' | 'advanced' | 'model' = 'standard', packId = 'ntm-2016-2020'): DossierEvent[] => {
  const pack = getPack(packId, '1');
  const set = pack.criteriaSets.find((s) => s.code === pack.levels.find((l) => l.level === level && l.unitKind === 'commune')!.criteriaSetCode)!;
  return [recognitionImported({ level, packId, criteriaSetCode: set.code, criteriaCodes: set.criteria.map((c) => c.code), decisionDate: packId === 'ntm-2010-2015' ? '2013-11-20' : '2019-05-10' })];
};

describe('an older recognition is judged by the rule in force on the review date (QĐ 18/2022)', () => {
  // Which rule, which set: table of recognition pack × level × review date.
  it.each([
    ['ntm-2016-2020', 'standard', '2021-06-01', null, null],
    ['ntm-2016-2020', 'standard', '2022-08-01', null, null],
    ['ntm-2016-2020', 'standard', '2022-08-02', 'ntm-2021-2025', '2021-2025/commune-standard'],
    ['ntm-2016-2020', 'advanced', '2024-01-01', 'ntm-2021-2025', '2021-2025/commune-advanced'],
    ['ntm-2016-2020', 'model', '2024-01-01', 'ntm-2021-2025', '2021-2025/commune-advanced'],
    ['ntm-2010-2015', 'standard', '2024-01-01', 'ntm-2021-2025', '2021-2025/commune-standard'],
    ['ntm-2021-2025', 'standard', '2027-01-01', 'ntm-2021-2025', '2021-2025/commune-standard'],
    ['ntm-2026-2030', 'standard', '2027-01-01', 'ntm-2026-2030', '2026-2030/commune-standard'],
  ] as const)('%s %s reviewed on %s → %s against %s', (packId, level, date, judgingPack, set) => {
    const basis = revocationBasis(getPack(packId, '1'), level, 'commune', date);
    expect(basis ? [basis.pack.id, basis.setCode] : [null, null]).toEqual([judgingPack, set]);
  });

  it('a 2016-2020 recognition failing 6 criteria with Thu nhập in 2025 has grounds under rule (a); 5 failing has none', () => {
    given(imported())
      .when(reviewOn('2025-06-16', ['C02', 'C05', 'C08', 'C10', 'C12', 'C14']))
      .thenState({
        latestReview: { finding: { hasGrounds: true, rule: 'partial-with-key', keyFailing: ['C10'], total: 19, judgedAgainst: '2021-2025/commune-standard', judgedBy: { packId: 'ntm-2021-2025', packVersion: '1' } } },
        remediation: { openedOn: '2025-06-16', expiredAt: null },
      });
    given(imported())
      .when(reviewOn('2025-06-16', ['C02', 'C05', 'C08', 'C10', 'C12']))
      .thenState({ latestReview: { finding: { hasGrounds: false, rule: null } }, remediation: null });
  });

  it('before QĐ 18/2022 took effect, a 2016-2020 recognition could not be revoked: the same failures found no grounds', () => {
    given(imported())
      .when(reviewOn('2021-06-01', ['C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C07', 'C08', 'C09', 'C10']))
      .thenState({ latestReview: { finding: { hasGrounds: false, rule: null, judgedAgainst: '2016-2020/commune-standard', judgedBy: null } } });
  });

  it('an advanced 2016-2020 recognition is judged against the 2021-2025 advanced set, whose key criteria include Chất lượng môi trường sống', () => {
    given(imported('advanced'))
      .when(reviewOn('2024-03-01', ['C01', 'C02', 'C03', 'C04', 'C05', 'C18']))
      .thenState({ latestReview: { finding: { hasGrounds: true, rule: 'partial-with-key', keyFailing: ['C18'], judgedAgainst: '2021-2025/commune-advanced' } } });
  });

  it('refuses criteria of the old set that the judging set lacks, naming the judging set', () => {
    given(imported('model'))
      .when(reviewOn('2024-03-01', ['M04']))
      .thenThrows('DOSSIER.UNKNOWN_CRITERION', { unknown: ['M04'], criteriaSetCode: '2021-2025/commune-advanced' });
  });
});

describe('requalification under the next period’s set', () => {
  const due = '2025-12-31T16:59:59.999Z';

  it('missing the deadline flags the recognition revocation due, citing the deadline', () => {
    given(imported())
      .when(recordDeadlineReached('requalification', due, '2026-01-02T00:00:00.000Z', target))
      .then([
        { type: 'DeadlineReached', data: { dossierId: DOSSIER_ID, kind: 'requalification', startedAt: '2022-03-07T17:00:00.000Z', dueAt: due, reachedAt: '2026-01-02T00:00:00.000Z' } },
        {
          type: 'RevocationDue',
          data: { dossierId: DOSSIER_ID, reviewedOn: null, grounds: { rule: 'not-requalified', failingCriteria: [], requalification: { packId: 'ntm-2021-2025', deadline: '2025-12-31' } }, dueAt: due, flaggedAt: '2026-01-02T00:00:00.000Z' },
        },
      ]);
  });

  it('a passing review does not clear a missed requalification deadline', () => {
    const flagged = [...imported(), ...dossierDecider.decide(recordDeadlineReached('requalification', due, '2026-01-02T00:00:00.000Z', target), dossierDecider.evolve(dossierDecider.initialState(), imported()[0]!))];
    given(flagged).when(reviewOn('2026-03-01', [])).thenState({ revocationDue: { grounds: { rule: 'not-requalified' } } });
  });

  it('the proposal and the chairperson’s revocation may cite "not requalified by the deadline", with no review', () => {
    const cite = { rule: 'not-requalified' as const, failingCriteria: [] };
    const propose = { ...proposeRevocation(cite), data: { ...proposeRevocation(cite).data, requalification: target }, metadata: by('coordination_office', '2026-01-05T02:00:00.000Z') };
    given(imported()).when(propose).thenState({ status: 'revocation_proposed', proposal: { grounds: { rule: 'not-requalified', requalification: { deadline: '2025-12-31' } } } });
    const proposed = [...imported(), ...dossierDecider.decide(propose, dossierDecider.evolve(dossierDecider.initialState(), imported()[0]!))];
    given(proposed)
      .when(revokeRecognition({ grounds: cite, decisionDate: '2026-01-20', requalification: target }, '2026-01-20T02:00:00.000Z'))
      .thenState({ status: 'revoked', revocation: { grounds: { rule: 'not-requalified' }, decisionDate: '2026-01-20' } });
  });

  it('refuses those grounds once the commune was renewed, or before the deadline passed', () => {
    const cite = { rule: 'not-requalified' as const, failingCriteria: [] };
    const early = { ...proposeRevocation(cite), data: { ...proposeRevocation(cite).data, requalification: target }, metadata: by('coordination_office', '2025-12-31T10:00:00.000Z') };
    given(imported()).when(early).thenThrows('DOSSIER.NO_REVOCATION_GROUNDS', { why: 'deadline-not-passed' });
    const renewed = { ...proposeRevocation(cite), data: { ...proposeRevocation(cite).data, requalification: null }, metadata: by('coordination_office', '2026-01-05T02:00:00.000Z') };
    given(imported()).when(renewed).thenThrows('DOSSIER.NO_REVOCATION_GROUNDS', { why: 'renewed-or-no-deadline' });
  });
});

describe('history brought in from a province’s records', () => {
  it('starts a dossier recognised under the pack of its period, with the decision and no procedure', () => {
    given([]).when(importRecognition()).then([recognitionImported()]);
    given([]).when(importRecognition()).thenState({ status: 'recognised', dossier: { imported: true, packId: 'ntm-2016-2020', registeredAt: IMPORTED_AT }, recognition: { decisionNo: '1234/QĐ-UBND', decisionDate: '2019-05-10', signer: SIGNER } });
  });

  it('records a 2013 recognition under the 2010-2015 set of QĐ 491/342', () => {
    given([]).when(importRecognition({ packId: 'ntm-2010-2015', decisionDate: '2013-11-20' }, '2013-11-19T17:00:00.000Z')).thenState({ status: 'recognised', dossier: { criteriaSetCode: '2010-2015/commune-standard' } });
  });

  it('refuses a decision dated before its period’s set took effect, a blank decision number, or a second import onto a dossier', () => {
    given([]).when(importRecognition({ decisionDate: '2016-05-01' }, '2016-04-30T17:00:00.000Z')).thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'decisionDate' }] });
    given([]).when(importRecognition({ decisionNo: '  ' })).thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'decisionNo' }] });
    given(imported()).when(importRecognition()).thenThrows('DOSSIER.ALREADY_REGISTERED');
    given([]).when(importRecognition({ level: 'modern' })).thenThrows('REGULATION.LEVEL_NOT_IN_PACK');
  });

  it('revokes an imported recognition with the decision’s own grounds; codes are the judging set’s', () => {
    given(imported())
      .when(importRevocation())
      .thenState({ status: 'revoked', revocation: { decisionNo: '88/QĐ-UBND', decisionDate: '2021-03-01', grounds: { rule: 'as-decided', failingCriteria: ['C17'], text: 'Không duy trì tiêu chí Môi trường' } } });
    given(imported()).when(importRevocation({ decisionDate: '2019-01-01' })).thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'decisionDate' }] });
    given(imported()).when(importRevocation({ failingCriteria: ['C20'] })).thenThrows('DOSSIER.UNKNOWN_CRITERION', { unknown: ['C20'] });
  });
});

describe('refusals name criteria by code and by name, in Vietnamese and English', () => {
  it('a revocation citing grounds the review did not find names the cited criteria', () => {
    const reviewed = [...imported(), ...dossierDecider.decide(reviewOn('2025-06-16', ['C02', 'C05', 'C08', 'C10', 'C12']), dossierDecider.evolve(dossierDecider.initialState(), imported()[0]!))];
    given(reviewed)
      .when({ ...proposeRevocation({ rule: 'partial-with-key', failingCriteria: ['C10', 'C12'] }), metadata: by('coordination_office', '2025-07-01T02:00:00.000Z') })
      .thenThrows('DOSSIER.NO_REVOCATION_GROUNDS', { criteria: [{ code: 'C10', nameVi: 'Thu nhập', nameEn: 'Income' }, { code: 'C12', nameVi: 'Lao động', nameEn: 'Labour' }] });
  });
});

describe('renewal: recognised again under a later period’s set', () => {
  it('replaces the older recognition, which then has no deadline and needs no requalification', () => {
    given(imported()).when(recordRenewal()).then([{ type: 'RecognitionRenewed', data: { dossierId: DOSSIER_ID, byDossierId: 'dossier-00001-2023', packId: 'ntm-2021-2025', renewedOn: '2023-05-10' } }]);
    given(imported()).when(recordRenewal()).thenState({ status: 'renewed', renewal: { byDossierId: 'dossier-00001-2023' }, recognition: { decisionNo: '1234/QĐ-UBND' } });
    const renewed = [...imported(), ...dossierDecider.decide(recordRenewal(), dossierDecider.evolve(dossierDecider.initialState(), imported()[0]!))];
    given(renewed).when(reviewOn('2025-06-16', ['C10'])).thenThrows('DOSSIER.WRONG_STATE', { status: 'renewed' });
  });

  it('refuses a renewal by a set of the same or an earlier period, or dated before the recognition', () => {
    given(imported()).when(recordRenewal({ packId: 'ntm-2016-2020' })).thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'packId' }] });
    given(imported()).when(recordRenewal({ renewedOn: '2018-01-01' })).thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'renewedOn' }] });
    given(imported()).when(recordRenewal({ byDossierId: DOSSIER_ID })).thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'byDossierId' }] });
  });
});
