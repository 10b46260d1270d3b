import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Config } from '../../service-catalog/config';
import { freePort } from '../../scripts/lib/free-port';
import { startInfrastructure } from '../../scripts/lib/infrastructure';
import { stopChild } from '../../scripts/lib/temporal-dev-server';

export interface RunningFlowdesk {
  url: string;
  databaseUrl: string;
  temporalAddress: string;
  /** The Node process running the API and the worker (workflows/main/all-in-one.ts). */
  systemPid: number;
  /** The PostgreSQL postmaster; its backends are its children. */
  postgresPid: number;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * The whole system as `npm start` runs it, on embedded defaults in `dir`: this process starts the
 * embedded PostgreSQL and the Temporal dev server (the same startInfrastructure, so the same SQLite-backed
 * dev server and PostgreSQL flags), then runs dist/workflows/main/all-in-one.js in a child pointed at them,
 * which migrates, starts the worker and the API, and seeds the demo data. The child is a process of
 * its own so its CPU is told apart from the load generator's.
 */
export async function startFlowdesk(opts: {
  dir: string;
  config: Config;
  env: Record<string, string>;
  /** `npm start` keeps Temporal's store in a SQLite file; in memory shows what that persistence costs. */
  temporalInMemory?: boolean;
  log: (line: string) => void;
}): Promise<RunningFlowdesk> {
  const infra = await startInfrastructure({ dataDir: opts.dir, temporalCli: opts.config.temporalCli, persistentTemporal: !opts.temporalInMemory, log: opts.log });
  let child: ChildProcess | undefined;
  try {
    const port = await freePort(opts.config.host);
    const logFile = join(opts.dir, 'flowdesk.log');
    child = spawn(process.execPath, [join(__dirname, '..', '..', 'workflows', 'main', 'all-in-one.js')], {
      env: {
        ...process.env,
        ...opts.env,
        DATABASE_URL: infra.databaseUrl,
        TEMPORAL_ADDRESS: infra.temporalAddress,
        FLOWDESK_DATA_DIR: join(opts.dir, 'system'),
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // If this process dies without stopping it, the system must not outlive it holding the database.
    const spawned = child;
    const killOnExit = () => spawned.kill('SIGKILL');
    process.once('exit', killOnExit);
    spawned.once('exit', () => process.removeListener('exit', killOnExit));
    const url = await waitForBanner(child, createWriteStream(logFile), logFile);
    const postgresPid = Number(readFileSync(join(opts.dir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const running = child;
    return {
      url,
      databaseUrl: infra.databaseUrl,
      temporalAddress: infra.temporalAddress,
      systemPid: running.pid!,
      postgresPid,
      logFile,
      stop: async () => {
        await stopChild(running);
        await infra.stop();
      },
    };
  } catch (err) {
    if (child) await stopChild(child);
    await infra.stop();
    throw err;
  }
}

/** Resolves with the URL the all-in-one entry prints once the API, worker and demo data are up. */
function waitForBanner(child: ChildProcess, log: NodeJS.WritableStream, logFile: string): Promise<string> {
  return new Promise((resolve, reject) => {
    child.stderr!.pipe(log, { end: false });
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      log.write(`${line}\n`);
      const match = /Flowdesk is running at (\S+?)\/?\s/.exec(`${line} `);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code, signal) => reject(new Error(`Flowdesk exited (${signal ?? `code ${code}`}) before it was ready; see ${logFile}`)));
  });
}
