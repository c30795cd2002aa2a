import { existsSync, readFileSync } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { ChainSealer, loadSealingKey, loadVerifyingKey, readSealLog, verifyHashChains, type LoggedSeal, type SealLogProblem } from '@app/event-store';
import { ConfiguredStore } from '../configured-store';
import { UsageError } from '../usage-error';

interface VerifyOptions {
  seals?: string;
  key?: string;
}

interface SealOptions {
  key?: string;
  log?: string;
}

/** The key that verifies (or signs) seals: --key, else SEAL_KEY_FILE. */
function keyFile(given: string | undefined): string {
  const file = given ?? process.env.SEAL_KEY_FILE;
  if (!file) throw new UsageError('seals need a key: give --key <pem file> or set SEAL_KEY_FILE');
  if (!existsSync(file)) throw new UsageError(`no key file ${file}`);
  return file;
}

@SubCommand({
  name: 'verify',
  description:
    "Check every stream's hash chain and its head, and with --seals every seal of the log; report the first broken link of each stream and every seal that no longer holds (exit 1 if any)",
})
export class AuditVerifyCommand extends CommandRunner {
  constructor(private readonly stores: ConfiguredStore) {
    super();
  }

  @Option({ flags: '--seals <log>', description: 'the seal log the service wrote (SEAL_LOG_FILE), or the operator\'s copy of it' })
  parseSeals(value: string): string {
    return value;
  }

  @Option({ flags: '--key <pem>', description: 'Ed25519 key the seals were signed with (public or private PEM); default SEAL_KEY_FILE' })
  parseKey(value: string): string {
    return value;
  }

  async run(_: string[], options: VerifyOptions = {}): Promise<void> {
    let seals: LoggedSeal[] = [];
    let logProblems: SealLogProblem[] = [];
    if (options.seals) {
      if (!existsSync(options.seals)) throw new UsageError(`no seal log ${options.seals}`);
      ({ seals, problems: logProblems } = readSealLog(readFileSync(options.seals, 'utf8'), loadVerifyingKey(keyFile(options.key))));
      if (seals.length === 0 && logProblems.length === 0) throw new UsageError(`${options.seals} holds no seal`);
    }
    const result = await this.stores.use(
      async ({ store, describe }) => {
        const bar = process.stderr.isTTY ? new SingleBar({ format: 'audit verify [{bar}] {value} events', stream: process.stderr }, Presets.shades_classic) : null;
        bar?.start(0, 0);
        const r = await verifyHashChains(store, { seals, onProgress: (n) => (bar?.setTotal(n), bar?.update(n)) });
        bar?.stop();
        const heads = r.headsChecked === null ? 'no index of stream heads to compare' : `${r.headsChecked} stream heads compared`;
        process.stdout.write(`${describe}: ${r.events} events in ${r.streams} streams checked, ${heads}${options.seals ? `, ${seals.length} seals` : ''}\n`);
        return r;
      },
      { needsDatabase: false },
    );
    const failedSeals = result.seals.filter((s) => !s.holds);
    for (const b of result.broken) process.stdout.write(`BROKEN ${b.streamId} at revision ${b.revision}: ${b.reason}\n`);
    for (const p of logProblems) process.stdout.write(`SEAL LOG line ${p.line}: ${p.problem}\n`);
    for (const s of failedSeals) {
      process.stdout.write(
        `REWRITTEN since seal of line ${s.line} (${s.sealedAt}, up to ${s.position}): sealed ${s.sealed.events} events in ${s.sealed.streams} streams, found ${s.found.events} in ${s.found.streams}${s.found.heads === s.sealed.heads ? '' : ', chain heads differ'}\n`,
      );
    }
    if (result.broken.length === 0 && failedSeals.length === 0 && logProblems.length === 0) {
      process.stdout.write(`every hash chain is intact${seals.length ? ` and matches all ${seals.length} seals` : ''}\n`);
      return;
    }
    process.exitCode = 1;
  }
}

@SubCommand({ name: 'seal', description: 'Seal the chain heads now: append one signed seal to the log (what the service does every SEAL_INTERVAL_MS)' })
export class AuditSealCommand extends CommandRunner {
  constructor(private readonly stores: ConfiguredStore) {
    super();
  }

  @Option({ flags: '--key <pem>', description: 'Ed25519 private key (PEM); default SEAL_KEY_FILE' })
  parseKey(value: string): string {
    return value;
  }

  @Option({ flags: '--log <file>', description: 'the seal log to append to; default SEAL_LOG_FILE' })
  parseLog(value: string): string {
    return value;
  }

  async run(_: string[], options: SealOptions = {}): Promise<void> {
    const key = keyFile(options.key);
    const log = options.log ?? process.env.SEAL_LOG_FILE;
    if (!log) throw new UsageError('give --log <file> or set SEAL_LOG_FILE');
    const sealingKey = loadSealingKey(key);
    const seal = await this.stores.use(({ store }) => new ChainSealer(store, sealingKey, log).sealNow(), { needsDatabase: false });
    process.stdout.write(seal ? `sealed ${seal.events} events in ${seal.streams} streams up to ${seal.position} into ${log}\n` : 'nothing to seal: the store is empty\n');
  }
}

@Command({ name: 'audit', description: 'tamper evidence', subCommands: [AuditVerifyCommand, AuditSealCommand] })
export class AuditCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
