import { setTimeout as sleep } from 'node:timers/promises';
import { unavailableDependency, type Dependency } from './dependency-errors';

export interface RetryPatience {
  /** How long to keep trying, from the first call; a retry that would start after it is not made. */
  patienceMs: number;
  /** The first wait; each next one doubles, up to `maxWaitMs`. */
  firstWaitMs: number;
  maxWaitMs: number;
  /** How to wait: a timer by default; an activity passes its cancellation-aware `Context.sleep`. */
  sleep?: (ms: number) => Promise<unknown>;
  /** Told before each wait, e.g. to log which dependency is away. */
  onRetry?: (dependency: Dependency, err: unknown, waitMs: number) => void;
}

/**
 * Runs `work`, and runs it again after a growing wait while it fails because a dependency is briefly
 * unreachable ({@link unavailableDependency}: PostgreSQL restarting, Temporal away, the network cut).
 * Anything else, or an outage that outlasts `patienceMs`, is thrown as it came. Only for work that is
 * safe to repeat: every caller's is idempotent (an activity's attempt, a mail's record).
 */
export async function retryWhileUnavailable<T>(work: () => Promise<T>, patience: RetryPatience): Promise<T> {
  const giveUpAt = Date.now() + patience.patienceMs;
  const wait = patience.sleep ?? sleep;
  for (let waitMs = patience.firstWaitMs; ; waitMs = Math.min(waitMs * 2, patience.maxWaitMs)) {
    try {
      return await work();
    } catch (err) {
      const dependency = unavailableDependency(err);
      if (!dependency || Date.now() + waitMs > giveUpAt) throw err;
      patience.onRetry?.(dependency, err, waitMs);
      await wait(waitMs);
    }
  }
}
