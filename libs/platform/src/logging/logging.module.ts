import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { loadConfig } from '../config/app-config';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** JSON logs (pino); every line logged while serving a request carries that request's id. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      useFactory: () => {
        const config = loadConfig();
        return {
          pinoHttp: {
            level: config.LOG_LEVEL,
            genReqId: (req: IncomingMessage, res: ServerResponse) => {
              const given = req.headers['x-request-id'];
              const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
              res.setHeader('x-request-id', id);
              return id;
            },
            customAttributeKeys: { reqId: 'requestId' },
            redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
            autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health/live' },
          },
        };
      },
    }),
  ],
})
export class LoggingModule {}
