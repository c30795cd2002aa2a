import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { APP_CONFIG, bodyParserErrors, corsOptions, ProblemDetailsFilter, requestValidationPipe, requireJsonBodies, securityHeaders, type AppConfig } from '@app/platform';
import { serveWebConsole } from './console/web-console';

/** Everything main.ts and the end-to-end tests must set up identically on the Nest application. */
export function configureApp(app: INestApplication): INestApplication {
  const config = app.get<AppConfig>(APP_CONFIG);
  app.useLogger(app.get(Logger));
  app.use(securityHeaders());
  const cors = corsOptions(config.CORS_ORIGINS);
  if (cors) app.enableCors(cors);
  app.use(requireJsonBodies(['/imports']));
  // Registered before Nest's own parser, which then is not added: a command's body may be as large as an event.
  (app as NestExpressApplication).useBodyParser('json', { limit: config.EVENT_MAX_BYTES, type: ['application/json', 'application/*+json'] });
  app.use(bodyParserErrors());
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
