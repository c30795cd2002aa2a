import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.EVENT_STORE).toBe('postgres');
    expect(c.EMBEDDED_PG_DIR).toBe('.data/postgres');
    expect(c.EVENT_MAX_BYTES).toBe(1048576);
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
});
