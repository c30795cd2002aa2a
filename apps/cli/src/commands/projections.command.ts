import { Presets, SingleBar } from 'cli-progress';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { ConfiguredStore } from '../configured-store';
import { openReadModels, selectProjections } from '../read-models';

interface ProgressOptions {
  progress: boolean;
}

function progressBar(enabled: boolean, label: string) {
  if (!enabled) return null;
  const bar = new SingleBar({ format: `${label} [{bar}] {value} events`, hideCursor: true, stream: process.stderr }, Presets.shades_classic);
  bar.start(0, 0);
  return bar;
}

@SubCommand({
  name: 'rebuild',
  arguments: '[name]',
  description: 'Rebuild projections (all, or the one named) into new tables while the old ones keep serving, then switch over (blue/green)',
})
export class ProjectionsRebuildCommand extends CommandRunner {
  constructor(private readonly stores: ConfiguredStore) {
    super();
  }

  @Option({ flags: '--no-progress', description: 'no progress bar (logs, CI)' })
  parseProgress(): boolean {
    return false;
  }

  async run([name]: string[], options: ProgressOptions = { progress: true }): Promise<void> {
    const projections = selectProjections(name);
    await this.stores.use(async ({ store, databaseUrl }) => {
      const rm = await openReadModels(databaseUrl!, store);
      try {
        for (const p of projections) {
          const bar = progressBar(options.progress !== false, `rebuild ${p.name}`);
          const generation = await rm.engine.rebuild(p, (applied) => {
            bar?.setTotal(applied);
            bar?.update(applied);
          });
          bar?.stop();
          process.stdout.write(`${p.name}: generation ${generation} is live\n`);
        }
      } finally {
        await rm.close();
      }
    });
  }
}

@SubCommand({
  name: 'verify',
  arguments: '[name]',
  description: 'Rebuild projections in the background and report any difference from the live read models (exit 1 if any)',
})
export class ProjectionsVerifyCommand extends CommandRunner {
  constructor(private readonly stores: ConfiguredStore) {
    super();
  }

  async run([name]: string[]): Promise<void> {
    const projections = selectProjections(name);
    let differing = 0;
    await this.stores.use(async ({ store, databaseUrl }) => {
      const rm = await openReadModels(databaseUrl!, store);
      try {
        for (const p of projections) {
          await rm.engine.ensureLive(p);
          const diff = await rm.engine.verify(p);
          const tables = Object.keys(diff);
          if (tables.length === 0) {
            process.stdout.write(`${p.name}: live read model equals a clean rebuild\n`);
            continue;
          }
          differing++;
          for (const [table, d] of Object.entries(diff)) {
            process.stdout.write(`${p.name}.${table}: ${d.onlyInA.length} row(s) only in the live model, ${d.onlyInB.length} only in the rebuild (samples below)\n`);
            process.stdout.write(`${JSON.stringify(d, null, 2)}\n`);
          }
        }
      } finally {
        await rm.close();
      }
    });
    if (differing > 0) process.exitCode = 1;
  }
}

@Command({ name: 'projections', description: 'rebuild or verify the read models', subCommands: [ProjectionsRebuildCommand, ProjectionsVerifyCommand] })
export class ProjectionsCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
