import { retryWhileUnavailable } from './retry-while-unavailable';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('retryWhileUnavailable', () => {
  it('waits a doubling, capped time between tries while the dependency is away, and answers what the work finally answers', async () => {
    const waits: number[] = [];
    const told: string[] = [];
    let calls = 0;
    const answer = await retryWhileUnavailable(async () => (++calls < 5 ? Promise.reject(refused()) : 'done'), {
      patienceMs: 60_000,
      firstWaitMs: 250,
      maxWaitMs: 600,
      sleep: async (ms) => waits.push(ms),
      onRetry: (dependency, _err, ms) => told.push(`${dependency} ${ms}`),
    });
    expect(answer).toBe('done');
    expect(waits).toEqual([250, 500, 600, 600]);
    expect(told).toEqual(['database 250', 'database 500', 'database 600', 'database 600']);
  });

  it('throws anything but an outage at once', async () => {
    let calls = 0;
    const work = async () => ++calls && Promise.reject(new TypeError('a bug'));
    await expect(retryWhileUnavailable(work, { patienceMs: 60_000, firstWaitMs: 1, maxWaitMs: 1 })).rejects.toThrow('a bug');
    expect(calls).toBe(1);
  });

  it('gives up when the next wait would end after its patience', async () => {
    let calls = 0;
    const work = async () => ++calls && Promise.reject(refused());
    // Real timers: at 0 ms, 200 ms and 600 ms; the next, 800 ms after that, would pass the 1 s patience.
    await expect(retryWhileUnavailable(work, { patienceMs: 1000, firstWaitMs: 200, maxWaitMs: 5000 })).rejects.toThrow('ECONNREFUSED');
    expect(calls).toBe(3);
  });
});
