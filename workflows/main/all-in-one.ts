/**
 * Entry point of `npm start`: the whole system in one process on embedded defaults — PostgreSQL and a
 * Temporal dev server (unless DATABASE_URL / TEMPORAL_ADDRESS name existing ones), the API with the UI,
 * the worker, and the demo data — and the URL to open. It lives here, not in service-catalog/, because
 * it is the one file that composes both sides: workflows/ may use the service catalog, not the other
 * way round. The embedded servers and the demo data are development helpers from scripts/lib.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { seedDemoData } from '../../scripts/lib/demo-data';
import { demoLoginLines } from '../../scripts/lib/demo-identities';
import { preferredPort } from '../../scripts/lib/free-port';
import { startInfrastructure } from '../../scripts/lib/infrastructure';
import { loadConfig } from '../../service-catalog/config';
import { createLogger } from '../../service-catalog/logger';
import { failedToStart, stopOnSignals } from '../../service-catalog/main/process-lifecycle';
import { runApi } from '../../service-catalog/main/run-api';
import { installRuntimeLogger } from '../runtime-logger';
import { startTracing } from '../../service-catalog/observability/tracing';
import { runWorker } from './run-worker';

async function main(): Promise<void> {
  const t0 = Date.now();
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  installRuntimeLogger(log, 'WARN', config.workerMetricsBind);
  const say = (line: string) => console.log(line);
  const tracing = startTracing({ serviceName: 'flowdesk', ...(config.otlpEndpoint ? { endpoint: config.otlpEndpoint } : {}) });

  say(`Flowdesk: starting (data in ${config.dataDir})`);
  const infra = await startInfrastructure({
    dataDir: config.dataDir,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    ...(config.temporalAddress ? { temporalAddress: config.temporalAddress } : {}),
    temporalCli: config.temporalCli,
    log: (line) => log.debug(line),
  });
  for (const line of infra.started) say(`  started ${line}`);

  const servers = { databaseUrl: infra.databaseUrl, temporalAddress: infra.temporalAddress };
  // On a developer's machine a taken port is no reason to fail: the nearest free one will do.
  const port = await preferredPort(config.port, config.host);
  const mailInboundPort = config.mailInboundPort ? await preferredPort(config.mailInboundPort, config.host) : undefined;
  const api = await runApi({
    config,
    log,
    ...servers,
    port,
    ...(mailInboundPort ? { mailInboundPort } : {}),
    ...(tracing ? { tracing } : {}),
  });
  // The worker sends its mail (notify tasks) through the API's transport: one local sink for both.
  const worker = await runWorker({
    config,
    ...servers,
    mail: api.mail.outgoing,
    onRelayError: (err) => log.warn({ err }, 'webhook relay: a round failed; the next retries it'),
    ...(tracing ? { tracing } : {}),
  });

  const em = api.orm.em.fork() as EntityManager;
  for (const line of await seedDemoData({
    em,
    processes: api.server.app.ticketProcesses,
    tickets: api.tickets,
    processesDir: config.processesDir,
  }))
    say(`  ${line}`);

  const { url } = api;
  say('');
  say(`Flowdesk is running at ${url}  (started in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  say(`  API docs:     ${url}documentation   (OpenAPI: ${url}openapi.json)`);
  if (infra.temporalUiUrl) say(`  Temporal UI:  ${infra.temporalUiUrl}`);
  if (api.mail.inboundPort)
    say(
      `  Mail intake:  smtp://${config.host}:${api.mail.inboundPort} (mail to the desk becomes a ticket)${api.mail.sink ? '; outgoing mail goes to a local sink and the log' : ''}`,
    );
  say('');
  say('  Demo sign-ins (username, password, role, organisation):');
  for (const line of demoLoginLines()) say(line);
  say('  Stop with Ctrl+C.');

  // The API stops taking requests first, then the worker finishes its tasks, then mail and the servers.
  stopOnSignals('Flowdesk', async () => {
    await api.server.stop({ timeout: 5000 });
    await worker.stop();
    await api.stop();
    await infra.stop();
    await tracing?.shutdown();
  });
}

main().catch(failedToStart('Flowdesk'));
