import Hapi from '@hapi/hapi';
import type { Logger } from '../logger';
import { AdmissionGate, admissionPlugin } from './admission';
import { errorMappingPlugin } from './error-mapping';

/** A hapi server with the gate and routes whose answers the test releases. */
async function gatedServer(maxInFlight: number, queueWaitMs: number) {
  const server = Hapi.server();
  const quiet = { warn: () => undefined, error: () => undefined } as unknown as Logger;
  // As in createServer: the error mapping gives every refusal its code and details.
  await server.register({ plugin: errorMappingPlugin, options: { log: quiet } });
  await server.register({ plugin: admissionPlugin, options: { maxInFlight, queueWaitMs, retryAfterSec: 2 } });
  const holds: Array<() => void> = [];
  const held = () => new Promise<string>((resolve) => holds.push(() => resolve('done')));
  server.route([
    { method: 'POST', path: '/work', handler: held },
    { method: 'GET', path: '/stream', options: { plugins: { admission: 'exempt' } }, handler: held },
    { method: 'GET', path: '/public', options: { auth: false }, handler: () => 'page' },
    {
      method: 'POST',
      path: '/fails',
      handler: () => {
        throw new Error('boom');
      },
    },
  ]);
  await server.initialize();
  const gate = server.plugins['flowdesk-admission'].gate;
  /** Waits until `n` handlers are holding. */
  const holding = async (n: number) => {
    while (holds.length < n) await new Promise((r) => setTimeout(r, 5));
  };
  return { server, gate, holds, holding };
}

describe('admission control', () => {
  it('works on at most maxInFlight requests; the next waits and is admitted when one finishes', async () => {
    const { server, gate, holds, holding } = await gatedServer(2, 5_000);
    const first = server.inject({ method: 'POST', url: '/work' });
    const second = server.inject({ method: 'POST', url: '/work' });
    await holding(2);
    const third = server.inject({ method: 'POST', url: '/work' });
    await new Promise((r) => setTimeout(r, 50));
    expect(holds).toHaveLength(2);
    expect(gate.queued).toBe(1);
    holds[0]!();
    expect((await first).statusCode).toBe(200);
    await holding(3);
    holds[1]!();
    holds[2]!();
    expect((await second).statusCode).toBe(200);
    expect((await third).statusCode).toBe(200);
    expect(gate.busy).toBe(0);
  });

  it('refuses with 503, Retry-After and a code when no place frees up within the wait, and works on nothing for it', async () => {
    const { server, gate, holds, holding } = await gatedServer(1, 100);
    const first = server.inject({ method: 'POST', url: '/work' });
    await holding(1);
    const refused = await server.inject({ method: 'POST', url: '/work' });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('2');
    expect(refused.result).toMatchObject({ code: 'API_BUSY', details: [] });
    expect(holds).toHaveLength(1);
    expect(gate.refused).toBe(1);
    holds[0]!();
    expect((await first).statusCode).toBe(200);
    // The refusal gave back no place it never had: the next request is admitted at once.
    const next = server.inject({ method: 'POST', url: '/work' });
    await holding(2);
    holds[1]!();
    expect((await next).statusCode).toBe(200);
    expect(gate.busy).toBe(0);
  });

  it('lets exempt routes and public reads through a full gate', async () => {
    const { server, holds, holding } = await gatedServer(1, 100);
    const working = server.inject({ method: 'POST', url: '/work' });
    await holding(1);
    const stream = server.inject({ method: 'GET', url: '/stream' });
    await holding(2);
    expect((await server.inject({ method: 'GET', url: '/public' })).statusCode).toBe(200);
    holds.forEach((release) => release());
    expect((await stream).statusCode).toBe(200);
    expect((await working).statusCode).toBe(200);
  });

  it('gives the place back when the request fails', async () => {
    const { server, gate } = await gatedServer(1, 100);
    expect((await server.inject({ method: 'POST', url: '/fails' })).statusCode).toBe(500);
    expect((await server.inject({ method: 'POST', url: '/fails' })).statusCode).toBe(500);
    expect(gate.busy).toBe(0);
    expect(gate.refused).toBe(0);
  });
});

describe('AdmissionGate', () => {
  it('admits waiters in arrival order', async () => {
    const gate = new AdmissionGate(1, 1_000);
    expect(await gate.acquire()).toBe(true);
    const order: number[] = [];
    const a = gate.acquire().then(() => order.push(1));
    const b = gate.acquire().then(() => order.push(2));
    gate.release();
    await a;
    gate.release();
    await b;
    expect(order).toEqual([1, 2]);
    gate.release();
    expect(gate.busy).toBe(0);
  });
});
