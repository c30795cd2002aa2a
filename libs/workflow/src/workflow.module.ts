import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AssessCommuneCommandHandler } from './communes/commune-commands';
import { RecordPlanCommandHandler } from './plans/record-plan';
import { ExecuteDossierCommandHandler, RegisterDossierCommandHandler } from './dossiers/dossier-commands';
import { DossierRepository } from './dossiers/dossier.repository';
import { IdempotencyService } from './idempotency/idempotency.service';
import { DeadlineRules } from './deadlines/deadline-rules';
import { Jurisdiction } from './jurisdiction';
import { RegulationOverrides } from './regulation-overrides';

@Module({
  imports: [CqrsModule],
  providers: [DossierRepository, Jurisdiction, IdempotencyService, RegulationOverrides, DeadlineRules, ExecuteDossierCommandHandler, RegisterDossierCommandHandler, AssessCommuneCommandHandler, RecordPlanCommandHandler],
  exports: [DossierRepository, Jurisdiction, IdempotencyService, DeadlineRules, CqrsModule],
})
export class WorkflowModule {}
