import { Module, type DynamicModule } from '@nestjs/common';
import { HealthModule, PlatformModule, type AppConfig } from '@app/platform';

export interface ApiOptions {
  config: AppConfig;
  databaseUrl: string;
}

@Module({})
export class AppModule {
  static register(options: ApiOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ config: options.config, databaseUrl: options.databaseUrl }), HealthModule],
    };
  }
}
