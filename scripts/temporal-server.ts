/**
 * `npm run temporal:server`: a real Temporal server (not the dev server) on PostgreSQL, in the foreground.
 * Builds the server and its SQL tool once (Go module proxy, cached beside the Temporal CLI), creates and
 * migrates the `temporal` and `temporal_visibility` databases on DATABASE_URL's server — or, without it, on
 * an embedded PostgreSQL under `<data dir>/temporal-postgres` — starts the server from
 * scripts/temporal/config/flowdesk.yaml, registers the `default` namespace and prints TEMPORAL_ADDRESS.
 * TEMPORAL_SERVER_PORT picks the frontend's port (default 7233, or a free one when taken);
 * TEMPORAL_HISTORY_SHARDS the shard count, fixed at the cluster's first start.
 */
import { dirname, join } from 'node:path';
import { loadConfig } from '../service-catalog/config';
import { startEmbeddedPostgres, type RunningPostgres } from './lib/embedded-postgres';
import { preferredPort } from './lib/free-port';
import { buildTemporalServer, freeTemporalPorts, startTemporalServer } from './lib/temporal-server';

const repoRoot = join(__dirname, '..', '..');

async function main(): Promise<void> {
  const config = loadConfig();
  const binaries = await buildTemporalServer(dirname(config.temporalCli), (line) => console.log(`==> ${line}`));
  let postgres: RunningPostgres | undefined;
  let postgresUrl = config.databaseUrl;
  if (!postgresUrl) {
    // Its own cluster, not the one `npm start` keeps under <data dir>/postgres: both may run at once.
    postgres = await startEmbeddedPostgres({ dataDir: join(config.dataDir, 'temporal-postgres'), port: 54339 });
    postgresUrl = postgres.url;
  }
  const frontend = await preferredPort(Number(process.env.TEMPORAL_SERVER_PORT ?? 7233));
  const ports = await freeTemporalPorts(frontend);
  const logFile = join(config.dataDir, 'temporal-server.log');
  console.log(`==> migrating Temporal's schemas and starting the server (log: ${logFile})`);
  const server = await startTemporalServer({
    binaries,
    postgresUrl,
    repoRoot,
    logFile,
    ports,
    historyShards: Number(process.env.TEMPORAL_HISTORY_SHARDS ?? 4),
  });
  console.log(`TEMPORAL_ADDRESS=${server.address}`);
  console.log(`Temporal persistence: ${redact(postgresUrl)} (databases temporal, temporal_visibility); metrics: ${server.metricsUrl}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      await server.stop();
      await postgres?.stop();
      process.exit(0);
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

main().catch((err) => {
  console.error(`temporal:server failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
