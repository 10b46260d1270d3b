import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import Joi from 'joi';

/** Everything the system reads from the environment, validated once at boot. Nothing else reads process.env. */
export interface Config {
  host: string;
  port: number;
  /** Unset: an embedded PostgreSQL is started under dataDir. */
  databaseUrl?: string;
  /** Unset: a Temporal dev server is started on a SQLite file under dataDir. */
  temporalAddress?: string;
  temporalNamespace: string;
  taskQueue: string;
  dataDir: string;
  temporalCli: string;
  uiDir: string;
  /** The BPMN processes deployed as demo data on start. */
  processesDir: string;
  logLevel: string;
}

/** The checkout's root, whether this runs from source (ts-jest) or from the compiled dist/ tree. */
const repoRoot = __dirname.endsWith(join('dist', 'service-catalog')) ? resolve(__dirname, '..', '..') : resolve(__dirname, '..');

const schema = Joi.object({
  HOST: Joi.string().hostname().default('127.0.0.1'),
  PORT: Joi.number().port().default(4300),
  DATABASE_URL: Joi.string().uri({ scheme: ['postgres', 'postgresql'] }),
  TEMPORAL_ADDRESS: Joi.string().pattern(/^[^\s:]+:\d+$/, 'host:port'),
  TEMPORAL_NAMESPACE: Joi.string().default('default'),
  FLOWDESK_TASK_QUEUE: Joi.string().default('flowdesk-processes'),
  FLOWDESK_DATA_DIR: Joi.string().default(join(repoRoot, '.data')),
  FLOWDESK_TEMPORAL_CLI: Joi.string(),
  XDG_CACHE_HOME: Joi.string(),
  FLOWDESK_UI_DIR: Joi.string().default(join(repoRoot, 'ui', 'dist', 'flowdesk-ui', 'browser')),
  LOG_LEVEL: Joi.string().valid('trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent').default('info'),
}).unknown(true);

/** @throws Error naming every invalid variable; a bad config must stop the process at boot. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const { value, error } = schema.validate(env, { abortEarly: false, convert: true });
  if (error) throw new Error(`Invalid configuration: ${error.details.map((d) => d.message).join('; ')}`);
  const cacheHome = value.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return {
    host: value.HOST,
    port: value.PORT,
    ...(value.DATABASE_URL ? { databaseUrl: value.DATABASE_URL } : {}),
    ...(value.TEMPORAL_ADDRESS ? { temporalAddress: value.TEMPORAL_ADDRESS } : {}),
    temporalNamespace: value.TEMPORAL_NAMESPACE,
    taskQueue: value.FLOWDESK_TASK_QUEUE,
    dataDir: resolve(value.FLOWDESK_DATA_DIR),
    temporalCli: value.FLOWDESK_TEMPORAL_CLI ?? join(cacheHome, 'flowdesk', 'bin', 'temporal'),
    uiDir: resolve(value.FLOWDESK_UI_DIR),
    processesDir: join(repoRoot, 'workflows', 'processes'),
    logLevel: value.LOG_LEVEL,
  };
}
