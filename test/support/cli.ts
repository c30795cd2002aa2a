import { spawn } from 'node:child_process';
import { ROOT } from './spawn-service';

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  finished: Promise<Finished>;
  kill(signal: NodeJS.Signals): void;
  /** Resolves once stderr has printed a line matching `pattern`. */
  waitForStderr(pattern: RegExp): Promise<void>;
}

const BASE_ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', LOG_LEVEL: 'warn' };

/** Runs `command` from the repository root with only PATH, HOME, LOG_LEVEL=warn and `env`; finished on 'close'. */
export function run(command: string, args: string[], env: Record<string, string>): Running {
  const child = spawn(command, args, { cwd: ROOT, env: { ...BASE_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const watchers: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    for (const w of [...watchers]) if (w.pattern.test(stderr)) w.resolve();
  });
  const finished = new Promise<Finished>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return {
    finished,
    kill: (signal) => child.kill(signal),
    waitForStderr: (pattern) =>
      new Promise<void>((resolve, reject) => {
        if (pattern.test(stderr)) return resolve();
        watchers.push({ pattern, resolve });
        void finished.then((f) => reject(new Error(`exited (${f.code}) before printing ${pattern}:\n${f.stdout}\n${f.stderr}`)));
      }),
  };
}

/** As an operator types it. */
export function npmRunCli(args: string[], env: Record<string, string>): Running {
  return run('npm', ['run', '-s', 'cli', '--', ...args], env);
}

/** The command the npm script runs, without npm in between, so that signals reach the CLI itself. */
export function cliProcess(args: string[], env: Record<string, string>): Running {
  return run(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/cli/src/main.ts', ...args], env);
}
