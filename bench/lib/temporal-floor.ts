import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Worker, bundleWorkflowCode, type InjectedSinks } from '@temporalio/worker';
import { floorFinish, floorWorkflow, type FloorSinks } from '../floor-workflows';
import { throughput, type Throughput } from './throughput';

/**
 * The throughput floor: `count` minimal hand-written workflows (start, one activity, one update,
 * complete; bench/floor-workflows.ts) started at once against `address`, with a worker of SDK defaults
 * (as the product's) in this process on a task queue of its own, timed from the first start to the last
 * result. An absolute rate means little on a shared 2-core machine; as a ratio to this floor, measured
 * against the same server in the same run, it says what our own code adds.
 *
 * The caller installs the Temporal Runtime: creating a Worker would otherwise install the default one,
 * with signal handlers of its own.
 */
export async function measureTemporalFloor(opts: { address: string; namespace: string; count: number }): Promise<Throughput> {
  const taskQueue = `floor-${randomUUID()}`;
  const waiting = new Map<string, () => void>();
  const sinks: InjectedSinks<FloorSinks> = { floor: { waiting: { fn: (info) => waiting.get(info.workflowId)?.() } } };
  // Bundled before the clock starts: webpack's seconds are no part of what a workflow costs.
  const bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../floor-workflows'), logger: new DefaultLogger('ERROR') });
  const nativeConnection = await NativeConnection.connect({ address: opts.address });
  const connection = await Connection.connect({ address: opts.address });
  try {
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: opts.namespace,
      taskQueue,
      workflowBundle: bundle,
      activities: { floorStep: async () => undefined },
      sinks,
    });
    const client = new Client({ connection, namespace: opts.namespace });
    // A stuck floor must end the benchmark rather than hang it; below one workflow a second it is broken anyway.
    const workflowExecutionTimeout = `${Math.max(300, opts.count)} seconds`;

    const one = async (): Promise<void> => {
      const workflowId = `floor-${randomUUID()}`;
      const waits = new Promise<void>((resolve) => waiting.set(workflowId, resolve));
      const handle = await client.workflow.start(floorWorkflow, { workflowId, taskQueue, workflowExecutionTimeout });
      const result = handle.result();
      result.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
      // The update leaves once the workflow waits, in a workflow task of its own, as a person's action
      // reaches a waiting process: sent any sooner, Temporal folds it into the task that completes the activity.
      await Promise.race([waits, result]);
      await handle.executeUpdate(floorFinish);
      await result;
      waiting.delete(workflowId);
    };

    return await worker.runUntil(async () => {
      const t0 = performance.now();
      await Promise.all(Array.from({ length: opts.count }, one));
      return throughput(opts.count, t0, performance.now());
    });
  } finally {
    await connection.close();
    await nativeConnection.close();
  }
}
