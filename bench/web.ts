import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { mintToken } from '@app/platform';
import { launchChromium } from '../test/support/browser';
import { spawnService, waitForHttp } from '../test/support/spawn-service';
import { BENCH_JWT_SECRET } from './lib/api';
import { freePort, ROOT, startBenchServer } from './lib/embedded-pg';
import { commit, machine } from './lib/report';

/**
 * The console's first load: the JavaScript a browser must fetch before the first page works (gzip, as served over a
 * compressing proxy), and the time from navigation to the first useful paint in headless Debian chromium with a cold
 * cache, beside a page of plain HTML from a bare Node server measured in the same run (the browser's own floor).
 */
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 15);
const DIST = join(ROOT, 'apps', 'web', 'dist');

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

function shipped() {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const first = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  const all = readdirSync(join(DIST, 'assets')).map((f) => `assets/${f}`);
  const sum = (files: string[], ext: string) => files.filter((f) => f.endsWith(ext)).reduce((s, f) => s + gz(join(DIST, f)), 0);
  const raw = (files: string[], ext: string) => files.filter((f) => f.endsWith(ext)).reduce((s, f) => s + readFileSync(join(DIST, f)).length, 0);
  return { firstJs: sum(first, '.js'), firstJsRaw: raw(first, '.js'), firstCss: sum(first, '.css'), lazyJs: sum(all.filter((f) => !first.includes(f)), '.js'), files: all.length };
}

async function main(): Promise<void> {
  const log = (m: string) => process.stderr.write(`[bench:web] ${m}\n`);
  log('building the console (vite build)');
  execFileSync('npm', ['run', '-s', 'build:web'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const size = shipped();

  log('starting PostgreSQL, the service with demo data, a bare HTML server and chromium');
  const pg = await startBenchServer();
  const port = await freePort();
  const service = spawnService({ DATABASE_URL: await pg.createDatabase('bench_web'), PORT: String(port), HOST: '127.0.0.1', JWT_SECRET: BENCH_JWT_SECRET, RUN_TIMERS: 'false', LOG_LEVEL: 'warn' });
  const bare = createServer((_req, res) => res.end('<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>x</title></head><body><h1>Đăng nhập</h1></body></html>'));
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', () => r()));
  const bareUrl = `http://127.0.0.1:${(bare.address() as { port: number }).port}/`;
  const chromium = await launchChromium();
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/health`, 120_000, service.exited);
    const token = mintToken({ id: 'bench-officer', role: 'commune_officer', unit: '07288', name: 'Bench' }, BENCH_JWT_SECRET);

    /**
     * ms from navigation start to the first frame showing `selector`, and first contentful paint, in a fresh context
     * (cold cache). The page itself notes the frame (an observer installed before any of its scripts), so the
     * automation's polling adds nothing to the figure.
     */
    const measure = async (url: string, selector: string, signedIn: boolean) => {
      const context = await chromium.browser.newContext({ viewport: { width: 1366, height: 900 } });
      if (signedIn) await context.addInitScript(`sessionStorage.setItem('ntm.token', ${JSON.stringify(token)})`);
      await context.addInitScript(`(() => {
        const seen = () => { if (!window.__useful && document.querySelector(${JSON.stringify(selector)})) { window.__useful = -1; requestAnimationFrame(() => (window.__useful = performance.now())); } };
        new MutationObserver(seen).observe(document, { subtree: true, childList: true });
      })()`);
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'commit' });
      // Functions, not strings: a string is evaluated with eval, which the console's content security policy refuses.
      await page.waitForFunction(() => ((globalThis as { __useful?: number }).__useful ?? 0) > 0);
      const [useful, fcp] = await page.evaluate(() => [(globalThis as { __useful?: number }).__useful ?? NaN, performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN]);
      await context.close();
      return { useful, fcp };
    };

    const cases = [
      { name: 'plain HTML page, bare Node server (baseline)', url: bareUrl, selector: 'h1', signedIn: false },
      { name: 'console sign-in page (demo people listed)', url: `${base}/`, selector: '[data-persona]', signedIn: false },
      { name: "console home, signed in (the commune's dossiers listed)", url: `${base}/#/dossiers`, selector: 'table.table tbody tr', signedIn: true },
    ];
    for (const c of cases) await measure(c.url, c.selector, c.signedIn);
    const rows: string[] = [];
    for (const c of cases) {
      const samples = [];
      for (let i = 0; i < RUNS; i++) samples.push(await measure(c.url, c.selector, c.signedIn));
      const u = samples.map((s) => s.useful);
      const f = samples.map((s) => s.fcp);
      rows.push(`| ${c.name} | ${pct(f, 50).toFixed(0)} | ${pct(u, 50).toFixed(0)} | ${pct(u, 90).toFixed(0)} |`);
      log(`${c.name}: ${RUNS} runs`);
    }
    const m = machine();
    process.stdout.write(
      [
        `Machine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, Linux ${m.kernel}, Node ${m.node}; ${execFileSync('chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()}; commit ${commit()}`,
        '',
        '| First load shipped | gzip | raw |',
        '| --- | --- | --- |',
        `| JavaScript before the first page works | ${kb(size.firstJs)} | ${kb(size.firstJsRaw)} |`,
        `| CSS | ${kb(size.firstCss)} | |`,
        `| JavaScript loaded later (statistics page with its charts, import, regulations, English labels) | ${kb(size.lazyJs)} | |`,
        '',
        `| Page (${RUNS} cold loads each, loopback) | first contentful paint, median ms | first useful paint, median ms | p90 ms |`,
        '| --- | --- | --- | --- |',
        ...rows,
        '',
      ].join('\n'),
    );
  } finally {
    await chromium.close();
    bare.close();
    service.child.kill('SIGTERM');
    await service.exited;
    await pg.stop();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
