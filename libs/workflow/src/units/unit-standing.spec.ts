import { RECOGNITION_LEVELS, type DossierState, type RecognitionLevel } from '@app/domain';
import { loadConfig } from '@app/platform';
import type { DossierRepository, SlotDossier } from '../dossiers/dossier.repository';
import { RegulationOverrides } from '../regulation-overrides';
import { UnitStandings, unitOn } from './unit-standing';

/** A March 2025 commune's recognised dossier, as far as standings look at it. */
function recognised(code: string, level: RecognitionLevel): SlotDossier {
  const state = {
    status: 'recognised',
    dossier: { dossierId: `d-${code}-${level}`, communeCode: code, unitKind: 'commune', unitMap: '2025-03', level },
    recognition: { decisionDate: '2024-06-01', recognisedAt: '2024-06-01T00:00:00.000Z' },
  } as unknown as DossierState;
  return { state, revision: 5, events: [], dossierId: `d-${code}-${level}`, slotEvent: {} as SlotDossier['slotEvent'] };
}

/** Standings over slots held in memory, counting how often the repository is asked. */
function standingsOver(held: SlotDossier[]) {
  const asked: { code: string; level: RecognitionLevel }[][] = [];
  const repository = {
    inSlots: async (slots: { code: string; level: RecognitionLevel }[]) => {
      asked.push(slots);
      return slots.map((s) => held.filter((d) => (d.state as { dossier: { communeCode: string; level: string } }).dossier.communeCode === s.code && (d.state as { dossier: { level: string } }).dossier.level === s.level));
    },
  } as unknown as DossierRepository;
  return { standings: new UnitStandings(repository, new RegulationOverrides(loadConfig({}))), asked };
}

describe('UnitStandings.forRegistration', () => {
  // July 2025 commune 07264 merged March communes 07252, 07264 and 07285 (province 24, guidance 267 by default).
  const unit = unitOn('07264', '2025-12-01')!;

  it('reads the slots of the unit and of every predecessor, at every level, in one request to the repository', async () => {
    const { standings, asked } = standingsOver([]);
    await standings.forRegistration(unit, 'advanced', '2025-12-01');
    expect(asked).toHaveLength(1);
    expect(new Set(asked[0].map((s) => s.code))).toEqual(new Set(['07264', '07252', '07285']));
    // The unit and its three predecessors (one of them under the same code, read once by the store), every level.
    expect(asked[0]).toHaveLength(4 * RECOGNITION_LEVELS.length);
  });

  it('judges each predecessor on its own dossiers: the one sharing the new code recognised, the others not → nothing inherited', async () => {
    const { standings } = standingsOver([recognised('07264', 'standard')]);
    expect((await standings.forRegistration(unit, 'advanced', '2025-12-01')).currentRecognitions).toEqual([]);
  });

  it('inherits the level when every predecessor held it, naming them', async () => {
    const { standings } = standingsOver(['07252', '07264', '07285'].map((c) => recognised(c, 'standard')));
    const { currentRecognitions, slot } = await standings.forRegistration(unit, 'advanced', '2025-12-01');
    expect(currentRecognitions).toEqual([{ level: 'standard', dossierId: null, recognisedAt: null, inheritedFrom: ['07252', '07264', '07285'] }]);
    expect(slot).toEqual([]);
  });

  it('answers the slot at the level being registered', async () => {
    const { standings } = standingsOver([recognised('07264', 'advanced')]);
    expect((await standings.forRegistration(unit, 'advanced', '2025-12-01')).slot.map((d) => d.dossierId)).toEqual(['d-07264-advanced']);
  });
});
