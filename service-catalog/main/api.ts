/**
 * Entry point of the API process (`npm run start:api`): the hapi API with the UI and the mail intake,
 * against the PostgreSQL of DATABASE_URL and the Temporal of TEMPORAL_ADDRESS. Process instances run
 * in the worker process (workflows/main/worker.ts); `npm start` runs both in one process instead.
 */
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { startTracing } from '../observability/tracing';
import { failedToStart, requireExternalServers, stopOnSignals } from './process-lifecycle';
import { runApi } from './run-api';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const servers = requireExternalServers(config, 'the API');
  const tracing = startTracing({ serviceName: 'flowdesk-api', ...(config.otlpEndpoint ? { endpoint: config.otlpEndpoint } : {}) });
  const api = await runApi({
    config,
    log,
    ...servers,
    port: config.port,
    ...(config.mailInboundPort ? { mailInboundPort: config.mailInboundPort } : {}),
    ...(tracing ? { tracing } : {}),
  });
  console.log(`Flowdesk API is running at ${api.url}`);
  if (api.mail.inboundPort) console.log(`  Mail intake:  smtp://${config.host}:${api.mail.inboundPort}`);
  stopOnSignals('Flowdesk API', async () => {
    await api.stop();
    await tracing?.shutdown();
  });
}

main().catch(failedToStart('Flowdesk API'));
