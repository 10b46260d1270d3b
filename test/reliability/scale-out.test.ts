/**
 * The multi-process deployment of docs/operations.md: two API processes and two workers on one task
 * queue, against the real Temporal server with its stores on PostgreSQL (built once with Go, cached),
 * and one desk database. Incidents go through both API nodes in turn, as behind a load balancer; one
 * worker is SIGKILLed midway and stays down; one API node gets SIGTERM while requests are in flight
 * and comes back. Afterwards every incident is in its queue exactly once (no duplicate ticket, audit
 * entry or mail), no acknowledged request is lost, no answer was a 500, and both nodes' /metrics carry
 * the documented series.
 *
 * Short by default (60 incidents); FLOWDESK_LONG=1 runs the issue's 500.
 */
import { FaultCluster, sleep } from './support/fault-cluster';
import { DeskClient } from './support/desk-client';
import { eachOnce, newTag, printCounts, raiseIncidents, settle } from './support/incident-run';

const LONG = process.env.FLOWDESK_LONG === '1';
const plan = LONG ? { count: 500, ratePerSec: 5, settleMs: 1_200_000 } : { count: 60, ratePerSec: 3, settleMs: 300_000 };
const METRICS_TOKEN = 'scale-out-test-metrics-token';
/** Series docs/observability.md promises on every API node. */
const DOCUMENTED_SERIES = [
  'flowdesk_http_request_duration_seconds',
  'flowdesk_http_errors_total',
  'flowdesk_open_tickets',
  'flowdesk_sla_breached_open_tickets',
  'flowdesk_process_incidents_open',
  'flowdesk_process_instances_with_incidents',
  'flowdesk_jobs_waiting',
  'flowdesk_process_resident_memory_bytes',
];

describe('two API nodes and two workers on the Temporal server on PostgreSQL', () => {
  let cluster: FaultCluster;

  beforeAll(async () => {
    cluster = await FaultCluster.start({ apiNodes: 2, workers: 2, temporal: 'server', env: { METRICS_TOKEN } });
  }, 900_000);

  afterAll(async () => {
    await cluster?.close();
  }, 120_000);

  it(
    `${plan.count} incidents through both nodes: one worker SIGKILLed, one node SIGTERMed under load; each in its queue once`,
    async () => {
      // Given requests spread over both API nodes, as a load balancer would (a retry goes to the next one)
      let next = 0;
      const client = new DeskClient(() => cluster.apiUrls[next++ % cluster.apiUrls.length]!);
      const tag = newTag();
      const events: string[] = [];
      const t0 = Date.now();
      const note = (what: string) => events.push(`${((Date.now() - t0) / 1000).toFixed(1)}s ${what}`);
      const load = raiseIncidents({ cluster, client, tag, count: plan.count, ratePerSec: plan.ratePerSec });

      // When one worker dies for good midway, and the second API node is stopped in order under load
      const faults = (async () => {
        await sleep((plan.count / plan.ratePerSec) * 250);
        note(`worker-2 SIGKILLed (not restarted) with ${client.inFlight} request(s) in flight`);
        cluster.workers[1]!.kill('SIGKILL', { restart: false });
        await sleep((plan.count / plan.ratePerSec) * 250);
        const inFlight = client.inFlight;
        const stopping = cluster.apis[1]!.stop();
        note(`api-2 SIGTERM with ${inFlight} request(s) in flight`);
        await stopping;
        note('api-2 stopped');
        await sleep(3000);
        await cluster.apis[1]!.start();
        note('api-2 started again');
      })();
      const raised = await load;
      await faults;

      // Then every incident is in its queue, once, with every side effect once
      const counts = await settle(cluster, tag, raised, plan.settleMs);
      printCounts(`Scale-out: ${plan.count} incidents, 2 API nodes, 2 workers, Temporal server on PostgreSQL:`, counts, {
        events,
        apiStarts: cluster.apis.map((a) => a.starts),
        workerStarts: cluster.workers.map((w) => w.starts),
        client: client.tally,
        seconds: Math.round((Date.now() - t0) / 1000),
      });
      expect(client.tally.serverErrors).toEqual([]);
      expect(counts).toEqual(expect.objectContaining(eachOnce(counts, plan.count)));

      // And each node's /metrics carries the documented series, none naming a customer or a ticket
      for (const url of cluster.apiUrls) {
        const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
        expect(res.status).toBe(200);
        const text = await res.text();
        // Declared on every node (a series with no sample yet, say no 5xx so far, still has its TYPE line).
        const missing = DOCUMENTED_SERIES.filter((name) => !text.includes(`# TYPE ${name} `));
        expect({ url, missing }).toEqual({ url, missing: [] });
        expect(text).not.toMatch(/INC\d{7}|organization_id|@example/);
      }
    },
    LONG ? 3_600_000 : 1_500_000,
  );
});
