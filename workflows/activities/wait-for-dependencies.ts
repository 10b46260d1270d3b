import { Context, log } from '@temporalio/activity';
import { unavailableDependency } from '../../service-catalog/http/dependency-errors';

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
      async (...args: unknown[]) => {
        const giveUpAt = Date.now() + patienceMs;
        for (let wait = 500; ; wait = Math.min(wait * 2, 5000)) {
          try {
            return await run(...args);
          } catch (err) {
            const dependency = unavailableDependency(err);
            if (!dependency || Date.now() + wait > giveUpAt) throw err;
            log.warn(`${name}: ${dependency} unavailable (${(err as Error).message}); trying again in ${wait} ms`);
            // Cancellation-aware: a cancelled or timed-out activity stops waiting.
            await Context.current().sleep(wait);
          }
        }
      },
    ]),
  ) as T;
}
