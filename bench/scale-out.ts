/**
 * Scale-out benchmark: incidents per second that reach their group's queue with 1 worker and with 2
 * workers, on the Temporal dev server (SQLite file) and on the real Temporal server with its stores on
 * PostgreSQL, each beside the floor (the minimal hand-written workflow, bench/floor-workflows.ts)
 * measured on the same server in the same run, with the CPU each part used (from /proc/<pid>/stat) and
 * the database's work per incident (transactions, rows read, sequential scans: bench/lib/database-work.ts).
 * Each phase's CPU per incident is printed beside the floor's CPU per workflow (Temporal, its PostgreSQL
 * store on the real server, and this process, where the floor's worker and client run): whether the floor
 * is ahead because it does less, or because it waits less, reads off those two figures.
 *
 *   npm run bench:scaleout -- [incidents=200] [--servers=dev,server] [--floor=200] [--concurrency=16]
 *                             [--worker-metrics] [--connections] [--rounds=1] [--warm-up=incidents]
 *
 * The system runs as separate OS processes (test/reliability/support/fault-cluster.ts): PostgreSQL, the
 * Temporal server, one API node, two workers on one task queue. For the 1-worker figure the second worker
 * is stopped; then started again for the 2-worker figure. Every measured phase runs warm: the system first
 * takes `--warm-up` incidents (default: as many as a phase) unmeasured, and so does every newly started
 * worker, and the floor runs once unmeasured before it is timed. A phase measures capacity, not how long a
 * new Node process takes to compile its hot code. With `--rounds=N`
 * that pair is measured N times, every other round 2 workers first; the summary gives each round's ratio
 * and their median. Incidents are sent by one agent, `concurrency` at a time (closed loop, so the figure
 * is the system's capacity, not an offered rate), bodies as in bench:incidents with the category's group
 * set; a ticket counts once the queue poll sees it there.
 *
 * To see where the workers' CPU goes, run it with FLOWDESK_WORKER_NODE_FLAGS="--cpu-prof
 * --cpu-prof-dir=DIR" (test/reliability/support/fault-cluster.ts): each worker leaves a profile per
 * thread in DIR when it is stopped (FLOWDESK_API_NODE_FLAGS the same for the API node). With
 * `--worker-metrics` each worker serves the SDK's metrics and every phase prints how many workflow tasks an
 * incident took, how long they waited and ran, replays and sticky-cache misses (bench/lib/worker-metrics.ts).
 * With `--connections` the desk's database connections are sampled five times a second (pg_stat_activity)
 * and every phase prints how many were running a statement, waiting for a lock (and in which statements),
 * or holding a transaction open while their client did other work (bench/lib/connection-states.ts).
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createOrm } from '../service-catalog/db/orm';
import { FaultCluster } from '../test/reliability/support/fault-cluster';
import { DeskClient } from '../test/reliability/support/desk-client';
import { incidentBodies, type Caller } from './lib/incident-bodies';
import { databaseCounters, databaseWork, formatDatabaseWork } from './lib/database-work';
import { childPids, processTable, treeCpu } from './lib/proc-cpu';
import { QueueWatch, type Execute } from './lib/queue-watch';
import { measureTemporalFloor } from './lib/temporal-floor';
import { percentile } from './lib/latency';
import { cpuMs, fmtCores, fmtRate, printSummary, sumCores, type Cpu, type Phase } from './lib/scale-out-report';
import { queueThroughput, type Throughput } from './lib/throughput';
import { formatWorkerMetrics, scrapeWorkers } from './lib/worker-metrics';
import { ConnectionSampler, formatConnectionStates } from './lib/connection-states';
import { freePort } from '../scripts/lib/free-port';
import { parseScaleOutArgs, usage, type ScaleOutArgs } from './lib/scale-out-args';

const AGENT = 'tomas';
const DRAIN_MS = 180_000;

async function main(): Promise<void> {
  const args = parseScaleOutArgs(process.argv.slice(2));
  // The workers run on this process's Node (process.execPath). Below 24 the figures are another
  // runtime's: on Node 20 AsyncLocalStorage hooks every promise every workflow creates (Temporal's
  // cancellation scopes use it), which a profile showed as a seventh of the workflow thread's CPU.
  if (Number(process.versions.node.split('.')[0]) < 24)
    usage(
      `Node ${process.version} (${process.execPath}): the desk runs on Node 24; use npm run bench:scaleout or put node_modules/.bin first on PATH`,
    );
  // The floor runs a worker in this process; without its signal handlers, so Ctrl+C ends the run.
  Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });
  console.log(
    `scale-out benchmark: ${args.incidents} incidents per phase, ${args.concurrency} in flight, floor ${args.floor} workflows; ${availableParallelism()} cores, Node ${process.version}`,
  );
  const results: Array<{ server: string; phases: Phase[]; floor: Throughput }> = [];
  for (const server of args.servers) results.push(await measureServer(server, args));
  printSummary(results);
}

async function measureServer(
  server: 'dev' | 'server',
  args: ScaleOutArgs,
): Promise<{ server: string; phases: Phase[]; floor: Throughput }> {
  const label = server === 'dev' ? 'Temporal dev server (SQLite file)' : 'Temporal server on PostgreSQL';
  console.log(`\n== ${label}: starting PostgreSQL, Temporal, 1 API node, 2 workers`);
  const metricsPorts = args.workerMetrics ? [await freePort(), await freePort()] : [];
  const cluster = await FaultCluster.start({
    workers: 2,
    workerEnvs: metricsPorts.map((port) => ({ TEMPORAL_WORKER_METRICS_BIND: `127.0.0.1:${port}` })),
    temporal: server,
    env: { ACCESS_TOKEN_TTL_SEC: '86400', MAIL_INBOUND_PORT: '0' },
  });
  const orm = await createOrm({ databaseUrl: cluster.databaseUrl, poolMax: 2 });
  try {
    const execute: Execute = (sql, params) => orm.em.getConnection().execute(sql, params) as Promise<Array<Record<string, unknown>>>;
    const callers = (
      await execute(`select id, organization_id from app_user where roles @> '["requester"]'::jsonb and organization_id is not null`, [])
    ).map((r): Caller => ({ userId: String(r.id), organizationId: String(r.organization_id) }));
    const pids = () => ({
      temporal: cluster.serverPids.temporal ?? devServerPid(),
      postgres: cluster.serverPids.postgres!,
      workers: cluster.workers.map((w) => w.pid).filter((p): p is number => !!p),
      api: cluster.apis.map((a) => a.pid).filter((p): p is number => !!p),
    });
    const client = new DeskClient(() => cluster.apiUrl);
    const metricsUrls = metricsPorts.map((port) => `http://127.0.0.1:${port}/metrics`);
    const phases: Phase[] = [];
    // Warm-up: sign-in, the workers' first workflow tasks, the ORM's first queries and V8 compiling the hot
    // code are no part of a rate. Both workers take part, so each has run about half of it, as a restarted one
    // has below.
    await runPhase({ execute, client, callers, count: args.warmUp, concurrency: args.concurrency, pids, workers: 2, seed: 0 });
    await cluster.workers[1]!.stop();
    // Rounds alternate the order (1 then 2 workers, then 2 then 1): a later phase meets bigger tables (the
    // bench's own queue poll reads more of them) and a machine that has drifted, so a fixed order would
    // charge all of that to the 2-worker figure.
    for (let round = 0; round < args.rounds; round++) {
      for (const workers of round % 2 ? [2, 1] : [1, 2]) {
        // The second worker runs as the last phase left it (stopped after the warm-up, before the first).
        const running = phases.at(-1)?.workers ?? 1;
        if (workers === 2 && running === 1) {
          await cluster.workers[1]!.start();
          // The restarted worker is a new process: cold JIT, an empty connection pool and workflow cache.
          // Warmed with 40 incidents (about 20 its own), two workers reached 0.79-0.98x one worker's rate
          // (median 0.90, six runs of 150 on the dev server, 2026-12-06), warmed with 150 or 300, 0.88-1.24x
          // (median 1.02): the difference was the new process compiling its hot code, not two workers' capacity.
          await runPhase({ execute, client, callers, count: args.warmUp, concurrency: args.concurrency, pids, workers, seed: 3 });
        } else if (workers === 1 && running === 2) {
          await cluster.workers[1]!.stop();
        }
        const phase = await runPhase({
          execute,
          client,
          callers,
          count: args.incidents,
          concurrency: args.concurrency,
          pids,
          workers,
          seed: 10 * round + workers,
          metricsUrls,
          sampleConnections: args.connections,
        });
        phases.push({ ...phase, round });
        console.log(
          `  round ${round + 1}, ${workers} worker(s): ${fmtRate(phase.rate)}, lost ${phase.lost}, sent again after 503 ${phase.retried.unavailable} and unanswered ${phase.retried.unanswered}; cores busy: ${fmtCores(phase.cores)}`,
        );
        console.log(
          `    create answered in ${phase.createAnsweredMs.mean.toFixed(0)} ms (p95 ${phase.createAnsweredMs.p95.toFixed(0)} ms); ` +
            `CPU per incident: ${cpuMs(sumCores(phase.cores), phase.rate)} ms; database per incident: ${formatDatabaseWork(phase.database)}`,
        );
        if (phase.workerMetrics) console.log(`    workers: ${phase.workerMetrics}`);
        if (phase.connections) console.log(`    ${phase.connections}`);
      }
    }
    console.log(`  floor: ${args.floor} minimal hand-written workflows at once on the same server`);
    // Once unmeasured, as the incidents' phases are warmed: the floor's worker is new in this process too.
    await measureTemporalFloor({ address: cluster.temporalAddress, namespace: 'default', count: args.floor });
    const floorStart = cpu(pids());
    const floor = await measureTemporalFloor({ address: cluster.temporalAddress, namespace: 'default', count: args.floor });
    const floorEnd = cpu(pids());
    // The floor's worker and client run in this process, so its CPU is theirs. PostgreSQL's is the
    // Temporal server's store on the real server (the desk's database is idle meanwhile), none on the dev server.
    const wall = (floorEnd.at - floorStart.at) / 1000;
    const floorCores = {
      temporal: (floorEnd.temporal - floorStart.temporal) / wall,
      postgres: (floorEnd.postgres - floorStart.postgres) / wall,
      bench: (floorEnd.bench - floorStart.bench) / wall,
    };
    console.log(
      `  floor: ${fmtRate(floor)}; cores busy: temporal ${floorCores.temporal.toFixed(2)}, postgres ${floorCores.postgres.toFixed(2)}, ` +
        `floor worker and client ${floorCores.bench.toFixed(2)}; CPU per workflow ${cpuMs(floorCores.temporal + floorCores.postgres + floorCores.bench, floor)} ms`,
    );
    return { server: label, phases, floor };
  } finally {
    await orm.close();
    await cluster.close();
  }
}

async function runPhase(opts: {
  execute: Execute;
  client: DeskClient;
  callers: Caller[];
  count: number;
  concurrency: number;
  workers: number;
  seed: number;
  /** The workers' metrics endpoints (`--worker-metrics`); none, nothing printed. */
  metricsUrls?: string[];
  /** Sample the database connections over the phase (`--connections`). */
  sampleConnections?: boolean;
  pids: () => { temporal?: number; postgres: number; workers: number[]; api: number[] };
}): Promise<Phase> {
  const bodies = incidentBodies(opts.count, opts.callers, { setGroup: true, seed: opts.seed });
  const watch = new QueueWatch(opts.execute, 100);
  watch.start();
  const sampler = opts.sampleConnections ? new ConnectionSampler(opts.execute, 200) : undefined;
  sampler?.start();
  const pids = opts.pids();
  const counters = await databaseCounters(opts.execute);
  const tally = { ...opts.client.tally, statuses: { ...opts.client.tally.statuses } };
  const metricsBefore = opts.metricsUrls?.length ? await scrapeWorkers(opts.metricsUrls) : undefined;
  const before = cpu(pids);
  const t0 = performance.now();
  let next = 0;
  let failed = 0;
  const answeredInMs: number[] = [];
  const sender = async () => {
    for (let i = next++; i < opts.count; i = next++) {
      const sentAt = performance.now();
      const res = await opts.client.request(AGENT, 'POST', '/tickets', bodies[i], { 'idempotency-key': randomUUID() });
      answeredInMs.push(performance.now() - sentAt);
      if (res.status === 201) watch.await(res.body.id);
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, sender));
  await watch.drained(DRAIN_MS);
  const after = cpu(pids);
  await watch.stop();
  const connections = sampler && formatConnectionStates(await sampler.stop());
  const database = await databaseWork(opts.execute, counters, opts.count);
  const workerMetrics = metricsBefore && formatWorkerMetrics(metricsBefore, await scrapeWorkers(opts.metricsUrls!), opts.count);
  const wall = (after.at - before.at) / 1000;
  const cores = Object.fromEntries(
    (['temporal', 'postgres', 'workers', 'api', 'bench'] as const).map((k) => [k, (after[k] - before[k]) / wall]),
  ) as Phase['cores'];
  return {
    workers: opts.workers,
    rate: queueThroughput(t0, [...watch.seenAt.values()]),
    lost: failed + watch.pending,
    cores,
    database,
    createAnsweredMs: {
      mean: answeredInMs.reduce((a, b) => a + b, 0) / answeredInMs.length,
      p95: percentile(
        answeredInMs.sort((a, b) => a - b),
        0.95,
      ),
    },
    ...(workerMetrics ? { workerMetrics } : {}),
    ...(connections ? { connections } : {}),
    retried: {
      unavailable: (opts.client.tally.statuses[503] ?? 0) - (tally.statuses[503] ?? 0),
      unanswered: opts.client.tally.connectionErrors - tally.connectionErrors,
    },
  };
}

function cpu(pids: { temporal?: number; postgres: number; workers: number[]; api: number[] }): Cpu {
  const table = processTable();
  const sum = (list: number[]) => list.reduce((s, pid) => s + treeCpu(pid, table).seconds, 0);
  const own = process.cpuUsage();
  return {
    at: performance.now(),
    temporal: pids.temporal ? treeCpu(pids.temporal, table).seconds : NaN,
    postgres: treeCpu(pids.postgres, table).seconds,
    workers: sum(pids.workers),
    api: sum(pids.api),
    bench: (own.user + own.system) / 1e6,
  };
}

/** The dev server is the `temporal` CLI this process spawned. */
function devServerPid(): number | undefined {
  const table = processTable();
  return childPids(process.pid, table).find((pid) => table.find((s) => s.pid === pid)?.comm === 'temporal');
}

main().catch((err) => {
  console.error('scale-out benchmark failed:', err);
  process.exit(1);
});
