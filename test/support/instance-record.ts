import { randomUUID } from 'node:crypto';
import { ProcessDefinition } from '../../service-catalog/processes/domain/process-definition.entity';
import { ProcessInstance } from '../../service-catalog/processes/domain/process-instance.entity';
import type { TestSystem } from './test-system';

/**
 * The record of a process instance that runs no workflow, for tests that call an activity directly:
 * activities act with the tenant scope of their instance, which its record names (null: internal).
 * `processId` must have a deployed version.
 */
export async function instanceRecord(system: TestSystem, processId: string, organizationId: string | null = null): Promise<string> {
  const em = system.adminEm();
  const definition = await em.findOneOrFail(ProcessDefinition, { processId }, { orderBy: { version: 'desc' } });
  const id = randomUUID();
  em.create(ProcessInstance, {
    id,
    definition,
    processId,
    version: definition.version,
    businessKey: null,
    startedAt: new Date(),
    organizationId,
    startedBy: null,
  });
  await em.flush();
  return id;
}
