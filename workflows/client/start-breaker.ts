import { ServiceError } from '@temporalio/client';
import { isTemporalUnavailable } from './temporal-unavailable';

/** A refused start's caller asks at once whether it landed; older entries belong to callers that never ask. */
const REFUSED_KEPT_MS = 60_000;

/**
 * Starts refused at once while Temporal is known to be away. A start during an outage otherwise holds
 * its request for the start's deadline and then the check whether it landed (seven seconds or more),
 * for every request in the outage: callers pile up instead of hearing 503 and `Retry-After`. The breaker
 * opens only when a start failed and the check found the server away too (a slow server's start may
 * have landed, and is never cut short), and stays open as long as the callers are told to wait.
 */
export class StartBreaker {
  private openUntil = 0;
  /** Instances whose start was refused here, never sent (they cannot have landed), and when. */
  private readonly refused = new Map<string, number>();

  constructor(
    private readonly openMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws, without asking the server, while open; the error reads as Temporal unavailable (503). */
  check(instanceId: string): void {
    const now = this.now();
    if (now >= this.openUntil) return;
    for (const [id, at] of this.refused) if (at < now - REFUSED_KEPT_MS) this.refused.delete(id);
    this.refused.set(instanceId, now);
    throw new ServiceError(`UNAVAILABLE: Temporal was unreachable moments ago; start of ${instanceId} not sent`);
  }

  /**
   * A start failed and asking whether it landed failed with `err`: when that says the server is not
   * there (gRPC UNAVAILABLE or DEADLINE_EXCEEDED), it is away, and the breaker opens.
   */
  checkFailed(err: unknown): void {
    if (serverAway(err)) this.openUntil = this.now() + this.openMs;
  }

  /** Whether this instance's start was refused here (asked once, by the caller's landed check). */
  wasRefused(instanceId: string): boolean {
    return this.refused.delete(instanceId);
  }
}

function serverAway(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if (isTemporalUnavailable(e)) return true;
  }
  return false;
}
