/**
 * The API alone, as its own OS process, for the fault tests: they kill it mid-request and start it
 * again. The production API entry's own start (service-catalog/main/run-api.ts), with DATABASE_URL and
 * TEMPORAL_ADDRESS naming servers the test runs; prints `READY <port>` once it listens.
 */
import { loadConfig } from '../../../service-catalog/config';
import { createLogger } from '../../../service-catalog/logger';
import { runApi } from '../../../service-catalog/main/run-api';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl || !config.temporalAddress) throw new Error('DATABASE_URL and TEMPORAL_ADDRESS must name running servers');
  const log = createLogger(config.logLevel);
  const api = await runApi({ config, log, databaseUrl: config.databaseUrl, temporalAddress: config.temporalAddress, port: config.port });
  process.stdout.write(`READY ${api.server.info.port}\n`);
  process.on('SIGTERM', () => {
    void (async () => {
      await api.stop();
      process.exit(0);
    })();
  });
}

main().catch((err) => {
  console.error(`API failed to start: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
