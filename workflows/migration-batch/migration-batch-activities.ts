import type { EntityManager } from '@mikro-orm/postgresql';
import { TenantScope, setTenantScope } from '../../service-catalog/db/tenant';
import type { Orm } from '../../service-catalog/db/orm';
import { BatchMigrationService } from '../../service-catalog/processes/domain/batch-migration-service';
import { engineClientInActivity, type ProcessQueues } from '../activities/process-queues';
import type { MigrationBatchActivities } from '../bpmn-process/migration-batch-messages';

/**
 * The batch migration workflow's activities. They see every organisation's rows: the batch's items were
 * chosen under the requesting process owner's own scope when it started, and these migrate exactly those.
 */
export function createMigrationBatchActivities(deps: {
  orm: Orm;
  localTaskTypes: readonly string[];
  inProcessTaskTypes: readonly string[];
  /** The worker's queues (see process-queues.ts); unset, the activity's own. */
  queues?: ProcessQueues;
}): MigrationBatchActivities {
  const service = () => {
    const em = deps.orm.em.fork() as EntityManager;
    setTenantScope(em, TenantScope.all('batch migration'));
    const engine = engineClientInActivity(deps.queues, {
      localTaskTypes: deps.localTaskTypes,
      inProcessTaskTypes: deps.inProcessTaskTypes,
    });
    return new BatchMigrationService(em, engine);
  };
  return {
    migrateBatchChunk: ({ batchId, size }) => service().migrateChunk(batchId, size),
    finishMigrationBatch: ({ batchId }) => service().finish(batchId),
  };
}
