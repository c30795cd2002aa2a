import { Module } from '@nestjs/common';
import { APP_CONFIG, DATABASE_URL, type AppConfig } from '@app/platform';
import { CqrsModule } from '@nestjs/cqrs';
import { AssessCommuneCommandHandler } from './communes/commune-commands';
import { RecordPlanCommandHandler } from './plans/record-plan';
import { ExecuteDossierCommandHandler, RegisterDossierCommandHandler } from './dossiers/dossier-commands';
import { DossierRepository } from './dossiers/dossier.repository';
import { IdempotencyKeys } from './idempotency/idempotency-keys';
import { IdempotencyService } from './idempotency/idempotency.service';
import { DeadlineRules } from './deadlines/deadline-rules';
import { Jurisdiction } from './jurisdiction';
import { RegulationOverrides } from './regulation-overrides';
import { UnitStandings } from './units/unit-standing';
import { HISTORY_IMPORTER } from '@app/import';
import { HistoryImport } from './history-import/history-import';

@Module({
  imports: [CqrsModule],
  providers: [
    {
      provide: IdempotencyKeys,
      inject: [APP_CONFIG, DATABASE_URL],
      useFactory: (config: AppConfig, connectionString: string) => new IdempotencyKeys({ connectionString, idleInTransactionTimeoutMs: config.EVENT_STORE_IDLE_TX_TIMEOUT_MS }),
    },
    DossierRepository, Jurisdiction, IdempotencyService, RegulationOverrides, DeadlineRules, UnitStandings, HistoryImport, { provide: HISTORY_IMPORTER, useExisting: HistoryImport }, ExecuteDossierCommandHandler, RegisterDossierCommandHandler, AssessCommuneCommandHandler, RecordPlanCommandHandler],
  exports: [DossierRepository, Jurisdiction, IdempotencyService, DeadlineRules, RegulationOverrides, UnitStandings, HistoryImport, HISTORY_IMPORTER, CqrsModule],
})
export class WorkflowModule {}
