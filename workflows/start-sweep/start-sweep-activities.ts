import { Context } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../../service-catalog/db/orm';
import { sweepUnstartedProcesses } from '../../service-catalog/processes/domain/start-sweep';
import { EngineClient } from '../client';
import type { StartSweepActivities } from '../bpmn-process/start-sweep-messages';

/**
 * The start sweep's activity: starts the workflows of committed instances whose start was lost, through
 * the worker's own client and on its task queue, with the task types an API node would have started them with.
 */
export function createStartSweepActivities(deps: {
  orm: Orm;
  localTaskTypes: readonly string[];
  inProcessTaskTypes: readonly string[];
}): StartSweepActivities {
  return {
    sweepUnstartedProcesses: () =>
      sweepUnstartedProcesses(
        deps.orm.em.fork() as EntityManager,
        new EngineClient(Context.current().client, Context.current().info.taskQueue, {
          localTaskTypes: deps.localTaskTypes,
          inProcessTaskTypes: deps.inProcessTaskTypes,
        }),
      ),
  };
}
