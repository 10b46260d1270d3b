import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { Server } from '@hapi/hapi';
import { EngineClient } from '../../engine/client';
import { loadConfig } from '../../service-catalog/config';
import { createOrm, type Orm } from '../../service-catalog/db/orm';
import { createLogger } from '../../service-catalog/logger';
import { createServer } from '../../service-catalog/server';
import { createProcessWorker } from '../../workflows/worker';

let runtimeInstalled = false;

/**
 * The real system for one test file: API (injected, not listening), PostgreSQL, Temporal and a
 * worker on a task queue of its own, so test files never steal each other's tasks.
 */
export class TestSystem {
  private workerRun?: Promise<void>;
  private worker?: Worker;

  private constructor(
    readonly server: Server,
    readonly orm: Orm,
    readonly engine: EngineClient,
    readonly client: Client,
    private readonly connection: Connection,
    private readonly nativeConnection: NativeConnection,
    readonly taskQueue: string,
    private readonly extraActivities: Record<string, (...args: any[]) => Promise<unknown>>,
  ) {}

  /**
   * @param opts.listen also listen on a loopback port and serve the built UI (browser tests);
   *                    otherwise requests go through `server.inject()`.
   */
  static async start(opts: { extraActivities?: Record<string, (...args: any[]) => Promise<unknown>>; listen?: boolean } = {}): Promise<TestSystem> {
    if (!runtimeInstalled) {
      // Keep the SDK's own logging to warnings, so test output stays readable.
      Runtime.install({ logger: new DefaultLogger('WARN') });
      runtimeInstalled = true;
    }
    const address = requiredEnv('FLOWDESK_TEST_TEMPORAL_ADDRESS');
    const orm = await createOrm({ databaseUrl: requiredEnv('FLOWDESK_TEST_DATABASE_URL'), poolMax: 5 });
    const connection = await Connection.connect({ address });
    const nativeConnection = await NativeConnection.connect({ address });
    const client = new Client({ connection, namespace: 'default' });
    const taskQueue = `test-${randomUUID()}`;
    const engine = new EngineClient(client, taskQueue);
    const log = createLogger('silent');
    const server = await createServer({ orm, engine, log, probes: [], ...(opts.listen ? { uiDir: loadConfig().uiDir } : {}) });
    if (opts.listen) await server.start();
    else await server.initialize();
    const system = new TestSystem(server, orm, engine, client, connection, nativeConnection, taskQueue, opts.extraActivities ?? {});
    await system.startWorker();
    return system;
  }

  get url(): string {
    return this.server.info.uri;
  }

  async startWorker(): Promise<void> {
    if (this.worker) throw new Error('the worker is already running');
    this.worker = await createProcessWorker({
      connection: this.nativeConnection,
      namespace: 'default',
      taskQueue: this.taskQueue,
      orm: this.orm,
      workflowBundle: { codePath: requiredEnv('FLOWDESK_TEST_WORKFLOW_BUNDLE') },
      extraActivities: this.extraActivities,
    });
    this.workerRun = this.worker.run();
  }

  /** Stops the worker the way a deploy or a crash-restart would; instances wait durably meanwhile. */
  async stopWorker(): Promise<void> {
    this.worker?.shutdown();
    await this.workerRun;
    this.worker = undefined;
    this.workerRun = undefined;
  }

  async close(): Promise<void> {
    // The API first, letting in-flight requests finish: their Temporal calls must not outlive the connection.
    await this.server.stop({ timeout: 15_000 });
    await this.stopWorker();
    await this.connection.close();
    await this.nativeConnection.close();
    await this.orm.close();
  }
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run integration tests through jest, which starts the servers in globalSetup`);
  return value;
}
