import { join } from 'node:path';
import request from 'supertest';
import { vi } from '../apps/web/src/i18n/vi';
import { launchChromium, type RunningBrowser } from './support/browser';
import { run, type Running } from './support/cli';
import { freePort, ROOT } from './support/spawn-service';
import { startTestApp, type TestApp } from './support/test-app';
import { ensureWebConsoleBuilt, keepScreenshot, openConsole, see, seriousA11yViolations } from './support/web-console';

// One app at a time: passport keeps one 'jwt' strategy per process, so two apps with different token settings in one
// process would share the last one's.
describe('console sign-in: demo tokens minted by the server', () => {
  let demo: TestApp;

  beforeAll(async () => {
    demo = await startTestApp({ DEMO_DATA: 'false' });
  });
  afterAll(() => demo.close());

  it('mints demo tokens for a role and a unit of the map, and names the field it refuses', async () => {
    const ok = await request(demo.baseUrl).post('/auth/demo-token').send({ role: 'council_member', unit: '24', sub: 'member-2', name: 'Vũ Thị Mai' });
    expect(ok.status).toBe(200);
    const me = await request(demo.baseUrl).get('/auth/me').set('Authorization', `Bearer ${ok.body.accessToken}`);
    expect(me.body).toEqual({ id: 'member-2', role: 'council_member', unit: '24', name: 'Vũ Thị Mai', unitName: 'Tỉnh Bắc Ninh', provinceCode: '24', provinceName: 'Tỉnh Bắc Ninh' });
    for (const [body, field] of [
      [{ role: 'emperor', unit: '24' }, 'role'],
      [{ role: 'auditor', unit: '99' }, 'unit'],
      [{ role: 'commune_officer', unit: '24' }, 'unit'],
      [{ role: 'provincial_chairperson', unit: '07330' }, 'unit'],
      [{ role: 'auditor', unit: '24', sub: 'has spaces' }, 'sub'],
    ] as const) {
      const refused = await request(demo.baseUrl).post('/auth/demo-token').send(body);
      expect({ status: refused.status, code: refused.body.code, fields: refused.body.errors.map((e: { field: string }) => e.field) }).toEqual({ status: 400, code: 'REQUEST.INVALID', fields: [field] });
    }
    expect((await request(demo.baseUrl).get('/auth/config')).body).toEqual({ appEnv: 'development', demoSignIn: true, oidc: null });
  });
});

describe('console sign-in: OpenID Connect, authorisation code + PKCE, against a loopback identity provider', () => {
  const AUDIENCE = 'urn:ntm:api';
  let oidc: TestApp;
  let idp: Running;
  let issuer: string;
  let chromium: RunningBrowser;

  beforeAll(async () => {
    const idpPort = await freePort();
    issuer = `http://127.0.0.1:${idpPort}`;
    const built = ensureWebConsoleBuilt();
    [oidc, chromium] = await Promise.all([
      startTestApp({ DEMO_DATA: 'false', DEMO_SIGN_IN: 'false', OIDC_ISSUER_URL: issuer, OIDC_CLIENT_ID: 'ntm-console', JWT_JWKS_URL: `${issuer}/jwks`, JWT_ISSUER: issuer, JWT_AUDIENCE: AUDIENCE }),
      launchChromium(),
    ]);
    idp = run(process.execPath, [join(ROOT, 'test', 'support', 'oidc-idp.mjs')], { PORT: String(idpPort), REDIRECT_URI: `${oidc.baseUrl}/`, AUDIENCE });
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        void fetch(`${issuer}/.well-known/openid-configuration`).then(
          (r) => r.ok && (clearInterval(poll), resolve()),
          () => Date.now() - started > 30_000 && (clearInterval(poll), reject(new Error('the identity provider did not start'))),
        );
      }, 200);
    });
    await built;
  }, 240_000);

  afterAll(async () => {
    idp?.kill('SIGTERM');
    await chromium?.close();
    await oidc?.close();
  });

  it('mints nothing when demo sign-in is off, and offers the identity provider instead', async () => {
    const refused = await request(oidc.baseUrl).post('/auth/demo-token').send({ role: 'auditor', unit: '24' });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 404, code: 'AUTH.DEMO_SIGN_IN_DISABLED' });
    const config = (await request(oidc.baseUrl).get('/auth/config')).body;
    expect(config).toEqual({ appEnv: 'development', demoSignIn: false, oidc: { authorizationEndpoint: `${issuer}/auth`, endSessionEndpoint: `${issuer}/session/end`, clientId: 'ntm-console', scope: 'openid profile', error: null } });
    const badCode = await request(oidc.baseUrl).post('/auth/oidc/token').send({ code: 'not-a-code', codeVerifier: 'v'.repeat(43), redirectUri: `${oidc.baseUrl}/` });
    expect({ status: badCode.status, code: badCode.body.code }).toEqual({ status: 400, code: 'AUTH.CODE_EXCHANGE_REFUSED' });
    expect(badCode.body.detail).toMatch(/invalid_grant/);
  });

  it('signs in through the identity provider (authorisation code + PKCE) and lands on the role’s home page', async () => {
    const c = await openConsole(chromium.browser, oidc.baseUrl);
    try {
      await c.page.getByRole('heading', { level: 2, name: vi.signIn.oidcTitle }).waitFor();
      expect(await c.page.locator('[data-persona]').count()).toBe(0);
      expect(await seriousA11yViolations(c.page)).toEqual([]);
      await keepScreenshot(c.page, '00-sign-in-oidc');
      const authorization = c.page.waitForRequest((r) => r.url().startsWith(`${issuer}/auth?`));
      await c.page.getByRole('button', { name: vi.signIn.oidcButton }).click();
      const asked = new URL((await authorization).url()).searchParams;
      expect({ method: asked.get('code_challenge_method'), responseType: asked.get('response_type'), redirect: asked.get('redirect_uri') }).toEqual({ method: 'S256', responseType: 'code', redirect: `${oidc.baseUrl}/` });
      expect(asked.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      await c.page.locator('input[name=login]').fill('chu-tich-bac-ninh');
      await c.page.locator('input[name=password]').fill('any');
      await c.page.locator('button[type=submit]').click();
      await c.page.getByRole('heading', { level: 1, name: vi.decisions.title }).waitFor();
      await see(c.page.locator('.who-name')).text('Ngô Đức Thắng');
      // The code has left the address bar; the token is in this tab's sessionStorage only.
      expect(new URL(c.page.url()).search).toBe('');
      const token = String(await c.page.evaluate('sessionStorage.getItem("ntm.token")'));
      const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
      expect({ iss: claims.iss, aud: claims.aud, sub: claims.sub, role: claims.role, unit: claims.unit }).toEqual({ iss: issuer, aud: AUDIENCE, sub: 'chu-tich-bac-ninh', role: 'provincial_chairperson', unit: '24' });
      expect(c.problems).toEqual([]);
    } finally {
      await c.context.close();
    }
  });
});
