import { Context, log } from '@temporalio/activity';
import { retryWhileUnavailable } from '../../service-catalog/http/retry-while-unavailable';

/**
 * Each activity, made to wait out a dependency that is briefly unreachable (PostgreSQL restarting, the
 * network between worker and database cut) within its attempt, instead of failing the attempt at once.
 * A service task has a few attempts (`zeebe:taskDefinition retries`, 3 by default) a second or two
 * apart, meant for the task's own failures: a ten-second database restart used them all up and left
 * an incident for a person to retry. Every activity is idempotent per attempt, so calling it again is
 * safe. `patienceMs` stays below the activity's start-to-close timeout; after it, the attempt fails as before.
 */
export function waitingForDependencies<T extends object>(activities: T, patienceMs: number): T {
  return Object.fromEntries(
    Object.entries(activities as Record<string, (...args: unknown[]) => Promise<unknown>>).map(([name, run]) => [
      name,
      (...args: unknown[]) =>
        retryWhileUnavailable(() => run(...args), {
          patienceMs,
          firstWaitMs: 500,
          maxWaitMs: 5000,
          // Cancellation-aware: a cancelled or timed-out activity stops waiting.
          sleep: (ms) => Context.current().sleep(ms),
          onRetry: (dependency, err, waitMs) =>
            log.warn(`${name}: ${dependency} unavailable (${(err as Error).message}); trying again in ${waitMs} ms`),
        }),
    ]),
  ) as T;
}
