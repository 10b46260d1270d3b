import type { EntityManager } from '@mikro-orm/postgresql';
import type { EngineClient } from '../../../workflows/client';
import { NotFound, WrongState } from '../../errors';
import { tenantOfOrganization } from '../../identity/domain/camunda-tenant';
import type { InstanceFacts } from './camunda-element-instances';
import { ProcessInstanceService } from './process-instance-service';

/**
 * One process instance the caller may see with what its workflow holds now (variables, element
 * instances), which PostgreSQL does not keep: 404 for an instance that does not exist or belongs to an
 * organisation the caller does not serve (the tenant filter), 409 when its workflow can no longer be
 * asked (its history is gone), as then nothing of it can be answered truthfully.
 */
export async function readLiveInstance(em: EntityManager, engine: EngineClient, processInstanceId: string): Promise<InstanceFacts> {
  const { instance, view } = await new ProcessInstanceService(em, engine).get(processInstanceId);
  if (!view) {
    throw new WrongState(
      'PROCESS_INSTANCE_STATE_UNAVAILABLE',
      `the workflow of process instance ${processInstanceId} can no longer be asked for its variables and element instances`,
    );
  }
  await em.populate(instance, ['definition']);
  return {
    processInstanceId: instance.id,
    definitionId: instance.definition.id,
    tenantId: tenantOfOrganization(instance.organizationId ?? null),
    graph: instance.definition.graph,
    view,
  };
}

/**
 * The instance a search looks in, or null where reading it is a 404: as in Camunda, a search that names
 * an instance the caller cannot see (another organisation's, or none) matches nothing.
 */
export async function searchableInstance(
  em: EntityManager,
  engine: EngineClient,
  processInstanceId: string,
): Promise<InstanceFacts | null> {
  try {
    return await readLiveInstance(em, engine, processInstanceId);
  } catch (err) {
    if (err instanceof NotFound) return null;
    throw err;
  }
}
