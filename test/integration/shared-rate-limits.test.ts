import { randomUUID } from 'node:crypto';
import { RateLimits } from '../../service-catalog/identity/domain/rate-limits';
import { TestSystem } from '../support/test-system';

/**
 * Rate limits live in PostgreSQL (issue 21), so N API nodes enforce one limit between them instead of
 * N times it. Each `RateLimits` below stands for one API node's limiter.
 */
describe('rate limits shared by API nodes', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(async () => {
    await system?.close();
  });

  it('lets two nodes together spend one bucket, then refuses on both with the wait until the next token', async () => {
    const scope = `test-${randomUUID().slice(0, 8)}`;
    const nodeA = new RateLimits(scope, 3, 0.01);
    const nodeB = new RateLimits(scope, 3, 0.01);
    const key = `user:${randomUUID()}`;
    const em = () => system.adminEm();
    expect([await nodeA.take(em(), key), await nodeB.take(em(), key), await nodeA.take(em(), key)]).toEqual([0, 0, 0]);
    const waitB = await nodeB.take(em(), key);
    const waitA = await nodeA.take(em(), key);
    // One token at 0.01 per second: about 100 s away (less whatever time passed since the first take).
    expect(waitB).toBeGreaterThan(90);
    expect(waitA).toBeGreaterThan(90);
    // Another key has its own bucket.
    expect(await nodeB.take(em(), `user:${randomUUID()}`)).toBe(0);
  });

  it('allows exactly the capacity when many requests race on one key', async () => {
    const scope = `race-${randomUUID().slice(0, 8)}`;
    const nodes = [new RateLimits(scope, 5, 0.001), new RateLimits(scope, 5, 0.001)];
    const key = `token:${randomUUID()}`;
    const waits = await Promise.all(Array.from({ length: 20 }, (_, i) => nodes[i % 2]!.take(system.adminEm(), key)));
    expect(waits.filter((w) => w === 0)).toHaveLength(5);
  });

  it('forgets a key on reset (a successful sign-in) and prunes buckets that have refilled', async () => {
    const scope = `reset-${randomUUID().slice(0, 8)}`;
    const limits = new RateLimits(scope, 1, 1000);
    const key = `username:${randomUUID()}`;
    expect(await limits.take(system.adminEm(), key)).toBe(0);
    const slow = new RateLimits(scope, 1, 0.001);
    expect(await slow.take(system.adminEm(), key)).toBeGreaterThan(0);
    await slow.reset(system.adminEm(), key);
    expect(await slow.take(system.adminEm(), key)).toBe(0);

    const fast = new RateLimits(scope, 1, 1000);
    const other = `username:${randomUUID()}`;
    expect(await fast.take(system.adminEm(), other)).toBe(0);
    // Refilled at 1000 per second: long full again by now, so nothing is lost by deleting it.
    await new Promise((r) => setTimeout(r, 20));
    expect(await fast.prune(system.adminEm())).toBeGreaterThanOrEqual(1);
    const [{ n }] = (await system
      .adminEm()
      .getConnection()
      .execute(`select count(*)::int as n from rate_limit_bucket where scope = ? and key = ?`, [scope, other])) as Array<{ n: number }>;
    expect(n).toBe(0);
  });
});
