import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { ConfigError } from '@app/platform';
import { CliModule } from './cli.module';
import { UsageError } from './usage-error';

/** Operator commands: `npm run cli -- --help`. Exit status 0 done, 1 failed or found a problem, 2 bad usage, 130/143 interrupted. */
async function main(): Promise<void> {
  await CommandFactory.run(CliModule, {
    // Nest's own start-up lines would mix with a command's output, which scripts read.
    logger: ['error', 'warn'],
    serviceErrorHandler: (err: Error) => {
      process.stderr.write(`${message(err)}\n`);
      process.exitCode = err instanceof UsageError ? 2 : 1;
    },
  });
}

function message(err: Error): string {
  // The KurrentDB client's errors carry their kind in `type` and little in the message ("UnavailableError").
  const kind = (err as { type?: unknown }).type;
  if (typeof kind === 'string') return `KurrentDB: ${kind} (${err.message})`;
  // Expected failures read as one line; anything else keeps its stack for whoever has to fix it.
  if (err instanceof UsageError || err instanceof ConfigError || 'code' in err) return err.message;
  return err.stack ?? err.message;
}

main().then(
  // Explicit: a client library's idle sockets or timers must not keep a finished command alive.
  () => process.exit(process.exitCode ?? 0),
  (err: Error) => {
    process.stderr.write(`${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
