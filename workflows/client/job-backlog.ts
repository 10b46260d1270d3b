import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { jobTaskQueue } from '../bpmn-process/external-jobs';

/** Task-queue descriptions asked at once when counting waiting jobs. */
const WAITING_CONCURRENCY = 8;

/** How many jobs for external workers wait in Temporal, which is the only record of a job no worker has taken. */
export class JobBacklogClient {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  /**
   * Jobs created and not yet taken by any worker, summed per job type over the given scopes, from
   * Temporal's own task-queue statistics (approximate, as Temporal says): the queue is the only record
   * of a job before a worker takes it. One small request per scope and type, a few at a time, each
   * bounded so a scrape never waits on a slow server.
   */
  async waiting(scopes: readonly string[], types: readonly string[], timeoutMs = 2000): Promise<Map<string, number>> {
    const queues = types.flatMap((type) => scopes.map((scope) => ({ type, name: jobTaskQueue(this.taskQueue, scope, type) })));
    const counts = new Map<string, number>(types.map((type) => [type, 0]));
    const deadline = Date.now() + timeoutMs;
    for (let i = 0; i < queues.length; i += WAITING_CONCURRENCY) {
      await Promise.all(
        queues.slice(i, i + WAITING_CONCURRENCY).map(async ({ type, name }) => {
          const described = await this.client.withDeadline(deadline, () =>
            this.client.workflowService.describeTaskQueue({
              namespace: this.client.options.namespace,
              taskQueue: { name, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
              taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
              reportStats: true,
            }),
          );
          counts.set(type, counts.get(type)! + Number(described.stats?.approximateBacklogCount ?? 0));
        }),
      );
    }
    return counts;
  }
}
