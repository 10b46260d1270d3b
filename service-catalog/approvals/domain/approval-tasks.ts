import type { EntityManager } from '@mikro-orm/postgresql';
import { WrongState } from '../../errors';
import { ProcessDefinition } from '../../processes/domain/process-definition.entity';
import { userTaskId } from '../../processes/domain/user-task-id';
import { Approval, APPROVAL_PROPERTY } from './approval.entity';

/**
 * An approval task is decided through /approvals, never completed as a bare task: only there is the
 * approver checked against delegations, the decision recorded and audited as one. 409 `APPROVAL_TASK`.
 */
export async function refuseApprovalTask(
  em: EntityManager,
  instance: { id: string; definitionId: string },
  task: { elementId: string; elementInstanceKey: number; name?: string },
): Promise<void> {
  const definition = await em.findOne(ProcessDefinition, { id: instance.definitionId });
  if (!definition?.graph.elements[task.elementId]?.properties?.[APPROVAL_PROPERTY]) return;
  const row = await em.findOne(Approval, { taskId: userTaskId(instance.id, task.elementInstanceKey) });
  throw new WrongState(
    'APPROVAL_TASK',
    `“${task.name ?? task.elementId}” is an approval: decide it with POST /approvals/${row?.id ?? '{id}'}/approve or /reject (GET /approvals?mine=true lists yours)`,
  );
}
