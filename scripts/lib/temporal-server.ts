import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { freePort, isPortFree } from './free-port';
import { stopChild, type RunningTemporal } from './temporal-dev-server';

const run = promisify(execFile);

/** The server release the project runs on, the same as the dev server inside Temporal CLI v1.5.1. */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';

export interface TemporalServerBinaries {
  server: string;
  sql: string;
}

/** Where the built binaries live: `temporal-server` and `temporal-sql-tool`, beside the cached CLI. */
export function temporalServerBinaries(binDir: string): TemporalServerBinaries {
  return { server: join(binDir, 'server'), sql: join(binDir, 'sql') };
}

/**
 * `go install` of the server and its SQL schema tool into binDir, unless both are there: the first build
 * takes a few minutes of every core, later calls return at once.
 */
export async function buildTemporalServer(binDir: string, log: (line: string) => void = () => undefined): Promise<TemporalServerBinaries> {
  const bins = temporalServerBinaries(binDir);
  mkdirSync(binDir, { recursive: true });
  for (const [name, path] of [
    ['server', bins.server],
    ['tools/sql', bins.sql],
  ] as const) {
    if (existsSync(path)) continue;
    log(`building go.temporal.io/server/cmd/${name}@${TEMPORAL_SERVER_VERSION} (once; a few minutes)`);
    try {
      await run('go', ['install', `go.temporal.io/server/cmd/${name}@${TEMPORAL_SERVER_VERSION}`], {
        env: { ...process.env, GOBIN: binDir },
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch (err) {
      throw new Error(
        `go install of the Temporal ${name} failed (is Go ≥ 1.24 on PATH?): ${(err as { stderr?: string }).stderr ?? String(err)}`,
      );
    }
  }
  return bins;
}

/** The owner connection Temporal's two databases are created through, as the schema tool reads it. */
function sqlEnv(postgresUrl: string, database: string): NodeJS.ProcessEnv {
  const url = new URL(postgresUrl);
  return {
    ...process.env,
    SQL_PLUGIN: 'postgres12',
    SQL_HOST: url.hostname,
    SQL_PORT: url.port || '5432',
    SQL_USER: decodeURIComponent(url.username),
    SQL_PASSWORD: decodeURIComponent(url.password),
    SQL_DATABASE: database,
  };
}

/**
 * Creates (if missing) and migrates Temporal's workflow store `temporal` and visibility store
 * `temporal_visibility` on the PostgreSQL server of postgresUrl, with the schemas embedded in the tool.
 * Run again after a server upgrade: update-schema applies only what is new.
 */
export async function migrateTemporalSchemas(sqlTool: string, postgresUrl: string, dbNames = TEMPORAL_DATABASES): Promise<void> {
  for (const [database, schemaName] of [
    [dbNames.store, 'postgresql/v12/temporal'],
    [dbNames.visibility, 'postgresql/v12/visibility'],
  ] as const) {
    const env = sqlEnv(postgresUrl, database);
    try {
      await run(sqlTool, ['create-database'], { env });
    } catch (err) {
      const out = `${(err as { stdout?: string }).stdout ?? ''}${(err as { stderr?: string }).stderr ?? ''}`;
      if (!/already exists/.test(out)) throw new Error(`creating database ${database}: ${out || String(err)}`);
    }
    await run(sqlTool, ['setup-schema', '-v', '0.0'], { env });
    await run(sqlTool, ['update-schema', '--schema-name', schemaName], { env });
  }
}

export const TEMPORAL_DATABASES = { store: 'temporal', visibility: 'temporal_visibility' };

export interface TemporalServerPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
  metrics: number;
}

/** Every port the server listens on, free now; the frontend on `frontend` when that is given. */
export async function freeTemporalPorts(frontend?: number): Promise<TemporalServerPorts> {
  return {
    frontend: frontend ?? (await freePort()),
    frontendHttp: await freePort(),
    frontendMembership: await freeMembershipPort(),
    history: await freePort(),
    historyMembership: await freeMembershipPort(),
    matching: await freePort(),
    matchingMembership: await freeMembershipPort(),
    worker: await freePort(),
    workerMembership: await freeMembershipPort(),
    metrics: await freePort(),
  };
}

/**
 * The server records each service's membership port in cluster_membership.rpc_port, a PostgreSQL
 * smallint: above 32767 it cannot start ("out of range for type smallint"). The kernel's ephemeral
 * ports start at 32768, so these are drawn from below.
 */
async function freeMembershipPort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await isPortFree(port)) return port;
  }
  throw new Error('no free port between 20000 and 32000 for Temporal membership');
}

export interface RunningTemporalServer extends RunningTemporal {
  pid: number;
  metricsUrl: string;
}

/**
 * Starts the real Temporal server (all four services in one process) from the checked-in config template
 * `scripts/temporal/config/flowdesk.yaml`, on Temporal's databases of postgresUrl's server (migrated first),
 * and registers `namespace` if missing. Resolves when a client can use the namespace.
 */
export async function startTemporalServer(opts: {
  binaries: TemporalServerBinaries;
  postgresUrl: string;
  repoRoot: string;
  logFile: string;
  ports: TemporalServerPorts;
  historyShards?: number;
  namespace?: string;
  /** Days a closed workflow's history is kept. */
  retentionDays?: number;
}): Promise<RunningTemporalServer> {
  await migrateTemporalSchemas(opts.binaries.sql, opts.postgresUrl);
  const url = new URL(opts.postgresUrl);
  const p = opts.ports;
  const out = openSync(opts.logFile, 'a');
  const child = spawn(
    opts.binaries.server,
    ['--root', '/', '--config', join(opts.repoRoot, 'scripts', 'temporal', 'config'), '--env', 'flowdesk', 'start'],
    {
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        TEMPORAL_DB_HOST: url.hostname,
        TEMPORAL_DB_PORT: url.port || '5432',
        TEMPORAL_DB_USER: decodeURIComponent(url.username),
        TEMPORAL_DB_PASSWORD: decodeURIComponent(url.password),
        TEMPORAL_HISTORY_SHARDS: String(opts.historyShards ?? 4),
        TEMPORAL_FRONTEND_PORT: String(p.frontend),
        TEMPORAL_FRONTEND_HTTP_PORT: String(p.frontendHttp),
        TEMPORAL_FRONTEND_MEMBERSHIP_PORT: String(p.frontendMembership),
        TEMPORAL_HISTORY_PORT: String(p.history),
        TEMPORAL_HISTORY_MEMBERSHIP_PORT: String(p.historyMembership),
        TEMPORAL_MATCHING_PORT: String(p.matching),
        TEMPORAL_MATCHING_MEMBERSHIP_PORT: String(p.matchingMembership),
        TEMPORAL_WORKER_PORT: String(p.worker),
        TEMPORAL_WORKER_MEMBERSHIP_PORT: String(p.workerMembership),
        TEMPORAL_METRICS_PORT: String(p.metrics),
        TEMPORAL_DYNAMIC_CONFIG: join(opts.repoRoot, 'scripts', 'temporal', 'config', 'dynamicconfig.yaml'),
      },
    },
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  const address = `127.0.0.1:${p.frontend}`;
  try {
    await ensureNamespace(address, opts.namespace ?? 'default', opts.retentionDays ?? 3, () => child.exitCode, opts.logFile);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    address,
    uiUrl: '',
    pid: child.pid!,
    metricsUrl: `http://127.0.0.1:${p.metrics}/metrics`,
    stop: () => stopChild(child),
  };
}

/** Waits for the frontend, registers the namespace if it is new, and waits until the services know it. */
async function ensureNamespace(
  address: string,
  namespace: string,
  retentionDays: number,
  exitCode: () => number | null,
  logFile: string,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (exitCode() !== null) throw new Error(`Temporal server exited with code ${exitCode()}; see ${logFile}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        try {
          await connection.workflowService.describeNamespace({ namespace });
          // Known to the frontend; a workflow start also needs history and matching to know it.
          await connection.workflowService.listOpenWorkflowExecutions({ namespace, maximumPageSize: 1 });
          return;
        } catch (err) {
          if (!/not found/i.test(String(err))) throw err;
          await connection.workflowService.registerNamespace({
            namespace,
            workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`),
          });
          // Every service refreshes its namespace cache every 2 s (dynamicconfig.yaml): wait that out once.
          await new Promise((r) => setTimeout(r, 3000));
        }
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(
    `Temporal server at ${address} did not serve namespace ${namespace} in ${timeoutMs} ms: ${String(lastError)}; see ${logFile}`,
  );
}
