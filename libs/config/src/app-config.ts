import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidateBy,
  ValidationError,
  ValidationOptions,
} from 'class-validator';
import parseDuration from 'ms';

export const REGION_PRESET_CODES = ['banjar', 'majene', 'pangkep', 'barru', 'malra'] as const;

const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());
const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;
/** JWT_TTL: digits alone are seconds, passed on as a number (jsonwebtoken reads a unitless string as ms). */
const toSecondsOrDuration = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/**
 * A URL that WHATWG `URL` parses, with one of `schemes` (`postgres:`, ...) and a host; with
 * `hostInQuery`, a `?host=` parameter may stand for it (PostgreSQL's socket folder). The message
 * never repeats the value, which may hold a password.
 */
function IsUrlWithScheme(
  schemes: string[],
  validationOptions: ValidationOptions & { hostInQuery?: boolean },
): PropertyDecorator {
  const { hostInQuery, ...options } = validationOptions;
  return ValidateBy(
    {
      name: 'isUrlWithScheme',
      constraints: [schemes],
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'string' || !URL.canParse(value)) return false;
          const url = new URL(value);
          const host = url.hostname !== '' || (!!hostInQuery && !!url.searchParams.get('host'));
          return schemes.includes(url.protocol) && host;
        },
      },
    },
    options,
  );
}

/** A token lifetime jsonwebtoken's `expiresIn` takes: whole seconds (a number) or an `ms` duration, 1 s or more. */
function IsTokenLifetime(validationOptions: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTokenLifetime',
      validator: {
        validate(value: unknown): boolean {
          if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 1;
          if (typeof value !== 'string') return false;
          // The very parser jsonwebtoken applies to a string `expiresIn`.
          const lifetime =
            value.length <= 100 ? parseDuration(value as parseDuration.StringValue) : undefined;
          return typeof lifetime === 'number' && Number.isFinite(lifetime) && lifetime >= 1000;
        },
      },
    },
    validationOptions,
  );
}

/**
 * The one typed view of the environment. Nothing else reads process.env (tests build it with
 * `loadConfig(overrides)`).
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Least severe log level written; unset means info (silent under NODE_ENV=test). */
  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

  /** `json` (one object a line, for a log collector) or `pretty` (readable lines); unset: json in production. */
  @IsOptional()
  @IsIn(['json', 'pretty'])
  LOG_FORMAT?: 'json' | 'pretty';

  /**
   * Which api requests get a log line: `notable` (the default) logs the failed ones (4xx, 5xx) and
   * any slower than a second; `all` logs every request. Lines logged inside a request carry its id
   * either way.
   */
  @IsOptional()
  @IsIn(['all', 'notable'])
  LOG_REQUESTS?: 'all' | 'notable';

  /**
   * How many api processes share the port (`node:cluster`); unset means one per CPU core. Each has
   * its own database pool of DB_POOL_SIZE connections.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  API_PROCESSES?: number;

  /** Address the api listens on; 0.0.0.0 is every interface (127.0.0.1 keeps it local). */
  @IsString()
  HOST = '0.0.0.0';

  @IsOptional()
  @IsUrlWithScheme(['http:', 'https:'], {
    message: 'APP_URL must be an http:// or https:// URL (the public address used in mail links)',
  })
  APP_URL?: string;

  @IsUrlWithScheme(['postgres:', 'postgresql:'], {
    hostInQuery: true,
    message:
      'DATABASE_URL must be a postgres:// or postgresql:// URL (npm start sets one for the embedded database)',
  })
  DATABASE_URL: string;

  @IsUrlWithScheme(['redis:', 'rediss:'], {
    message: 'REDIS_URL must be a redis:// or rediss:// URL (npm start sets one for the local redis-server)',
  })
  REDIS_URL: string;

  @IsOptional()
  @IsUrlWithScheme(['smtp:', 'smtps:'], {
    message: 'SMTP_URL must be a smtp:// or smtps:// URL, e.g. smtp://user:pass@relay:587',
  })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM = 'SPBE Desk <desk@localhost>';

  /**
   * Signs access tokens. There is no built-in value: `npm start` generates one under DATA_DIR, tests
   * get a random one per process, anything else must set it.
   */
  @IsString({ message: 'JWT_SECRET is required (32+ random characters; npm start generates one)' })
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET: string;

  /** Access token lifetime: a duration (`12h`, `30m`, `7d`) or whole seconds (`3600`, kept a number). */
  @Transform(toSecondsOrDuration)
  @IsTokenLifetime({
    message:
      'JWT_TTL must be a number of seconds (e.g. 3600) or a duration such as 12h, 30m or 7d (1 second or more)',
  })
  JWT_TTL: string | number = '12h';

  @IsString()
  DATA_DIR = '.data';

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  RUN_MIGRATIONS?: boolean;

  @Transform(toBool)
  @IsBoolean()
  DEMO_SEED = false;

  @IsIn(REGION_PRESET_CODES as unknown as string[], {
    message: `DEMO_REGION must be one of ${REGION_PRESET_CODES.join(', ')}`,
  })
  DEMO_REGION = 'banjar';

  @IsOptional()
  @IsEmail({}, { message: 'BOOTSTRAP_ADMIN_EMAIL must be an email address' })
  BOOTSTRAP_ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(10, { message: 'BOOTSTRAP_ADMIN_PASSWORD must be at least 10 characters' })
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  /** Sign-in (and password-reset) attempts per account per minute, from all addresses together. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT = 10;

  /** Sign-in (and password-reset) attempts per client address per minute, across all accounts. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_ADDRESS_RATE_LIMIT = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 20;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  OUTBOX_POLL_MS = 500;

  /** Redis key prefix of every BullMQ queue; tests give each file its own. */
  @IsString()
  QUEUE_PREFIX = 'desk';

  /** Built web UI to serve at `/` (default apps/web/dist). */
  @IsOptional()
  @IsString()
  WEB_DIST_DIR?: string;

  /** Folder where the development SMTP capture stores mail; enables the captured-mail endpoint. */
  @IsOptional()
  @IsString()
  MAIL_CAPTURE_DIR?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  AUTO_CLOSE_BUSINESS_DAYS = 3;

  /** `GET /queues` counts a ticket as due soon when its queue due time is this close. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  QUEUE_DUE_SOON_MINUTES = 60;

  /** How often each worker looks for due mail in PostgreSQL (a NOTIFY wakes it sooner). */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  MAIL_SWEEP_MS = 5000;

  /** How often the SLA reconciliation fires overdue clocks and re-creates missing timers from PostgreSQL. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(30_000, {
    message: 'SLA_RECONCILE_MS must be at most 30000 (a Redis loss may delay a breach that long)',
  })
  SLA_RECONCILE_MS = 15_000;

  /** Live event streams (`/events/stream`) one user may hold open on one api process. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  STREAMS_PER_USER = 10;

  /** Live event streams one api process holds open in total (each holds a socket). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  STREAMS_TOTAL = 2000;

  /** A live stream is ended after this many minutes; EventSource reconnects with a fresh check. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  STREAM_MAX_MINUTES = 30;

  /**
   * Mail domains report subscriptions may send to besides desk users' own addresses
   * (comma-separated; a domain also allows its subdomains).
   */
  @IsString()
  REPORT_MAIL_DOMAINS = 'go.id';

  /** Minimum seconds between two send-now deliveries of one report subscription. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  REPORT_SEND_NOW_INTERVAL_S = 300;

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get logLevel(): string {
    return this.LOG_LEVEL ?? (this.NODE_ENV === 'test' ? 'silent' : 'info');
  }

  get logFormat(): 'json' | 'pretty' {
    return this.LOG_FORMAT ?? (this.isProduction ? 'json' : 'pretty');
  }

  get logRequests(): 'all' | 'notable' {
    return this.LOG_REQUESTS ?? 'notable';
  }

  get apiProcesses(): number {
    return this.API_PROCESSES ?? availableParallelism();
  }

  get appUrl(): string {
    return this.APP_URL ?? `http://localhost:${this.PORT}`;
  }

  /** Development and test apply pending migrations on start; production runs `npm run migration:run`. */
  get runMigrations(): boolean {
    return this.RUN_MIGRATIONS ?? !this.isProduction;
  }
}

const CONFIG_KEYS = [
  'NODE_ENV',
  'PORT',
  'HOST',
  'LOG_LEVEL',
  'LOG_FORMAT',
  'LOG_REQUESTS',
  'API_PROCESSES',
  'APP_URL',
  'DATABASE_URL',
  'REDIS_URL',
  'SMTP_URL',
  'MAIL_FROM',
  'JWT_SECRET',
  'JWT_TTL',
  'DATA_DIR',
  'RUN_MIGRATIONS',
  'DEMO_SEED',
  'DEMO_REGION',
  'BOOTSTRAP_ADMIN_EMAIL',
  'BOOTSTRAP_ADMIN_PASSWORD',
  'LOGIN_RATE_LIMIT',
  'LOGIN_ADDRESS_RATE_LIMIT',
  'DB_POOL_SIZE',
  'OUTBOX_POLL_MS',
  'QUEUE_PREFIX',
  'MAIL_CAPTURE_DIR',
  'WEB_DIST_DIR',
  'AUTO_CLOSE_BUSINESS_DAYS',
  'QUEUE_DUE_SOON_MINUTES',
  'SLA_RECONCILE_MS',
  'MAIL_SWEEP_MS',
  'STREAMS_PER_USER',
  'STREAMS_TOTAL',
  'STREAM_MAX_MINUTES',
  'REPORT_MAIL_DOMAINS',
  'REPORT_SEND_NOW_INTERVAL_S',
] as const;

export class ConfigError extends Error {}

const testSecret = randomBytes(32).toString('base64url');

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => {
    // A missing variable is reported once, as missing, not also as too short.
    const constraints =
      e.value === undefined && e.constraints?.isString ? { isString: e.constraints.isString } : e.constraints;
    return Object.values(constraints ?? {}).map((m) => `  - ${e.property}: ${m}`);
  });
}

/** Reads and validates the environment; throws one error listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = CONFIG_KEYS as readonly string[];
  const input = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => value !== undefined && value !== '' && known.includes(key)),
  );
  // Tests sign and verify in one process: a random secret each run, never a constant.
  if (input.NODE_ENV === 'test' && input.JWT_SECRET === undefined) input.JWT_SECRET = testSecret;
  const config = plainToInstance(AppConfig, input);
  const problems = describe(validateSync(config));
  if (problems.length === 1) throw new ConfigError(`Invalid configuration: ${problems[0].slice(4)}`);
  if (problems.length) {
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return config;
}
