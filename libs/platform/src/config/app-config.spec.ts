import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.EVENT_STORE).toBe('postgres');
    expect(c.EMBEDDED_PG_DIR).toBe('.data/postgres');
    expect(c.EVENT_MAX_BYTES).toBe(1048576);
    expect(c.IMPORT_MAX_BYTES).toBe(10 * 1024 * 1024);
    expect(c.IMPORT_MAX_ROWS).toBe(200_000);
    expect(c.APP_ENV).toBe('development');
    expect(c.DEMO_SIGN_IN).toBe('true');
    expect(c.OIDC_ISSUER_URL).toBeUndefined();
  });

  it('reads and converts the values it is given', () => {
    const c = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u:p@db.internal:5432/ntm', LOG_LEVEL: 'debug' });
    expect(c.PORT).toBe(8080);
    expect(c.DATABASE_URL).toBe('postgres://u:p@db.internal:5432/ntm');
    expect(c.LOG_LEVEL).toBe('debug');
  });

  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT="abc" — expected .*integer/],
    [{ PORT: '70000' }, /^Invalid configuration: PORT="70000"/],
    [{ DATABASE_URL: 'mysql://x' }, /^Invalid configuration: DATABASE_URL="mysql:\/\/x" — expected a postgres:\/\/ connection URL$/],
    [{ EVENT_STORE: 'mongo' }, /^Invalid configuration: EVENT_STORE="mongo"/],
    [{ EVENT_STORE: 'kurrentdb' }, /^Invalid configuration: KURRENTDB_CONNECTION_STRING=\(unset\) — expected a KurrentDB connection string/],
    [{ LOG_LEVEL: 'loud' }, /^Invalid configuration: LOG_LEVEL="loud"/],
    [{ IMPORT_MAX_BYTES: '10MB' }, /^Invalid configuration: IMPORT_MAX_BYTES="10MB" — expected an integer number of bytes/],
    [{ IMPORT_MAX_ROWS: '0' }, /^Invalid configuration: IMPORT_MAX_ROWS="0"/],
    [{ DEMO_SIGN_IN: 'yes' }, /^Invalid configuration: DEMO_SIGN_IN="yes" — expected 'true' or 'false'$/],
    [{ APP_ENV: 'staging' }, /^Invalid configuration: APP_ENV="staging"/],
    [{ OIDC_ISSUER_URL: 'https://id.example.gov.vn/realms/ntm' }, /^Invalid configuration: OIDC_CLIENT_ID=\(unset\) — expected the console's client id/],
  ])('refuses %j with one line naming the variable', (env, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  describe('APP_ENV=production', () => {
    const own = { APP_ENV: 'production', JWT_SECRET: 'a-secret-of-our-own-1234', DEMO_SIGN_IN: 'false' };

    it('starts with a secret of its own and the demo sign-in off', () => {
      const c = loadConfig(own);
      expect([c.APP_ENV, c.DEMO_SIGN_IN]).toEqual(['production', 'false']);
    });

    it.each([
      [{ ...own, JWT_SECRET: undefined }, /^Invalid configuration: JWT_SECRET=\(unset\) — expected a secret of your own/],
      [{ ...own, JWT_SECRET: 'ntm-dev-secret-change-me-in-production' }, /^Invalid configuration: JWT_SECRET=\(the development default\) — expected/],
      [{ ...own, DEMO_SIGN_IN: undefined }, /^Invalid configuration: DEMO_SIGN_IN=\(unset, default "true"\) — expected 'false' when APP_ENV=production$/],
      [{ ...own, DEMO_SIGN_IN: 'true' }, /^Invalid configuration: DEMO_SIGN_IN="true" — expected 'false'/],
    ])('refuses the development defaults: %j', (env, message) => {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(message);
    });

    it('lets the secret stay at its default when tokens are verified against a JWKS', () => {
      expect(loadConfig({ APP_ENV: 'production', DEMO_SIGN_IN: 'false', JWT_JWKS_URL: 'https://idp.example.gov.vn/jwks' }).JWT_JWKS_URL).toBeDefined();
    });

    it('development keeps both defaults', () => {
      const c = loadConfig({});
      expect([c.APP_ENV, c.DEMO_SIGN_IN, c.CORS_ORIGINS, c.RATE_LIMIT_PER_MINUTE > 0, c.AUTH_FAILURES_PER_MINUTE > 0]).toEqual(['development', 'true', '', true, true]);
    });
  });

  it.each([
    [{ CORS_ORIGINS: 'console.example.gov.vn' }, /^Invalid configuration: CORS_ORIGINS=/],
    [{ RATE_LIMIT_PER_MINUTE: '-1' }, /^Invalid configuration: RATE_LIMIT_PER_MINUTE=/],
    [{ SEAL_KEY_FILE: '/etc/ntm/seal.pem' }, /^Invalid configuration: SEAL_LOG_FILE=\(unset\) — expected the path of the seal log file/],
    [{ APP_ENV: 'prod' }, /^Invalid configuration: APP_ENV="prod"/],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads an allow-list of origins', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://console.example.gov.vn, http://localhost:5173' }).CORS_ORIGINS).toBe('https://console.example.gov.vn, http://localhost:5173');
  });
});
