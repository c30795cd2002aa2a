import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Every environment variable the service reads, with its default. The README's configuration table mirrors this
 * class; a bad value stops start-up with one line naming the variable and what it expected.
 */
export class AppConfig {
  @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  PORT = 3000;

  @IsString() @MinLength(1)
  HOST = '0.0.0.0';

  @Transform(emptyToUndefined) @IsOptional()
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true })
  DATABASE_URL?: string;

  @IsString() @MinLength(1)
  EMBEDDED_PG_DIR = '.data/postgres';

  @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  @IsIn(['postgres', 'kurrentdb'])
  EVENT_STORE: 'postgres' | 'kurrentdb' = 'postgres';

  @Transform(emptyToUndefined) @ValidateIf((c: AppConfig) => c.EVENT_STORE === 'kurrentdb')
  @IsString()
  @MinLength(1)
  KURRENTDB_CONNECTION_STRING?: string;

  @Transform(toInt) @IsInt() @Min(1024) @Max(16 * 1024 * 1024)
  EVENT_MAX_BYTES = 1024 * 1024;

  @Transform(toInt) @IsInt() @Min(1000)
  EVENT_STORE_IDLE_TX_TIMEOUT_MS = 30_000;

  @Transform(toInt) @IsInt() @Min(1)
  EVENT_STORE_FENCE_STALL_SECONDS = 60;

  @Transform(toInt) @IsInt() @Min(2) @Max(200)
  DB_POOL_SIZE = 10;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** HS256 secret for tokens minted by `npm run token` (the embedded default); ignored when JWT_JWKS_URL is set. */
  @IsString() @MinLength(16)
  JWT_SECRET = 'ntm-dev-secret-change-me-in-production';

  @Transform(emptyToUndefined) @IsOptional() @IsUrl({ require_tld: false, protocols: ['https', 'http'] })
  JWT_JWKS_URL?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsString()
  JWT_ISSUER?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsString()
  JWT_AUDIENCE?: string;

  @IsIn(['true', 'false'])
  DEMO_DATA: 'true' | 'false' = 'true';

  /** Run the projections in this process (the default, single-process deployment); a scaled-out api sets false. */
  @IsIn(['true', 'false'])
  RUN_PROJECTIONS: 'true' | 'false' = 'true';

  /** How often a standby worker tries to take over a projection whose lease holder has gone. */
  @Transform(toInt) @IsInt() @Min(100)
  PROJECTION_LEASE_RETRY_MS = 2000;

  /** Run the deadline timer in this process; with several instances the lock lets one sweep at a time anyway. */
  @IsIn(['true', 'false'])
  RUN_TIMERS: 'true' | 'false' = 'true';

  /** How often the deadline timer looks for passed deadlines (it also looks once at start-up). */
  @Transform(toInt) @IsInt() @Min(1000)
  DEADLINE_SWEEP_INTERVAL_MS = 60_000;

  /**
   * JSON object of per-pack overrides of the unconfirmed settings, e.g. {"ntm-2026-2030":{"satisfactionMinPercent":85}}.
   * Applied to dossiers registered from then on; each dossier keeps the settings it was registered with.
   */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  REGULATION_OVERRIDES?: string;

  /** 'production' turns on the refusals a laptop does without (see the README's configuration table). */
  @IsIn(['development', 'production'])
  APP_ENV: 'development' | 'production' = 'development';

  /** The console's demo sign-in: pick a role and a unit, the server mints the token. Only with HS256 tokens (no JWKS). */
  @IsIn(['true', 'false'])
  DEMO_SIGN_IN: 'true' | 'false' = 'true';

  /** The identity provider the console signs in with (authorisation code + PKCE); its discovery document is read from here. */
  @Transform(emptyToUndefined) @IsOptional() @IsUrl({ require_tld: false, protocols: ['https', 'http'] })
  OIDC_ISSUER_URL?: string;

  @Transform(emptyToUndefined) @ValidateIf((c: AppConfig) => c.OIDC_ISSUER_URL !== undefined)
  @IsString()
  @MinLength(1)
  OIDC_CLIENT_ID?: string;

  /** Only for a confidential client; the console's code exchange goes through the server, which adds it. */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  OIDC_CLIENT_SECRET?: string;

  @IsString() @MinLength(1)
  OIDC_SCOPE = 'openid profile';

  /** The built console (`npm run build:web`), served at `/`; the API answers as before when it is missing. */
  @IsString() @MinLength(1)
  WEB_CONSOLE_DIR = 'apps/web/dist';
}

export class ConfigError extends Error {}

/** Parses and checks the environment; throws a ConfigError whose message is one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig()).concat(['DATABASE_URL', 'KURRENTDB_CONNECTION_STRING', 'JWT_JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE', 'REGULATION_OVERRIDES', 'OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET']);
  const picked: Record<string, unknown> = {};
  for (const key of known) if (env[key] !== undefined) picked[key] = env[key];
  const config = plainToInstance(AppConfig, picked, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: true });
  if (errors.length === 0 && config.REGULATION_OVERRIDES) {
    try {
      const parsed: unknown = JSON.parse(config.REGULATION_OVERRIDES);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    } catch {
      throw new ConfigError(`Invalid configuration: REGULATION_OVERRIDES=${JSON.stringify(env.REGULATION_OVERRIDES)} — expected ${EXPECTED.REGULATION_OVERRIDES}`);
    }
  }
  if (errors.length > 0) {
    const property = errors[0].property;
    const shown = env[property] === undefined ? '(unset)' : JSON.stringify(env[property]);
    throw new ConfigError(`Invalid configuration: ${property}=${shown} — expected ${EXPECTED[property] ?? 'a valid value'}`);
  }
  return config;
}

const EXPECTED: Record<string, string> = {
  PORT: 'an integer port from 1 to 65535',
  HOST: 'a host name or address to listen on',
  DATABASE_URL: 'a postgres:// connection URL',
  EMBEDDED_PG_DIR: 'a directory path',
  EMBEDDED_PG_PORT: 'an integer port from 1 to 65535',
  EVENT_STORE: "'postgres' or 'kurrentdb'",
  KURRENTDB_CONNECTION_STRING: 'a KurrentDB connection string (kurrentdb://host:2113?tls=false) when EVENT_STORE=kurrentdb',
  EVENT_MAX_BYTES: 'an integer number of bytes from 1024 to 16777216',
  EVENT_STORE_IDLE_TX_TIMEOUT_MS: 'an integer number of milliseconds, at least 1000',
  EVENT_STORE_FENCE_STALL_SECONDS: 'an integer number of seconds, at least 1',
  DB_POOL_SIZE: 'an integer from 2 to 200',
  LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  JWT_SECRET: 'a secret of at least 16 characters',
  JWT_JWKS_URL: 'an http(s) URL of the identity provider\'s JWKS',
  JWT_ISSUER: 'the expected token issuer',
  JWT_AUDIENCE: 'the expected token audience',
  DEMO_DATA: "'true' or 'false'",
  RUN_PROJECTIONS: "'true' or 'false'",
  PROJECTION_LEASE_RETRY_MS: 'an integer number of milliseconds, at least 100',
  RUN_TIMERS: "'true' or 'false'",
  DEADLINE_SWEEP_INTERVAL_MS: 'an integer number of milliseconds, at least 1000',
  REGULATION_OVERRIDES: 'a JSON object mapping pack ids to setting overrides',
  APP_ENV: "'development' or 'production'",
  DEMO_SIGN_IN: "'true' or 'false'",
  OIDC_ISSUER_URL: "an http(s) URL of the identity provider (its /.well-known/openid-configuration is read)",
  OIDC_CLIENT_ID: 'the console\'s client id at the identity provider, required with OIDC_ISSUER_URL',
  OIDC_CLIENT_SECRET: 'the client secret, for a confidential client',
  OIDC_SCOPE: 'space-separated scopes, e.g. "openid profile"',
  WEB_CONSOLE_DIR: 'the folder of the built console',
};
