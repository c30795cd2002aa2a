import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { APP_CONFIG, ProblemDetailsFilter, requestValidationPipe, type AppConfig } from '@app/platform';
import { serveWebConsole } from './console/web-console';

/** Everything main.ts and the end-to-end tests must set up identically on the Nest application. */
export function configureApp(app: INestApplication): INestApplication {
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(requestValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('NTM recognition dossiers')
      .setDescription('Event-sourced workflow for the recognition of new-rural (nông thôn mới) communes')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  serveWebConsole(app, app.get<AppConfig>(APP_CONFIG).WEB_CONSOLE_DIR);
  return app;
}
