import { deciderSpec } from '@app/testing';
import { ImpossibleDossierHistoryError, dossierDecider, evolveDossierEvents, holdsRecognition, isOpen } from '.';
import type { DossierEvent } from './events';
import type { DossierState, DossierStatus } from './state';
import {
  aDossierAwaitingSupplement,
  aDossierUnderAppraisal,
  aDossierUnderVerification,
  aDossierWithRevocationProposed,
  aRecognisedDossier,
  aRegisteredDossier,
  aRejectedDossier,
  aReturnedDossier,
  aRevokedDossier,
  aSupplementedDossier,
  aVerifiedDossier,
  aWithdrawnDossier,
  anApprovedDossier,
  dossierRecognised,
  dossierVerified,
  monitoringReviewRecorded,
  revocationProposed,
} from './testing';

const given = deciderSpec(dossierDecider);

describe('evolving a dossier', () => {
  it.each<[DossierStatus, () => DossierEvent[], boolean]>([
    ['unregistered', () => [], false],
    ['drafting', aRegisteredDossier, true],
    ['drafting', aReturnedDossier, true],
    ['under_verification', aDossierUnderVerification, true],
    ['verified', aVerifiedDossier, true],
    ['under_appraisal', aDossierUnderAppraisal, true],
    ['awaiting_supplement', aDossierAwaitingSupplement, true],
    ['under_appraisal', aSupplementedDossier, true],
    ['appraised', anApprovedDossier, true],
    ['recognised', aRecognisedDossier, false],
    ['revocation_proposed', aDossierWithRevocationProposed, false],
    ['rejected', aRejectedDossier, false],
    ['revoked', aRevokedDossier, false],
    ['withdrawn', aWithdrawnDossier, false],
  ])('reaches %s (open: %s)', (status, history, open) => {
    const state = given(history()).state();
    expect(state.status).toBe(status);
    expect(isOpen(state)).toBe(open);
  });

  it('holds the recognition while recognised or under a revocation proposal, not after revocation', () => {
    expect(holdsRecognition(given(aRecognisedDossier()).state())).toBe(true);
    expect(holdsRecognition(given(aDossierWithRevocationProposed()).state())).toBe(true);
    expect(holdsRecognition(given(aRevokedDossier()).state())).toBe(false);
    expect(holdsRecognition(given(aRejectedDossier()).state())).toBe(false);
  });

  it('is the fold the helper uses', () => {
    expect(evolveDossierEvents(aRecognisedDossier())).toEqual<DossierState>(given(aRecognisedDossier()).state());
  });

  it.each<[string, DossierEvent[]]>([
    ['a verification before submission', [...aRegisteredDossier(), dossierVerified()]],
    ['a recognition without an appraisal', [...aVerifiedDossier(), dossierRecognised()]],
    ['a second registration', [...aRegisteredDossier(), ...aRegisteredDossier()]],
    ['a revocation proposal without a review', [...aRecognisedDossier(), revocationProposed()]],
    ['a review before recognition', [...anApprovedDossier(), monitoringReviewRecorded()]],
  ])('fails loudly on an impossible history: %s', (_name, history) => {
    expect(() => evolveDossierEvents(history)).toThrow(ImpossibleDossierHistoryError);
  });
});
