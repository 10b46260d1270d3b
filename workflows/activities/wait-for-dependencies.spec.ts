import { MockActivityEnvironment } from '@temporalio/testing';
import { waitingForDependencies } from './wait-for-dependencies';

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const env = () => new MockActivityEnvironment(undefined, { logger: quiet });
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('waitingForDependencies', () => {
  it('runs the activity again while the database is unreachable, and answers what it finally answers', async () => {
    let calls = 0;
    const { work } = waitingForDependencies({ work: async (x: number) => (++calls < 3 ? Promise.reject(refused()) : x * 2) }, 10_000);
    await expect(env().run(work, 21)).resolves.toBe(42);
    expect(calls).toBe(3);
  });

  it('fails at once on anything else', async () => {
    let calls = 0;
    const { work } = waitingForDependencies({ work: async () => ++calls && Promise.reject(new TypeError('a bug')) }, 10_000);
    await expect(env().run(work)).rejects.toThrow('a bug');
    expect(calls).toBe(1);
  });

  it('gives up after its patience, so the attempt fails within its timeout', async () => {
    let calls = 0;
    const { work } = waitingForDependencies({ work: async () => ++calls && Promise.reject(refused()) }, 1_200);
    await expect(env().run(work)).rejects.toThrow('ECONNREFUSED');
    // 0 ms, then 500 ms later; a third try 1 s after that would pass the patience
    expect(calls).toBe(2);
  });
});
