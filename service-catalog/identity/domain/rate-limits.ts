import type { EntityManager } from '@mikro-orm/postgresql';

// Each take is one statement: the bucket refills by the time since its last take, gives a token if it
// has one, and says whether it did. Concurrent takes on one key serialise on its row, so two API nodes
// can never both spend the last token.
const REFILLED = `least(excluded.capacity, b.tokens + extract(epoch from now() - b.refilled_at) * excluded.refill_per_sec)`;
const TAKE = `insert into rate_limit_bucket as b (scope, key, tokens, capacity, refill_per_sec, allowed, refilled_at)
  values (?, ?, ? - 1, ?, ?, true, now())
  on conflict (scope, key) do update set
    tokens = ${REFILLED} - case when ${REFILLED} >= 1 then 1 else 0 end,
    capacity = excluded.capacity,
    refill_per_sec = excluded.refill_per_sec,
    allowed = ${REFILLED} >= 1,
    refilled_at = now()
  returning tokens, allowed`;
// A bucket that has refilled to capacity holds nothing a fresh one would not: it can go.
const PRUNE = `delete from rate_limit_bucket
  where scope = ? and refilled_at < now() - make_interval(secs => (capacity - tokens) / refill_per_sec)`;

/**
 * Token buckets in PostgreSQL, one per key (a user, an API token, an IP) within a scope (what is
 * limited): `capacity` requests, refilled at `refillPerSec`. Shared by every API node, so the limit
 * holds for the cluster, not per process. Statements run on their own pooled connection, outside the
 * request's transaction: a refused or failed request still spends its token.
 */
export class RateLimits {
  private takes = 0;

  constructor(
    private readonly scope: string,
    private readonly capacity: number,
    private readonly refillPerSec: number,
    private readonly pruneEvery = 1000,
  ) {}

  /** Takes one token; resolves to 0 when allowed, else the seconds to wait (for Retry-After). */
  async take(em: EntityManager, key: string): Promise<number> {
    const conn = em.getConnection();
    const [row] = (await conn.execute(TAKE, [this.scope, key, this.capacity, this.capacity, this.refillPerSec])) as Array<{
      tokens: number;
      allowed: boolean;
    }>;
    if (++this.takes % this.pruneEvery === 0) await this.prune(em);
    if (row!.allowed) return 0;
    return Math.max(1, Math.ceil((1 - Number(row!.tokens)) / this.refillPerSec));
  }

  /** Forgets a key (a successful sign-in clears its failures). */
  async reset(em: EntityManager, key: string): Promise<void> {
    await em.getConnection().execute(`delete from rate_limit_bucket where scope = ? and key = ?`, [this.scope, key]);
  }

  /** Deletes the scope's buckets that are full again; returns how many. */
  async prune(em: EntityManager): Promise<number> {
    const res = (await em.getConnection().execute(PRUNE, [this.scope], 'run')) as { affectedRows?: number };
    return res.affectedRows ?? 0;
  }
}
