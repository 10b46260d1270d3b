/**
 * Faults while incidents run, against the system as separate OS processes (PostgreSQL, a Temporal dev
 * server on a SQLite file, the API, the worker, an SMTP sink): the worker SIGKILLed and started again,
 * the API killed mid-request, Temporal and PostgreSQL restarted. Afterwards every incident is in its
 * group's queue, once, and every side effect (ticket rows, audit entries, mails, links) exists once.
 *
 * Short by default (40 incidents, each fault at least once); FLOWDESK_LONG=1 runs 1,000 incidents with
 * the worker killed every 10 s.
 */
import { FaultCluster, sleep } from './support/fault-cluster';
import { DeskClient } from './support/desk-client';
import { eachOnce, newTag, printCounts, raiseIncidents, settle } from './support/incident-run';

const LONG = process.env.FLOWDESK_LONG === '1';
const plan = LONG
  ? {
      count: 1000,
      ratePerSec: 4,
      workerKillEverySec: 10,
      apiKillEverySec: 45,
      temporalRestartEverySec: 120,
      postgresRestartEverySec: 150,
      settleMs: 1_200_000,
    }
  : { count: 40, ratePerSec: 2, settleMs: 180_000 };

describe('faults while incidents run', () => {
  let cluster: FaultCluster;

  beforeAll(async () => {
    cluster = await FaultCluster.start();
  }, 180_000);

  afterAll(async () => {
    await cluster?.close();
  }, 60_000);

  it(
    `loses and repeats nothing when the worker is SIGKILLed, the API killed mid-request and Temporal and PostgreSQL restart (${plan.count} incidents)`,
    async () => {
      // Given a steady stream of incidents from requesters and agents, retried with their Idempotency-Key
      const client = new DeskClient(() => cluster.apiUrl);
      const tag = newTag();
      const faults: string[] = [];
      const t0 = Date.now();
      const note = (what: string) => faults.push(`${((Date.now() - t0) / 1000).toFixed(1)}s ${what}`);
      let loadDone = false;
      const load = raiseIncidents({ cluster, client, tag, count: plan.count, ratePerSec: plan.ratePerSec }).finally(
        () => (loadDone = true),
      );

      // When every kind of fault hits while they run
      const killApiMidRequest = async () => {
        const until = Date.now() + 10_000;
        while (client.inFlight === 0 && Date.now() < until) await sleep(5);
        note(`API SIGKILLed with ${client.inFlight} request(s) in flight`);
        cluster.api.kill('SIGKILL');
        await cluster.api.whenReady();
      };
      const killWorker = async () => {
        note('worker SIGKILLed');
        cluster.worker.kill('SIGKILL');
        await cluster.worker.whenReady();
      };
      const restartTemporal = async () => {
        note('Temporal dev server restarting');
        await cluster.restartTemporal();
        note('Temporal dev server back');
      };
      const restartPostgres = async () => {
        note('PostgreSQL restarting');
        await cluster.restartPostgres();
        note('PostgreSQL back');
      };
      const injector = LONG
        ? everyUntil(
            () => loadDone,
            [
              [plan.workerKillEverySec!, killWorker],
              [plan.apiKillEverySec!, killApiMidRequest],
              [plan.temporalRestartEverySec!, restartTemporal],
              [plan.postgresRestartEverySec!, restartPostgres],
            ],
          )
        : (async () => {
            await sleep(3000);
            await killWorker();
            await sleep(1500);
            await killApiMidRequest();
            await sleep(1500);
            await restartTemporal();
            await sleep(1500);
            await restartPostgres();
            await sleep(1500);
            await killWorker();
          })();
      const rss = sampleRss(cluster, () => loadDone);
      const raised = await load;
      await injector;
      const raisedInMs = Date.now() - t0;

      // Then every incident reaches its queue, and every side effect exists exactly once
      const counts = await settle(cluster, tag, raised, plan.settleMs);
      printCounts(
        `Faults while ${plan.count} incidents ran (${(raisedInMs / 1000).toFixed(0)} s of load, settled ${((Date.now() - t0) / 1000).toFixed(0)} s after start):`,
        counts,
        {
          faults,
          workerStarts: cluster.worker.starts,
          apiStarts: cluster.api.starts,
          temporalRestarts: cluster.restarts.temporal,
          postgresRestarts: cluster.restarts.postgres,
          client: client.tally,
          rssMb: await rss,
        },
      );
      expect(counts).toEqual(expect.objectContaining(eachOnce(counts, plan.count)));
      // A mail is handed to the SMTP server again (same Message-ID) only if a process died, or the database went, in between
      expect(counts.smtpRedeliveries).toBeLessThanOrEqual(cluster.worker.starts - 1 + cluster.api.starts - 1 + cluster.restarts.postgres);
      // Each fault really happened: the processes were started again
      expect(cluster.worker.starts).toBeGreaterThanOrEqual(3);
      expect(cluster.api.starts).toBeGreaterThanOrEqual(2);
      expect(Math.min(cluster.restarts.temporal, cluster.restarts.postgres)).toBeGreaterThanOrEqual(1);
      // A fault is a 503 to retry or a connection to open again, never a 500
      expect(client.tally.serverErrors).toEqual([]);
      expect(client.tally.unavailableWithoutRetryAfter).toBe(0);
    },
    LONG ? 3_600_000 : 420_000,
  );
});

/** Runs each fault every `sec` seconds (one at a time) until `done()`. */
async function everyUntil(done: () => boolean, schedule: Array<[number, () => Promise<void>]>): Promise<void> {
  const t0 = Date.now();
  const next = schedule.map(([sec]) => t0 + sec * 1000);
  while (!done()) {
    await sleep(250);
    for (let i = 0; i < schedule.length; i++) {
      if (Date.now() >= next[i]!) {
        await schedule[i]![1]();
        next[i] = Date.now() + schedule[i]![0] * 1000;
      }
    }
  }
}

/** RSS of the API and the worker every 10 s while the load runs, in MB. */
async function sampleRss(cluster: FaultCluster, done: () => boolean): Promise<{ api: number[]; worker: number[] }> {
  const samples = { api: [] as number[], worker: [] as number[] };
  while (!done()) {
    const api = cluster.api.rssMb();
    const worker = cluster.worker.rssMb();
    if (api) samples.api.push(Math.round(api));
    if (worker) samples.worker.push(Math.round(worker));
    await sleep(10_000);
  }
  return samples;
}
