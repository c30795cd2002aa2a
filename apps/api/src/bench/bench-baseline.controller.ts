import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Post, type OnModuleInit } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Public } from '@app/platform';

/**
 * The benchmark's "framework plus database" limit, mounted only when BENCH_BASELINE_ROUTE=true (app.module.ts): one
 * request through the same Nest pipeline and database pool as the commands, writing one event-shaped row in a single
 * INSERT. `npm run bench` sets a command's cost beside it; nothing else may rely on it.
 */
@ApiExcludeController()
@Public()
@Controller('__bench')
export class BenchBaselineController implements OnModuleInit {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async onModuleInit(): Promise<void> {
    // LIKE ... INCLUDING ALL copies es_events' columns, defaults, identity and indexes, so the row costs what an event
    // row costs; it needs the PostgreSQL store's table, which the store's migration made before this runs.
    await this.db.query('CREATE TABLE IF NOT EXISTS bench_baseline_events (LIKE es_events INCLUDING ALL)');
  }

  @Post('insert')
  @HttpCode(201)
  async insert(@Body() body: unknown): Promise<{ id: string }> {
    const id = randomUUID();
    await this.db.query(
      `INSERT INTO bench_baseline_events (stream_id, stream_revision, event_id, event_type, data, metadata, hash, prev_hash)
       VALUES ($1, 0, $2, 'BenchBaselineInserted', $3, $4, $5, NULL)`,
      [`bench-${id}`, id, JSON.stringify(body ?? {}), JSON.stringify({ occurredAt: new Date().toISOString() }), id],
    );
    return { id };
  }
}
