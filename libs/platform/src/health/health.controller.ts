import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { Public } from '../auth/auth.guard';

/** Further readiness checks an app contributes (e.g. projections), each answering up or down with details. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<{ up: boolean; details: Record<string, unknown> }>;
}
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(READINESS_CHECKS) private readonly extra: ReadinessCheck[] = [],
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the read-model database and the event store are reachable and readers progress' })
  readiness() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 3000 }),
      () => this.eventStore(),
      ...(this.extra ?? []).map((c) => async () => {
        const indicator = this.indicators.check(c.name);
        // A check that cannot run (its database is away) is a check that is down, reported beside the others.
        const r = await c.check().catch((err: Error) => ({ up: false, details: { error: err.message } }));
        return r.up ? indicator.up(r.details) : indicator.down(r.details);
      }),
    ]);
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
