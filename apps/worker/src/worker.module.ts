import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule, type AppConfig } from '@app/platform';
import { ProjectionsModule, ReadModelDeadlineCandidates, projectionMigrations } from '@app/projections';
import { WorkflowModule, deadlineTimerProviders, workflowMigrations } from '@app/workflow';

export interface WorkerOptions {
  config: AppConfig;
  databaseUrl: string;
}

/**
 * The engine without HTTP, for scaled-out deployments: projections (each under a database lease, so one worker runs
 * it and a standby takes over) and the deadline timers. The api instances then run with RUN_PROJECTIONS=false.
 */
@Module({})
export class WorkerModule {
  static register(options: WorkerOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot({ config: options.config, databaseUrl: options.databaseUrl, migrations: [...workflowMigrations, ...projectionMigrations] }),
        WorkflowModule,
        ProjectionsModule,
      ],
      providers: [...deadlineTimerProviders(ReadModelDeadlineCandidates)],
    };
  }
}
