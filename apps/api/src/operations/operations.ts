import { Controller, Get, Header, Injectable } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { Public, type ReadinessCheck } from '@app/platform';
import { ProjectionRunner } from '@app/projections';

/** Projections are ready when none has stopped on a failing event; lag is reported, not judged. */
@Injectable()
export class ProjectionsReadiness implements ReadinessCheck {
  readonly name = 'projections';
  constructor(private readonly runner: ProjectionRunner) {}

  async check() {
    const statuses = await this.runner.status();
    const details = Object.fromEntries(statuses.map((s) => [s.name, s]));
    return { up: statuses.every((s) => s.state !== 'failed'), details };
  }
}

@ApiTags('operations')
@Public()
@Controller('metrics')
export class MetricsController {
  private readonly registry = new Registry();

  constructor(runner: ProjectionRunner) {
    collectDefaultMetrics({ register: this.registry });
    const events = new Gauge({ name: 'ntm_projection_lag_events', help: 'Events not yet applied by the projection (counted up to 10000)', labelNames: ['projection'], registers: [this.registry] });
    const seconds = new Gauge({ name: 'ntm_projection_lag_seconds', help: 'Age of the oldest event the projection has not applied', labelNames: ['projection'], registers: [this.registry] });
    const failed = new Gauge({ name: 'ntm_projection_failed', help: '1 when the projection stopped on a failing event', labelNames: ['projection'], registers: [this.registry] });
    const applied = new Gauge({ name: 'ntm_projection_events_applied', help: 'Events applied by the live generation', labelNames: ['projection'], registers: [this.registry] });
    // prom-client collects metrics concurrently, so the gauges are refreshed once, before serialising.
    this.refresh = async () => {
      for (const s of await runner.status()) {
        events.set({ projection: s.name }, s.eventsBehind);
        seconds.set({ projection: s.name }, s.secondsBehind);
        failed.set({ projection: s.name }, s.state === 'failed' ? 1 : 0);
        applied.set({ projection: s.name }, s.eventsApplied);
      }
    };
  }

  private readonly refresh: () => Promise<void>;

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  @ApiOperation({ summary: 'Prometheus metrics: projection lag (events, seconds), failures, process' })
  async metrics(): Promise<string> {
    await this.refresh();
    return this.registry.metrics();
  }
}
