import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { DOSSIER_STREAM_PREFIX } from '@app/workflow';
import { walkDossier, type WalkStage } from './walk';

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
    const filter = { streamPrefixes: [DOSSIER_STREAM_PREFIX] };
    // Committed dossiers count even while another session's open transaction hides them from global reads.
    const existing = this.store.lastCommittedPosition
      ? await this.store.lastCommittedPosition(filter)
      : (await this.store.readAll({ filter, maxCount: 1 }))[0]?.position;
    if (existing) return;
    const stages: [string, WalkStage][] = [
      [DEMO_COMMUNES.recognised, 'recognised'],
      [DEMO_COMMUNES.underAppraisal, 'under_appraisal'],
      [DEMO_COMMUNES.underVerification, 'under_verification'],
      [DEMO_COMMUNES.drafting, 'drafting'],
      [DEMO_COMMUNES.revocationProposed, 'revocation_proposed'],
      [DEMO_COMMUNES.withdrawn, 'withdrawn'],
    ];
    const now = new Date().toISOString();
    for (const [commune, stage] of stages) await walkDossier(this.bus, { commune, province: DEMO_PROVINCE, stage, now, idPrefix: 'demo' });
    this.logger.log(`demo data: ${stages.length} dossiers in province ${DEMO_PROVINCE} (communes ${stages.map(([c]) => c).join(', ')})`);
  }
}
