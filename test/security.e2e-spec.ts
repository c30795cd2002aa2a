import { mintToken } from '@app/platform';
import { spawnService } from './support/spawn-service';
import { startTestApp, type TestApp } from './support/test-app';

const CONSOLE = 'https://console.example.gov.vn';

describe('security headers, CORS, rate limits and production mode', () => {
  let open: TestApp;
  let limited: TestApp;
  const auditor = (t: TestApp, sub = 'auditor-1') => `Bearer ${mintToken({ id: sub, role: 'auditor', unit: '01' }, t.config.JWT_SECRET)}`;

  beforeAll(async () => {
    open = await startTestApp({ DEMO_DATA: 'false' });
    limited = await startTestApp({ DEMO_DATA: 'false', RATE_LIMIT_PER_MINUTE: '5', AUTH_FAILURES_PER_MINUTE: '3', CORS_ORIGINS: `${CONSOLE}, http://localhost:5173` });
  });
  afterAll(async () => {
    await open?.close();
    await limited?.close();
  });

  it('sends helmet headers with a policy that allows only same-origin scripts', async () => {
    const res = await fetch(`${open.baseUrl}/health/live`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-powered-by')).toBeNull();
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('serves Swagger UI at /docs within that policy: every script is a same-origin file, and each one loads', async () => {
    const res = await fetch(`${open.baseUrl}/docs`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, inline] of scripts) {
      // An inline script would be blocked by script-src 'self'; a script from elsewhere too.
      expect(inline.trim()).toBe('');
      const src = /src=["']([^"']+)["']/.exec(attrs)?.[1];
      expect(src).toBeDefined();
      expect(src).not.toMatch(/^(https?:)?\/\//);
      const loaded = await fetch(new URL(src!, `${open.baseUrl}/docs`));
      expect([src, loaded.status]).toEqual([src, 200]);
    }
    expect((await fetch(`${open.baseUrl}/docs/openapi.json`)).status).toBe(200);
  });

  it('answers no cross-origin request by default', async () => {
    const res = await fetch(`${open.baseUrl}/dossiers`, { method: 'OPTIONS', headers: { origin: CONSOLE, 'access-control-request-method': 'GET' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const get = await fetch(`${open.baseUrl}/health/live`, { headers: { origin: CONSOLE } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows the origins of CORS_ORIGINS, and only those', async () => {
    const preflight = (origin: string) =>
      fetch(`${limited.baseUrl}/dossiers`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,idempotency-key,content-type' } });
    const allowed = await preflight(CONSOLE);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(CONSOLE);
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
    expect((await preflight('http://localhost:5173')).headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('limits requests per principal, not per address: the sixth in a minute is 429 with Retry-After, another principal goes on', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${limited.baseUrl}/appraisal-queue`, { headers: { authorization: auditor(limited, 'busy') } })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = await fetch(`${limited.baseUrl}/appraisal-queue`, { headers: { authorization: auditor(limited, 'busy') } });
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await refused.json()) as { code: string }).code).toBe('RATE_LIMIT.EXCEEDED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await fetch(`${limited.baseUrl}/appraisal-queue`, { headers: { authorization: auditor(limited, 'calm') } })).status).toBe(200);
  });

  it('after three failed authentications from an address answers 429 to its next failures, while a valid token still gets in', async () => {
    const bad = () => fetch(`${limited.baseUrl}/dossiers`, { headers: { authorization: 'Bearer not.a.token' } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await bad()).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const refused = await bad();
    expect(((await refused.json()) as { code: string }).code).toBe('AUTH.TOO_MANY_FAILURES');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await fetch(`${limited.baseUrl}/appraisal-queue`, { headers: { authorization: auditor(limited, 'honest') } })).status).toBe(200);
  });

  it('with rate limits at 0 (as the test apps and the bench run) never throttles', async () => {
    const statuses = await Promise.all(Array.from({ length: 50 }, () => fetch(`${open.baseUrl}/appraisal-queue`, { headers: { authorization: auditor(open) } }).then((r) => r.status)));
    expect(new Set(statuses)).toEqual(new Set([200]));
  });

  // Each refusal is loadConfig's (app-config.spec.ts); this shows the real entry point stops on one before serving.
  it('the real entry point in production refuses the development JWT secret with one line naming it', async () => {
    const svc = spawnService({ APP_ENV: 'production', DEMO_SIGN_IN: 'false' });
    expect(await svc.exited).toBe(1);
    const lines = svc.output().trim().split('\n');
    expect(lines[lines.length - 1]).toMatch(/^Invalid configuration: JWT_SECRET=\(unset\) — expected a secret of your own/);
  }, 120_000);
});
