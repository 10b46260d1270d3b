import type { Server } from '@hapi/hapi';
import { Client, Connection } from '@temporalio/client';
import { EngineClient, ensureStartSweepSchedule, IN_PROCESS_TASK_TYPES, LOCAL_TASK_TYPES } from '../../workflows/client';
import { AttachmentStore } from '../attachments/domain/attachment-store';
import { resolveJwtSecret, type Config } from '../config';
import { prepareDatabase } from '../db/app-role';
import { createOrm, type Orm } from '../db/orm';
import type { Logger } from '../logger';
import { startMailSystem, type MailSystem } from '../mail/mail-system';
import { sweepUnstartedProcesses } from '../processes/domain/start-sweep';
import { createServer } from '../server';
import { temporalConnectionOptions } from '../temporal-connection';
import { traceRequests, tracingClientInterceptors, type Tracing } from '../observability/tracing';
import { ticketProcesses } from '../tickets/domain/ticket-service';
import { createTicketServices, type TicketServices } from '../tickets/ticket-services';

export interface RunningApi {
  /** Where the API and the UI listen, e.g. `http://127.0.0.1:4300/`. */
  url: string;
  server: Server;
  /** The API's connection pool (the all-in-one seeds its demo data through it). */
  orm: Orm;
  /** Mail in (the desk's intake) and out (agents' replies; the all-in-one's worker sends through it too). */
  mail: MailSystem;
  /** The ticket services the routes and the mail intake share (the all-in-one seeds demo tickets through them). */
  tickets: TicketServices;
  /** Stops the API, then mail, then its connections. */
  stop(): Promise<void>;
}

export interface ApiOptions {
  config: Config;
  log: Logger;
  databaseUrl: string;
  temporalAddress: string;
  /** Where to listen: the configured PORT, or (all-in-one on a developer's machine) a free one near it. */
  port: number;
  /** The mail intake's port (0 or unset: no intake). */
  mailInboundPort?: number;
  /** Request spans, carried on to the workflows the requests start or signal (config `OTEL_EXPORTER_OTLP_ENDPOINT`). */
  tracing?: Tracing;
}

/**
 * The API process: migrates the database (as the owner of DATABASE_URL) and refreshes the application
 * role, connects to Temporal through the engine client, starts mail (intake and outgoing) and the hapi
 * server with the UI. PostgreSQL and Temporal must already run.
 */
export async function runApi(opts: ApiOptions): Promise<RunningApi> {
  const { config, log } = opts;
  // Migrations run as the owner; the API and the worker connect as a role row-level security binds.
  const databaseUrl = await prepareDatabase({
    ownerUrl: opts.databaseUrl,
    ...(config.databaseAppUrl ? { appUrl: config.databaseAppUrl } : {}),
  });
  const orm = await createOrm({
    databaseUrl,
    ormTenantFilters: config.ormTenantFilters,
    poolMax: config.databasePoolMax,
    poolWaitMs: config.databasePoolWaitMs,
  });
  const connection = await Connection.connect(temporalConnectionOptions(opts.temporalAddress, config.temporalSecurity));
  const interceptors = tracingClientInterceptors(opts.tracing);
  const client = new Client({ connection, namespace: config.temporalNamespace, ...(interceptors ? { interceptors } : {}) });
  const engine = new EngineClient(client, config.taskQueue, {
    localTaskTypes: LOCAL_TASK_TYPES,
    inProcessTaskTypes: IN_PROCESS_TASK_TYPES,
    ...(config.activityTaskQueue ? { activityTaskQueue: config.activityTaskQueue } : {}),
  });

  const { port } = opts;
  const publicUrl = config.publicUrl ?? `http://${config.host}:${port}`;
  const attachments = {
    store: new AttachmentStore(config.attachments.dir),
    maxBytes: config.attachments.maxBytes,
    maxPixels: config.attachments.maxPixels,
    quotaBytes: config.attachments.quotaBytes,
  };
  // One secret signs access tokens and, through a key derived from it, the reply addresses of mails.
  const jwtSecret = resolveJwtSecret(config);
  // The ticket services, wired once: the API and the mail intake raise tickets the same way.
  const tickets = createTicketServices({ processes: ticketProcesses(engine), reopenWindowDays: config.reopenWindowDays });
  const mail = await startMailSystem({
    orm,
    log,
    tickets,
    ...(opts.mailInboundPort ? { inboundPort: opts.mailInboundPort } : {}),
    ...(config.smtpUrl ? { smtpUrl: config.smtpUrl } : {}),
    from: config.mailFrom,
    publicUrl,
    attachments,
    replyTokenSecret: jwtSecret,
    ...(config.mailTrustedAuthservId ? { trustedAuthservId: config.mailTrustedAuthservId } : {}),
  });

  const server = await createServer({
    host: config.host,
    port,
    orm,
    engine,
    log,
    uiDir: config.uiDir,
    security: { ...config.security, jwtSecret },
    attachments,
    publicUrl,
    mail: mail.outgoing,
    tickets,
    reopenWindowDays: config.reopenWindowDays,
    whatIfMaxInstances: config.whatIfMaxInstances,
    webhookPrivateTargets: config.webhooks.privateTargets,
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
    admission: config.apiAdmission,
    probes: [
      { name: 'database', check: async () => void (await orm.em.fork().getConnection().execute('select 1')) },
      // Bounded: while the server is away the connection retries, and a readiness answer must not wait for it.
      {
        name: 'temporal',
        check: async () => void (await connection.withDeadline(Date.now() + 2000, () => connection.workflowService.getSystemInfo({}))),
      },
    ],
  });
  // Every request in its log fields (requestId, ticketNumber) and, with tracing, its span.
  traceRequests(server, opts.tracing, log);
  await server.start();
  // Starts lost while no node ran (the last one died between a commit and its start) are picked up now;
  // from here on the cluster's schedule sweeps, whichever node or worker is alive.
  await ensureStartSweepSchedule(client, config.taskQueue, config.startSweepEverySec);
  void sweepUnstartedProcesses(orm.em, engine).then(
    (swept) => swept.started && log.warn(swept, 'start sweep: started workflows whose start had been lost'),
    (err: unknown) => log.error({ err }, 'start sweep at start-up failed; the scheduled sweep retries'),
  );
  return {
    url: `http://${config.host}:${port}/`,
    server,
    orm,
    mail,
    tickets,
    stop: async () => {
      await server.stop({ timeout: 5000 });
      await connection.close();
      await mail.stop();
      await orm.close();
    },
  };
}
