import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { ROOT } from './spawn-service';

const WEB = join(ROOT, 'apps', 'web');
const BUILT = join(WEB, 'dist', 'index.html');
export const ARTIFACTS = join(ROOT, '.data', 'artifacts', 'web-console');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the console when its sources are newer than the build; suites that ask at once wait for one build. */
export async function ensureWebConsoleBuilt(): Promise<void> {
  const lock = join(ROOT, '.data', 'web-build.lock');
  mkdirSync(join(ROOT, '.data'), { recursive: true });
  const fresh = () => existsSync(BUILT) && statSync(BUILT).mtimeMs >= newestSource(WEB);
  for (;;) {
    if (fresh()) return;
    try {
      mkdirSync(lock);
    } catch {
      if (Date.now() - statSync(lock).mtimeMs > 5 * 60_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      if (!fresh()) execFileSync('npm', ['run', '-s', 'build:web'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

/**
 * The policy the hardened deployment sends (no inline script, same-origin connections), added to every document the
 * console loads, so that a console that needed more would fail here.
 */
export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

export interface ConsolePage {
  page: Page;
  context: BrowserContext;
  /** Console errors and CSP refusals seen so far; a test expects none. */
  problems: string[];
  /** The API's refusals of commands from this page, to explain a step that did not happen. */
  refusals: string[];
}

export async function openConsole(browser: Browser, baseUrl: string, options: { locale?: string } = {}): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: options.locale ?? 'en-US', timezoneId: 'Europe/London' });
  const page = await context.newPage();
  const problems: string[] = [];
  // Only the console's own pages count: an identity provider's login page is not ours to judge.
  page.on('console', (m) => {
    if (m.type() === 'error' && page.url().startsWith(baseUrl) && !/the server responded with a status of 4\d\d/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  const refusals: string[] = [];
  page.on('response', (r) => {
    if (r.request().method() === 'POST' && r.status() >= 400) void r.text().then((body) => refusals.push(`${r.status()} ${r.url()} ${body}`));
  });
  // The console's page, also when the identity provider sends the browser back to it with ?code=…
  await context.route((url) => url.origin === baseUrl && url.pathname === '/', async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, headers: { ...res.headers(), 'content-security-policy': STRICT_CSP } });
  });
  await page.goto(`${baseUrl}/`);
  return { page, context, problems, refusals };
}

/** Signs in through the demo page with one of its sample people. */
export async function signInAs(c: ConsolePage, persona: string): Promise<void> {
  await c.page.locator(`[data-persona="${persona}"]`).click();
  await c.page.locator('nav.mainnav').waitFor();
}

export async function signInAsConsole(browser: Browser, baseUrl: string, persona: string): Promise<ConsolePage> {
  const c = await openConsole(browser, baseUrl);
  await signInAs(c, persona);
  return c;
}

/** axe-core on the page as it stands: the serious and critical violations, each as "rule: target" lines. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${v.help}`));
}

/** A full-page screenshot kept under .data/artifacts/web-console/ for people to look at. */
export async function keepScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Retries an assertion until it holds or the time is up (the page updates on its own: queries, live events). */
export async function eventually(assertion: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      await assertion();
      return;
    } catch (err) {
      if (Date.now() - start > timeoutMs) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Waiting assertions on what a locator shows (playwright-core has no test runner's expect). */
export function see(loc: Locator, timeoutMs = 10_000) {
  const text = async () => (await loc.first().innerText()).trim();
  return {
    text: (expected: string) => eventually(async () => expect(await text()).toBe(expected), timeoutMs),
    contains: (expected: string) => eventually(async () => expect(await text()).toContain(expected), timeoutMs),
    lacks: (unexpected: string) => eventually(async () => expect(await text()).not.toContain(unexpected), timeoutMs),
    matches: (pattern: RegExp) => eventually(async () => expect(await text()).toMatch(pattern), timeoutMs),
    cls: (pattern: RegExp) => eventually(async () => expect(await loc.first().getAttribute('class')).toMatch(pattern), timeoutMs),
    attr: (name: string, value: string) => eventually(async () => expect(await loc.first().getAttribute(name)).toBe(value), timeoutMs),
    count: (n: number) => eventually(async () => expect(await loc.count()).toBe(n), timeoutMs),
  };
}

/** Waits for the dossier page's "recorded" line at a revision; on a refusal, says what the server answered. */
export async function recorded(c: ConsolePage, text: string): Promise<void> {
  try {
    await c.page.getByText(text).waitFor({ timeout: 15_000 });
  } catch (err) {
    throw new Error(`"${text}" did not appear; refusals: ${c.refusals.join('\n') || 'none'}; ${(err as Error).message.split('\n')[0]}`);
  }
}
