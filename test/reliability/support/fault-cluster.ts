// Over 300 lines because it supervises PostgreSQL, Temporal, the API nodes and the workers, whose restarts share state.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Pool } from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import { EngineClient } from '../../../workflows/client';
import { loadConfig } from '../../../service-catalog/config';
import { prepareDatabase } from '../../../service-catalog/db/app-role';
import { createOrm } from '../../../service-catalog/db/orm';
import type { InboundMail } from '../../../service-catalog/mail/domain/mail-intake';
import { startSmtpEndpoint, type RunningSmtp } from '../../../service-catalog/mail/smtp-servers';
import { ticketProcesses } from '../../../service-catalog/tickets/domain/ticket-service';
import { createTicketServices } from '../../../service-catalog/tickets/ticket-services';
import { LOCAL_TASK_TYPES } from '../../../workflows/activities';
import { seedDemoData } from '../../../scripts/lib/demo-data';
import { startEmbeddedPostgres, type RunningPostgres } from '../../../scripts/lib/embedded-postgres';
import { freePort } from '../../../scripts/lib/free-port';
import { startTemporalDevServer, type RunningTemporal } from '../../../scripts/lib/temporal-dev-server';
import {
  buildTemporalServer,
  freeTemporalPorts,
  startTemporalServer,
  type RunningTemporalServer,
  type TemporalServerPorts,
} from '../../../scripts/lib/temporal-server';
import { repoRoot } from '../../support/repo-root';
import { startForwarder, type AppNamespace } from './netns';

/**
 * The whole system as separate OS processes, for fault injection: PostgreSQL (embedded, its own data
 * directory), a Temporal dev server on a SQLite file, an SMTP sink, the API and the worker. The API and
 * the worker run the compiled code in dist/ (`npm test` builds it first) and are supervised: one that
 * dies is started again, as systemd or Kubernetes would, and every start is counted.
 *
 * Scaled out (`apiNodes`, `workers`), it runs several API processes on their own ports and several
 * workers on one task queue; with `temporal: 'server'` Temporal is the real server
 * (scripts/lib/temporal-server.ts) with its stores on the same PostgreSQL as the desk.
 */
export class FaultCluster {
  readonly sink: InboundMail[] = [];
  /** The first API node and the first worker: the ones the single-node fault tests aim at. */
  readonly api: Supervised;
  readonly worker: Supervised;
  readonly apis: Supervised[];
  readonly workers: Supervised[];
  private pg!: RunningPostgres;
  private temporal!: RunningTemporal | RunningTemporalServer;
  private temporalServerPorts?: TemporalServerPorts;
  private smtp!: RunningSmtp;
  readonly restarts = { postgres: 0, temporal: 0 };

  private readonly forwarders: Array<{ close(): Promise<void> }> = [];
  private queryPool: Pool | undefined;

  private constructor(
    readonly dataDir: string,
    readonly ports: { postgres: number; temporal: number; temporalUi: number; api: number; smtp: number },
    readonly taskQueue: string,
    private workerEnv: Record<string, string>,
    private readonly netns?: AppNamespace,
    /** More environment for both the API and the worker (e.g. DATABASE_POOL_MAX). */
    private readonly extraEnv: Record<string, string> = {},
    /** Ports of the API nodes after the first (which listens on ports.api). */
    readonly moreApiPorts: number[] = [],
    workerCount = 1,
    readonly temporalKind: 'dev' | 'server' = 'dev',
    /** More environment for each worker by index (e.g. FLOWDESK_WORKER_MODE), over `workerEnv`. */
    private readonly workerEnvs: Array<Record<string, string>> = [],
  ) {
    const env = () => this.childEnv();
    const wrap = netns ? (cmd: string[]) => ['ip', 'netns', 'exec', netns.name, ...cmd] : (cmd: string[]) => cmd;
    this.apis = [ports.api, ...moreApiPorts].map(
      (port, i) =>
        new Supervised(
          i ? `api-${i + 1}` : 'api',
          wrap([process.execPath, ...nodeFlags('FLOWDESK_API_NODE_FLAGS'), compiled('api-process')]),
          () => ({
            ...env(),
            PORT: String(port),
          }),
        ),
    );
    this.workers = Array.from(
      { length: workerCount },
      (_, i) =>
        new Supervised(
          i ? `worker-${i + 1}` : 'worker',
          wrap([process.execPath, ...nodeFlags('FLOWDESK_WORKER_NODE_FLAGS'), compiled('worker-process')]),
          () => ({
            ...env(),
            ...this.workerEnv,
            ...this.workerEnvs[i],
          }),
        ),
    );
    this.api = this.apis[0]!;
    this.worker = this.workers[0]!;
  }

  /**
   * @param opts.netns run the API and the worker inside this network namespace, reaching PostgreSQL,
   *   Temporal and the mail sink through forwarders on the host's end of its veth pair (which can add
   *   latency when the kernel has no netem).
   */
  static async start(
    opts: {
      workerEnv?: Record<string, string>;
      netns?: AppNamespace;
      env?: Record<string, string>;
      apiNodes?: number;
      workers?: number;
      /** More environment for each worker by index (e.g. one in `FLOWDESK_WORKER_MODE=activities`). */
      workerEnvs?: Array<Record<string, string>>;
      /** `server`: the real Temporal server on PostgreSQL (built with Go once), instead of the dev server. */
      temporal?: 'dev' | 'server';
    } = {},
  ): Promise<FaultCluster> {
    const dataDir = mkdtempSync(join(tmpdir(), 'flowdesk-faults-'));
    chmodSync(dataDir, 0o755);
    const ports = {
      postgres: await freePort(),
      temporal: await freePort(),
      temporalUi: await freePort(),
      api: await freePort(),
      smtp: await freePort(),
    };
    const moreApiPorts: number[] = [];
    for (let i = 1; i < (opts.apiNodes ?? 1); i++) moreApiPorts.push(await freePort());
    const cluster = new FaultCluster(
      dataDir,
      ports,
      `faults-${randomUUID()}`,
      opts.workerEnv ?? {},
      opts.netns,
      opts.env ?? {},
      moreApiPorts,
      opts.workers ?? 1,
      opts.temporal ?? 'dev',
      opts.workerEnvs ?? [],
    );
    await cluster.boot();
    return cluster;
  }

  get databaseUrl(): string {
    return this.pg.url;
  }

  get temporalAddress(): string {
    return this.temporal.address;
  }

  get apiUrl(): string {
    return `http://${this.netns?.nsIp ?? '127.0.0.1'}:${this.ports.api}`;
  }

  /** Every API node's address, the first one first. */
  get apiUrls(): string[] {
    return [this.ports.api, ...this.moreApiPorts].map((port) => `http://${this.netns?.nsIp ?? '127.0.0.1'}:${port}`);
  }

  /** Process ids of PostgreSQL's postmaster and of the real Temporal server (for CPU shares). */
  get serverPids(): { postgres?: number; temporal?: number } {
    const postmaster = readFileSync(join(this.dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0];
    return { postgres: Number(postmaster), ...('pid' in this.temporal ? { temporal: this.temporal.pid } : {}) };
  }

  private async boot(): Promise<void> {
    this.smtp = await startSmtpEndpoint({ port: this.ports.smtp, onMail: async (mail) => void this.sink.push(mail) });
    // The real server keeps its stores in the same PostgreSQL, so it starts after it.
    if (this.temporalKind === 'server') {
      await this.startPostgres();
      await this.startTemporal();
    } else await Promise.all([this.startPostgres(), this.startTemporal()]);
    if (this.netns) {
      for (const port of [this.ports.postgres, this.ports.temporal, this.ports.smtp]) {
        this.forwarders.push(await startForwarder({ host: this.netns.hostIp, port, targetPort: port, delayMs: this.netns.delayMs }));
      }
    }
    // Migrated as the owner, with the application role the API and worker children connect as, before either starts.
    const appUrl = await prepareDatabase({ ownerUrl: this.pg.url });
    const orm = await createOrm({ databaseUrl: appUrl, poolMax: 2 });
    const connection = await Connection.connect({ address: this.temporal.address });
    try {
      const engine = new EngineClient(new Client({ connection, namespace: 'default' }), this.taskQueue, {
        localTaskTypes: LOCAL_TASK_TYPES,
      });
      const processes = ticketProcesses(engine);
      await seedDemoData({
        em: orm.em.fork() as EntityManager,
        processes,
        tickets: createTicketServices({ processes }),
        processesDir: loadConfig().processesDir,
      });
    } finally {
      await connection.close();
      await orm.close();
    }
    // The first API node migrates the database; the others start once it has, so no two migrate at once.
    await Promise.all([this.api.start(), ...this.workers.map((w) => w.start())]);
    await Promise.all(this.apis.slice(1).map((a) => a.start()));
  }

  /** Environment for the worker from its next start on (e.g. another clock skew). */
  setWorkerEnv(env: Record<string, string>): void {
    this.workerEnv = env;
  }

  /**
   * Asks the database directly (every tenant), on a connection of its own that outlives restarts: a
   * pool of one, which opens a new connection after PostgreSQL restarts. Not an ORM per call: building
   * one discovers every entity, and the tests and benches that poll this every second or two then kept
   * this process's event loop busy, and with it the forwarders it runs between the network namespaces
   * (a one-byte round trip through them took 30 to 180 ms).
   */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (!this.queryPool) {
      this.queryPool = new Pool({ connectionString: this.pg.url, max: 1 });
      // An idle connection cut by a PostgreSQL restart: the pool drops it and opens another when asked.
      this.queryPool.on('error', () => undefined);
    }
    let n = 0;
    // The callers write MikroORM's `?` placeholders; pg numbers them.
    const { rows } = await this.queryPool.query(
      sql.replace(/\?/g, () => `$${++n}`),
      params,
    );
    return rows as T[];
  }

  /** A Temporal client for checks; closed by the caller. */
  async temporalClient(): Promise<{ client: Client; close(): Promise<void> }> {
    const connection = await Connection.connect({ address: this.temporal.address });
    return { client: new Client({ connection, namespace: 'default' }), close: () => connection.close() };
  }

  async stopPostgres(): Promise<void> {
    await this.pg.stop();
  }

  async startPostgres(): Promise<void> {
    this.pg = await startEmbeddedPostgres({ dataDir: join(this.dataDir, 'postgres'), port: this.ports.postgres });
    if (!this.pg.url.includes(`:${this.ports.postgres}/`))
      throw new Error(`PostgreSQL came back on another port (${this.pg.url}); the system cannot find it there`);
  }

  async restartPostgres(downMs = 0): Promise<void> {
    await this.stopPostgres();
    if (downMs) await sleep(downMs);
    await this.startPostgres();
    this.restarts.postgres++;
  }

  async stopTemporal(): Promise<void> {
    await this.temporal.stop();
  }

  async startTemporal(): Promise<void> {
    if (this.temporalKind === 'server') {
      this.temporalServerPorts ??= await freeTemporalPorts(this.ports.temporal);
      this.temporal = await startTemporalServer({
        binaries: await buildTemporalServer(dirname(loadConfig().temporalCli)),
        postgresUrl: this.pg.url,
        repoRoot,
        logFile: join(this.dataDir, 'temporal-server.log'),
        ports: this.temporalServerPorts,
      });
      return;
    }
    this.temporal = await startTemporalDevServer({
      binary: loadConfig().temporalCli,
      dataDir: join(this.dataDir, 'temporal'),
      persistent: true,
      port: this.ports.temporal,
      uiPort: this.ports.temporalUi,
    });
    if (this.temporal.address !== `127.0.0.1:${this.ports.temporal}`)
      throw new Error(`Temporal came back on another address (${this.temporal.address})`);
  }

  async restartTemporal(downMs = 0): Promise<void> {
    await this.stopTemporal();
    if (downMs) await sleep(downMs);
    await this.startTemporal();
    this.restarts.temporal++;
  }

  async close(): Promise<void> {
    for (const api of this.apis) await api.stop();
    for (const worker of this.workers) await worker.stop();
    await this.temporal?.stop().catch(() => undefined);
    await this.queryPool?.end().catch(() => undefined);
    await this.pg?.stop().catch(() => undefined);
    await this.smtp?.stop().catch(() => undefined);
    for (const f of this.forwarders) await f.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private childEnv(): Record<string, string> {
    const bundle = process.env.FLOWDESK_TEST_WORKFLOW_BUNDLE;
    const peer = this.netns?.hostIp ?? '127.0.0.1';
    return {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      ...(process.env.FLOWDESK_TEMPORAL_CLI ? { FLOWDESK_TEMPORAL_CLI: process.env.FLOWDESK_TEMPORAL_CLI } : {}),
      // A benchmark compares workers with and without the sandbox's stack traces (workflow-stacks.ts).
      ...(process.env.FLOWDESK_WORKFLOW_STACK_TRACES ? { FLOWDESK_WORKFLOW_STACK_TRACES: process.env.FLOWDESK_WORKFLOW_STACK_TRACES } : {}),
      HOST: this.netns?.nsIp ?? '127.0.0.1',
      DATABASE_URL: this.pg.url.replace('@127.0.0.1:', `@${peer}:`),
      TEMPORAL_ADDRESS: `${peer}:${this.ports.temporal}`,
      FLOWDESK_TASK_QUEUE: this.taskQueue,
      FLOWDESK_DATA_DIR: this.dataDir,
      FLOWDESK_PUBLIC_URL: 'http://flowdesk.test',
      JWT_SECRET: `fault-test-secret-${this.taskQueue}`,
      SMTP_URL: `smtp://${peer}:${this.ports.smtp}`,
      MAIL_FROM: 'Flowdesk Service Desk <desk@flowdesk.test>',
      MAIL_INBOUND_PORT: '0',
      LOG_LEVEL: 'warn',
      // The load is the test's, not an abuse: the limits must not be what it measures.
      RATE_LIMIT_BURST: '100000',
      RATE_LIMIT_PER_SEC: '10000',
      LOGIN_RATE_LIMIT_BURST: '10000',
      LOGIN_RATE_LIMIT_PER_SEC: '1000',
      ...(bundle ? { FLOWDESK_TEST_WORKFLOW_BUNDLE: bundle } : {}),
      ...this.extraEnv,
    };
  }
}

/**
 * A child process started again whenever it exits without being asked to, after `restartDelayMs`.
 * `kill('SIGKILL')` is the crash the tests inject; `starts` counts every start.
 */
export class Supervised {
  private child?: ChildProcess;
  private stopping = false;
  private ready?: Promise<void>;
  /** Set by kill(): hands the next start's readiness to whoever waits since the kill. */
  private onNextStart?: (ready: Promise<void>) => void;
  starts = 0;
  /** Starts in a row that died before they were ready: the supervisor backs off, as systemd would. */
  private failedStarts = 0;
  /** The last lines it wrote to stderr, for a failure message. */
  readonly stderrTail: string[] = [];

  constructor(
    readonly name: string,
    private readonly command: string[],
    private readonly env: () => Record<string, string>,
    private readonly restartDelayMs = 300,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): Promise<void> {
    this.stopping = false;
    const child = spawn(this.command[0]!, this.command.slice(1), { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.starts++;
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    // FLOWDESK_FAULT_LOGS=<dir> keeps everything each part writes (a long run's 500 needs the API's own log).
    const logDir = process.env.FLOWDESK_FAULT_LOGS;
    if (logDir) {
      const keep = (chunk: Buffer) => appendFileSync(join(logDir, `${this.name}.log`), chunk);
      child.stdout!.on('data', keep);
      child.stderr!.on('data', keep);
    }
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderrTail.push(...chunk.toString().split('\n').filter(Boolean));
      this.stderrTail.splice(0, Math.max(0, this.stderrTail.length - 40));
    });
    this.ready = new Promise<void>((resolve, reject) => {
      let out = '';
      let ready = false;
      child.stdout!.on('data', (chunk: Buffer) => {
        if (ready) return;
        out = (out + chunk.toString()).slice(-4096);
        if (/^READY/m.test(out)) {
          ready = true;
          this.failedStarts = 0;
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        if (!ready) this.failedStarts++;
        reject(new Error(`${this.name} exited (${signal ?? code}) before it was ready: ${this.stderrTail.slice(-5).join(' | ')}`));
      });
    });
    this.onNextStart?.(this.ready);
    this.onNextStart = undefined;
    child.once('exit', () => {
      process.removeListener('exit', killOnExit);
      if (this.child !== child || this.stopping) return;
      // Crashed, killed or gave up on a dependency: the supervisor brings it back.
      setTimeout(
        () => {
          if (this.child === child && !this.stopping) this.start().catch(() => undefined);
        },
        Math.min(5000, this.restartDelayMs * 2 ** this.failedStarts),
      );
    });
    return this.ready;
  }

  /** Waits until the current (possibly restarted) process says it is ready. */
  async whenReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await this.ready;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await sleep(200);
      }
    }
  }

  /** A crash: the supervisor starts it again, unless `restart` is false (a node lost for good). */
  kill(signal: NodeJS.Signals = 'SIGKILL', opts: { restart?: boolean } = {}): void {
    if (opts.restart === false) {
      this.stopping = true;
      this.child?.kill(signal);
      return;
    }
    // From now on "ready" means the next process's readiness, not the killed one's.
    this.ready = new Promise<void>((resolve, reject) => (this.onNextStart = (next) => next.then(resolve, reject)));
    this.ready.catch(() => undefined);
    this.child?.kill(signal);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  /** Resident memory of the running process, from /proc, in MB. */
  rssMb(): number | undefined {
    const pid = this.child?.pid;
    if (!pid) return undefined;
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
      return Number.isFinite(kb) ? kb / 1024 : undefined;
    } catch {
      return undefined;
    }
  }
}

/**
 * Node flags for the workers from FLOWDESK_WORKER_NODE_FLAGS, for the API nodes from
 * FLOWDESK_API_NODE_FLAGS (space-separated), e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile them
 * under a benchmark's load: Node refuses the profiler flags in NODE_OPTIONS, so they go on the command
 * line. A process writes its profiles (a worker one per thread, the workflow thread apart) when it
 * exits, so on SIGTERM, not on SIGKILL.
 */
function nodeFlags(variable: 'FLOWDESK_WORKER_NODE_FLAGS' | 'FLOWDESK_API_NODE_FLAGS'): string[] {
  return (process.env[variable] ?? '').split(' ').filter(Boolean);
}

/**
 * The compiled entry point of a child; refuses a dist/ older than any source it runs (the entry's own
 * and the application's) rather than test stale code.
 */
function compiled(name: string): string {
  const entry = join(repoRoot, 'dist', 'test', 'reliability', 'support', `${name}.js`);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build first (npm run build; npm test builds)`);
  const built = statSync(entry).mtimeMs;
  const newer = ['engine', 'workflows', 'service-catalog', 'migrations', join('test', 'reliability', 'support')]
    .flatMap((dir) => newerSources(join(repoRoot, dir), built))
    .slice(0, 3);
  if (newer.length) throw new Error(`${entry} is older than ${newer.join(', ')}: build first (npm run build)`);
  return entry;
}

function newerSources(dir: string, than: number): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.endsWith('.d.ts'))
    .map((file) => join(dir, file))
    .filter((file) => statSync(file).mtimeMs > than);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
