import type { EntityManager } from '@mikro-orm/postgresql';
import type { UserTaskChanges } from '../../../engine/runtime/process-state';
import { ProcessInstanceNotFound, type EngineClient, type OpenUserTask, type ProcessInstanceView } from '../../../workflows/client';
import { recordAudit } from '../../audit/audit-log';
import { NotFound, NotPermitted, WrongState } from '../../errors';
import type { Principal } from '../../identity/domain/principal';
import { mayComplete, ProcessInstanceService } from './process-instance-service';
import { ProcessInstance } from './process-instance.entity';
import { parseUserTaskId, userTaskId } from './user-task-id';

/**
 * Camunda 8's assign/unassign and update of an open user task, through the workflow, which runs the
 * task's assigning or updating listeners before the change applies (issue 16). Whoever may complete the
 * task may hand it on or reschedule it (admins always); another organisation's task is 404, a task
 * that is not open (or that a listener holds) 409. Like Camunda, an assignee is any name: the task's
 * assignee is who may complete it, not a directory entry.
 */
export class UserTaskChangeService {
  private readonly instances: ProcessInstanceService;

  constructor(
    private readonly em: EntityManager,
    private readonly engine: EngineClient,
  ) {
    this.instances = new ProcessInstanceService(em, engine);
  }

  /** `allowOverride: false` (Camunda's assignment option) refuses to take a task someone else holds. */
  async assign(taskId: string, assignee: string | null, principal: Principal, { allowOverride = true } = {}): Promise<ProcessInstanceView> {
    const open = await this.openTask(taskId, principal);
    if (!allowOverride && open.task.assignee && open.task.assignee !== assignee)
      throw new WrongState(
        'TASK_ALREADY_ASSIGNED',
        `task ${taskId} is assigned to ${open.task.assignee}; assigning it over them was not allowed`,
      );
    return this.assignOpenTask(open, taskId, assignee, principal);
  }

  /**
   * An assignment another domain's rule already allowed: the desk hands a ticket over (ticket-actions.ts)
   * and the ticket's open tasks follow. The same workflow update, listeners and audit as {@link assign};
   * only the task's own "may complete" check is the desk's rule instead. The caller has just read the
   * open task from its instance; the workflow update refuses it if it closed since.
   */
  async assignAllowed(instanceId: string, task: OpenUserTask, assignee: string | null, principal: Principal): Promise<ProcessInstanceView> {
    const key = task.elementInstanceKey;
    return this.assignOpenTask({ task, instanceId, key }, userTaskId(instanceId, key), assignee, principal);
  }

  private async assignOpenTask(
    { task, instanceId, key }: { task: OpenUserTask; instanceId: string; key: number },
    taskId: string,
    assignee: string | null,
    principal: Principal,
  ): Promise<ProcessInstanceView> {
    const view = await this.engine.assignUserTask(instanceId, key, assignee).catch(ended(taskId));
    await this.audit(principal, 'userTask.assigned', taskId, { assignee: task.assignee ?? null }, { assignee });
    return view;
  }

  async update(taskId: string, changes: UserTaskChanges, principal: Principal): Promise<ProcessInstanceView> {
    const { task, instanceId, key } = await this.openTask(taskId, principal);
    const view = await this.engine.updateUserTask(instanceId, key, changes).catch(ended(taskId));
    const before = Object.fromEntries(Object.keys(changes).map((k) => [k, task[k as keyof UserTaskChanges] ?? null]));
    await this.audit(principal, 'userTask.updated', taskId, before, changes);
    return view;
  }

  private async openTask(taskId: string, principal: Principal): Promise<{ task: OpenUserTask; instanceId: string; key: number }> {
    const { processInstanceId, elementInstanceKey } = parseUserTaskId(taskId);
    const instance = await this.em.findOne(ProcessInstance, { id: processInstanceId });
    if (!instance) throw new NotFound('TASK_NOT_FOUND', `task ${taskId} does not exist`);
    const { view } = await this.instances.get(instance.id);
    const task = view?.openUserTasks.find((t) => t.elementInstanceKey === elementInstanceKey);
    if (!task) throw new WrongState('TASK_NOT_OPEN', `task ${taskId} is not open (or a listener of it is still running)`);
    if (!mayComplete(principal, task))
      throw new NotPermitted('TASK_NOT_ASSIGNED_TO_YOU', `task ${taskId} is not for ${principal.username}`);
    return { task, instanceId: instance.id, key: elementInstanceKey };
  }

  private async audit(principal: Principal, action: string, taskId: string, before: object, after: object): Promise<void> {
    recordAudit(
      this.em,
      { id: principal.userId, name: principal.username },
      { action, entity: 'UserTask', entityId: taskId, before, after },
    );
    await this.em.flush();
  }
}

/** Temporal answers "not found" for a workflow that has closed: the task is just over. */
function ended(taskId: string) {
  return (err: unknown): never => {
    if (err instanceof ProcessInstanceNotFound)
      throw new WrongState('TASK_NOT_OPEN', `task ${taskId} is not open: its process instance has ended`);
    throw err;
  };
}
