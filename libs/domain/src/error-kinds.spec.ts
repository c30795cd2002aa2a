import { domainErrorKind } from './error-kinds';

describe('domainErrorKind', () => {
  it.each([
    ['DOSSIER.NOT_FOUND', 'not-found'],
    ['DOSSIER.WRONG_STATE', 'conflict'],
    ['DOSSIER.NOT_ELIGIBLE', 'rule'],
    ['REGULATION.UNKNOWN_PACK', 'not-found'],
    ['COMMUNE.RECOGNITION_NOT_HELD', 'conflict'],
    ['SOMETHING.NEW', 'rule'],
  ])('maps %s to %s', (code, kind) => {
    expect(domainErrorKind(code)).toBe(kind);
  });
});
