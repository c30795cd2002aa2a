import { Presets, SingleBar } from 'cli-progress';
import { Command, CommandRunner, SubCommand } from 'nest-commander';
import { verifyHashChains } from '@app/event-store';
import { ConfiguredStore } from '../configured-store';

@SubCommand({ name: 'verify', description: "Check every stream's hash chain and report the first broken link of each (exit 1 if any)" })
export class AuditVerifyCommand extends CommandRunner {
  constructor(private readonly stores: ConfiguredStore) {
    super();
  }

  async run(): Promise<void> {
    const result = await this.stores.use(
      async ({ store, describe }) => {
        const bar = process.stderr.isTTY ? new SingleBar({ format: 'audit verify [{bar}] {value} events', stream: process.stderr }, Presets.shades_classic) : null;
        bar?.start(0, 0);
        const r = await verifyHashChains(store, { onProgress: (n) => (bar?.setTotal(n), bar?.update(n)) });
        bar?.stop();
        process.stdout.write(`${describe}: ${r.events} events in ${r.streams} streams checked\n`);
        return r;
      },
      { needsDatabase: false },
    );
    if (result.broken.length === 0) {
      process.stdout.write('every hash chain is intact\n');
      return;
    }
    for (const b of result.broken) process.stdout.write(`BROKEN ${b.streamId} at revision ${b.revision}: ${b.reason}\n`);
    process.exitCode = 1;
  }
}

@Command({ name: 'audit', description: 'tamper evidence', subCommands: [AuditVerifyCommand] })
export class AuditCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
