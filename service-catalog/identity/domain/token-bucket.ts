/**
 * In-process token buckets, one per key (a user, an API token, an IP). Each holds `capacity`
 * requests and refills `refillPerSec`; an empty bucket says how long until the next token.
 * Per process on purpose: several API processes would each allow the rate (documented in README).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly refillPerSec: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 50_000,
  ) {}

  /** Takes one token; returns 0 when allowed, else the seconds to wait (for Retry-After). */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.refillPerSec);
    bucket.at = now;
    if (this.buckets.size >= this.maxKeys && !this.buckets.has(key)) this.evictFull(now);
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerSec));
  }

  /** Forgets a key (a successful login clears its failures). */
  reset(key: string): void {
    this.buckets.delete(key);
  }

  // Full buckets carry no information, so they are the ones to drop when memory is bounded.
  private evictFull(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.refillPerSec >= this.capacity) this.buckets.delete(key);
    }
  }
}
