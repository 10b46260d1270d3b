import { TokenBuckets } from './token-bucket';

describe('TokenBuckets', () => {
  it('allows the capacity, then asks to wait until a token has refilled', () => {
    // given a bucket of 3 refilling one token every 2 seconds, on a clock we control
    let now = 0;
    const buckets = new TokenBuckets(3, 0.5, () => now);
    // when 4 requests arrive at once
    const waits = [1, 2, 3, 4].map(() => buckets.take('u1'));
    // then the 4th waits 2 s, and another key is unaffected
    expect(waits).toEqual([0, 0, 0, 2]);
    expect(buckets.take('u2')).toBe(0);
    now = 2000;
    expect(buckets.take('u1')).toBe(0);
    expect(buckets.take('u1')).toBe(2);
  });

  it('forgets a key on reset', () => {
    const buckets = new TokenBuckets(1, 0.001, () => 0);
    buckets.take('ip');
    expect(buckets.take('ip')).toBeGreaterThan(0);
    buckets.reset('ip');
    expect(buckets.take('ip')).toBe(0);
  });
});
