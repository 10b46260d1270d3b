import { Context } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { temporal } from '@temporalio/proto';
import { TenantScope, setTenantScope } from '../../service-catalog/db/tenant';
import type { Orm } from '../../service-catalog/db/orm';
import { WhatIfService } from '../../service-catalog/processes/domain/what-if-service';
import type { WhatIfActivities } from '../bpmn-process/what-if-messages';
import { recordedFromHistories } from './recorded-history';

/**
 * The what-if workflow's activities. They see every organisation's rows: the run's items were chosen
 * under the requesting process owner's own scope when it started, and these replay exactly those.
 */
export function createWhatIfActivities(deps: { orm: Orm }): WhatIfActivities {
  const service = () => {
    const em = deps.orm.em.fork() as EntityManager;
    setTenantScope(em, TenantScope.all('what-if replay'));
    return new WhatIfService(em);
  };
  return {
    replayWhatIfChunk: ({ runId, size }) =>
      service().replayChunk(runId, size, async (instanceId, businessKey) => {
        const histories = await historiesOf(instanceId);
        Context.current().heartbeat(instanceId);
        return recordedFromHistories(instanceId, businessKey, histories);
      }),
    finishWhatIfRun: ({ runId }) => service().finish(runId),
  };
}

/** Every run of the instance's workflow, oldest first: continue-as-new links each run to the one before. */
async function historiesOf(workflowId: string): Promise<temporal.api.history.v1.IHistory[]> {
  const { client } = Context.current();
  const histories: temporal.api.history.v1.IHistory[] = [];
  let runId: string | undefined;
  for (let runs = 0; runs < 1000; runs++) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    histories.unshift(history);
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    if (!runId) break;
  }
  return histories;
}
