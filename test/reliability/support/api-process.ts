/**
 * The API alone, as its own OS process, for the fault tests: they kill it mid-request and start it
 * again. Configured like `npm start` (service-catalog/config.ts), with DATABASE_URL and
 * TEMPORAL_ADDRESS naming servers the test runs; prints `READY <port>` once it listens.
 */
import { Client, Connection } from '@temporalio/client';
import { EngineClient } from '../../../engine/client';
import { loadConfig, resolveJwtSecret } from '../../../service-catalog/config';
import { createOrm } from '../../../service-catalog/db/orm';
import { createLogger } from '../../../service-catalog/logger';
import { createServer } from '../../../service-catalog/server';
import { ticketProcesses } from '../../../service-catalog/tickets/domain/ticket-service';
import { startMailSystem } from '../../../service-catalog/mail/mail-system';
import { AttachmentStore } from '../../../service-catalog/attachments/domain/attachment-store';
import { LOCAL_TASK_TYPES } from '../../../workflows/activities';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl || !config.temporalAddress) throw new Error('DATABASE_URL and TEMPORAL_ADDRESS must name running servers');
  const log = createLogger(config.logLevel);
  const orm = await createOrm({ databaseUrl: config.databaseUrl, poolMax: config.databasePoolMax });
  const connection = await Connection.connect({ address: config.temporalAddress });
  const client = new Client({ connection, namespace: config.temporalNamespace });
  const engine = new EngineClient(client, config.taskQueue, { localTaskTypes: LOCAL_TASK_TYPES });
  const publicUrl = config.publicUrl ?? `http://${config.host}:${config.port}`;
  const attachments = { store: new AttachmentStore(config.attachments.dir), maxBytes: config.attachments.maxBytes, maxPixels: config.attachments.maxPixels };
  const jwtSecret = resolveJwtSecret(config);
  const mail = await startMailSystem({
    orm,
    log,
    processes: ticketProcesses(engine),
    ...(config.smtpUrl ? { smtpUrl: config.smtpUrl } : {}),
    from: config.mailFrom,
    publicUrl,
    attachments,
    replyTokenSecret: jwtSecret,
  });
  const server = await createServer({
    host: config.host,
    port: config.port,
    orm,
    engine,
    log,
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
  process.stdout.write(`READY ${server.info.port}\n`);
  process.on('SIGTERM', () => {
    void (async () => {
      await server.stop({ timeout: 5000 });
      await mail.stop();
      await connection.close();
      await orm.close();
      process.exit(0);
    })();
  });
}

main().catch((err) => {
  console.error(`API failed to start: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
