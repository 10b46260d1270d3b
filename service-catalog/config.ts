// Over 300 lines because it is the one table of every setting: its schema, defaults and the typed config.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import Joi from 'joi';

/** Everything the system reads from the environment, validated once at boot. Nothing else reads process.env. */
/** `all`: workflows and activities; `workflows`: no worker on the activity task queue; `activities`: only that one. */
export type WorkerMode = 'all' | 'workflows' | 'activities';
/** A fixed number of long polls, or as many as the work keeps busy (the SDK's autoscaling, 1 to 100). */
export type PollerSetting = number | 'auto';
export interface WorkerPollers {
  workflowTask?: PollerSetting;
  activityTask?: PollerSetting;
}

export interface Config {
  host: string;
  port: number;
  /** Unset: an embedded PostgreSQL is started under dataDir. */
  databaseUrl?: string;
  /**
   * Connections each process (API, worker) keeps to PostgreSQL at most. Every query waits a network round
   * trip on one: with the database farther away, more of them keep the same throughput (Little's law).
   */
  databasePoolMax: number;
  /**
   * How long a request or activity waits for one of those connections (`DATABASE_POOL_WAIT_MS`) before it
   * fails as the database being unavailable (503 with `Retry-After` in the API; a retry for an activity).
   * Unbounded, a pool too small for the load queued requests for minutes while their callers gave up
   * and sent them again: the queue only grew.
   */
  databasePoolWaitMs: number;
  /**
   * Admission control of the API (service-catalog/http/admission.ts): requests one API process works on
   * at once (`FLOWDESK_API_MAX_IN_FLIGHT`, default four per pooled connection) and how long one waits
   * for a place before it gets 503 with `Retry-After` (`FLOWDESK_API_QUEUE_WAIT_MS`, default 5 s).
   */
  apiAdmission: { maxInFlight: number; queueWaitMs: number };
  /**
   * The role the API and worker connect as (row-level security binds it). Unset: created from the
   * owner's connection on start (service-catalog/db/app-role.ts).
   */
  databaseAppUrl?: string;
  /** `FLOWDESK_ORM_TENANT_FILTERS=off` leaves tenant isolation to row-level security alone (tests prove it holds). */
  ormTenantFilters: boolean;
  /**
   * `FLOWDESK_SECRETS_FROM_ENV=on`: `{{secrets.NAME}}` in the headers and variables our own task types
   * receive is replaced by the variable `FLOWDESK_SECRET_NAME`. Off (the default), nothing is replaced.
   * The engine never resolves secrets: external workers resolve their own, as Camunda's connectors do.
   */
  secrets: Record<string, string>;
  /** Unset: a Temporal dev server is started on a SQLite file under dataDir. */
  temporalAddress?: string;
  temporalNamespace: string;
  /** How to reach a secured Temporal (Temporal Cloud, or a cluster with TLS): see temporal-connection.ts. */
  temporalSecurity: TemporalSecurity;
  taskQueue: string;
  /**
   * Where the process instances' regular activities go (`FLOWDESK_ACTIVITY_TASK_QUEUE`); unset, the
   * task queue itself. On another queue they can have workers of their own (docs/operations.md).
   */
  activityTaskQueue?: string;
  /** What a worker process runs (`FLOWDESK_WORKER_MODE`, or `--activities-only`): see workflows/main/run-worker.ts. */
  workerMode: WorkerMode;
  /**
   * How many long polls a worker keeps open for workflow and activity tasks (`FLOWDESK_WORKFLOW_TASK_POLLERS`,
   * `FLOWDESK_ACTIVITY_TASK_POLLERS`): a number, or `auto` (the SDK scales them with the work it is
   * handed); unset, the SDK's fixed 10 each. See docs/operations.md.
   */
  pollers: WorkerPollers;
  dataDir: string;
  temporalCli: string;
  uiDir: string;
  /** The BPMN processes deployed as demo data on start. */
  processesDir: string;
  logLevel: string;
  /** Unset: generated once and kept in `<dataDir>/jwt-secret` (see resolveJwtSecret), so restarts keep sessions. */
  jwtSecret?: string;
  security: Omit<SecurityConfig, 'jwtSecret'>;
  /** Where mail to the desk arrives (SMTP on loopback); 0 turns intake off. */
  mailInboundPort: number;
  /** Outgoing mail server; unset: a local sink started with the system logs every mail instead. */
  smtpUrl?: string;
  mailFrom: string;
  /**
   * The authserv-id our own MTA stamps on `Authentication-Results`; set only if that MTA removes such
   * headers arriving from outside. Unset: intake believes none of them.
   */
  mailTrustedAuthservId?: string;
  /**
   * Where links in mails point (the portal lives under `<publicUrl>/portal`); no trailing slash.
   * Unset: the address the API ends up listening on.
   */
  publicUrl?: string;
  /** Ticket attachments: stored under `<dataDir>/attachments`, each at most `maxBytes`. */
  attachments: AttachmentLimits;
  /** Days after closing in which a ticket's caller may reopen it; later, a linked follow-up ticket. */
  reopenWindowDays: number;
  /** Instances one what-if replay may take (`FLOWDESK_WHATIF_MAX_INSTANCES`); a larger period is refused naming it. */
  whatIfMaxInstances: number;
  webhooks: WebhookSettings;
  /** Seconds between sweeps for instances whose workflow start was lost (a Temporal Schedule, once per cluster). */
  startSweepEverySec: number;
  /** Bearer token `GET /metrics` asks for; unset, the endpoint answers 404 (docs/observability.md). */
  metricsToken?: string;
  /** `host:port` where a worker process serves the Temporal SDK's Prometheus metrics; unset, none. */
  workerMetricsBind?: string;
  /** OTLP/HTTP collector traces go to (`OTEL_EXPORTER_OTLP_ENDPOINT`); unset, no tracing (docs/operations.md). */
  otlpEndpoint?: string;
}

/**
 * Transport security towards Temporal. Files are read at connect time, so a rotated certificate is
 * picked up by a restart. Unset everywhere: plain gRPC, as the local dev server and a private cluster use.
 */
export interface TemporalSecurity {
  /** `TEMPORAL_TLS=on`, or implied by any of the TLS files or an API key (Temporal Cloud requires TLS). */
  tls: boolean;
  /** PEM files of the client certificate and key for mTLS (`TEMPORAL_TLS_CERT`, `TEMPORAL_TLS_KEY`). */
  clientCertPath?: string;
  clientKeyPath?: string;
  /** PEM of the CA that signed the server's certificate, when it is not a public one (`TEMPORAL_TLS_CA`). */
  serverCaPath?: string;
  /** `TEMPORAL_TLS_SERVER_NAME`: the name to expect in the server's certificate, when it differs from the host. */
  serverName?: string;
  /** `TEMPORAL_API_KEY`: Temporal Cloud's API key authentication (sent as a bearer token over TLS). */
  apiKey?: string;
}

/** Outgoing webhooks (service-catalog/webhooks, workflows/webhooks). */
export interface WebhookSettings {
  /**
   * `FLOWDESK_WEBHOOK_PRIVATE_TARGETS`: whether a webhook may point at loopback, private or link-local
   * addresses. Default: `refuse` when NODE_ENV is `production`, else `allow` (a developer's receiver on
   * localhost).
   */
  privateTargets: 'allow' | 'refuse';
  /** Retries of one delivery: first after `initialIntervalMs`, doubling up to an hour, `maximumAttempts` in all. */
  retry: { initialIntervalMs: number; maximumIntervalMs: number; maximumAttempts: number };
}

export interface AttachmentLimits {
  dir: string;
  maxBytes: number;
  /** Largest image (all frames), in pixels: refused from its header, before anything is decoded. */
  maxPixels: number;
  /** What one user may store in attachments altogether. */
  quotaBytes: number;
}

/** Sessions, tokens and rate limits; what createServer needs besides the secret. */
export interface SecurityConfig {
  jwtSecret: string;
  accessTokenTtlSec: number;
  refreshTokenTtlSec: number;
  /** Per user or API token: a bucket of `capacity` requests refilling `refillPerSec`. */
  rateLimit: { capacity: number; refillPerSec: number };
  /** Per client IP on /auth/login, and failed attempts per username. */
  loginRateLimit: { capacity: number; refillPerSec: number };
}

/** The checkout's root, whether this runs from source (ts-jest) or from the compiled dist/ tree. */
const repoRoot = __dirname.endsWith(join('dist', 'service-catalog')) ? resolve(__dirname, '..', '..') : resolve(__dirname, '..');

const pollerSetting = Joi.alternatives(Joi.number().integer().min(1).max(100), Joi.string().valid('auto'));
const pollerOf = (value: number | string): PollerSetting => (value === 'auto' ? 'auto' : Number(value));

const schema = Joi.object({
  HOST: Joi.string().hostname().default('127.0.0.1'),
  PORT: Joi.number().port().default(4300),
  DATABASE_URL: Joi.string().uri({ scheme: ['postgres', 'postgresql'] }),
  DATABASE_POOL_MAX: Joi.number().integer().min(1).max(500).default(10),
  DATABASE_POOL_WAIT_MS: Joi.number().integer().min(100).max(600_000).default(15_000),
  DATABASE_APP_URL: Joi.string().uri({ scheme: ['postgres', 'postgresql'] }),
  FLOWDESK_API_MAX_IN_FLIGHT: Joi.number().integer().min(1).max(100_000),
  FLOWDESK_API_QUEUE_WAIT_MS: Joi.number().integer().min(0).max(600_000).default(5_000),
  FLOWDESK_ORM_TENANT_FILTERS: Joi.string().valid('on', 'off').default('on'),
  FLOWDESK_SECRETS_FROM_ENV: Joi.string().valid('on', 'off').default('off'),
  TEMPORAL_ADDRESS: Joi.string().pattern(/^[^\s:]+:\d+$/, 'host:port'),
  TEMPORAL_NAMESPACE: Joi.string().default('default'),
  TEMPORAL_TLS: Joi.string().valid('on', 'off'),
  TEMPORAL_TLS_CERT: Joi.string().description('PEM file of the client certificate for mTLS'),
  TEMPORAL_TLS_KEY: Joi.string().description('PEM file of the client key for mTLS'),
  TEMPORAL_TLS_CA: Joi.string().description("PEM file of the CA of Temporal's server certificate"),
  TEMPORAL_TLS_SERVER_NAME: Joi.string().hostname(),
  TEMPORAL_API_KEY: Joi.string().min(1),
  FLOWDESK_TASK_QUEUE: Joi.string().default('flowdesk-processes'),
  FLOWDESK_ACTIVITY_TASK_QUEUE: Joi.string(),
  FLOWDESK_WORKER_MODE: Joi.string().valid('all', 'workflows', 'activities').default('all'),
  FLOWDESK_WORKFLOW_TASK_POLLERS: pollerSetting,
  FLOWDESK_ACTIVITY_TASK_POLLERS: pollerSetting,
  FLOWDESK_DATA_DIR: Joi.string().default(join(repoRoot, '.data')),
  FLOWDESK_TEMPORAL_CLI: Joi.string(),
  XDG_CACHE_HOME: Joi.string(),
  FLOWDESK_UI_DIR: Joi.string().default(join(repoRoot, 'ui', 'dist', 'flowdesk-ui', 'browser')),
  JWT_SECRET: Joi.string().min(32).description('HMAC key for access tokens, at least 32 characters'),
  ACCESS_TOKEN_TTL_SEC: Joi.number().integer().min(30).max(86_400).default(900),
  REFRESH_TOKEN_TTL_SEC: Joi.number()
    .integer()
    .min(300)
    .max(90 * 86_400)
    .default(14 * 86_400),
  RATE_LIMIT_BURST: Joi.number().integer().min(1).default(300),
  RATE_LIMIT_PER_SEC: Joi.number().min(0.01).default(20),
  LOGIN_RATE_LIMIT_BURST: Joi.number().integer().min(1).default(10),
  LOGIN_RATE_LIMIT_PER_SEC: Joi.number().min(0.001).default(0.1),
  MAIL_INBOUND_PORT: Joi.number().port().default(2525),
  SMTP_URL: Joi.string().uri({ scheme: ['smtp', 'smtps'] }),
  MAIL_FROM: Joi.string().default('Flowdesk Service Desk <desk@flowdesk.localhost>'),
  MAIL_TRUSTED_AUTHSERV_ID: Joi.string()
    .trim()
    .pattern(/^[A-Za-z0-9.-]+$/, 'host name')
    .description('authserv-id of our own MTA in Authentication-Results'),
  FLOWDESK_PUBLIC_URL: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .description('the address users reach Flowdesk at, for links in mails'),
  ATTACHMENT_MAX_BYTES: Joi.number()
    .integer()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  // 40 megapixels holds any phone or camera photo (a 7000 × 5000 sensor is 35) and decodes in about 160 MB.
  ATTACHMENT_MAX_PIXELS: Joi.number().integer().min(10_000).max(268_402_689).default(40_000_000),
  ATTACHMENT_QUOTA_BYTES: Joi.number()
    .integer()
    .min(1024)
    .default(500 * 1024 * 1024)
    .description('attachments one user may store altogether'),
  TICKET_REOPEN_DAYS: Joi.number()
    .integer()
    .min(0)
    .max(365)
    .default(14)
    .description('days after closing in which a ticket can be reopened'),
  FLOWDESK_WHATIF_MAX_INSTANCES: Joi.number()
    .integer()
    .min(1)
    .max(100_000)
    .default(2_000)
    .description('instances one what-if replay may take'),
  FLOWDESK_WEBHOOK_PRIVATE_TARGETS: Joi.string().valid('allow', 'refuse'),
  FLOWDESK_WEBHOOK_RETRY_INITIAL_MS: Joi.number().integer().min(100).max(3_600_000).default(10_000),
  FLOWDESK_WEBHOOK_MAX_ATTEMPTS: Joi.number().integer().min(1).max(100).default(30),
  FLOWDESK_START_SWEEP_EVERY_SEC: Joi.number().integer().min(10).max(86_400).default(60),
  METRICS_TOKEN: Joi.string().min(16).description('bearer token for GET /metrics, at least 16 characters'),
  TEMPORAL_WORKER_METRICS_BIND: Joi.string().pattern(/^[^\s:]+:\d+$/, 'host:port'),
  OTEL_EXPORTER_OTLP_ENDPOINT: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .description('OTLP/HTTP collector for traces'),
  LOG_LEVEL: Joi.string().valid('trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent').default('info'),
})
  // A certificate without its key (or the other way round) is a half-configured mTLS: refuse it at boot.
  .and('TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY')
  .unknown(true);

/** Admission control's settings: unset, four requests per pooled connection and a 5 s wait. */
export function apiAdmission(poolMax = 10, maxInFlight?: number, queueWaitMs = 5_000): Config['apiAdmission'] {
  return { maxInFlight: maxInFlight ?? 4 * poolMax, queueWaitMs };
}

/** @throws Error naming every invalid variable; a bad config must stop the process at boot. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const { value, error } = schema.validate(env, { abortEarly: false, convert: true });
  if (error) throw new Error(`Invalid configuration: ${error.details.map((d) => d.message).join('; ')}`);
  const cacheHome = value.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return {
    host: value.HOST,
    port: value.PORT,
    ...(value.DATABASE_URL ? { databaseUrl: value.DATABASE_URL } : {}),
    databasePoolMax: value.DATABASE_POOL_MAX,
    databasePoolWaitMs: value.DATABASE_POOL_WAIT_MS,
    apiAdmission: apiAdmission(value.DATABASE_POOL_MAX, value.FLOWDESK_API_MAX_IN_FLIGHT, value.FLOWDESK_API_QUEUE_WAIT_MS),
    ...(value.DATABASE_APP_URL ? { databaseAppUrl: value.DATABASE_APP_URL } : {}),
    ormTenantFilters: value.FLOWDESK_ORM_TENANT_FILTERS === 'on',
    secrets: value.FLOWDESK_SECRETS_FROM_ENV === 'on' ? secretsFromEnv(env) : {},
    ...(value.TEMPORAL_ADDRESS ? { temporalAddress: value.TEMPORAL_ADDRESS } : {}),
    temporalNamespace: value.TEMPORAL_NAMESPACE,
    temporalSecurity: temporalSecurityFrom(value),
    taskQueue: value.FLOWDESK_TASK_QUEUE,
    ...(value.FLOWDESK_ACTIVITY_TASK_QUEUE && value.FLOWDESK_ACTIVITY_TASK_QUEUE !== value.FLOWDESK_TASK_QUEUE
      ? { activityTaskQueue: value.FLOWDESK_ACTIVITY_TASK_QUEUE }
      : {}),
    workerMode: value.FLOWDESK_WORKER_MODE,
    pollers: {
      ...(value.FLOWDESK_WORKFLOW_TASK_POLLERS ? { workflowTask: pollerOf(value.FLOWDESK_WORKFLOW_TASK_POLLERS) } : {}),
      ...(value.FLOWDESK_ACTIVITY_TASK_POLLERS ? { activityTask: pollerOf(value.FLOWDESK_ACTIVITY_TASK_POLLERS) } : {}),
    },
    dataDir: resolve(value.FLOWDESK_DATA_DIR),
    temporalCli: value.FLOWDESK_TEMPORAL_CLI ?? join(cacheHome, 'flowdesk', 'bin', 'temporal'),
    uiDir: resolve(value.FLOWDESK_UI_DIR),
    processesDir: join(repoRoot, 'workflows', 'processes'),
    logLevel: value.LOG_LEVEL,
    mailInboundPort: value.MAIL_INBOUND_PORT,
    ...(value.SMTP_URL ? { smtpUrl: value.SMTP_URL } : {}),
    mailFrom: value.MAIL_FROM,
    ...(value.MAIL_TRUSTED_AUTHSERV_ID ? { mailTrustedAuthservId: value.MAIL_TRUSTED_AUTHSERV_ID } : {}),
    ...(value.FLOWDESK_PUBLIC_URL ? { publicUrl: value.FLOWDESK_PUBLIC_URL.replace(/\/+$/, '') } : {}),
    attachments: {
      dir: join(resolve(value.FLOWDESK_DATA_DIR), 'attachments'),
      maxBytes: value.ATTACHMENT_MAX_BYTES,
      maxPixels: value.ATTACHMENT_MAX_PIXELS,
      quotaBytes: value.ATTACHMENT_QUOTA_BYTES,
    },
    reopenWindowDays: value.TICKET_REOPEN_DAYS,
    whatIfMaxInstances: value.FLOWDESK_WHATIF_MAX_INSTANCES,
    webhooks: {
      privateTargets: value.FLOWDESK_WEBHOOK_PRIVATE_TARGETS ?? (env.NODE_ENV === 'production' ? 'refuse' : 'allow'),
      retry: {
        initialIntervalMs: value.FLOWDESK_WEBHOOK_RETRY_INITIAL_MS,
        maximumIntervalMs: 3_600_000,
        maximumAttempts: value.FLOWDESK_WEBHOOK_MAX_ATTEMPTS,
      },
    },
    startSweepEverySec: value.FLOWDESK_START_SWEEP_EVERY_SEC,
    ...(value.METRICS_TOKEN ? { metricsToken: value.METRICS_TOKEN } : {}),
    ...(value.TEMPORAL_WORKER_METRICS_BIND ? { workerMetricsBind: value.TEMPORAL_WORKER_METRICS_BIND } : {}),
    ...(value.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: value.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
    ...(value.JWT_SECRET ? { jwtSecret: value.JWT_SECRET } : {}),
    security: {
      accessTokenTtlSec: value.ACCESS_TOKEN_TTL_SEC,
      refreshTokenTtlSec: value.REFRESH_TOKEN_TTL_SEC,
      rateLimit: { capacity: value.RATE_LIMIT_BURST, refillPerSec: value.RATE_LIMIT_PER_SEC },
      loginRateLimit: { capacity: value.LOGIN_RATE_LIMIT_BURST, refillPerSec: value.LOGIN_RATE_LIMIT_PER_SEC },
    },
  };
}

/**
 * The JWT secret: JWT_SECRET if set, else one generated on first start and kept (mode 0600) under the
 * data directory, so a restart does not sign everyone out.
 */
export function resolveJwtSecret(config: Pick<Config, 'jwtSecret' | 'dataDir'>): string {
  if (config.jwtSecret) return config.jwtSecret;
  const file = join(config.dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  return secret;
}

function temporalSecurityFrom(value: Record<string, string | undefined>): TemporalSecurity {
  const impliesTls = !!(value.TEMPORAL_TLS_CERT || value.TEMPORAL_TLS_CA || value.TEMPORAL_TLS_SERVER_NAME || value.TEMPORAL_API_KEY);
  // An API key or a client certificate sent in clear text would be a leak, not a setting.
  if (value.TEMPORAL_TLS === 'off' && impliesTls)
    throw new Error(
      'Invalid configuration: TEMPORAL_TLS=off contradicts TEMPORAL_TLS_CERT/_CA/_SERVER_NAME and TEMPORAL_API_KEY, which need TLS',
    );
  return {
    tls: value.TEMPORAL_TLS ? value.TEMPORAL_TLS === 'on' : impliesTls,
    ...(value.TEMPORAL_TLS_CERT ? { clientCertPath: resolve(value.TEMPORAL_TLS_CERT) } : {}),
    ...(value.TEMPORAL_TLS_KEY ? { clientKeyPath: resolve(value.TEMPORAL_TLS_KEY) } : {}),
    ...(value.TEMPORAL_TLS_CA ? { serverCaPath: resolve(value.TEMPORAL_TLS_CA) } : {}),
    ...(value.TEMPORAL_TLS_SERVER_NAME ? { serverName: value.TEMPORAL_TLS_SERVER_NAME } : {}),
    ...(value.TEMPORAL_API_KEY ? { apiKey: value.TEMPORAL_API_KEY } : {}),
  };
}

const SECRET_PREFIX = 'FLOWDESK_SECRET_';

/** `FLOWDESK_SECRET_SMTP_PASSWORD=…` → `{ SMTP_PASSWORD: '…' }`. */
function secretsFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).flatMap(([key, value]) =>
      key.startsWith(SECRET_PREFIX) && key.length > SECRET_PREFIX.length && value !== undefined
        ? [[key.slice(SECRET_PREFIX.length), value]]
        : [],
    ),
  );
}
