/**
 * The split deployment of docs/operations.md (worker modes): one worker OS process runs the workflows
 * (`FLOWDESK_WORKER_MODE=workflows`) on the process task queue, another only the activities
 * (`FLOWDESK_WORKER_MODE=activities`) on `FLOWDESK_ACTIVITY_TASK_QUEUE`. With the activities-only
 * worker stopped, incidents get as far as their local steps (ticket fields, routing, audit run inside
 * the workflow worker: every other incident reaches its queue) and the major incidents' regular activities
 * (paging the managers, opening the linked problem) wait on the activity queue; once it starts, they
 * complete, each once.
 */
import { FaultCluster, sleep } from './support/fault-cluster';
import { DeskClient } from './support/desk-client';
import { countSideEffects, eachOnce, newTag, printCounts, raiseIncidents, settle } from './support/incident-run';

const ACTIVITY_QUEUE = 'flowdesk-activities-test';

describe('a workflows worker and an activities-only worker on its own task queue', () => {
  let cluster: FaultCluster;

  beforeAll(async () => {
    cluster = await FaultCluster.start({
      workers: 2,
      env: { FLOWDESK_ACTIVITY_TASK_QUEUE: ACTIVITY_QUEUE },
      workerEnvs: [{ FLOWDESK_WORKER_MODE: 'workflows' }, { FLOWDESK_WORKER_MODE: 'activities' }],
    });
  }, 600_000);

  afterAll(async () => {
    await cluster?.close();
  }, 120_000);

  it('regular activities wait while the activities-only worker is down, and complete once it is up', async () => {
    // Given the activities-only worker stopped
    const activityWorker = cluster.workers[1]!;
    await activityWorker.stop();

    // When incidents are raised
    const client = new DeskClient(() => cluster.apiUrl);
    const tag = newTag();
    // (one in four is a major incident, whose managers are paged and which gets a linked problem)
    const raised = await raiseIncidents({ cluster, client, tag, count: 8, ratePerSec: 4 });
    const majors = raised.filter((r) => r.major).length;

    // Then the major incidents' instances wait on the activity queue: no page, no problem yet
    const waiting = await waitForPendingActivities(cluster, tag, majors);
    expect(waiting.flatMap((w) => w.taskQueues)).toEqual(waiting.flatMap((w) => w.taskQueues.map(() => ACTIVITY_QUEUE)));
    await sleep(3000);
    const before = await countSideEffects(cluster, tag, raised, { workflows: false });
    expect({ majorPages: before.majorPages, links: before.links, problemTickets: before.problemTickets }).toEqual({
      majorPages: 0,
      links: 0,
      problemTickets: 0,
    });
    // while the local steps ran in the workflows worker: every other incident is in its group's queue
    expect(before.inQueueOrFurther).toBe(raised.length - majors);

    // When the activities-only worker starts
    await activityWorker.start();

    // Then every incident completes its steps, each once
    const counts = await settle(cluster, tag, raised, 120_000);
    printCounts('Activity workers: 8 incidents, a workflows worker and an activities-only worker:', counts, {
      waiting: waiting.map((w) => w.activityTypes.join('+')),
      workerStarts: cluster.workers.map((w) => w.starts),
    });
    expect(counts).toEqual(expect.objectContaining(eachOnce(counts, raised.length)));
  }, 300_000);
});

/** Polls Temporal until each incident's instance has a pending activity; returns their activity task queues. */
async function waitForPendingActivities(
  cluster: FaultCluster,
  tag: string,
  count: number,
): Promise<Array<{ instanceId: string; activityTypes: string[]; taskQueues: string[] }>> {
  const temporal = await cluster.temporalClient();
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const rows = await cluster.query<{ process_instance_id: string | null }>(
        `select process_instance_id from ticket where type = 'incident' and title like ?`,
        [`fault ${tag} #%`],
      );
      const ids = rows.map((r) => r.process_instance_id).filter((x): x is string => !!x);
      const found = [];
      for (const id of ids) {
        const { raw } = await temporal.client.workflow.getHandle(id).describe();
        const pending = raw.pendingActivities ?? [];
        if (pending.length)
          found.push({
            instanceId: id,
            activityTypes: pending.map((p) => p.activityType?.name ?? '?'),
            taskQueues: await activityQueues(temporal.client, id),
          });
      }
      if (found.length === count) return found;
      if (Date.now() > deadline) throw new Error(`only ${found.length} of ${count} instances have a pending activity`);
      await sleep(1000);
    }
  } finally {
    await temporal.close();
  }
}

/** The task queues the instance scheduled its activities on, from its history. */
async function activityQueues(
  client: Awaited<ReturnType<FaultCluster['temporalClient']>>['client'],
  workflowId: string,
): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).map((e) => e.activityTaskScheduledEventAttributes?.taskQueue?.name).filter((q): q is string => !!q);
}
