/**
 * Latency and a partition between the application tier (API + worker, in a network namespace of their
 * own) and the data tier (PostgreSQL, Temporal, the mail sink, on the host), joined by a veth pair.
 *
 *   npm run bench:network -- [--count=60] [--latency=100] [--partition=10] [--pool=40] [--pollers=10|auto]
 *
 * Prints incidents per second with no added latency and with `--latency` ms added to every round trip
 * between the tiers, and their ratio; then
 * cuts the link for `--partition` seconds while incidents run and counts what was lost or repeated.
 * Needs root (ip netns); says why and exits 0 when it cannot run. Latency is tc netem on the veth when
 * the kernel has it, else a delay in the forwarders the data tier is reached through.
 *
 * Throughput is the steady rate: incidents reaching their queue per second between the 20th and the 80th
 * percentile of arrivals. Added latency lengthens each incident's own path (some forty sequential round
 * trips), which shows in the time to the first arrival and, with few incidents, in the span from first
 * create to last arrival too; the steady rate is what the desk sustains once work flows. Both are printed.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowInterceptorModules, workflowPreloadModules, workflowsPath } from '../workflows/process-worker';
import { FaultCluster, sleep } from '../test/reliability/support/fault-cluster';
import { DeskClient } from '../test/reliability/support/desk-client';
import { countSideEffects, newTag, printCounts, raiseIncidents } from '../test/reliability/support/incident-run';
import { createAppNamespace } from '../test/reliability/support/netns';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);

async function main(): Promise<void> {
  const count = arg('count', 150);
  const latencyMs = arg('latency', 100);
  const partitionSec = arg('partition', 10);
  // Connections per process: each query holds one for a round trip, so the pool bounds throughput once
  // round trips are long. The same for every run, so the ratio compares latency alone.
  const pool = arg('pool', 40);
  // Long polls per task kind in the worker (FLOWDESK_*_TASK_POLLERS): each takes one task per round trip.
  const pollers = process.argv.find((a) => a.startsWith('--pollers='))?.split('=')[1];
  const ctl = createAppNamespace(20 + (process.pid % 200));
  if ('skipped' in ctl) {
    console.log(`bench:network skipped: ${ctl.skipped}`);
    return;
  }
  let cluster: FaultCluster | undefined;
  try {
    // Bundled once, so each worker start takes a second; the cluster hands the path to its workers.
    const { code } = await bundleWorkflowCode({
      workflowsPath,
      preloadModules: workflowPreloadModules,
      workflowInterceptorModules,
      logger: quiet,
    });
    const bundlePath = join(tmpdir(), `flowdesk-bench-bundle-${process.pid}.js`);
    writeFileSync(bundlePath, code);
    process.env.FLOWDESK_TEST_WORKFLOW_BUNDLE = bundlePath;
    const cluster0 = await FaultCluster.start({
      netns: ctl.ns,
      env: {
        DATABASE_POOL_MAX: String(pool),
        ...(pollers ? { FLOWDESK_WORKFLOW_TASK_POLLERS: pollers, FLOWDESK_ACTIVITY_TASK_POLLERS: pollers } : {}),
      },
    });
    cluster = cluster0;
    console.log(
      `application tier in netns ${ctl.ns.name} (${ctl.ns.nsIp}), data tier on ${ctl.ns.hostIp}; latency added by ${ctl.latencyBy}; ${pool} database connections per process; ${pollers ?? 'the SDK default of 10'} pollers per task kind`,
    );
    const client = new DeskClient(() => cluster0.apiUrl);
    // Warm up: first requests compile queries, open pools, load the workflow bundle.
    await measure(cluster0, client, 10);

    const run = async (ms: number) => {
      ctl.setLatency(ms);
      const result = await measure(cluster0, client, count);
      console.log(
        `  +${String(ms).padStart(3)} ms round trip: ${count} incidents in ${(result.ms / 1000).toFixed(1)} s = ${result.perSec.toFixed(2)}/s first create to last arrival; first arrival after ${(result.firstMs / 1000).toFixed(1)} s; steady ${result.steadyPerSec.toFixed(2)}/s; ${result.transactionsPerIncident.toFixed(0)} database transactions per incident; 5xx ${client.tally.serverErrors.length}, lost ${result.lost}, worker starts ${cluster0.worker.starts}, API starts ${cluster0.api.starts}`,
      );
      return result;
    };
    const base = await run(0);
    const slow = await run(latencyMs);
    const baseAgain = await run(0);
    const baseline = (base.steadyPerSec + baseAgain.steadyPerSec) / 2;
    const baselineSpan = (base.perSec + baseAgain.perSec) / 2;
    console.log(
      `steady throughput with +${latencyMs} ms: ${slow.steadyPerSec.toFixed(2)}/s; baseline ${baseline.toFixed(2)}/s (mean of the runs before and after); ratio ${(slow.steadyPerSec / baseline).toFixed(2)}`,
    );
    console.log(
      `first create to last arrival with +${latencyMs} ms: ${slow.perSec.toFixed(2)}/s; baseline ${baselineSpan.toFixed(2)}/s; ratio ${(slow.perSec / baselineSpan).toFixed(2)}`,
    );

    // A partition while incidents run: nothing may be lost or done twice once it heals.
    ctl.setLatency(0);
    const tag = newTag();
    const load = raiseIncidents({ cluster: cluster0, client, tag, count: Math.round(count / 2), ratePerSec: 4 });
    await sleep(3000);
    ctl.partition();
    console.log(`partition: link down for ${partitionSec} s`);
    await sleep(partitionSec * 1000);
    ctl.heal();
    const raised = await load;
    const deadline = Date.now() + 240_000;
    let counts = await countSideEffects(cluster0, tag, raised);
    while (counts.inQueueOrFurther < raised.length && Date.now() < deadline) {
      await sleep(2000);
      counts = await countSideEffects(cluster0, tag, raised);
    }
    printCounts('after the partition healed:', counts, {
      client: client.tally,
      workerStarts: cluster0.worker.starts,
      apiStarts: cluster0.api.starts,
    });
  } finally {
    await cluster?.close().catch((err) => console.error(`close failed: ${String(err)}`));
    ctl.remove();
  }
}

interface Measured {
  ms: number;
  perSec: number;
  firstMs: number;
  steadyPerSec: number;
  lost: number;
  /** Database transactions per incident (API, worker and this bench's own polling alike): each costs round trips. */
  transactionsPerIncident: number;
}

/** Transactions committed or rolled back in the cluster's database so far. */
async function transactions(cluster: FaultCluster): Promise<number> {
  const [row] = await cluster.query<{ n: string }>(
    `select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()`,
  );
  return Number(row!.n);
}

/** Raises `n` incidents at once and waits until all are in their group's queue, noting when each count was reached. */
async function measure(cluster: FaultCluster, client: DeskClient, n: number): Promise<Measured> {
  const tag = newTag();
  const xact0 = await transactions(cluster);
  const t0 = Date.now();
  // Counted while the incidents are still being raised, so the first arrivals are seen when they happen.
  const arrivals: Array<{ at: number; n: number }> = [];
  let raisedCount = n;
  const raising = raiseIncidents({ cluster, client, tag, count: n, ratePerSec: 1000 }).then((raised) => (raisedCount = raised.length));
  let done = false;
  void raising.finally(() => (done = true));
  for (;;) {
    const [row] = await cluster.query<{ n: string }>(
      `select count(*) as n from ticket where title like ? and assignment_group is not null and state <> 'new'`,
      [`fault ${tag} #%`],
    );
    arrivals.push({ at: Date.now() - t0, n: Number(row!.n) });
    if (done && Number(row!.n) >= raisedCount) break;
    if (Date.now() - t0 > 600_000)
      return {
        ms: Date.now() - t0,
        perSec: 0,
        firstMs: NaN,
        steadyPerSec: 0,
        lost: raisedCount - Number(row!.n),
        transactionsPerIncident: NaN,
      };
    await sleep(100);
  }
  const ms = Date.now() - t0;
  const reached = (k: number) => arrivals.find((a) => a.n >= k)!;
  const [p20, p80] = [reached(Math.ceil(raisedCount * 0.2)), reached(Math.ceil(raisedCount * 0.8))];
  const steadyPerSec = p80.at > p20.at ? (p80.n - p20.n) / ((p80.at - p20.at) / 1000) : NaN;
  // Statistics reach pg_stat_database when a backend goes idle: a moment for the last ones to land.
  await sleep(1000);
  const transactionsPerIncident = ((await transactions(cluster)) - xact0) / raisedCount;
  return { ms, perSec: n / (ms / 1000), firstMs: reached(1).at, steadyPerSec, lost: 0, transactionsPerIncident };
}

const quiet = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (m: string) => console.error(m),
};

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
