import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import type { RecordedEvent } from '@app/event-store';
import { dossierStream, foldDossier } from '@app/workflow';
import { ConfiguredStore } from '../configured-store';
import { UsageError } from '../usage-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function readDossier(stores: ConfiguredStore, id: string): Promise<RecordedEvent[]> {
  if (!UUID.test(id ?? '')) throw new UsageError(`expected a dossier id (uuid), got ${JSON.stringify(id)}`);
  return stores.use(async ({ store }) => {
    const events: RecordedEvent[] = [];
    for (;;) {
      const page = await store.readStream(dossierStream(id), { fromRevision: events.length, maxCount: 1000 });
      events.push(...page);
      if (page.length < 1000) return events;
    }
  }, { needsDatabase: false });
}

@SubCommand({ name: 'replay', arguments: '<id>', description: 'Print a dossier as it stood (now, --at a time, or --revision) and the history that made it' })
export class DossierReplayCommand extends CommandRunner {
  constructor(private readonly stores: ConfiguredStore) {
    super();
  }

  @Option({ flags: '--at <iso-instant>', description: 'the dossier as it stood at this time' })
  parseAt(value: string): string {
    if (Number.isNaN(Date.parse(value))) throw new UsageError(`--at expects an ISO instant, got ${JSON.stringify(value)}`);
    return value;
  }

  @Option({ flags: '--revision <n>', description: 'the dossier right after this revision' })
  parseRevision(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`--revision expects a non-negative integer, got ${JSON.stringify(value)}`);
    return n;
  }

  async run([id]: string[], options: { at?: string; revision?: number } = {}): Promise<void> {
    const all = await readDossier(this.stores, id);
    if (all.length === 0) throw new UsageError(`no dossier ${id}`);
    const { state, revision, events } = foldDossier(all, { at: options.at, revision: options.revision });
    process.stdout.write(`History of dossier ${id}${options.at ? ` up to ${options.at}` : ''}${options.revision !== undefined ? ` up to revision ${options.revision}` : ''}\n`);
    for (const e of events) {
      const m = e.metadata;
      process.stdout.write(`  #${e.revision} ${m.occurredAt} ${e.type} by ${m.actor.id} (${m.actor.role}, unit ${m.actor.unit})${m.reason ? ` — ${m.reason}` : ''}\n`);
    }
    process.stdout.write(`State:\n${JSON.stringify({ revision, ...state }, null, 2)}\n`);
  }
}

const CSV_COLUMNS = ['revision', 'type', 'occurredAt', 'recordedAt', 'actorId', 'actorRole', 'actorUnit', 'reason', 'correlationId', 'globalPosition', 'hash', 'prevHash', 'data'] as const;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

@SubCommand({ name: 'export', arguments: '<id>', description: "Export a dossier's events with who, when, why and hashes, as JSON or CSV" })
export class DossierExportCommand extends CommandRunner {
  constructor(private readonly stores: ConfiguredStore) {
    super();
  }

  @Option({ flags: '--format <format>', description: 'json or csv', defaultValue: 'json' })
  parseFormat(value: string): 'json' | 'csv' {
    if (value !== 'json' && value !== 'csv') throw new UsageError(`--format expects json or csv, got ${JSON.stringify(value)}`);
    return value;
  }

  async run([id]: string[], options: { format: 'json' | 'csv' } = { format: 'json' }): Promise<void> {
    const events = await readDossier(this.stores, id);
    if (events.length === 0) throw new UsageError(`no dossier ${id}`);
    const rows = events.map((e) => ({
      revision: e.revision,
      type: e.type,
      occurredAt: e.metadata.occurredAt,
      recordedAt: e.recordedAt.toISOString(),
      actorId: e.metadata.actor.id,
      actorRole: e.metadata.actor.role,
      actorUnit: e.metadata.actor.unit,
      reason: e.metadata.reason ?? null,
      correlationId: e.metadata.correlationId,
      globalPosition: `${e.position.commit}/${e.position.prepare}`,
      hash: e.hash,
      prevHash: e.prevHash,
      data: e.data,
    }));
    if (options.format === 'json') {
      process.stdout.write(`${JSON.stringify({ dossierId: id, events: rows }, null, 2)}\n`);
      return;
    }
    process.stdout.write(`${CSV_COLUMNS.join(',')}\n`);
    for (const r of rows) process.stdout.write(`${CSV_COLUMNS.map((c) => csvCell(r[c])).join(',')}\n`);
  }
}

@Command({ name: 'dossier', description: 'replay or export one dossier', subCommands: [DossierReplayCommand, DossierExportCommand] })
export class DossierCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
