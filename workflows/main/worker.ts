/**
 * Entry point of the worker process (`npm run start:worker`): runs the BPMN process instances of the
 * task queue against the Temporal of TEMPORAL_ADDRESS and the PostgreSQL of DATABASE_URL, and sends
 * their mail (SMTP_URL, or a local sink that logs it). The API runs in its own process
 * (service-catalog/main/api.ts); `npm start` runs both in one process instead.
 */
import { loadConfig, resolveJwtSecret } from '../../service-catalog/config';
import { createLogger } from '../../service-catalog/logger';
import { startOutgoingMail } from '../../service-catalog/mail/mail-system';
import { failedToStart, requireExternalServers, stopOnSignals } from '../../service-catalog/main/process-lifecycle';
import { installRuntimeLogger } from '../runtime-logger';
import { startTracing } from '../../service-catalog/observability/tracing';
import { runWorker } from './run-worker';

async function main(): Promise<void> {
  // `npm run start:worker -- --activities-only` is FLOWDESK_WORKER_MODE=activities.
  const config = loadConfig(
    process.argv.includes('--activities-only') ? { ...process.env, FLOWDESK_WORKER_MODE: 'activities' } : process.env,
  );
  const log = createLogger(config.logLevel);
  installRuntimeLogger(log, 'WARN', config.workerMetricsBind);
  const servers = requireExternalServers(config, 'the worker');
  const tracing = startTracing({ serviceName: 'flowdesk-worker', ...(config.otlpEndpoint ? { endpoint: config.otlpEndpoint } : {}) });
  // Outgoing mail only (notify tasks); the intake belongs to the API. Reply addresses are signed with
  // the same JWT_SECRET as the API's, so replies to the worker's mails come back to their ticket.
  const mail = await startOutgoingMail({
    log,
    ...(config.smtpUrl ? { smtpUrl: config.smtpUrl } : {}),
    from: config.mailFrom,
    publicUrl: config.publicUrl ?? `http://${config.host}:${config.port}`,
    replyTokenSecret: resolveJwtSecret(config),
  });
  const worker = await runWorker({
    config,
    ...servers,
    mail: mail.outgoing,
    onRelayError: (err) => log.warn({ err }, 'webhook relay: a round failed; the next retries it'),
    ...(tracing ? { tracing } : {}),
  });
  const queues =
    config.workerMode === 'activities'
      ? `activities only, on task queue ${config.activityTaskQueue ?? config.taskQueue}`
      : `task queue ${config.taskQueue}${config.activityTaskQueue && config.workerMode === 'all' ? ` and activity task queue ${config.activityTaskQueue}` : ''}${config.workerMode === 'workflows' ? ' (workflows)' : ''}`;
  console.log(`Flowdesk worker is running on ${queues} (${servers.temporalAddress}, namespace ${config.temporalNamespace})`);
  stopOnSignals('Flowdesk worker', async () => {
    await worker.stop();
    await mail.stop();
    await tracing?.shutdown();
  });
}

main().catch(failedToStart('Flowdesk worker'));
