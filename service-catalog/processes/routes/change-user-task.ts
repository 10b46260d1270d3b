import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import type { UserTaskChanges } from '../../../engine/runtime/process-state';
import { UserTaskChangeService } from '../domain/user-task-changes';
import { assignTaskPayload, changedUserTask, updateTaskPayload, userTaskParams } from '../task-schemas';

const WHO =
  '404 when the task does not exist or belongs to an organisation you may not see; 409 when it is no longer open, or a task listener of it still runs; 403 when its assignee, candidate users and candidate groups do not include you (admins may always). Audited.';

export const assignUserTask: ServerRoute = {
  method: 'POST',
  path: '/tasks/{id}/assignment',
  options: {
    tags: ['api', 'tasks'],
    description: "Assign an open user task (`assignee`), or unassign it (`null`); the task's assigning listeners run first",
    notes: `As Camunda 8's assignment: the new assignee applies once the task's assigning listeners have completed. ${WHO}`,
    validate: { params: userTaskParams, payload: assignTaskPayload },
    response: { schema: changedUserTask },
  },
  async handler(request) {
    const { assignee } = request.payload as { assignee: string | null };
    const id = request.params.id as string;
    const view = await new UserTaskChangeService(request.app.em, request.server.app.engine).assign(id, assignee, principalOf(request));
    return { id, status: view.status, activeElementIds: view.activeElementIds };
  },
};

export const updateUserTask: ServerRoute = {
  method: 'PATCH',
  path: '/tasks/{id}',
  options: {
    tags: ['api', 'tasks'],
    description:
      "Change an open user task's candidate groups or users, due or follow-up date, or priority; its updating listeners run first",
    notes: `As Camunda 8's user task update: the change applies once the task's updating listeners have completed; null (or an empty list) clears a field. ${WHO}`,
    validate: { params: userTaskParams, payload: updateTaskPayload },
    response: { schema: changedUserTask },
  },
  async handler(request) {
    const id = request.params.id as string;
    const changes = Object.fromEntries(
      Object.entries(request.payload as Record<string, unknown>).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]),
    ) as UserTaskChanges;
    const view = await new UserTaskChangeService(request.app.em, request.server.app.engine).update(id, changes, principalOf(request));
    return { id, status: view.status, activeElementIds: view.activeElementIds };
  },
};
