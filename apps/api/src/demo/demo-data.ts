import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { REQUIRED_SUBMISSION_DOCUMENTS, vietnamDate, type Role } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { APP_CONFIG, type AppConfig, type Principal } from '@app/platform';
import {
  DOSSIER_STREAM_PREFIX,
  ExecuteDossierCommand,
  RegisterDossierCommand,
  type CommandContext,
  type DossierCommandInput,
} from '@app/workflow';

/** Bắc Ninh (province 24 of the July 2025 map) and six of its communes, each left at a different stage. */
export const DEMO_PROVINCE = '24';
export const DEMO_COMMUNES = {
  recognised: '07246',
  underAppraisal: '07264',
  underVerification: '07282',
  drafting: '07288',
  revocationProposed: '07294',
  withdrawn: '07306',
} as const;

type Stage = 'drafting' | 'under_verification' | 'under_appraisal' | 'recognised' | 'revocation_proposed' | 'withdrawn';

const CRITERIA = ['C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C07', 'C08', 'C09', 'C10'];

/**
 * Demo data for a newcomer's first `npm start`: real communes walked through the same command handlers as the API,
 * with command ids fixed per step so that a second start writes nothing.
 */
@Injectable()
export class DemoDataSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly bus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.DEMO_DATA !== 'true') return;
    const existing = await this.store.readAll({ filter: { streamPrefixes: [DOSSIER_STREAM_PREFIX] }, maxCount: 1 });
    if (existing.length > 0) return;
    const stages: [string, Stage][] = [
      [DEMO_COMMUNES.recognised, 'recognised'],
      [DEMO_COMMUNES.underAppraisal, 'under_appraisal'],
      [DEMO_COMMUNES.underVerification, 'under_verification'],
      [DEMO_COMMUNES.drafting, 'drafting'],
      [DEMO_COMMUNES.revocationProposed, 'revocation_proposed'],
      [DEMO_COMMUNES.withdrawn, 'withdrawn'],
    ];
    for (const [commune, stage] of stages) await this.walk(commune, stage);
    this.logger.log(`demo data: ${stages.length} dossiers in province ${DEMO_PROVINCE} (communes ${stages.map(([c]) => c).join(', ')})`);
  }

  private async walk(commune: string, stage: Stage): Promise<void> {
    const now = new Date();
    const day = (offset: number) => vietnamDate(new Date(now.getTime() + offset * 86_400_000));
    let step = 0;
    const ctx = (role: Role, unit: string, id = `demo-${role}-${unit}`): CommandContext => ({
      principal: { id, role, unit } satisfies Principal,
      now: now.toISOString(),
      correlationId: `demo-${commune}`,
      commandId: `demo:${commune}:${step++}`,
      reason: 'demo data',
    });
    const officer = () => ctx('commune_officer', commune);
    const province = (role: Role, id?: string) => ctx(role, DEMO_PROVINCE, id);
    const { dossierId } = await this.bus.execute(
      new RegisterDossierCommand({ communeCode: commune, level: 'standard', targetYear: Number(day(0).slice(0, 4)) + 1 }, officer()),
    );
    const run = (input: DossierCommandInput, c: CommandContext) => this.bus.execute(new ExecuteDossierCommand(input, c));
    const allMet = stage !== 'drafting';
    await run(
      { type: 'RecordCriterionResults', data: { dossierId, results: Object.fromEntries(CRITERIA.map((code, i) => [code, { met: allMet || i < 6, evidence: [`demo://${commune}/${code}`] }])) } },
      officer(),
    );
    if (stage === 'drafting') return;
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
    await run({ type: 'DeclareRecognitionConditions', data: { dossierId, hasConstructionDebt: false, isComplexSecurityArea: false } }, officer());
    if (stage === 'withdrawn') {
      await run({ type: 'WithdrawDossier', data: { dossierId, reason: 'Xã xin rút hồ sơ để hoàn thiện tiêu chí môi trường' } }, officer());
      return;
    }
    const documents = REQUIRED_SUBMISSION_DOCUMENTS.map((kind) => ({ kind, ref: `demo://${commune}/${kind}` }));
    await run({ type: 'SubmitForVerification', data: { dossierId, documents } }, officer());
    if (stage === 'under_verification') return;
    await run({ type: 'VerifyDossier', data: { dossierId, findings: ['Hồ sơ đầy đủ, đúng quy định'] } }, province('verifying_officer'));
    await run({ type: 'SubmitForAppraisal', data: { dossierId } }, province('verifying_officer'));
    const members = ['demo-chair', 'demo-member-2', 'demo-member-3'];
    await run({ type: 'ConveneAppraisalCouncil', data: { dossierId, chair: members[0], members } }, province('coordination_office'));
    await run({ type: 'CastCouncilVote', data: { dossierId, vote: 'approve', comment: 'Đạt' } }, province('council_member', members[1]));
    if (stage === 'under_appraisal') return;
    await run({ type: 'CastCouncilVote', data: { dossierId, vote: 'approve', comment: 'Đạt' } }, province('council_chair', members[0]));
    await run({ type: 'CastCouncilVote', data: { dossierId, vote: 'approve', comment: 'Đạt' } }, province('council_member', members[2]));
    await run({ type: 'ConcludeAppraisal', data: { dossierId } }, province('council_chair', members[0]));
    const signer = { name: 'Chủ tịch UBND tỉnh (demo)', title: 'Chủ tịch UBND tỉnh Bắc Ninh' };
    await run({ type: 'RecordRecognitionDecision', data: { dossierId, decisionNo: `${100 + step}/QĐ-UBND`, decisionDate: day(0), signer } }, province('provincial_chairperson'));
    if (stage === 'recognised') return;
    await run({ type: 'RecordMonitoringReview', data: { dossierId, year: Number(day(0).slice(0, 4)), reviewedOn: day(0), failingCriteria: ['C02', 'C05', 'C10'] } }, province('coordination_office'));
    await run(
      { type: 'ProposeRevocation', data: { dossierId, grounds: { rule: 'partial-with-key', failingCriteria: ['C02', 'C05', 'C10'] }, explanation: 'Thu nhập không còn đạt (demo)' } },
      province('coordination_office'),
    );
  }
}
