import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { Server, ServerInjectOptions, ServerInjectResponse } from '@hapi/hapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DEMO_USERS } from '../../scripts/lib/demo-identities';
import { EngineClient } from '../../workflows/client';
import { loadConfig, type SecurityConfig } from '../../service-catalog/config';
import { TenantScope, setTenantScope } from '../../service-catalog/db/tenant';
import { createOrm, type Orm } from '../../service-catalog/db/orm';
import { createLogger } from '../../service-catalog/logger';
import { traceRequests, tracingClientInterceptors, type Tracing } from '../../service-catalog/observability/tracing';
import type { DestinationStream } from 'pino';
import { createServer } from '../../service-catalog/server';
import type { TicketType } from '../../service-catalog/tickets/domain/ticket-types';
import { ticketProcesses } from '../../service-catalog/tickets/domain/ticket-service';
import { createTicketServices } from '../../service-catalog/tickets/ticket-services';
import { createProcessWorker } from '../../workflows/process-worker';
import { IN_PROCESS_TASK_TYPES, LOCAL_TASK_TYPES } from '../../workflows/activities';
import { AttachmentStore } from '../../service-catalog/attachments/domain/attachment-store';
import type { AttachmentSettings } from '../../service-catalog/attachments/domain/attachment-service';
import { startMailSystem, type MailSystem } from '../../service-catalog/mail/mail-system';
import type { ActivityFunction } from '@temporalio/common';
import type { WebhookRetry } from '../../workflows/bpmn-process/webhook-messages';
import { startWebhookRelay, type WebhookRelay } from '../../workflows/webhooks/webhook-relay';

/** What links in the tests' mails start with. */
export const TEST_PUBLIC_URL = 'http://flowdesk.test';
export const TEST_DESK_ADDRESS = 'desk@flowdesk.test';

let runtimeInstalled = false;

/**
 * The real system for one test file: API (injected, not listening), PostgreSQL, Temporal and a
 * worker on a task queue of its own, so test files never steal each other's tasks.
 */
export class TestSystem {
  private workerRun?: Promise<void>;
  private worker?: Worker;
  private relay?: WebhookRelay;
  private readonly tokens = new Map<string, string>();

  private constructor(
    readonly server: Server,
    readonly orm: Orm,
    readonly engine: EngineClient,
    readonly client: Client,
    private readonly connection: Connection,
    private readonly nativeConnection: NativeConnection,
    readonly taskQueue: string,
    private readonly extraActivities: Record<string, ActivityFunction>,
    /**
     * Outgoing mail (API replies, worker notify tasks) lands in `mail.sink`; with `mailIntake`, `mail.inboundPort`
     * takes mail to the desk.
     */
    readonly mail: MailSystem,
    readonly attachments: AttachmentSettings,
    private readonly ticketProcessIds?: Partial<Record<TicketType, string>>,
    private readonly webhookRetry?: WebhookRetry,
    private readonly tracing?: Tracing,
  ) {}

  /**
   * @param opts.listen also listen on a loopback port and serve the built UI (browser tests);
   *                    otherwise requests go through `server.inject()`.
   */
  static async start(
    opts: {
      extraActivities?: Record<string, ActivityFunction>;
      listen?: boolean;
      security?: Partial<SecurityConfig>;
      /** Tickets of these types run these processes, so a test's diagrams never meet another test's tickets. */
      ticketProcessIds?: Partial<Record<TicketType, string>>;
      mailIntake?: boolean;
      attachmentMaxBytes?: number;
      attachmentMaxPixels?: number;
      attachmentQuotaBytes?: number;
      /** Serve this folder as the UI (a stand-in for the built app); `listen` serves the real build. */
      uiDir?: string;
      /**
       * Relay webhook deliveries with this retry policy while the worker runs (webhooks may reach loopback
       * here). Off by default, so no other test file's worker takes a webhook test's deliveries.
       */
      webhookRetry?: WebhookRetry;
      /** Serve `GET /metrics` behind this bearer token. */
      metricsToken?: string;
      /** Webhook targets on private addresses: allowed here by default (receivers run on loopback); `refuse` as in production. */
      webhookPrivateTargets?: 'allow' | 'refuse';
      /** Look for chats nobody took in time this often (the server's default is 5 s). */
      chatSweepMs?: number;
      /** Trace the API (when listening), the client and the worker to this tracing. */
      tracing?: Tracing;
      /** Log (at debug) into this stream instead of nowhere. */
      logTo?: DestinationStream;
    } = {},
  ): Promise<TestSystem> {
    if (!runtimeInstalled) {
      // Keep the SDK's own logging to warnings, so test output stays readable.
      Runtime.install({ logger: new DefaultLogger('WARN') });
      runtimeInstalled = true;
    }
    const address = requiredEnv('FLOWDESK_TEST_TEMPORAL_ADDRESS');
    const orm = await createOrm({
      databaseUrl: requiredEnv('FLOWDESK_TEST_DATABASE_URL'),
      poolMax: 5,
      ormTenantFilters: loadConfig().ormTenantFilters,
    });
    const connection = await Connection.connect({ address });
    const nativeConnection = await NativeConnection.connect({ address });
    const interceptors = tracingClientInterceptors(opts.tracing);
    const client = new Client({ connection, namespace: 'default', ...(interceptors ? { interceptors } : {}) });
    const taskQueue = `test-${randomUUID()}`;
    const engine = new EngineClient(client, taskQueue, {
      localTaskTypes: LOCAL_TASK_TYPES,
      inProcessTaskTypes: [...IN_PROCESS_TASK_TYPES, ...Object.keys(opts.extraActivities ?? {})],
    });
    const log = opts.logTo ? createLogger('debug', opts.logTo) : createLogger('silent');
    const security: SecurityConfig = {
      jwtSecret: `test-secret-${randomUUID()}`,
      accessTokenTtlSec: 900,
      refreshTokenTtlSec: 3600,
      // Generous, so only the tests about limits ever meet them (they pass their own).
      rateLimit: { capacity: 100_000, refillPerSec: 1000 },
      loginRateLimit: { capacity: 10_000, refillPerSec: 100 },
      ...opts.security,
    };
    // A store per system, so a test can look at its own files (and find no leftovers) while others run.
    const attachments: AttachmentSettings = {
      store: new AttachmentStore(join(requiredEnv('FLOWDESK_TEST_DATA_DIR'), `attachments-${taskQueue}`)),
      maxBytes: opts.attachmentMaxBytes ?? 10 * 1024 * 1024,
      maxPixels: opts.attachmentMaxPixels ?? 40_000_000,
      ...(opts.attachmentQuotaBytes !== undefined ? { quotaBytes: opts.attachmentQuotaBytes } : {}),
    };
    const tickets = createTicketServices({ processes: ticketProcesses(engine, opts.ticketProcessIds) });
    const mail = await startMailSystem({
      orm,
      log,
      tickets,
      from: `Flowdesk Service Desk <${TEST_DESK_ADDRESS}>`,
      publicUrl: TEST_PUBLIC_URL,
      attachments,
      replyTokenSecret: security.jwtSecret,
      ...(opts.mailIntake ? { inboundPort: 0 } : {}),
    });
    const server = await createServer({
      orm,
      engine,
      log,
      probes: [],
      security,
      attachments,
      publicUrl: TEST_PUBLIC_URL,
      mail: mail.outgoing,
      tickets,
      webhookPrivateTargets: opts.webhookPrivateTargets ?? 'allow',
      ...(opts.ticketProcessIds ? { ticketProcessIds: opts.ticketProcessIds } : {}),
      ...(opts.metricsToken ? { metricsToken: opts.metricsToken } : {}),
      ...(opts.chatSweepMs ? { chatSweepMs: opts.chatSweepMs } : {}),
      ...(opts.uiDir ? { uiDir: opts.uiDir } : opts.listen ? { uiDir: loadConfig().uiDir } : {}),
    });
    if (opts.listen) {
      traceRequests(server, opts.tracing, log);
      await server.start();
    } else await server.initialize();
    const system = new TestSystem(
      server,
      orm,
      engine,
      client,
      connection,
      nativeConnection,
      taskQueue,
      opts.extraActivities ?? {},
      mail,
      attachments,
      opts.ticketProcessIds,
      opts.webhookRetry,
      opts.tracing,
    );
    await system.startWorker();
    return system;
  }

  /** Signs in as a demo user (see scripts/lib/demo-identities.ts) or any user with `password`; cached per user. */
  async tokenFor(username: string, password?: string): Promise<string> {
    const cached = this.tokens.get(username);
    if (cached) return cached;
    const pass = password ?? DEMO_USERS.find((u) => u.username === username)?.password;
    if (!pass) throw new Error(`no password known for ${username}`);
    const res = await this.server.inject({ method: 'POST', url: '/auth/login', payload: { username, password: pass } });
    if (res.statusCode !== 200) throw new Error(`login as ${username} failed: ${res.statusCode} ${res.payload}`);
    const token = (res.result as { accessToken: string }).accessToken;
    this.tokens.set(username, token);
    return token;
  }

  /** `server.inject` as a signed-in user. */
  async injectAs(username: string, options: ServerInjectOptions): Promise<ServerInjectResponse> {
    const token = await this.tokenFor(username);
    return this.server.inject({ ...options, headers: { ...(options.headers ?? {}), authorization: `Bearer ${token}` } });
  }

  /** An entity manager that sees every tenant: for test assertions on the database itself. */
  adminEm(): EntityManager {
    const em = this.orm.em.fork() as EntityManager;
    setTenantScope(em, TenantScope.all('test assertions'));
    return em;
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
      mail: this.mail.outgoing,
      attachments: this.attachments.store,
      ...(this.ticketProcessIds ? { ticketProcessIds: this.ticketProcessIds } : {}),
      workflowBundle: { codePath: requiredEnv('FLOWDESK_TEST_WORKFLOW_BUNDLE') },
      extraActivities: this.extraActivities,
      webhookPrivateTargets: 'allow',
      ...(this.tracing ? { tracing: this.tracing } : {}),
    });
    this.workerRun = this.worker.run();
    if (this.webhookRetry)
      this.relay = startWebhookRelay({
        orm: this.orm,
        client: this.client,
        taskQueue: this.taskQueue,
        retry: this.webhookRetry,
        intervalMs: 200,
      });
  }

  /** Stops the worker the way a deploy or a crash-restart would; instances wait durably meanwhile. */
  async stopWorker(): Promise<void> {
    await this.relay?.stop();
    this.relay = undefined;
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
    await this.mail.stop();
    await this.orm.close();
  }
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run integration tests through jest, which starts the servers in globalSetup`);
  return value;
}
