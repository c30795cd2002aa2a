import { deciderSpec } from '@app/testing';
import { dossierDecider } from '.';
import {
  ANNOUNCEMENTS,
  AT,
  DOCUMENTS,
  DOSSIER_ID,
  aDossierReadyToSubmit,
  aRegisteredDossier,
  aReturnedDossier,
  allMet,
  by,
  criteriaCodes,
  criterionResultsRecorded,
  declareRecognitionConditions,
  dossierRegistered,
  dossierSubmittedForVerification,
  publicConsultationRecorded,
  recognitionConditionsDeclared,
  recordCriterionResults,
  recordPublicConsultation,
  submitForVerification,
} from './testing';
import type { DossierEvent } from './events';

const given = deciderSpec(dossierDecider);

describe('recording criterion results', () => {
  it('records results progressively, a few criteria at a time', () => {
    const results = {
      C01: { met: true, evidence: ['planning-decision-2021'] },
      C10: { met: false, indicators: { incomePerCapitaMillionVnd: 62.5 }, evidence: ['statistics-office-2023'] },
    };
    given(aRegisteredDossier()).when(recordCriterionResults(results)).then([criterionResultsRecorded(results)]);
  });

  it('lets the commune revise a result until the dossier is submitted', () => {
    given(aDossierReadyToSubmit())
      .when(recordCriterionResults({ C10: { met: false } }))
      .thenState({ record: { results: { C09: { met: true }, C10: { met: false }, C11: { met: true } } } });
  });

  it('lets the commune revise a dossier the verifier returned', () => {
    given(aReturnedDossier())
      .when(recordCriterionResults({ C10: { met: true, evidence: ['statistics-office-2023-revised'] } }))
      .then([criterionResultsRecorded({ C10: { met: true, evidence: ['statistics-office-2023-revised'] } })]);
  });

  it('refuses an empty record', () => {
    given(aRegisteredDossier())
      .when(recordCriterionResults({}))
      .thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'results' }] });
  });

  it('refuses, listing them all, criteria that are not in the pinned set', () => {
    given(aRegisteredDossier())
      .when(recordCriterionResults({ C01: { met: true }, C20: { met: true }, M01: { met: true } }))
      .thenThrows('DOSSIER.UNKNOWN_CRITERION', {
        unknown: ['C20', 'M01'],
        criteriaSetCode: '2021-2025/commune-standard',
      });
  });

  it('judges codes against the dossier’s own period: C11 does not exist in the 2026-2030 set', () => {
    const registered = dossierRegistered({
      packId: 'ntm-2026-2030',
      criteriaSetCode: '2026-2030/commune-standard',
      criteriaCodes: ['C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C07', 'C08', 'C09', 'C10'],
    });
    given([registered])
      .when(recordCriterionResults({ C10: { met: true }, C11: { met: true } }))
      .thenThrows('DOSSIER.UNKNOWN_CRITERION', { unknown: ['C11'], criteriaSetCode: '2026-2030/commune-standard' });
  });
});

describe('recording the public consultation', () => {
  it('records postings, written comments and the satisfaction survey, with the rate it works out', () => {
    given(aRegisteredDossier()).when(recordPublicConsultation()).then([publicConsultationRecorded()]);
  });

  it('keeps the rate unrounded: 181 of 201 is below 90%', () => {
    given(aRegisteredDossier())
      .when(recordPublicConsultation({ satisfactionSurvey: { surveyed: 201, satisfied: 181 } }))
      .then([publicConsultationRecorded({ satisfactionSurvey: { surveyed: 201, satisfied: 181, percent: (181 * 100) / 201 } })]);
  });

  it('records a consultation without a survey', () => {
    given(aRegisteredDossier())
      .when(recordPublicConsultation({ satisfactionSurvey: null }))
      .then([publicConsultationRecorded({ satisfactionSurvey: null })]);
  });

  it('replaces an earlier consultation record', () => {
    given(aDossierReadyToSubmit())
      .when(recordPublicConsultation({ satisfactionSurvey: { surveyed: 100, satisfied: 99 } }))
      .thenState({ record: { consultation: { satisfactionSurvey: { percent: 99 } } } });
  });

  it('refuses, listing every problem, a record that contradicts itself', () => {
    given(aRegisteredDossier())
      .when(
        recordPublicConsultation({
          period: { from: '2024-03-15', to: '2024-03-01' },
          announcements: [{ postedOn: '2024-02-20', place: 'Trụ sở UBND xã' }],
          satisfactionSurvey: { surveyed: 100, satisfied: 101 },
        }),
      )
      .thenThrows('DOSSIER.INVALID_INPUT', {
        problems: [
          { field: 'period', rule: 'must not end before it starts' },
          { field: 'announcements[0].postedOn', rule: 'must fall within the consultation period' },
          { field: 'satisfactionSurvey.satisfied', rule: 'must be between 0 and the number surveyed' },
        ],
      });
  });

  it('refuses a survey of nobody', () => {
    given(aRegisteredDossier())
      .when(recordPublicConsultation({ satisfactionSurvey: { surveyed: 0, satisfied: 0 } }))
      .thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'satisfactionSurvey.surveyed' }] });
  });

  it('refuses dates that are not calendar dates', () => {
    given(aRegisteredDossier())
      .when(recordPublicConsultation({ period: { from: '2024-02-30', to: '2024-03-15' } }))
      .thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'period.from' }] });
  });
});

describe('declaring the recognition conditions', () => {
  it('records construction debt and security status with their evidence', () => {
    given(aRegisteredDossier()).when(declareRecognitionConditions()).then([recognitionConditionsDeclared()]);
  });

  it('records plan registration (2016-2020) and defaults the evidence to none', () => {
    given(aRegisteredDossier())
      .when(declareRecognitionConditions({ registeredInPlan: true, evidence: undefined }))
      .then([recognitionConditionsDeclared({ registeredInPlan: true, evidence: [] })]);
  });
});

describe('submitting for verification', () => {
  it('submits a complete dossier with its documents', () => {
    given(aDossierReadyToSubmit()).when(submitForVerification()).then([dossierSubmittedForVerification(1)]);
  });

  it('counts the rounds: a returned dossier goes back as round 2', () => {
    given(aReturnedDossier()).when(submitForVerification()).then([dossierSubmittedForVerification(2)]);
  });

  it('refuses an empty dossier, listing every unmet item at once', () => {
    given(aRegisteredDossier())
      .when(submitForVerification([]))
      .thenThrows('DOSSIER.NOT_ELIGIBLE', {
        unmet: [
          ...criteriaCodes().map((code) => ({ kind: 'criterion-unrecorded', code, nameVi: expect.any(String), nameEn: expect.any(String) })),
          { kind: 'satisfaction-unrecorded' },
          { kind: 'construction-debt-undeclared' },
          { kind: 'security-undeclared' },
          { kind: 'consultation-unrecorded' },
          { kind: 'document-missing', document: 'submission-letter' },
          { kind: 'document-missing', document: 'results-report' },
          { kind: 'document-missing', document: 'comments-summary' },
          { kind: 'document-missing', document: 'proposal-minutes' },
        ],
      });
  });

  it('refuses while a criterion is unmet, satisfaction is below the rate, debt is outstanding, the area is complex or the postings too few', () => {
    const history: DossierEvent[] = [
      ...aRegisteredDossier(),
      criterionResultsRecorded({ ...allMet(), C10: { met: false }, C17: { met: false } }),
      publicConsultationRecorded({
        announcements: ANNOUNCEMENTS.slice(0, 4),
        satisfactionSurvey: { surveyed: 200, satisfied: 170, percent: 85 },
      }),
      recognitionConditionsDeclared({ hasConstructionDebt: true, isComplexSecurityArea: true }),
    ];
    given(history)
      .when(submitForVerification(DOCUMENTS.filter((d) => d.kind !== 'proposal-minutes')))
      .thenThrows('DOSSIER.NOT_ELIGIBLE', {
        unmet: [
          { kind: 'criterion-unmet', code: 'C10', nameVi: 'Thu nhập', nameEn: 'Income' },
          { kind: 'criterion-unmet', code: 'C17', nameVi: 'Môi trường và an toàn thực phẩm', nameEn: expect.any(String) },
          { kind: 'satisfaction-below-rate', actual: 85, required: 90 },
          { kind: 'construction-debt-outstanding' },
          { kind: 'complex-security-area' },
          { kind: 'consultation-too-few-postings', required: 5, withinDays: 15, found: 4 },
          { kind: 'document-missing', document: 'proposal-minutes' },
        ],
      });
  });

  it('accepts satisfaction exactly at the pack’s rate', () => {
    const history = [
      ...aDossierReadyToSubmit(),
      publicConsultationRecorded({ satisfactionSurvey: { surveyed: 200, satisfied: 180, percent: 90 } }),
    ];
    given(history).when(submitForVerification()).then([dossierSubmittedForVerification(1)]);
  });

  it('judges the rate the dossier registered with, not the pack’s current default', () => {
    const registered = dossierRegistered();
    const strict = dossierRegistered({ settings: { ...registered.data.settings, satisfactionMinPercent: 96 } });
    given([strict, ...aDossierReadyToSubmit().slice(1)])
      .when(submitForVerification())
      .thenThrows('DOSSIER.NOT_ELIGIBLE', { unmet: [{ kind: 'satisfaction-below-rate', actual: 95, required: 96 }] });
  });

  it('counts five postings only when they fall within fifteen days', () => {
    const spread = ['2024-03-01', '2024-03-05', '2024-03-09', '2024-03-13', '2024-03-16'].map((postedOn) => ({
      postedOn,
      place: 'Nhà văn hóa thôn',
    }));
    const history = [
      ...aDossierReadyToSubmit(),
      publicConsultationRecorded({ period: { from: '2024-03-01', to: '2024-03-16' }, announcements: spread }),
    ];
    given(history)
      .when(submitForVerification())
      .thenThrows('DOSSIER.NOT_ELIGIBLE', {
        unmet: [{ kind: 'consultation-too-few-postings', required: 5, withinDays: 15, found: 4 }],
      });
  });

  it('judges a 2016-2020 dossier by QĐ 2540: registered in the plan, no satisfaction or security condition', () => {
    const registered = dossierRegistered({
      packId: 'ntm-2016-2020',
      criteriaSetCode: '2016-2020/commune-standard',
      conditions: ['all-criteria-met', 'registered-in-plan'],
      registeredAt: '2019-01-10T02:00:00.000Z',
      targetYear: 2019,
    });
    const results = criterionResultsRecorded();
    const consultation = publicConsultationRecorded({ satisfactionSurvey: null });
    const submit = { ...submitForVerification(), metadata: by('commune_officer', '2019-10-01T02:00:00.000Z') };

    given([registered, results, consultation])
      .when(submit)
      .thenThrows('DOSSIER.NOT_ELIGIBLE', { unmet: [{ kind: 'not-registered-in-plan' }] });

    given([registered, results, consultation, recognitionConditionsDeclared({ registeredInPlan: true })])
      .when(submit)
      .then([
        {
          type: 'DossierSubmittedForVerification',
          data: { dossierId: DOSSIER_ID, round: 1, documents: DOCUMENTS, submittedAt: '2019-10-01T02:00:00.000Z' },
        },
      ]);
  });

  it('keeps the results, consultation and declaration for the verifier', () => {
    given(aDossierReadyToSubmit())
      .when(submitForVerification())
      .thenState({
        status: 'under_verification',
        round: 1,
        submittedAt: AT.submittedForVerification,
        record: { results: allMet(), consultation: { satisfactionSurvey: { percent: 95 } }, conditions: { hasConstructionDebt: false } },
      });
  });
});
