import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '@app/platform';
import { LiveUpdates } from './live-updates';

@ApiTags('live updates')
@ApiBearerAuth()
@Controller('dossier-events')
export class LiveUpdatesController {
  constructor(private readonly live: LiveUpdates) {}

  /**
   * Authenticated like every route, with the Authorization header: the console reads the stream with fetch rather
   * than EventSource, which cannot send headers and would put the token in the URL, where access logs keep it.
   */
  @Get()
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary: 'Server-sent events: `dossier` for each change to a dossier within the caller\'s jurisdiction, once the read models hold it',
    description: '`ready` first (refetch then: changes from that moment on are announced), then `dossier` events with {dossierId, communeCode, type, revision, status, occurredAt}; a comment every 20 s keeps proxies from closing the stream.',
  })
  async stream(@CurrentPrincipal() p: Principal, @Res() res: Response): Promise<void> {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write('retry: 3000\n\n');
    await this.live.attach(p, res);
  }
}
