/**
 * Entry point of the mail process (`npm run start:mail`): the desk's mail intake alone — mail to the desk
 * becomes tickets and replies — against the PostgreSQL of DATABASE_URL and the Temporal of
 * TEMPORAL_ADDRESS, listening on HOST:MAIL_INBOUND_PORT. Run the API nodes with MAIL_INBOUND_PORT=0 then,
 * so mail has one way in. The API migrates the database; this connects as the application role.
 */
import { startTracing, tracingClientInterceptors } from '../observability/tracing';
import { Client, Connection } from '@temporalio/client';
import { EngineClient, IN_PROCESS_TASK_TYPES, LOCAL_TASK_TYPES } from '../../workflows/client';
import { AttachmentStore } from '../attachments/domain/attachment-store';
import { loadConfig, resolveJwtSecret } from '../config';
import { appRoleFor } from '../db/app-role';
import { createOrm } from '../db/orm';
import { createLogger } from '../logger';
import { startMailSystem } from '../mail/mail-system';
import { ticketProcesses } from '../tickets/domain/ticket-service';
import { createTicketServices } from '../tickets/ticket-services';
import { failedToStart, requireExternalServers, stopOnSignals } from './process-lifecycle';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const servers = requireExternalServers(config, 'the mail intake');
  const tracing = startTracing({ serviceName: 'flowdesk-mail', ...(config.otlpEndpoint ? { endpoint: config.otlpEndpoint } : {}) });
  const interceptors = tracingClientInterceptors(tracing);
  if (!config.mailInboundPort) throw new Error('the mail intake needs MAIL_INBOUND_PORT (0 turns intake off)');
  const orm = await createOrm({
    databaseUrl: config.databaseAppUrl ?? appRoleFor(servers.databaseUrl).url,
    ormTenantFilters: config.ormTenantFilters,
    poolMax: config.databasePoolMax,
    poolWaitMs: config.databasePoolWaitMs,
  });
  const connection = await Connection.connect({ address: servers.temporalAddress });
  const engine = new EngineClient(
    new Client({ connection, namespace: config.temporalNamespace, ...(interceptors ? { interceptors } : {}) }),
    config.taskQueue,
    {
      localTaskTypes: LOCAL_TASK_TYPES,
      inProcessTaskTypes: IN_PROCESS_TASK_TYPES,
      ...(config.activityTaskQueue ? { activityTaskQueue: config.activityTaskQueue } : {}),
    },
  );
  const mail = await startMailSystem({
    orm,
    log,
    tickets: createTicketServices({ processes: ticketProcesses(engine), reopenWindowDays: config.reopenWindowDays }),
    inboundHost: config.host,
    inboundPort: config.mailInboundPort,
    ...(config.smtpUrl ? { smtpUrl: config.smtpUrl } : {}),
    from: config.mailFrom,
    publicUrl: config.publicUrl ?? `http://${config.host}:${config.port}`,
    // The API's attachment folder (a shared volume when they run apart): mail attachments land beside uploads.
    attachments: {
      store: new AttachmentStore(config.attachments.dir),
      maxBytes: config.attachments.maxBytes,
      maxPixels: config.attachments.maxPixels,
      quotaBytes: config.attachments.quotaBytes,
    },
    replyTokenSecret: resolveJwtSecret(config),
    ...(config.mailTrustedAuthservId ? { trustedAuthservId: config.mailTrustedAuthservId } : {}),
  });
  console.log(`Flowdesk mail intake is running at smtp://${config.host}:${mail.inboundPort}`);
  stopOnSignals('Flowdesk mail intake', async () => {
    await mail.stop();
    await connection.close();
    await orm.close();
    await tracing?.shutdown();
  });
}

main().catch(failedToStart('Flowdesk mail intake'));
