/**
 * PostgreSQL or Temporal unreachable for a while (10 s; FLOWDESK_LONG=1: 60 s), with incidents in
 * flight: the API answers 503 with `Retry-After`, never 500; `/ready` goes red naming the dependency and
 * green again; every process that was running finishes its way to the queue afterwards, and a create
 * refused during the outage succeeds on its retry, once.
 */
import { randomUUID } from 'node:crypto';
import { FaultCluster, sleep } from './support/fault-cluster';
import { DeskClient } from './support/desk-client';
import { newTag, printCounts, raiseIncidents, settle } from './support/incident-run';

const OUTAGE_MS = process.env.FLOWDESK_LONG === '1' ? 60_000 : 10_000;

interface Probe {
  at: number;
  /** When the answer came (ms after the dependency went away). */
  doneAt: number;
  route: string;
  status: number | 'no answer';
  retryAfter: string | null;
  body: string;
}

describe('dependency outages', () => {
  let cluster: FaultCluster;

  beforeAll(async () => {
    cluster = await FaultCluster.start();
  }, 180_000);

  afterAll(async () => {
    await cluster?.close();
  }, 60_000);

  it.each([
    ['PostgreSQL', 'database'],
    ['Temporal', 'temporal'],
  ] as const)(
    `%s unreachable for ${OUTAGE_MS / 1000} s: 503 with Retry-After, never 500; readiness red and back; nothing lost`,
    async (dependency, check) => {
      // Given incidents whose processes are on their way to the queue
      const client = new DeskClient(() => cluster.apiUrl);
      const tag = newTag();
      const raised = await raiseIncidents({ cluster, client, tag, count: 8, ratePerSec: 8 });
      const rita = await client.token('rita');
      const late = { key: randomUUID(), title: `fault ${tag} #8`, major: false };

      // When the dependency goes away
      if (dependency === 'PostgreSQL') await cluster.stopPostgres();
      else await cluster.stopTemporal();
      const down = Date.now();
      const probes: Probe[] = [];
      const probe = async (route: string, init: RequestInit = {}) => {
        const at = Date.now() - down;
        try {
          const res = await fetch(`${cluster.apiUrl}${route}`, { ...init, signal: AbortSignal.timeout(30_000) });
          const body = (await res.text()).slice(0, 300);
          probes.push({ at, doneAt: Date.now() - down, route, status: res.status, retryAfter: res.headers.get('retry-after'), body });
        } catch {
          probes.push({ at, doneAt: Date.now() - down, route, status: 'no answer', retryAfter: null, body: '' });
        }
      };
      // Each route probed once a second on its own, so a slow answer on one never thins out the others.
      const every = async (route: string, init: RequestInit = {}) => {
        while (Date.now() - down < OUTAGE_MS) {
          await probe(route, init);
          await sleep(1000);
        }
      };
      const probing = Promise.all([
        every('/ready'),
        every('/tickets', {
          method: 'POST',
          headers: { authorization: `Bearer ${rita}`, 'content-type': 'application/json', 'idempotency-key': late.key },
          body: JSON.stringify({
            title: late.title,
            description: 'Raised during an outage.',
            impact: 'low',
            urgency: 'low',
            category: 'network',
            service: 'VPN',
          }),
        }),
        every('/tickets?limit=5', { headers: { authorization: `Bearer ${rita}` } }),
      ]);
      await sleep(OUTAGE_MS);
      const restoringAt = Date.now() - down;
      if (dependency === 'PostgreSQL') await cluster.startPostgres();
      else await cluster.startTemporal();
      const upAt = Date.now() - down;
      await probing;

      // Then readiness comes back, the refused create goes through on its retry, and every process finishes
      let readyAgainAt = -1;
      for (let i = 0; i < 120 && readyAgainAt < 0; i++) {
        const res = await fetch(`${cluster.apiUrl}/ready`).catch(() => undefined);
        if (res?.status === 200) readyAgainAt = Date.now() - down;
        else await sleep(500);
      }
      const created = await client.request(
        'rita',
        'POST',
        '/tickets',
        { title: late.title, description: 'Raised during an outage.', impact: 'low', urgency: 'low', category: 'network', service: 'VPN' },
        { 'idempotency-key': late.key },
      );
      const all = [...raised, late];
      const counts = await settle(cluster, tag, all, 180_000);
      // What the API answered while the dependency was away (a probe answered after it came back may succeed).
      const during = probes.filter((p) => p.doneAt < restoringAt);
      const summary = (route: string) =>
        during.filter((p) => p.route === route).map((p) => `${p.status}${p.retryAfter ? `(Retry-After ${p.retryAfter})` : ''}`);
      printCounts(
        `${dependency} down for ${OUTAGE_MS / 1000} s, back at ${(upAt / 1000).toFixed(1)} s, ready again at ${(readyAgainAt / 1000).toFixed(1)} s:`,
        counts,
        {
          ready: summary('/ready').join(' '),
          createTicket: summary('/tickets').join(' '),
          listTickets: summary('/tickets?limit=5').join(' '),
          retriedCreate: created.status,
          client: client.tally,
        },
      );

      // Never a 500, and no request left hanging
      expect(
        probes.filter((p) => p.status === 'no answer' || (typeof p.status === 'number' && p.status >= 500 && p.status !== 503)),
      ).toEqual([]);
      // Every refusal is a 503 that says when to come back
      expect(during.filter((p) => p.status === 503 && p.retryAfter === null)).toEqual([]);
      // Readiness red, naming the dependency, all through the outage; green again afterwards
      const readiness = during.filter((p) => p.route === '/ready');
      expect(readiness.length).toBeGreaterThanOrEqual(3);
      for (const p of readiness) {
        expect(p.status).toBe(503);
        expect(JSON.parse(p.body).checks[check].ok).toBe(false);
      }
      expect(readyAgainAt).toBeGreaterThan(0);
      // A create cannot succeed without the dependency: refused with 503 every time. The first one tried
      // waits out the start's deadline and its landed check (~8 s, longer on a busy machine), so it may
      // answer after the dependency is back, when it may have succeeded: a create asked during the
      // outage is a 503, or a 201 that came after the restore.
      const creates = probes.filter((p) => p.route === '/tickets' && p.at < restoringAt);
      expect(creates.length).toBeGreaterThan(0);
      expect(
        creates.filter((p) => p.status !== 503 && !(p.status === 201 && p.doneAt >= restoringAt)).map((p) => `${p.status} at ${p.at} ms`),
      ).toEqual([]);
      expect([200, 201]).toContain(created.status);
      expect(counts).toEqual(
        expect.objectContaining({
          incidentTickets: all.length,
          inQueueOrFurther: all.length,
          runningWorkflows: all.length,
          lost: 0,
          duplicated: 0,
        }),
      );
      expect(client.tally.serverErrors).toEqual([]);
    },
    300_000,
  );
});
