import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule, HealthModule, PlatformModule, type AppConfig } from '@app/platform';
import { WorkflowModule, workflowMigrations } from '@app/workflow';
import { CommunesController } from './communes/communes.controller';
import { DemoDataSeeder } from './demo/demo-data';
import { CommandEndpoint } from './http/command-endpoint';
import { DossiersController } from './dossiers/dossiers.controller';

export interface ApiOptions {
  config: AppConfig;
  databaseUrl: string;
}

@Module({})
export class AppModule {
  static register(options: ApiOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ config: options.config, databaseUrl: options.databaseUrl, migrations: [...workflowMigrations] }),
        AuthModule,
        HealthModule,
        WorkflowModule,
      ],
      controllers: [DossiersController, CommunesController],
      providers: [DemoDataSeeder, CommandEndpoint],
    };
  }
}
