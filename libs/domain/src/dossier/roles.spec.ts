import { DOSSIER_COMMAND_ROLES, ROLES, mayIssueDossierCommand } from '.';

describe('who may issue which command', () => {
  it('gives every command to at least one role', () => {
    for (const [command, roles] of Object.entries(DOSSIER_COMMAND_ROLES)) {
      expect({ command, roles: roles.length > 0 }).toEqual({ command, roles: true });
    }
  });

  it('lets auditors read and never act; administrators act only to bring in history', () => {
    for (const [command, roles] of Object.entries(DOSSIER_COMMAND_ROLES)) {
      expect(roles).not.toContain('auditor');
      if (!command.startsWith('Import') && command !== 'RecordRenewal') expect({ command, roles }).toEqual({ command, roles: expect.not.arrayContaining(['administrator']) });
    }
    expect(DOSSIER_COMMAND_ROLES.ImportRecognition).toEqual(['coordination_office', 'administrator']);
  });

  it.each([
    ['commune_officer', 'RegisterDossier', true],
    ['commune_officer', 'VerifyDossier', false],
    ['verifying_officer', 'ReturnDossierForRevision', true],
    ['coordination_office', 'RequestSupplement', true],
    ['council_member', 'CastCouncilVote', true],
    ['council_member', 'ConcludeAppraisal', false],
    ['council_chair', 'ConcludeAppraisal', true],
    ['provincial_chairperson', 'RecordRecognitionDecision', true],
    ['coordination_office', 'RecordRecognitionDecision', false],
    ['provincial_chairperson', 'RevokeRecognition', true],
    ['verifying_officer', 'ProposeRevocation', true],
  ] as const)('%s may issue %s: %s', (role, command, allowed) => {
    expect(mayIssueDossierCommand(role, command)).toBe(allowed);
  });

  it('knows eight roles', () => {
    expect(ROLES).toHaveLength(8);
  });
});
