import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule, HealthController, HealthModule, PlatformModule, READINESS_CHECKS, type AppConfig } from '@app/platform';
import { ProjectionsModule, ReadModelDeadlineCandidates, projectionMigrations } from '@app/projections';
import { WorkflowModule, deadlineTimerProviders, workflowMigrations, type Clock } from '@app/workflow';
import { BenchBaselineController } from './bench/bench-baseline.controller';
import { CommunesController } from './communes/communes.controller';
import { DeadlinesController } from './deadlines/deadlines.controller';
import { DemoDataSeeder } from './demo/demo-data';
import { CommandEndpoint } from './http/command-endpoint';
import { ImportsController } from './imports/imports.controller';
import { MetricsController, ProjectionsReadiness } from './operations/operations';
import { ReadModelsController } from './read/read-models.controller';
import { DossiersController } from './dossiers/dossiers.controller';
import { RegulationsController } from './regulations/regulations.controller';
import { ChainVerificationController } from './console/chain-verification.controller';
import { LiveUpdates } from './console/live-updates';
import { LiveUpdatesController } from './console/live-updates.controller';
import { OidcProvider } from './console/oidc-provider';
import { SignInController } from './console/sign-in.controller';
import { UnitsController } from './console/units.controller';

export interface ApiOptions {
  config: AppConfig;
  databaseUrl: string;
  /** Business time of commands and timers; tests pass a clock they move by hand. */
  clock?: Clock;
}

/** What the web console adds: sign-in, the map, a pack's criteria, chain verification, live updates. */
const CONSOLE_CONTROLLERS = [SignInController, UnitsController, ChainVerificationController, LiveUpdatesController];

@Module({})
export class AppModule {
  static register(options: ApiOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ config: options.config, databaseUrl: options.databaseUrl, migrations: [...workflowMigrations, ...projectionMigrations] }),
        AuthModule,
        HealthModule,
        WorkflowModule,
        ProjectionsModule,
      ],
      // The bench's framework-plus-database limit is mounted only when the bench starts the service, so no deployment exposes it.
      controllers: [HealthController, MetricsController, DossiersController, CommunesController, ReadModelsController, DeadlinesController, RegulationsController, ImportsController, ...CONSOLE_CONTROLLERS, ...(process.env.BENCH_BASELINE_ROUTE === 'true' ? [BenchBaselineController] : [])],
      providers: [
        DemoDataSeeder,
        CommandEndpoint,
        OidcProvider,
        LiveUpdates,
        ...deadlineTimerProviders(ReadModelDeadlineCandidates, options.clock),
        ProjectionsReadiness,
        { provide: READINESS_CHECKS, useFactory: (p: ProjectionsReadiness) => [p], inject: [ProjectionsReadiness] },
      ],
    };
  }
}
