import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ROOT } from './spawn-service';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const INSTALL_LOCK = join(ROOT, '.data', 'chromium-install.lock');

/** The one line a run prints when it cannot get a browser: the tests fail, they are never skipped. */
export const NO_BROWSER =
  'browser tests need Debian\'s chromium: run as root (the test setup then runs apt-get install chromium) or set CHROMIUM_PATH to a Chromium executable';

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Debian's chromium: CHROMIUM_PATH when set, else /usr/bin/chromium, installed with apt-get when missing and the run
 * is root. Several suites may ask at once; one installs (a lock directory) while the others wait for it.
 */
export async function chromiumPath(): Promise<string> {
  if (process.env.CHROMIUM_PATH) {
    if (!existsSync(process.env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`);
    return process.env.CHROMIUM_PATH;
  }
  const found = () => CANDIDATES.find((c) => existsSync(c));
  if (found()) return found()!;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) throw new Error(NO_BROWSER);
  mkdirSync(join(ROOT, '.data'), { recursive: true });
  try {
    mkdirSync(INSTALL_LOCK);
  } catch {
    // Another suite is installing; a lock older than the longest install belongs to a run that died.
    const started = Date.now();
    while (!found() && existsSync(INSTALL_LOCK) && Date.now() - started < 10 * 60_000) {
      if (Date.now() - statSync(INSTALL_LOCK).mtimeMs > 15 * 60_000) rmSync(INSTALL_LOCK, { recursive: true, force: true });
      await sleep(1000);
    }
    if (found()) return found()!;
    return chromiumPath();
  }
  try {
    process.stderr.write("[browser tests] chromium is missing: installing Debian's chromium with apt-get (once per machine)\n");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env, timeout: 5 * 60_000 });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-dejavu-core'], { stdio: ['ignore', 'ignore', 'inherit'], env, timeout: 10 * 60_000 });
  } catch (err) {
    throw new Error(`${NO_BROWSER} (apt-get failed: ${(err as Error).message.split('\n')[0]})`);
  } finally {
    rmSync(INSTALL_LOCK, { recursive: true, force: true });
  }
  if (!found()) throw new Error(`${NO_BROWSER} (apt-get installed no /usr/bin/chromium)`);
  return found()!;
}

export interface RunningBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Headless Debian chromium without the background traffic this closed network refuses. Playwright starts every
 * launch on a fresh temporary --user-data-dir of its own (and refuses one in `args`), removed when it closes.
 */
export async function launchChromium(): Promise<RunningBrowser> {
  const executablePath = await chromiumPath();
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  return { browser, close: () => browser.close() };
}
