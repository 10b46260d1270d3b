import { TestSystem } from '../support/test-system';

interface Problem {
  details: Array<{ field: string; message: string }>;
}

/**
 * Issue 16: the bounds of Camunda 8's job REST API as Flowdesk serves it. Each out-of-bounds value is
 * refused with a 400 naming its field (the route notes list the bounds); values at the bounds pass.
 */
describe('job API limits', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(async () => {
    await system?.close();
  });

  const post = (url: string, payload: object) => system.injectAs('marta', { method: 'POST', url, payload });
  const fieldsOf = (res: { result?: unknown }) => (res.result as Problem).details.map((d) => d.field);
  const activation = { type: `limits-${Date.now()}`, worker: 'limits', timeout: 1000, maxJobsToActivate: 1, requestTimeout: -1 };

  it.each([
    ['maxJobsToActivate', 101],
    ['maxJobsToActivate', 0],
    ['requestTimeout', 300_001],
    ['timeout', 86_400_001],
    ['timeout', 0],
    ['fetchVariable', Array.from({ length: 101 }, (_, i) => `v${i}`)],
  ])('refuses activation with %s out of bounds, naming the field', async (field, value) => {
    const res = await post('/v2/jobs/activation', { ...activation, [field]: value });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toEqual([`payload.${field}`]);
  });

  it('activates at the bounds (no job waiting: none)', async () => {
    const res = await post('/v2/jobs/activation', {
      ...activation,
      maxJobsToActivate: 100,
      timeout: 86_400_000,
      fetchVariable: Array.from({ length: 100 }, (_, i) => `v${i}`),
    });
    expect(res.statusCode).toBe(200);
    expect(res.result).toEqual({ jobs: [] });
  });

  it('refuses completion, failure and error variables over 500 keys or 256 KiB, naming payload.variables', async () => {
    const many = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`k${i}`, i]));
    const large = { blob: 'x'.repeat(256 * 1024) };
    for (const [url, extra] of [
      ['/v2/jobs/123/completion', {}],
      ['/v2/jobs/123/failure', { retries: 1 }],
      ['/v2/jobs/123/error', { errorCode: 'E' }],
    ] as const) {
      for (const variables of [many, large]) {
        const res = await post(url, { ...extra, variables });
        expect(res.statusCode).toBe(400);
        expect(fieldsOf(res)).toEqual(['payload.variables']);
      }
    }
    const big = await post('/v2/jobs/123/completion', { variables: large });
    expect((big.result as Problem).details[0]!.message).toContain(`${256 * 1024} bytes`);
    // Just under the size bound the variables pass validation: an unknown job is then a 404, not a 400.
    const fits = await post('/v2/jobs/123/completion', { variables: { blob: 'x'.repeat(200 * 1024) } });
    expect(fits.statusCode).toBe(404);
  });
});
