import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { preferredPort } from './free-port';

export interface RunningTemporal {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

/**
 * The dev server's SQLite file in write-ahead-log mode. By default SQLite keeps a rollback journal, in
 * which a write locks out every reader until its commit, and each commit creates, syncs and deletes
 * the journal. Every workflow task, timer and activity of every worker goes through that one file, so
 * two workers queued behind it: with the cores half idle, their workflow tasks waited 5-6 s to start,
 * against 0.15 s on the real server (bench:scaleout --worker-metrics). In WAL mode readers go on
 * beside the writer and a commit is one append; `synchronous` stays FULL, so a commit is on disk
 * before Temporal acknowledges it, as before.
 */
const SQLITE_PRAGMAS = ['--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=FULL'];

/**
 * `temporal server start-dev` on a SQLite file in the data directory, so workflows survive a restart.
 * The binary is built from the Go module proxy by scripts/install-temporal-cli.sh and cached outside the repo.
 */
export async function startTemporalDevServer(opts: {
  binary: string;
  dataDir: string;
  /** Keep workflows in a SQLite file under dataDir (survives restarts); false: in memory, for tests. */
  persistent?: boolean;
  port?: number;
  uiPort?: number;
  logFile?: string;
}): Promise<RunningTemporal> {
  mkdirSync(opts.dataDir, { recursive: true });
  if (!existsSync(opts.binary)) return startDownloadedDevServer(opts);
  const port = await preferredPort(opts.port ?? 7233);
  const uiPort = await preferredPort(opts.uiPort ?? 8233);
  const out = openSync(opts.logFile ?? join(opts.dataDir, 'temporal.log'), 'a');
  const child = spawn(
    opts.binary,
    [
      'server',
      'start-dev',
      ...(opts.persistent === false ? [] : ['--db-filename', join(opts.dataDir, 'temporal.db'), ...SQLITE_PRAGMAS]),
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--ui-port',
      String(uiPort),
      '--log-level',
      'warn',
      '--namespace',
      'default',
    ],
    { stdio: ['ignore', out, out] },
  );
  const address = `127.0.0.1:${port}`;
  // If this process dies without stopping it, the dev server must not outlive it holding the port.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  await waitUntilServing(address, child);
  return {
    address,
    uiUrl: `http://127.0.0.1:${uiPort}`,
    stop: () => stopChild(child),
  };
}

async function waitUntilServing(address: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`temporal server exited with code ${child.exitCode}; see temporal.log in the data directory`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        // The namespace is registered a moment after the frontend answers.
        await connection.workflowService.describeNamespace({ namespace: 'default' });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`temporal server at ${address} did not become ready in ${timeoutMs} ms: ${String(lastError)}`);
}

export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Neither Go nor a cached CLI: the Temporal SDK's own dev-server download (needs the internet).
 * If that fails too, the error says every way out.
 */
async function startDownloadedDevServer(opts: {
  binary: string;
  dataDir: string;
  persistent?: boolean;
  port?: number;
  uiPort?: number;
}): Promise<RunningTemporal> {
  const port = await preferredPort(opts.port ?? 7233);
  const uiPort = await preferredPort(opts.uiPort ?? 8233);
  try {
    const { TestWorkflowEnvironment } = await import('@temporalio/testing');
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        ip: '127.0.0.1',
        port,
        ui: true,
        uiPort,
        ...(opts.persistent === false ? {} : { dbFilename: join(opts.dataDir, 'temporal.db') }),
      },
    });
    return { address: env.address, uiUrl: `http://127.0.0.1:${uiPort}`, stop: () => env.teardown() };
  } catch (err) {
    throw new Error(
      `No Temporal CLI at ${opts.binary}, and the Temporal SDK could not download a dev server (${(err as Error).message}). ` +
        'Install Go so scripts/install.sh can build the CLI, put a temporal binary at that path (FLOWDESK_TEMPORAL_CLI), or set TEMPORAL_ADDRESS to a running server.',
    );
  }
}
