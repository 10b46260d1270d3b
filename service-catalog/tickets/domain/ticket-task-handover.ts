import type { EntityManager } from '@mikro-orm/postgresql';
import { ProcessInstanceNotFound, type EngineClient, type OpenUserTask } from '../../../workflows/client';
import { APPROVAL_PROPERTY } from '../../approvals/domain/approval.entity';
import type { Principal } from '../../identity/domain/principal';
import { User } from '../../identity/domain/user.entity';
import { ProcessInstance } from '../../processes/domain/process-instance.entity';
import { UserTaskChangeService } from '../../processes/domain/user-task-changes';
import { userTaskId } from '../../processes/domain/user-task-id';

/**
 * The ticket's open user tasks follow its assignee when the desk hands it over (issue 16): each task
 * the previous holder had (assigned to them, or to nobody) is assigned to the new one through
 * UserTaskChangeService, so the diagram's `assigning` task listeners run exactly as for
 * POST /tasks/{id}/assignment and the task's assignee changes only once they completed. Tasks the
 * diagram gave to someone else (an approver, a named user) and approval tasks keep their assignee:
 * handing the incident on does not hand on someone's approval.
 *
 * @returns the ids of the tasks whose assignment was requested.
 */
export async function handOverTicketTasks(
  em: EntityManager,
  engine: EngineClient,
  principal: Principal,
  processInstanceId: string,
  change: { fromUserId: string | null; toUserId: string | null },
): Promise<string[]> {
  const instance = await em.findOne(ProcessInstance, { id: processInstanceId }, { populate: ['definition'] });
  if (!instance) return [];
  let tasks: OpenUserTask[];
  try {
    tasks = (await engine.inspect(instance.id)).view?.openUserTasks ?? [];
  } catch (err) {
    if (err instanceof ProcessInstanceNotFound) return []; // the process has ended: no task to hand over
    throw err;
  }
  const [from, to] = await Promise.all([usernameOf(em, change.fromUserId), usernameOf(em, change.toUserId)]);
  const graph = instance.definition.graph;
  const held = tasks.filter(
    (t) =>
      (t.assignee ?? null) !== to &&
      (!t.assignee || t.assignee === from) &&
      graph.elements[t.elementId]?.properties?.[APPROVAL_PROPERTY] === undefined,
  );
  const changes = new UserTaskChangeService(em, engine);
  const ids: string[] = [];
  // The tasks were just read from the instance: the workflow update itself refuses one no longer open.
  for (const task of held) {
    await changes.assignAllowed(instance.id, task, to, principal);
    ids.push(userTaskId(instance.id, task.elementInstanceKey));
  }
  return ids;
}

/** Task assignees are user names, as Camunda's are; tickets name users by id. */
async function usernameOf(em: EntityManager, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  return (await em.findOne(User, { id: userId }, { fields: ['username'] }))?.username ?? null;
}
