import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { Public } from '../auth/auth.guard';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the read-model database and the event store are reachable and readers progress' })
  readiness() {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 3000 }), () => this.eventStore()]);
  }

  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process is up and serving' })
  liveness() {
    return this.health.check([]);
  }

  private async eventStore() {
    const indicator = this.indicators.check('eventStore');
    const h = await this.store.health();
    return h.reachable && h.progressing ? indicator.up(h.details) : indicator.down({ ...h.details, reachable: h.reachable, progressing: h.progressing });
  }
}
