import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, Matches, Max, Min, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value);

/**
 * Every setting the processes read, validated once at boot. Defaults work on a developer machine
 * with the local PostgreSQL and Redis; production sets them through the environment.
 */
export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  nodeEnv: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  port = 3000;

  @IsString()
  host = '127.0.0.1';

  /** The application's role: it may not UPDATE or DELETE append-only tables. */
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  databaseUrl = 'postgres://kpi_tracker_app@127.0.0.1:5432/kpi_tracker';

  /**
   * Optional: a streaming replica (or a pooler in front of one) for the board's heavy reads, as the
   * application role. Empty means the primary serves every read.
   */
  @Matches(/^(postgres(ql)?:\/\/.*)?$/, { message: 'DATABASE_READ_URL must be empty or a postgres:// URL' })
  databaseReadUrl = '';

  /** The owner role that runs migrations and creates databases. Secret in production. */
  @Matches(/^postgres(ql)?:\/\//, { message: 'MIGRATION_DATABASE_URL must be a postgres:// URL' })
  migrationDatabaseUrl = 'postgres://postgres@127.0.0.1:5432/kpi_tracker';

  /**
   * The worker's role (kpi_tracker_worker, BYPASSRLS): cross-organisation jobs (outbox relay,
   * scheduled scans, fan-out) and operator tools connect with it; the api never does.
   */
  @Matches(/^postgres(ql)?:\/\//, { message: 'WORKER_DATABASE_URL must be a postgres:// URL' })
  workerDatabaseUrl = 'postgres://kpi_tracker_worker@127.0.0.1:5432/kpi_tracker';

  @Transform(toInt) @IsInt() @Min(1) @Max(200)
  databasePoolSize = 10;

  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  redisUrl = 'redis://127.0.0.1:6379';

  @Matches(/^[a-zA-Z0-9:_-]{1,64}$/, { message: 'QUEUE_PREFIX must be 1-64 letters, digits, ":", "_" or "-"' })
  queuePrefix = 'kpi';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  logLevel = 'info';

  @Transform(toInt) @IsInt() @Min(1024) @Max(50 * 1024 * 1024)
  bodyLimitBytes = 1024 * 1024;

  /** Largest CSV upload accepted (413 beyond). */
  @Transform(toInt) @IsInt() @Min(1024) @Max(2 * 1024 * 1024 * 1024)
  uploadLimitBytes = 256 * 1024 * 1024;

  @Transform(toInt) @IsInt() @Min(100) @Max(3_600_000)
  heartbeatEveryMs = 60_000;

  @Transform(toInt) @IsInt() @Min(50) @Max(60_000)
  outboxPollMs = 500;

  /** When the scheduled governance scan over every organisation runs (cron, server time). */
  @Matches(/^(\S+\s+){4,5}\S+$/, { message: 'GOVERNANCE_SCAN_CRON must be a cron expression of five fields (or six, with seconds)' })
  governanceScanCron = '0 2 * * *';

  /**
   * How many organisations a scan over all of them works on at once, each in its own transaction
   * and connection (the worker's pool must hold this many besides its other jobs).
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(16)
  scanConcurrency = 2;

  /**
   * The nightly scan is incremental (it re-judges the projects written to and those whose dated
   * evidence crossed a threshold); every this many days, and whenever an organisation's settings,
   * month or financial year change, an organisation's is full. 0: always full.
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(366)
  governanceFullScanDays = 7;

  /** When the anonymous benchmarks across opted-in organisations are computed (cron, server time). */
  @Matches(/^(\S+\s+){4,5}\S+$/, { message: 'BENCHMARK_CRON must be a cron expression of five fields (or six, with seconds)' })
  benchmarkCron = '40 3 * * *';

  /** The fewest organisations a benchmark figure is published for; never below 3, so no figure is one body's. */
  @Transform(toInt) @IsInt() @Min(3, { message: 'BENCHMARK_MIN_ORGANISATIONS must be at least 3' }) @Max(1000)
  benchmarkMinOrganisations = 5;

  @Transform(toInt) @IsInt() @Min(1000) @Max(60_000)
  shutdownTimeoutMs = 10_000;

  /** Lets webhooks reach loopback and private addresses. Tests only: it switches off the SSRF guard. */
  @Transform(toBool) @IsBoolean({ message: 'must be true or false' })
  webhookAllowPrivateTargets = false;

  /** First webhook retry delay; each later one doubles (with jitter). */
  @Transform(toInt) @IsInt() @Min(10) @Max(3_600_000)
  webhookRetryBaseMs = 10_000;

  /** Benchmarks only: adds the bare reference route GET /v1/bench/constant (never in production). */
  @Transform(toBool) @IsBoolean({ message: 'must be true or false' })
  benchRoutes = false;

  /** Requests per token per window (429 beyond); an organisation may set its own (settings.rateLimit). */
  @Transform(toInt) @IsInt() @Min(1) @Max(1_000_000)
  rateLimitRequests = 1200;

  @Transform(toInt) @IsInt() @Min(1) @Max(3600)
  rateLimitWindowSeconds = 60;

  /**
   * Where rate-limit counters live: `memory` (per process; Redis stays off the request path) or
   * `redis` (shared by every api replica: set it when running more than one).
   */
  @IsIn(['redis', 'memory'])
  rateLimitStore: 'redis' | 'memory' = 'memory';

  /** Default and longest overlap during which a rotated token keeps working. */
  @Transform(toInt) @IsInt() @Min(0) @Max(7 * 24 * 3600)
  tokenRotationOverlapSeconds = 24 * 3600;

  /** Spend may be dated at most this many days after today (Europe/London): invoices dated ahead. */
  @Transform(toInt) @IsInt() @Min(0) @Max(366)
  spendMaxDaysAhead = 7;

  /** The earliest spend date the ledger accepts (YYYY-MM-DD). */
  @Matches(/^(19|20)\d{2}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
  spendEarliestDate = '2000-01-01';

  /**
   * Where browsers reach the api (the OpenID Connect redirect URI is built on it). Empty: http on
   * HOST and PORT, which suits a developer machine.
   */
  @Matches(/^$|^https?:\/\/[^/\s]+$/, { message: 'PUBLIC_URL must be http(s)://host[:port] with no path' })
  publicUrl = '';

  /**
   * Key (32 bytes, base64) that encrypts stored secrets such as identity-provider client secrets.
   * Without it, production refuses to store such secrets; elsewhere a fixed development key is used.
   */
  @Matches(/^$|^[A-Za-z0-9+/]{43}=$/, { message: 'SECRETS_KEY must be 32 bytes in base64 (openssl rand -base64 32)' })
  secretsKey = '';

  /** Development only: lets the board's sign-in form accept a pasted API token. Off by default. */
  @Transform(toBool) @IsBoolean({ message: 'must be true or false' })
  boardTokenSignIn = false;

  /** The SMTP server the worker sends email through. Empty: email is not sent (deliveries wait in the outbox). */
  @Matches(/^$|^[A-Za-z0-9.-]{1,253}$/, { message: 'SMTP_HOST must be empty or a host name or IPv4 address' })
  smtpHost = '';

  @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  smtpPort = 587;

  /** `starttls` upgrades a plain connection (port 587) and refuses one that cannot; `tls` is TLS from the start (465); `none` only on a developer machine. */
  @IsIn(['starttls', 'tls', 'none'])
  smtpSecurity: 'starttls' | 'tls' | 'none' = 'starttls';

  @Matches(/^[^\s]{0,254}$/, { message: 'SMTP_USER must have no spaces' })
  smtpUser = '';

  /** Secret in production. */
  @IsString()
  smtpPassword = '';

  /** The From address: "Name <address>" or an address. */
  @Matches(/^$|^([^<>]{1,100} )?<?[^\s@<>]+@[^\s@<>]+>?$/, { message: 'SMTP_FROM must be an email address, optionally "Name <address>"' })
  smtpFrom = 'Programme KPI Tracker <no-reply@kpi-tracker.localhost>';

  /** How often the worker looks for email to send. */
  @Transform(toInt) @IsInt() @Min(100) @Max(600_000)
  emailPollMs = 10_000;

  /** First retry delay after a failed send; each later one doubles, up to an hour. */
  @Transform(toInt) @IsInt() @Min(10) @Max(3_600_000)
  emailRetryBaseMs = 30_000;

  /** When the weekly digest goes out (cron on the worker's clock; a sixth, leading field is seconds). */
  @Matches(/^\S+( \S+){4,5}$/, { message: 'EMAIL_DIGEST_CRON must be a cron expression of five (or six, with seconds) fields' })
  emailDigestCron = '0 8 * * 1';

  /** When report and action reminders are worked out each day (cron on the worker's clock). */
  @Matches(/^\S+( \S+){4,5}$/, { message: 'REMINDERS_CRON must be a cron expression of five (or six, with seconds) fields' })
  remindersCron = '0 7 * * *';
}

/** The api's public base URL, without a trailing slash. */
export function publicBaseUrl(config: AppConfig): string {
  return config.publicUrl || `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
}

const ENV_NAMES: Record<keyof AppConfig, string> = {
  nodeEnv: 'NODE_ENV',
  port: 'PORT',
  host: 'HOST',
  databaseUrl: 'DATABASE_URL',
  databaseReadUrl: 'DATABASE_READ_URL',
  migrationDatabaseUrl: 'MIGRATION_DATABASE_URL',
  workerDatabaseUrl: 'WORKER_DATABASE_URL',
  databasePoolSize: 'DATABASE_POOL_SIZE',
  redisUrl: 'REDIS_URL',
  queuePrefix: 'QUEUE_PREFIX',
  logLevel: 'LOG_LEVEL',
  bodyLimitBytes: 'BODY_LIMIT_BYTES',
  uploadLimitBytes: 'UPLOAD_LIMIT_BYTES',
  heartbeatEveryMs: 'HEARTBEAT_EVERY_MS',
  outboxPollMs: 'OUTBOX_POLL_MS',
  governanceScanCron: 'GOVERNANCE_SCAN_CRON',
  scanConcurrency: 'SCAN_CONCURRENCY',
  governanceFullScanDays: 'GOVERNANCE_FULL_SCAN_DAYS',
  benchmarkCron: 'BENCHMARK_CRON',
  benchmarkMinOrganisations: 'BENCHMARK_MIN_ORGANISATIONS',
  shutdownTimeoutMs: 'SHUTDOWN_TIMEOUT_MS',
  webhookAllowPrivateTargets: 'WEBHOOK_ALLOW_PRIVATE_TARGETS',
  webhookRetryBaseMs: 'WEBHOOK_RETRY_BASE_MS',
  benchRoutes: 'BENCH_ROUTES',
  rateLimitRequests: 'RATE_LIMIT_REQUESTS',
  rateLimitWindowSeconds: 'RATE_LIMIT_WINDOW_SECONDS',
  rateLimitStore: 'RATE_LIMIT_STORE',
  tokenRotationOverlapSeconds: 'TOKEN_ROTATION_OVERLAP_SECONDS',
  spendMaxDaysAhead: 'SPEND_MAX_DAYS_AHEAD',
  spendEarliestDate: 'SPEND_EARLIEST_DATE',
  publicUrl: 'PUBLIC_URL',
  secretsKey: 'SECRETS_KEY',
  boardTokenSignIn: 'BOARD_TOKEN_SIGN_IN',
  smtpHost: 'SMTP_HOST',
  smtpPort: 'SMTP_PORT',
  smtpSecurity: 'SMTP_SECURITY',
  smtpUser: 'SMTP_USER',
  smtpPassword: 'SMTP_PASSWORD',
  smtpFrom: 'SMTP_FROM',
  emailPollMs: 'EMAIL_POLL_MS',
  emailRetryBaseMs: 'EMAIL_RETRY_BASE_MS',
  emailDigestCron: 'EMAIL_DIGEST_CRON',
  remindersCron: 'REMINDERS_CRON',
};

export class ConfigError extends Error {}

/** Reads the environment (and explicit overrides, used by tests) into a validated AppConfig. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    if (env[name] !== undefined && env[name] !== '') raw[key] = env[name];
  }
  const config = plainToInstance(AppConfig, { ...raw, ...overrides });
  const errors = validateSync(config, { whitelist: true });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${ENV_NAMES[e.property as keyof AppConfig]}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`Invalid configuration: ${lines.join(' | ')}`);
  }
  if (config.nodeEnv === 'production' && config.smtpHost && config.smtpSecurity === 'none') throw new ConfigError('Invalid configuration: SMTP_SECURITY: none is not allowed in production; use starttls or tls');
  if (config.smtpPassword && !config.smtpUser) throw new ConfigError('Invalid configuration: SMTP_USER: required when SMTP_PASSWORD is set');
  if (config.nodeEnv === 'production' && config.boardTokenSignIn) throw new ConfigError('Invalid configuration: BOARD_TOKEN_SIGN_IN: development only, not allowed in production');
  return config;
}

/** The same settings, connecting as the worker's role (cross-organisation jobs and operator tools). */
export function workerConfig(config: AppConfig): AppConfig {
  return Object.assign(new AppConfig(), config, { databaseUrl: config.workerDatabaseUrl });
}

/** The URL with its password hidden, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
