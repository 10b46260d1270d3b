import { ApprovalLinks } from './approvals/domain/approval-links';
import { createHmac } from 'node:crypto';
import Hapi from '@hapi/hapi';
import Inert from '@hapi/inert';
import Vision from '@hapi/vision';
import HapiSwagger from 'hapi-swagger';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EngineClient, JobClient } from '../workflows/client';
import { approvalsPlugin } from './approvals/plugin';
import { attachmentsPlugin } from './attachments/plugin';
import { changesPlugin } from './changes/plugin';
import type { AttachmentSettings } from './attachments/domain/attachment-service';
import { cannedResponsesPlugin } from './canned-responses/plugin';
import { catalogPlugin } from './catalog/plugin';
import { cmdbPlugin } from './cmdb/plugin';
import { fieldServicePlugin } from './field-service/plugin';
import { CompilerPool } from './compile/compiler-pool';
import { apiAdmission, type SecurityConfig } from './config';
import type { Orm } from './db/orm';
import { errorMappingPlugin } from './http/error-mapping';
import { requestInputPlugin } from './http/request-input';
import { admissionPlugin, type AdmissionOptions } from './http/admission';
import { requestCharsetPlugin } from './http/request-charset';
import { ROUTE_SECURITY, securityHeadersPlugin } from './http/security-headers';
import { failAction } from './http/validation';
import { healthPlugin, type ReadinessProbe } from './health/plugin';
import { metricsPlugin } from './metrics/plugin';
import { identityPlugin } from './identity/plugin';
import type { Logger } from './logger';
import type { OutgoingMailDeps } from './mail/domain/outgoing-mail';
import { mailPlugin } from './mail/plugin';
import { decisionsPlugin } from './decisions/plugin';
import { messagesPlugin } from './messages/plugin';
import { processesPlugin } from './processes/plugin';
import { routingPlugin } from './routing/plugin';
import { servicesPlugin } from './services/plugin';
import { slaPlugin } from './sla/plugin';
import { ticketsPlugin } from './tickets/plugin';
import { problemsPlugin } from './problems/plugin';
import { knowledgePlugin } from './knowledge/plugin';
import { surveysPlugin } from './surveys/plugin';
import { onCallPlugin } from './on-call/plugin';
import { DEFAULT_REOPEN_WINDOW_DAYS } from './tickets/domain/ticket-reopening';
import { ticketProcesses, type TicketProcesses } from './tickets/domain/ticket-service';
import { createTicketServices, type TicketServices } from './tickets/ticket-services';
import type { TicketType } from './tickets/domain/ticket-types';
import { uiHostPlugin } from './ui-host/plugin';
import { jobsPlugin } from './jobs/plugin';
import { kpisPlugin } from './kpis/plugin';
import { webhooksPlugin } from './webhooks/plugin';
import { livePlugin } from './live/plugin';
import { chatPlugin } from './chat/plugin';
import { camundaKeysPlugin } from './camunda-keys/plugin';
import { DEFAULT_WHAT_IF_MAX_INSTANCES } from './processes/domain/what-if-service';
import type { PrivateTargets } from './webhooks/domain/webhook-target';

declare module '@hapi/hapi' {
  interface RequestApplicationState {
    em: EntityManager;
  }
  interface ServerApplicationState {
    engine: EngineClient;
    /** Compiles uploaded BPMN and DMN off the event loop; closed when the server stops. */
    compiler: CompilerPool;
    ticketProcesses: TicketProcesses;
    /** The ticket domain's services, wired once (see ticket-services.ts). */
    tickets: TicketServices;
    /** Camunda 8's job API over Temporal (external job workers). */
    jobs: JobClient;
    /** Checks the signed approve and reject links of approval mails. */
    approvalLinks: ApprovalLinks;
    /** Instances one what-if replay may take. */
    whatIfMaxInstances: number;
  }
}

export interface ServerDeps {
  host?: string;
  port?: number;
  orm: Orm;
  engine: EngineClient;
  log: Logger;
  probes: ReadinessProbe[];
  uiDir?: string;
  security: SecurityConfig;
  /** Which process each ticket type runs, where not the default (`incident` for incidents…). */
  ticketProcessIds?: Partial<Record<TicketType, string>>;
  /**
   * The ticket services, when the caller shares them with the mail intake; otherwise wired here from
   * `engine`, `ticketProcessIds` and `reopenWindowDays`.
   */
  tickets?: TicketServices;
  /** Where ticket attachments are kept, and how large one (and an image's pixels) may be. */
  attachments: AttachmentSettings;
  /** Where links in mails and canned responses point (the portal is `<publicUrl>/portal`). */
  publicUrl: string;
  /** Outgoing mail, for agents' replies to callers; unset: replies are not mailed. */
  mail?: OutgoingMailDeps;
  /** Days after closing in which a ticket can be reopened (default 14). */
  reopenWindowDays?: number;
  /** Whether webhook subscriptions may name private addresses (config `FLOWDESK_WEBHOOK_PRIVATE_TARGETS`); default refuse. */
  webhookPrivateTargets?: PrivateTargets;
  /** Instances one what-if replay may take (config `FLOWDESK_WHATIF_MAX_INSTANCES`); default 2,000. */
  whatIfMaxInstances?: number;
  /** Bearer token of `GET /metrics` (config `METRICS_TOKEN`); unset, the endpoint answers 404. */
  metricsToken?: string;
  /** How often this node converts chats nobody took in time into plain tickets (default 5 s). */
  chatSweepMs?: number;
  /** Admission control (config `FLOWDESK_API_MAX_IN_FLIGHT`, `FLOWDESK_API_QUEUE_WAIT_MS`); default 40 at once, 5 s wait. */
  admission?: AdmissionOptions;
}

/** Builds the API server without starting it, so tests can `server.inject()` into it. */
export async function createServer(deps: ServerDeps): Promise<Hapi.Server> {
  const server = Hapi.server({
    host: deps.host ?? '127.0.0.1',
    port: deps.port ?? 0,
    routes: {
      validate: { failAction, options: { abortEarly: false, stripUnknown: false } },
      // JSON unless a route says otherwise (XML bodies, multipart uploads): a form post or plain text
      // to a JSON route is a 415, not a body hapi parses into the same fields by another way.
      payload: { allow: ['application/json'] },
      response: { failAction: 'error' },
      security: ROUTE_SECURITY,
    },
  });
  server.app.engine = deps.engine;
  // Job keys are signed with a key of their own, derived from the token secret.
  server.app.jobs = deps.engine.jobClient(createHmac('sha256', deps.security.jwtSecret).update('flowdesk job keys').digest('hex'));
  server.app.compiler = new CompilerPool();
  server.app.approvalLinks = new ApprovalLinks(deps.security.jwtSecret);
  server.app.whatIfMaxInstances = deps.whatIfMaxInstances ?? DEFAULT_WHAT_IF_MAX_INSTANCES;
  server.ext('onPostStop', () => server.app.compiler.close());
  // Open job activations (long polls) end before anyone closes the Temporal connection under them.
  server.ext('onPreStop', () => server.app.jobs.close());
  server.app.ticketProcesses = ticketProcesses(deps.engine, deps.ticketProcessIds);
  server.app.tickets =
    deps.tickets ??
    createTicketServices({ processes: server.app.ticketProcesses, reopenWindowDays: deps.reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS });
  // Each request gets its own identity map: nothing leaks between requests.
  server.ext('onRequest', (request, h) => {
    request.app.em = deps.orm.em.fork() as EntityManager;
    return h.continue;
  });

  await server.register([Inert, Vision]);
  await server.register({
    plugin: HapiSwagger,
    options: {
      info: { title: 'Flowdesk API', version: '0.1.0', description: 'ITIL service desk whose processes are BPMN diagrams on Temporal' },
      jsonPath: '/openapi.json',
      documentationPath: '/documentation',
      grouping: 'tags',
      OAS: 'v3.0',
    },
  });
  // Before the error mapping: hapi skips the onPreResponse steps after one that answers with an error.
  await server.register(securityHeadersPlugin);
  await server.register({ plugin: errorMappingPlugin, options: { log: deps.log } });
  await server.register({ plugin: admissionPlugin, options: deps.admission ?? apiAdmission() });
  await server.register(requestInputPlugin);
  await server.register(requestCharsetPlugin);
  // First: it sets the default auth strategy, so every route after it requires a signed-in user unless it says `auth: false`.
  await server.register({ plugin: identityPlugin, options: { security: deps.security } });
  await server.register(camundaKeysPlugin);
  await server.register({ plugin: healthPlugin, options: { probes: deps.probes } });
  await server.register({
    plugin: metricsPlugin,
    options: {
      orm: deps.orm,
      ...(deps.metricsToken ? { token: deps.metricsToken } : {}),
      jobs: { backlog: deps.engine.jobBacklog(), servedTaskTypes: deps.engine.servedTaskTypes },
    },
  });
  await server.register(processesPlugin);
  await server.register(decisionsPlugin);
  await server.register({
    plugin: ticketsPlugin,
    options: {
      publicUrl: deps.publicUrl,
      log: deps.log,
      reopenWindowDays: deps.reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS,
      ...(deps.mail ? { mail: deps.mail } : {}),
    },
  });
  await server.register(problemsPlugin);
  await server.register(knowledgePlugin);
  await server.register({ plugin: surveysPlugin, options: { secret: deps.security.jwtSecret } });
  await server.register(onCallPlugin);
  await server.register({ plugin: attachmentsPlugin, options: deps.attachments });
  await server.register({ plugin: cannedResponsesPlugin, options: { publicUrl: deps.publicUrl } });
  await server.register({ plugin: mailPlugin, options: { publicUrl: deps.publicUrl } });
  await server.register(slaPlugin);
  await server.register(routingPlugin);
  await server.register(messagesPlugin);
  await server.register({ plugin: approvalsPlugin, options: deps.mail ? { mail: deps.mail } : {} });
  await server.register(changesPlugin);
  await server.register(servicesPlugin);
  await server.register(catalogPlugin);
  await server.register(cmdbPlugin);
  await server.register({ plugin: fieldServicePlugin, options: { attachments: deps.attachments } });
  await server.register(jobsPlugin);
  await server.register(kpisPlugin);
  await server.register({ plugin: webhooksPlugin, options: { privateTargets: deps.webhookPrivateTargets ?? 'refuse' } });
  await server.register({ plugin: livePlugin, options: { databaseUrl: deps.orm.config.get('clientUrl')!, log: deps.log } });
  await server.register({
    plugin: chatPlugin,
    options: {
      secret: deps.security.jwtSecret,
      publicUrl: deps.publicUrl,
      attachments: deps.attachments,
      em: deps.orm.em as EntityManager,
      log: deps.log,
      ...(deps.mail ? { mail: deps.mail } : {}),
      ...(deps.chatSweepMs ? { sweepMs: deps.chatSweepMs } : {}),
      privateTargets: deps.webhookPrivateTargets ?? 'refuse',
    },
  });
  if (deps.uiDir) await server.register({ plugin: uiHostPlugin, options: { uiDir: deps.uiDir } });
  return server;
}
