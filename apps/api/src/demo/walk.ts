import type { CommandBus } from '@nestjs/cqrs';
import { criteriaSetFor, packForDate, REQUIRED_SUBMISSION_DOCUMENTS, vietnamDate, type RecognitionLevel, type Role } from '@app/domain';
import type { Principal } from '@app/platform';
import { ExecuteDossierCommand, RegisterDossierCommand, type CommandContext, type DossierCommandInput } from '@app/workflow';

export type WalkStage = 'drafting' | 'under_verification' | 'under_appraisal' | 'recognised' | 'revocation_proposed' | 'revoked' | 'withdrawn';

export interface Walk {
  commune: string;
  /** The province (or, before July 2025, the district's province) whose officers act. */
  province: string;
  stage: WalkStage;
  /** Business time of every command: the present for demo data, a past instant for an import of history. */
  now: string;
  /** Criteria left unmet while drafting (default: 4 for a drafting dossier, none otherwise). */
  unmet?: number;
  /** Revocation business time, when the walk goes on to revocation (default: `now`). */
  revokeAt?: string;
  idPrefix: string;
  /** Default: standard. A higher level needs the commune to hold the lower one already. */
  level?: RecognitionLevel;
}

/**
 * Takes one commune's dossier to a stage through the real command handlers, every step by the role the law gives
 * it. Command ids are fixed per (prefix, commune, step), so walking again writes nothing.
 */
export async function walkDossier(bus: CommandBus, w: Walk): Promise<string> {
  let step = 0;
  const ctx = (role: Role, unit: string, id = `${w.idPrefix}-${role}-${unit}`, now = w.now): CommandContext => ({
    principal: { id, role, unit } satisfies Principal,
    now,
    correlationId: `${w.idPrefix}-${w.commune}`,
    commandId: `${w.idPrefix}:${w.commune}${w.level && w.level !== 'standard' ? `:${w.level}` : ''}:${step++}`,
    reason: `${w.idPrefix} data`,
  });
  const today = vietnamDate(w.now);
  const day = (offset: number) => vietnamDate(new Date(Date.parse(w.now) + offset * 86_400_000));
  const officer = () => ctx('commune_officer', w.commune);
  const province = (role: Role, id?: string, now?: string) => ctx(role, w.province, id, now);
  const run = (input: DossierCommandInput, c: CommandContext) => bus.execute(new ExecuteDossierCommand(input, c));
  const level = w.level ?? 'standard';
  const { dossierId } = await bus.execute(new RegisterDossierCommand({ communeCode: w.commune, level, targetYear: Number(today.slice(0, 4)) + 1 }, officer()));
  const codes = criteriaSetFor(packForDate(today), level).criteria.map((c) => c.code);
  const unmet = w.unmet ?? (w.stage === 'drafting' ? 4 : 0);
  await run(
    { type: 'RecordCriterionResults', data: { dossierId, results: Object.fromEntries(codes.map((code, i) => [code, { met: i >= unmet, evidence: [`${w.idPrefix}://${w.commune}/${code}`] }])) } },
    officer(),
  );
  if (w.stage === 'drafting') return dossierId;
  await run(
    {
      type: 'RecordPublicConsultation',
      data: {
        dossierId,
        period: { from: day(-40), to: day(-26) },
        announcements: [-40, -37, -34, -31, -28].map((d) => ({ postedOn: day(d), place: 'Nhà văn hóa thôn' })),
        writtenComments: [{ from: 'Ủy ban MTTQ xã', receivedOn: day(-27), summary: 'Nhất trí đề nghị công nhận' }],
        satisfactionSurvey: { surveyed: 500, satisfied: 481 },
      },
    },
    officer(),
  );
  await run({ type: 'DeclareRecognitionConditions', data: { dossierId, hasConstructionDebt: false, isComplexSecurityArea: false, registeredInPlan: true } }, officer());
  if (w.stage === 'withdrawn') {
    await run({ type: 'WithdrawDossier', data: { dossierId, reason: 'Xã xin rút hồ sơ để hoàn thiện tiêu chí môi trường' } }, officer());
    return dossierId;
  }
  const documents = REQUIRED_SUBMISSION_DOCUMENTS.map((kind) => ({ kind, ref: `${w.idPrefix}://${w.commune}/${kind}` }));
  await run({ type: 'SubmitForVerification', data: { dossierId, documents } }, officer());
  if (w.stage === 'under_verification') return dossierId;
  await run({ type: 'VerifyDossier', data: { dossierId, findings: ['Hồ sơ đầy đủ, đúng quy định'] } }, province('verifying_officer'));
  await run({ type: 'SubmitForAppraisal', data: { dossierId } }, province('verifying_officer'));
  const members = [`${w.idPrefix}-chair`, `${w.idPrefix}-member-2`, `${w.idPrefix}-member-3`];
  await run({ type: 'ConveneAppraisalCouncil', data: { dossierId, chair: members[0], members } }, province('coordination_office'));
  await run({ type: 'CastCouncilVote', data: { dossierId, vote: 'approve', comment: 'Đạt' } }, province('council_member', members[1]));
  if (w.stage === 'under_appraisal') return dossierId;
  await run({ type: 'CastCouncilVote', data: { dossierId, vote: 'approve', comment: 'Đạt' } }, province('council_chair', members[0]));
  await run({ type: 'CastCouncilVote', data: { dossierId, vote: 'approve', comment: 'Đạt' } }, province('council_member', members[2]));
  await run({ type: 'ConcludeAppraisal', data: { dossierId } }, province('council_chair', members[0]));
  const signer = { name: 'Chủ tịch UBND tỉnh', title: 'Chủ tịch UBND tỉnh' };
  await run({ type: 'RecordRecognitionDecision', data: { dossierId, decisionNo: `${w.commune}/QĐ-UBND`, decisionDate: today, signer } }, province('provincial_chairperson'));
  if (w.stage === 'recognised') return dossierId;
  const revokeAt = w.revokeAt ?? w.now;
  // The last ~30% of the set, which ends with a key criterion (income, C10, in both the 2021 and 2026 sets'
  // revocation rules… C19 defence and security in the 19-criteria set): grounds under rule (a).
  const keyed = codes.slice(-Math.ceil(codes.length * 0.3));
  const grounds = { rule: 'partial-with-key' as const, failingCriteria: keyed };
  await run({ type: 'RecordMonitoringReview', data: { dossierId, year: Number(vietnamDate(revokeAt).slice(0, 4)), reviewedOn: vietnamDate(revokeAt), failingCriteria: keyed } }, province('coordination_office', undefined, revokeAt));
  await run({ type: 'ProposeRevocation', data: { dossierId, grounds, explanation: 'Tiêu chí then chốt không còn đạt' } }, province('coordination_office', undefined, revokeAt));
  if (w.stage === 'revocation_proposed') return dossierId;
  await run({ type: 'RevokeRecognition', data: { dossierId, decisionNo: `${w.commune}/QĐ-THU-HOI`, decisionDate: vietnamDate(revokeAt), signer, grounds } }, province('provincial_chairperson', undefined, revokeAt));
  return dossierId;
}
