import { deciderSpec } from '@app/testing';
import { getPack } from '../regulations';
import { dossierDecider } from '.';
import {
  AT,
  aRegisteredDossier,
  criteriaCodes,
  dossierRegistered,
  pack,
  registerDossier,
} from './testing';

const given = deciderSpec(dossierDecider);

describe('registering a dossier', () => {
  it('pins the pack, the criteria set, the conditions and the settings the dossier will be judged by', () => {
    given([]).when(registerDossier()).then([dossierRegistered()]);
  });

  it('records the 2021-2025 standard set of nineteen criteria', () => {
    const [event] = dossierDecider.decide(registerDossier(), dossierDecider.initialState());
    expect(event).toMatchObject({
      type: 'DossierRegistered',
      data: {
        criteriaSetCode: '2021-2025/commune-standard',
        criteriaCodes: criteriaCodes('standard'),
        conditions: ['all-criteria-met', 'satisfaction-rate', 'no-construction-debt', 'not-complex-security-area'],
        targetYear: 2024,
        registeredAt: AT.registered,
      },
    });
    expect(criteriaCodes('standard')).toHaveLength(19);
  });

  it('records no district for a commune registered after the district level was abolished', () => {
    given([])
      .when(registerDossier({ districtCode: undefined }))
      .then([dossierRegistered({ districtCode: null })]);
  });

  it('copies the deployment’s effective settings so that later configuration never rejudges the dossier', () => {
    const settings = { ...pack().settings, satisfactionMinPercent: 95, voting: { kind: 'majority' as const, quorum: 0.5 } };
    given([])
      .when(registerDossier({ effectiveSettings: settings }))
      .then([dossierRegistered({ settings })]);
  });

  it('refuses effective settings that are out of range', () => {
    const settings = { ...pack().settings, satisfactionMinPercent: 120 };
    given([])
      .when(registerDossier({ effectiveSettings: settings }))
      .thenThrows('REGULATION.INVALID_SETTINGS', { setting: 'satisfactionMinPercent' });
  });

  it('accepts a commitment to a later target year', () => {
    given([])
      .when(registerDossier({ targetYear: 2025 }))
      .then([dossierRegistered({ targetYear: 2025 })]);
  });

  it('refuses a target year before the year of registration', () => {
    given([])
      .when(registerDossier({ targetYear: 2023 }))
      .thenThrows('DOSSIER.INVALID_TARGET_YEAR', { targetYear: 2023, registrationYear: 2024 });
  });

  it('reads the registration year in Vietnam: 18:00 UTC on 31 December is already the new year', () => {
    given([])
      .when(registerDossier({ targetYear: 2024 }, '2024-12-31T18:00:00.000Z'))
      .thenThrows('DOSSIER.INVALID_TARGET_YEAR', { targetYear: 2024, registrationYear: 2025 });
  });

  describe('prerequisite level', () => {
    const standardHeld = { level: 'standard' as const, dossierId: 'dossier-00001-2019', recognisedAt: '2019-12-20T02:00:00.000Z' };
    const advancedHeld = { level: 'advanced' as const, dossierId: 'dossier-00001-2022', recognisedAt: '2022-12-20T02:00:00.000Z' };

    it('registers an advanced dossier for a commune that currently holds the standard recognition', () => {
      given([])
        .when(registerDossier({ level: 'advanced', currentRecognitions: [standardHeld] }))
        .then([
          dossierRegistered({
            level: 'advanced',
            criteriaSetCode: '2021-2025/commune-advanced',
            criteriaCodes: criteriaCodes('advanced'),
            prerequisite: standardHeld,
          }),
        ]);
    });

    it('refuses an advanced dossier without a current standard recognition', () => {
      given([])
        .when(registerDossier({ level: 'advanced', currentRecognitions: [] }))
        .thenThrows('DOSSIER.PREREQUISITE_LEVEL_MISSING', { level: 'advanced', requires: 'standard', currentLevels: [] });
    });

    it('refuses a model dossier for a commune that holds only the standard recognition', () => {
      given([])
        .when(registerDossier({ level: 'model', currentRecognitions: [standardHeld] }))
        .thenThrows('DOSSIER.PREREQUISITE_LEVEL_MISSING', {
          level: 'model',
          requires: 'advanced',
          currentLevels: ['standard'],
        });
    });

    it('registers a model dossier, whose set is the advanced set plus the model requirements', () => {
      given([])
        .when(registerDossier({ level: 'model', currentRecognitions: [standardHeld, advancedHeld] }))
        .then([
          dossierRegistered({
            level: 'model',
            criteriaSetCode: '2021-2025/commune-model',
            criteriaCodes: [...criteriaCodes('advanced'), 'M01', 'M02', 'M03'],
            prerequisite: advancedHeld,
          }),
        ]);
    });

    it('lets a commune recognised under an older set register again at the same level (requalification)', () => {
      given([])
        .when(registerDossier({ currentRecognitions: [standardHeld] }))
        .then([dossierRegistered()]);
    });

    it('follows the pack: under 2026-2030 the modern commune requires the standard recognition', () => {
      given([])
        .when(
          registerDossier(
            { level: 'modern', packId: 'ntm-2026-2030', packVersion: '1', targetYear: 2027, currentRecognitions: [] },
            '2026-03-02T02:00:00.000Z',
          ),
        )
        .thenThrows('DOSSIER.PREREQUISITE_LEVEL_MISSING', { level: 'modern', requires: 'standard' });
    });
  });

  it('registers under 2026-2030 with its ten criteria', () => {
    const p = getPack('ntm-2026-2030', '1');
    const [event] = dossierDecider.decide(
      registerDossier({ packId: p.id, packVersion: p.version, targetYear: 2026 }, '2026-03-02T02:00:00.000Z'),
      dossierDecider.initialState(),
    );
    expect(event?.type === 'DossierRegistered' && event.data.criteriaCodes).toEqual([
      'C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C07', 'C08', 'C09', 'C10',
    ]);
  });

  it('refuses a level the pack does not have', () => {
    given([])
      .when(registerDossier({ level: 'modern' }))
      .thenThrows('REGULATION.LEVEL_NOT_IN_PACK', { level: 'modern' });
  });

  it('refuses an unknown pack', () => {
    given([])
      .when(registerDossier({ packId: 'ntm-2031-2035' }))
      .thenThrows('REGULATION.UNKNOWN_PACK', { packId: 'ntm-2031-2035' });
  });

  it('refuses to register the same dossier twice', () => {
    given(aRegisteredDossier())
      .when(registerDossier())
      .thenThrows('DOSSIER.ALREADY_REGISTERED', { status: 'drafting' });
  });

  it('refuses a command whose time is not an instant', () => {
    given([])
      .when(registerDossier({}, '2024-01-10'))
      .thenThrows('DOSSIER.INVALID_INPUT', { problems: [{ field: 'metadata.now' }] });
  });
});
