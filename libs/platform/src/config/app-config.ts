import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** The secret `npm run token` signs with out of the box; anyone can read it here, so production refuses it. */
export const DEVELOPMENT_JWT_SECRET = 'ntm-dev-secret-change-me-in-production';

/**
 * Every environment variable the service reads, with its default. The README's configuration table mirrors this
 * class; a bad value stops start-up with one line naming the variable and what it expected.
 */
export class AppConfig {
  /** 'production' refuses the development defaults that would open the service to anyone (see loadConfig). */
  @IsIn(['development', 'production'])
  APP_ENV: 'development' | 'production' = 'development';

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

  /** Append statements out at once; appends arriving meanwhile go together in the next (group commit). */
  @Transform(toInt) @IsInt() @Min(1) @Max(200)
  EVENT_STORE_APPEND_GROUPS = 4;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** HS256 secret for tokens minted by `npm run token` (the embedded default); ignored when JWT_JWKS_URL is set. */
  @IsString() @MinLength(16)
  JWT_SECRET = DEVELOPMENT_JWT_SECRET;

  @Transform(emptyToUndefined) @IsOptional() @IsUrl({ require_tld: false, protocols: ['https', 'http'] })
  JWT_JWKS_URL?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsString()
  JWT_ISSUER?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsString()
  JWT_AUDIENCE?: string;

  @IsIn(['true', 'false'])
  DEMO_DATA: 'true' | 'false' = 'true';

  /** The web console's demo sign-in page, which mints tokens for any role: a laptop convenience, refused in production. */
  @IsIn(['true', 'false'])
  DEMO_SIGN_IN: 'true' | 'false' = 'true';

  /** Origins allowed to call the API from a browser, comma-separated; empty: no cross-origin access at all. */
  @IsString() @Matches(/^(\s*https?:\/\/[^\s,/]+\s*)?(,\s*https?:\/\/[^\s,/]+\s*)*$/)
  CORS_ORIGINS = '';

  /** Requests per minute one principal (or, without a token, one address) may make; 0 turns the limit off. */
  @Transform(toInt) @IsInt() @Min(0)
  RATE_LIMIT_PER_MINUTE = 3000;

  /** Failed authentications per minute from one address before it is answered 429 for a minute; 0: no limit. */
  @Transform(toInt) @IsInt() @Min(0)
  AUTH_FAILURES_PER_MINUTE = 60;

  /**
   * Ed25519 private key (PEM) that signs the periodic seals of the hash chains' heads. Keep it off the database host:
   * whoever holds the database but not this key cannot rewrite sealed history without `audit verify --seals` seeing it.
   */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  SEAL_KEY_FILE?: string;

  /** The seal log (JSON lines) seals are appended to; required with SEAL_KEY_FILE. The operator keeps copies of it. */
  @Transform(emptyToUndefined) @ValidateIf((c: AppConfig) => c.SEAL_KEY_FILE !== undefined) @IsString() @MinLength(1)
  SEAL_LOG_FILE?: string;

  /** How often the chain heads are sealed (only when something was appended since the last seal). */
  @Transform(toInt) @IsInt() @Min(1000)
  SEAL_INTERVAL_MS = 3_600_000;

  /** Run the projections in this process (the default, single-process deployment); a scaled-out api sets false. */
  @IsIn(['true', 'false'])
  RUN_PROJECTIONS: 'true' | 'false' = 'true';

  /**
   * Build a read model that has applied nothing yet (first start over a migrated or imported history, a rebuild)
   * inside PostgreSQL when the events are stored there and the projection can; 'false' streams every event through
   * the application as for KurrentDB.
   */
  @IsIn(['true', 'false'])
  PROJECTIONS_BUILD_IN_DATABASE: 'true' | 'false' = 'true';

  /** How often a standby worker tries to take over a projection whose lease holder has gone. */
  @Transform(toInt) @IsInt() @Min(100)
  PROJECTION_LEASE_RETRY_MS = 2000;

  /** Run the deadline timer in this process; with several instances the lock lets one sweep at a time anyway. */
  @IsIn(['true', 'false'])
  RUN_TIMERS: 'true' | 'false' = 'true';

  /** How often the deadline timer looks for passed deadlines (it also looks once at start-up). */
  @Transform(toInt) @IsInt() @Min(1000)
  DEADLINE_SWEEP_INTERVAL_MS = 60_000;

  /** Largest history file (XLSX or CSV) the import reads, over HTTP (answered 413 beyond it) and from the CLI. */
  @Transform(toInt) @IsInt() @Min(1024) @Max(1024 * 1024 * 1024)
  IMPORT_MAX_BYTES = 10 * 1024 * 1024;

  /** Most data rows in one history file, all sheets together. */
  @Transform(toInt) @IsInt() @Min(1) @Max(10_000_000)
  IMPORT_MAX_ROWS = 200_000;

  /**
   * JSON object of per-pack overrides of the unconfirmed settings, e.g. {"ntm-2026-2030":{"satisfactionMinPercent":85}}.
   * Applied to dossiers registered from then on; each dossier keeps the settings it was registered with.
   */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  REGULATION_OVERRIDES?: string;

  /**
   * Provinces' own packs derived from the national ones (their advanced sets, thresholds, decisions): a JSON array,
   * or the path of a file holding one. A published version is never changed: dossiers pin it.
   */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  REGULATION_PROVINCIAL_PACKS?: string;

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
  const known = Object.keys(new AppConfig()).concat(['DATABASE_URL', 'KURRENTDB_CONNECTION_STRING', 'JWT_JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE', 'REGULATION_OVERRIDES', 'REGULATION_PROVINCIAL_PACKS', 'SEAL_KEY_FILE', 'SEAL_LOG_FILE', 'OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET']);
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
  if (config.APP_ENV === 'production') refuseDevelopmentDefaults(config, env);
  return config;
}

/** Production refuses what would let anyone in: the published token secret and the demo sign-in page. */
function refuseDevelopmentDefaults(config: AppConfig, env: NodeJS.ProcessEnv): void {
  // With a JWKS the secret verifies nothing, so it may stay at its default.
  if (config.JWT_SECRET === DEVELOPMENT_JWT_SECRET && !config.JWT_JWKS_URL) {
    throw new ConfigError(`Invalid configuration: JWT_SECRET=${env.JWT_SECRET === undefined ? '(unset)' : '(the development default)'} — expected a secret of your own (or JWT_JWKS_URL) when APP_ENV=production`);
  }
  if (config.DEMO_SIGN_IN === 'true') {
    throw new ConfigError(`Invalid configuration: DEMO_SIGN_IN=${env.DEMO_SIGN_IN === undefined ? '(unset, default "true")' : JSON.stringify(env.DEMO_SIGN_IN)} — expected 'false' when APP_ENV=production`);
  }
}

const EXPECTED: Record<string, string> = {
  APP_ENV: "'development' or 'production'",
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
  EVENT_STORE_APPEND_GROUPS: 'an integer from 1 to 200',
  LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  JWT_SECRET: 'a secret of at least 16 characters',
  JWT_JWKS_URL: 'an http(s) URL of the identity provider\'s JWKS',
  JWT_ISSUER: 'the expected token issuer',
  JWT_AUDIENCE: 'the expected token audience',
  DEMO_DATA: "'true' or 'false'",
  DEMO_SIGN_IN: "'true' or 'false'",
  CORS_ORIGINS: 'a comma-separated list of origins such as https://console.example.gov.vn (empty: none)',
  RATE_LIMIT_PER_MINUTE: 'an integer number of requests, 0 for no limit',
  AUTH_FAILURES_PER_MINUTE: 'an integer number of failed authentications, 0 for no limit',
  SEAL_KEY_FILE: 'the path of an Ed25519 private key in PEM form',
  SEAL_LOG_FILE: 'the path of the seal log file (required with SEAL_KEY_FILE)',
  SEAL_INTERVAL_MS: 'an integer number of milliseconds, at least 1000',
  RUN_PROJECTIONS: "'true' or 'false'",
  PROJECTIONS_BUILD_IN_DATABASE: "'true' or 'false'",
  PROJECTION_LEASE_RETRY_MS: 'an integer number of milliseconds, at least 100',
  RUN_TIMERS: "'true' or 'false'",
  DEADLINE_SWEEP_INTERVAL_MS: 'an integer number of milliseconds, at least 1000',
  REGULATION_OVERRIDES: 'a JSON object mapping pack ids to setting overrides',
  REGULATION_PROVINCIAL_PACKS: 'a JSON array of provincial packs, or the path of a file holding one',
  IMPORT_MAX_BYTES: 'an integer number of bytes from 1024 to 1073741824',
  IMPORT_MAX_ROWS: 'an integer from 1 to 10000000',
  OIDC_ISSUER_URL: "an http(s) URL of the identity provider (its /.well-known/openid-configuration is read)",
  OIDC_CLIENT_ID: 'the console\'s client id at the identity provider, required with OIDC_ISSUER_URL',
  OIDC_CLIENT_SECRET: 'the client secret, for a confidential client',
  OIDC_SCOPE: 'space-separated scopes, e.g. "openid profile"',
  WEB_CONSOLE_DIR: 'the folder of the built console',
};
