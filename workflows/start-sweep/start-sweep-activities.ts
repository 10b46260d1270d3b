import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../../service-catalog/db/orm';
import { sweepUnstartedProcesses } from '../../service-catalog/processes/domain/start-sweep';
import { engineClientInActivity, type ProcessQueues } from '../activities/process-queues';
import type { StartSweepActivities } from '../bpmn-process/start-sweep-messages';

/**
 * The start sweep's activity: starts the workflows of committed instances whose start was lost, through
 * the worker's own client and on its task queue, with the task types an API node would have started them with.
 */
export function createStartSweepActivities(deps: {
  orm: Orm;
  localTaskTypes: readonly string[];
  inProcessTaskTypes: readonly string[];
  /** The worker's queues (see process-queues.ts); unset, the activity's own. */
  queues?: ProcessQueues;
}): StartSweepActivities {
  return {
    sweepUnstartedProcesses: () =>
      sweepUnstartedProcesses(
        deps.orm.em.fork() as EntityManager,
        engineClientInActivity(deps.queues, {
          localTaskTypes: deps.localTaskTypes,
          inProcessTaskTypes: deps.inProcessTaskTypes,
        }),
      ),
  };
}
