/**
 * Engine benchmark: the same flow N times as (a) interpreted BPMN and (b) a hand-written Temporal
 * workflow calling the same activity, on one worker and one server, in one run. Prints wall time per
 * instance, history events per instance and the process's CPU per instance, side by side.
 *
 *   npm run bench:engine -- [instances=1000] [concurrency=50] [--interceptors] [--stack-traces]
 * Uses TEMPORAL_ADDRESS when set, else starts an in-memory Temporal dev server.
 * The sandbox collects no stack traces, as the product's workers (workflows/bpmn-process/workflow-stacks.ts);
 * `--stack-traces` collects them, as the SDK does by default, to show what that costs.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { compileProcess } from '../engine/compiler';
import { completeUserTaskUpdate, processStateQuery, type ProcessInstanceInput } from '../workflows/client';
import { loadConfig } from '../service-catalog/config';
import { startTemporalDevServer } from '../scripts/lib/temporal-dev-server';
import { handwrittenComplete, handwrittenState } from './bench-workflows';
import { workerSinks, workflowInterceptorModules } from '../workflows/worker-interceptors';

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
let instances = Number(positional[0] ?? 1000);
const concurrency = Number(positional[1] ?? 50);
const taskQueue = `bench-${randomUUID()}`;

interface Figures {
  wallMs: number;
  cpuMs: number;
  historyEvents: number;
}

async function main() {
  Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });
  const config = loadConfig();
  const dir = mkdtempSync(join(tmpdir(), 'flowdesk-bench-'));
  const server = config.temporalAddress
    ? undefined
    : await startTemporalDevServer({ binary: config.temporalCli, dataDir: dir, persistent: false });
  const address = config.temporalAddress ?? server!.address;
  const { graph } = await compileProcess(readFileSync(join(__dirname, '..', '..', 'bench', 'engine-flow.bpmn'), 'utf8'));

  // `--interceptors`: bundle the product's workflow interceptors (tracing, off or on) as its workers do,
  // so their cost shows beside a run without them.
  const withInterceptors = process.argv.includes('--interceptors');
  const withStackTraces = process.argv.includes('--stack-traces');
  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./bench-workflows'),
    logger: new DefaultLogger('ERROR'),
    ...(withInterceptors ? { workflowInterceptorModules } : {}),
    ...(withStackTraces ? {} : { preloadModules: [require.resolve('../workflows/bpmn-process/workflow-stacks')] }),
  });
  console.log(`workflow interceptors: ${withInterceptors ? 'bundled (tracing off)' : 'none'}`);
  console.log(`sandbox stack traces: ${withStackTraces ? 'collected (the SDK default)' : 'not collected (as the product)'}`);
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address }),
    taskQueue,
    workflowBundle: bundle,
    ...(withInterceptors ? { sinks: workerSinks() } : {}),
    // The projection activity does what the product's does minus the SQL write, so its round trips are counted.
    activities: { work: async () => ({}), projectProcessInstance: async () => undefined },
    maxConcurrentWorkflowTaskExecutions: 100,
    maxConcurrentActivityTaskExecutions: 200,
  });
  const running = worker.run();
  const client = new Client({ connection: await Connection.connect({ address }) });

  const interpreted = (projection: boolean) => async (): Promise<WorkflowHandle> => {
    const input: ProcessInstanceInput = {
      graph,
      variables: { priority: 'P3' },
      definition: { id: 'bench', processId: 'bench_flow', version: 1 },
      projection,
    };
    const handle = await client.workflow.start('bpmnProcess', { workflowId: `bpmn-${randomUUID()}`, taskQueue, args: [input] });
    const task = await poll(async () => (await handle.query(processStateQuery)).openUserTasks[0]);
    await handle.executeUpdate(completeUserTaskUpdate, {
      args: [{ elementInstanceKey: task.elementInstanceKey, variables: { resolution: 'fixed' } }],
    });
    await handle.result();
    return handle;
  };
  const handwritten = async (): Promise<WorkflowHandle> => {
    const handle = await client.workflow.start('handwrittenIncident', {
      workflowId: `hand-${randomUUID()}`,
      taskQueue,
      args: [{ variables: { priority: 'P3' } }],
    });
    await poll(async () => ((await handle.query(handwrittenState)).taskOpen ? true : undefined));
    await handle.executeUpdate(handwrittenComplete, { args: [{ resolution: 'fixed' }] });
    await handle.result();
    return handle;
  };

  console.log(
    `engine benchmark: ${instances} instances per variant, ${concurrency} in flight, Temporal at ${address}${server ? ' (dev server, in memory)' : ''}`,
  );
  await measure('warm-up', Math.min(50, instances), interpreted(false));
  await measure('warm-up', Math.min(50, instances), handwritten);
  // Interleaved rounds, so a server that slows as its in-memory store grows weighs on every variant alike.
  const rounds = 4;
  const per = Math.ceil(instances / rounds);
  const totals = { a: [] as Figures[], b: [] as Figures[], p: [] as Figures[] };
  for (let round = 0; round < rounds; round++) {
    totals.b.push(await measure(`hand-written (round ${round + 1})`, per, handwritten));
    totals.a.push(await measure(`interpreted (round ${round + 1})`, per, interpreted(false)));
    totals.p.push(await measure(`interpreted + projection (round ${round + 1})`, per, interpreted(true)));
  }
  const sum = (list: Figures[]): Figures => ({
    wallMs: list.reduce((t, f) => t + f.wallMs, 0),
    cpuMs: list.reduce((t, f) => t + f.cpuMs, 0),
    historyEvents: list.reduce((t, f) => t + f.historyEvents, 0) / list.length,
  });
  const [a, b, p] = [sum(totals.a), sum(totals.b), sum(totals.p)];
  instances = per * rounds;

  const row = (label: string, f: (x: Figures) => number, digits = 2) =>
    console.log(
      `${label.padEnd(30)} ${f(a).toFixed(digits).padStart(12)} ${f(b).toFixed(digits).padStart(14)} ${(f(a) / f(b)).toFixed(2).padStart(8)} ${f(p).toFixed(digits).padStart(14)} ${(f(p) / f(b)).toFixed(2).padStart(8)}`,
    );
  console.log(
    `\n${''.padEnd(30)} ${'interpreted'.padStart(12)} ${'hand-written'.padStart(14)} ${'ratio'.padStart(8)} ${'+ projection'.padStart(14)} ${'ratio'.padStart(8)}`,
  );
  row('wall ms per instance', (x) => x.wallMs / instances);
  row('instances per second', (x) => instances / (x.wallMs / 1000), 1);
  row('history events per instance', (x) => x.historyEvents, 1);
  row('process CPU ms per instance', (x) => x.cpuMs / instances);

  worker.shutdown();
  await running;
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });

  async function measure(label: string, n: number, run: () => Promise<WorkflowHandle>): Promise<Figures> {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const handles: WorkflowHandle[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < n) {
          next++;
          handles.push(await run());
        }
      }),
    );
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const sample = handles.slice(0, 20);
    let events = 0;
    for (const h of sample) events += (await h.fetchHistory()).events?.length ?? 0;
    const figures = { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, historyEvents: events / sample.length };
    if (process.env.BENCH_SHOW_EVENTS && sample[0]) {
      const types = ((await sample[0].fetchHistory()).events ?? []).map((e) => String(e.eventType).replace('EVENT_TYPE_', ''));
      console.log(`${label} history: ${types.join(' ')}`);
    }
    console.log(`${label}: ${n} instances in ${(wallMs / 1000).toFixed(1)} s`);
    return figures;
  }
}

async function poll<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 2000; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the user task never opened');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
