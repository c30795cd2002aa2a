import { Presets, SingleBar } from 'cli-progress';
import { CommandRunner, Option, SubCommand } from 'nest-commander';
import {
  copyEvents,
  formatPosition,
  KurrentDbEventStore,
  parsePosition,
  PostgresEventStore,
  WrongExpectedRevisionError,
  type CopyEventsResult,
  type EventStore,
  type GlobalPosition,
} from '@app/event-store';
import { ConfiguredStore, redact, type OpenedStore } from '../configured-store';
import { exitCodeFor, interruptOnSignals } from '../interrupt';
import { UsageError } from '../usage-error';

interface MigrateOptions {
  toKurrentdb?: string;
  toPostgres?: string;
  batchSize: number;
  after?: GlobalPosition;
  verify: boolean;
  progress: boolean;
}

interface Target {
  store: EventStore;
  describe: string;
}

// The largest EVENT_MAX_BYTES the service accepts: the target must take every event the source once took.
const TARGET_MAX_EVENT_BYTES = 16 * 1024 * 1024;

@SubCommand({
  name: 'migrate',
  description:
    'Copy every event of the configured store (DATABASE_URL, or the embedded server) into KurrentDB or another PostgreSQL, ' +
    'in global order with the same ids, metadata and hashes, then verify the target. Safe to re-run: nothing is copied twice.',
})
export class EventsMigrateCommand extends CommandRunner {
  constructor(private readonly stores: ConfiguredStore) {
    super();
  }

  @Option({ flags: '--to-kurrentdb <connection-string>', description: 'target KurrentDB, e.g. kurrentdb://node1:2113,node2:2113,node3:2113?tls=false' })
  parseKurrentDb(value: string): string {
    if (!/^(kurrentdb|kurrent|kdb|esdb)(\+discover)?:\/\//.test(value)) throw new UsageError(`--to-kurrentdb expects a kurrentdb:// connection string, got ${JSON.stringify(redact(value))}`);
    return value;
  }

  @Option({ flags: '--to-postgres <url>', description: 'target PostgreSQL database (postgres://…); its event tables are created if missing' })
  parsePostgres(value: string): string {
    if (!/^postgres(ql)?:\/\//.test(value)) throw new UsageError(`--to-postgres expects a postgres:// URL, got ${JSON.stringify(redact(value))}`);
    return value;
  }

  @Option({ flags: '--batch-size <n>', description: 'events read from the source per page', defaultValue: 500 })
  parseBatchSize(value: string): number {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 1 || n > 100_000) throw new UsageError(`--batch-size expects an integer from 1 to 100000, got ${JSON.stringify(value)}`);
    return n;
  }

  @Option({ flags: '--after <position>', description: 'resume after this source position (commit/prepare, as a previous run printed it)' })
  parseAfter(value: string): GlobalPosition {
    try {
      return parsePosition(value);
    } catch {
      throw new UsageError(`--after expects a position such as 812/1234 (as printed by a previous run), got ${JSON.stringify(value)}`);
    }
  }

  @Option({ flags: '--no-verify', description: "skip verifying the target's hash chains and stream heads after the copy" })
  parseNoVerify(): boolean {
    return false;
  }

  @Option({ flags: '--no-progress', description: 'no progress bar (lines every few seconds instead)' })
  parseNoProgress(): boolean {
    return false;
  }

  async run(_params: string[], options: MigrateOptions): Promise<void> {
    if (Boolean(options.toKurrentdb) === Boolean(options.toPostgres)) {
      throw new UsageError('events migrate needs exactly one target: --to-kurrentdb <connection-string> or --to-postgres <url>');
    }
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const interrupt = interruptOnSignals((signal) => log(`received ${signal}: stopping after the current append (send it again to exit at once)`));
    let source: OpenedStore | null = null;
    let target: Target | null = null;
    let lastPage: GlobalPosition | null = options.after ?? null;
    const progress = new Progress(options.progress !== false && process.stderr.isTTY === true, log);
    try {
      source = await this.stores.open({ needsDatabase: false, log });
      target = await openTarget(options, source);
      const total = await countEvents(source.store, options.after ?? null);
      log(`copying ${total ?? 'all'} events${options.after ? ` after ${formatPosition(options.after)}` : ''} from ${source.describe} to ${target.describe}`);
      progress.phase('copying', total);
      const started = Date.now();
      const targetStore = target.store;
      let verifying = false;
      const result = await copyEvents(source.store, target.store, {
        batchSize: options.batchSize,
        after: options.after ?? null,
        total,
        signal: interrupt.signal,
        verify: options.verify !== false,
        onProgress: (processed, _total, position) => {
          lastPage = position;
          progress.update(processed);
        },
        onVerifyProgress: (checked) => {
          if (verifying) return progress.update(checked);
          verifying = true;
          progress.phase('verifying', undefined, checked);
          void countEvents(targetStore, null).then((n) => n !== undefined && progress.setTotal(n), () => undefined);
        },
      });
      progress.stop();
      report(result, Date.now() - started, options.after ?? null);
      const signal = interrupt.received();
      if (!result.completed) {
        const resume = result.lastPosition ? `run again with --after ${formatPosition(result.lastPosition)} to copy the rest` : 'nothing was copied yet';
        process.stdout.write(`interrupted${signal ? ` by ${signal}` : ''}: ${resume}\n`);
        process.exitCode = exitCodeFor(signal ?? 'SIGINT');
      } else if (result.verification && (result.verification.broken.length > 0 || result.headMismatches.length > 0)) {
        process.exitCode = 1;
      }
    } catch (err) {
      progress.stop();
      if (err instanceof WrongExpectedRevisionError) log(conflictHint(err));
      if (source && target && !(err instanceof UsageError)) {
        log(`nothing is copied twice: once the cause is fixed, run again${lastPage ? ` (from the start, or with --after ${formatPosition(lastPage)})` : ''}`);
      }
      throw err;
    } finally {
      interrupt.dispose();
      await target?.store.close().catch(() => undefined);
      await source?.close();
    }
  }
}

async function openTarget(options: MigrateOptions, source: OpenedStore): Promise<Target> {
  if (options.toPostgres) {
    const url = options.toPostgres;
    if (source.adapter === 'postgres' && source.databaseUrl && sameDatabase(source.databaseUrl, url)) {
      throw new UsageError('--to-postgres names the configured database itself: the target must be another database');
    }
    await PostgresEventStore.migrate(url);
    return { store: new PostgresEventStore({ connectionString: url, poolSize: 4, maxEventBytes: TARGET_MAX_EVENT_BYTES }), describe: `PostgreSQL ${redact(url)}` };
  }
  const connection = options.toKurrentdb!;
  if (source.adapter === 'kurrentdb' && source.config.KURRENTDB_CONNECTION_STRING === connection) {
    throw new UsageError('--to-kurrentdb names the configured KurrentDB itself: the target must be another one');
  }
  return {
    store: KurrentDbEventStore.fromConnectionString(connection, { maxEventBytes: TARGET_MAX_EVENT_BYTES }),
    describe: `KurrentDB ${redact(connection)}`,
  };
}

function sameDatabase(a: string, b: string): boolean {
  const [x, y] = [new URL(a), new URL(b)];
  const host = (u: URL) => (u.hostname === 'localhost' ? '127.0.0.1' : u.hostname);
  return host(x) === host(y) && (x.port || '5432') === (y.port || '5432') && x.pathname === y.pathname;
}

/** Only a display total: the port has no count, so other adapters show a running number instead of a bar. */
async function countEvents(store: EventStore, after: GlobalPosition | null): Promise<number | undefined> {
  if (!(store instanceof PostgresEventStore)) return undefined;
  const { rows } = await store.rawPool.query<{ n: string }>(
    'SELECT count(*) AS n FROM es_events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)',
    [after ? after.commit.toString() : '0', after ? after.prepare.toString() : '0'],
  );
  return Number(rows[0].n);
}

function report(result: CopyEventsResult, ms: number, after: GlobalPosition | null): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(
    `read ${result.read} events of ${result.streams} streams ${after ? `after ${formatPosition(after)}` : 'from the start'}: ` +
      `${result.copied} copied, ${result.alreadyPresent} already in the target, ${result.appends} appends, ${(ms / 1000).toFixed(1)} s`,
  );
  if (result.lastPosition) out(`last source position: ${formatPosition(result.lastPosition)} (a later run with --after ${formatPosition(result.lastPosition)} copies only what came after)`);
  const v = result.verification;
  if (!v) {
    if (result.completed) out('target not verified (--no-verify)');
    return;
  }
  if (v.broken.length === 0) out(`target hash chains: ${v.streams} streams, ${v.events} events, intact`);
  else out(`target hash chains: BROKEN in ${v.broken.length} streams: ${v.broken.map((b) => `${b.streamId}@${b.revision} (${b.reason})`).join(', ')}`);
  if (result.headMismatches.length === 0) out(`stream heads: all ${result.streams} equal to the source's (same revision, same hash)`);
  else {
    const shown = result.headMismatches.map((m) => `${m.streamId} (source ${m.source.revision} ${m.source.hash.slice(0, 12)}, target ${m.target ? `${m.target.revision} ${m.target.hash.slice(0, 12)}` : 'missing'})`);
    out(`stream heads: ${result.headMismatches.length} DIFFER from the source's: ${shown.join(', ')}`);
  }
}

function conflictHint(err: WrongExpectedRevisionError): string {
  const behind = err.actual === 'no_stream' || (typeof err.expected === 'number' && err.actual < err.expected);
  return behind
    ? `the target lacks earlier events of ${err.streamId}: run from the start, or with an --after no later than the previous run's last position`
    : `the target already holds other events in ${err.streamId}: it is not a copy of this installation, or something else has written to it`;
}

/** A bar on a terminal; elsewhere (logs, pipes) a line every few seconds. */
class Progress {
  private bar: SingleBar | null = null;
  private name = '';
  private total: number | undefined;
  private value = 0;
  private lastLine = 0;

  constructor(
    private readonly tty: boolean,
    private readonly log: (line: string) => void,
  ) {}

  phase(name: string, total: number | undefined, value = 0): void {
    this.stop();
    this.name = name;
    this.total = total;
    this.value = value;
    if (this.tty) {
      const format = total === undefined ? `${name} {value} events | {duration_formatted}` : `${name} |{bar}| {percentage}% | {value}/{total} events | {eta_formatted} left`;
      this.bar = new SingleBar({ format, stream: process.stderr, hideCursor: true, etaBuffer: 50 }, Presets.shades_classic);
      this.bar.start(total ?? 0, value);
    }
  }

  /** A total learnt after the phase began: the bar is redrawn with it, from where it was. */
  setTotal(total: number): void {
    if (this.bar) this.phase(this.name, Math.max(total, this.value), this.value);
    else this.total = total;
  }

  update(value: number): void {
    this.value = value;
    if (this.bar) {
      if (this.total !== undefined && value > this.total) this.bar.setTotal((this.total = value));
      this.bar.update(value);
      return;
    }
    if (Date.now() - this.lastLine < 5000) return;
    this.lastLine = Date.now();
    this.log(`${this.name}: ${value}${this.total !== undefined ? `/${this.total}` : ''} events`);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
