import Joi from 'joi';
import type { Request, ServerRoute } from '@hapi/hapi';
import type { UserTaskChanges } from '../../../engine/runtime/process-state';
import { principalOf } from '../../identity/auth-plugin';
import { ProcessInstanceService } from '../domain/process-instance-service';
import { UserTaskChangeService } from '../domain/user-task-changes';
import { UserTaskSearch, type UserTaskFilter, type UserTaskSortField } from '../domain/user-task-search';
import { STAFF_SCOPES } from '../route-scopes';
import { variables } from '../schemas';
import {
  eq,
  equality,
  itemFilterOf,
  pageAndSort,
  pageOf,
  type SearchBody,
  searchPage,
  searchSort,
  stateFilter,
} from '../camunda-search-schemas';
import { refuseTasksOfTheirOwnActions } from './complete-user-task';

const WHO =
  '404 when the task does not exist or belongs to an organisation you may not see; 409 when it is no longer open, or a task listener of it still runs; 403 when its assignee, candidate users and candidate groups do not include you (admins may always). Audited as the same change through /tasks.';
const params = Joi.object({
  userTaskKey: Joi.string()
    .max(64)
    .required()
    .description('the task’s key (a number), or Flowdesk’s task id <process instance id>.<element instance key>'),
});
const person = Joi.string().trim().min(1).max(255);
/** Camunda's custom action name, which Flowdesk's listeners do not read; accepted so Camunda's clients may send it. */
const action = Joi.string().max(255).allow(null);
const taskDate = Joi.date().iso().allow(null);

const changes = (request: Request) => new UserTaskChangeService(request.app.em, request.server.app.engine);

/**
 * Camunda 8's user task API (`/v2/user-tasks/{userTaskKey}/…`) over Flowdesk's open tasks, so a task
 * application written for Camunda completes, assigns and updates Flowdesk's tasks unchanged. The key is
 * Flowdesk's task id. Each call does what its /tasks counterpart does: the same listeners, checks and audit.
 */
export const completeCamundaUserTask: ServerRoute = {
  method: 'POST',
  path: '/v2/user-tasks/{userTaskKey}/completion',
  options: {
    tags: ['api', 'tasks'],
    description: 'Complete a user task (Camunda 8 REST shape)',
    notes: `204. As POST /tasks/{id}/complete: a ticket's, an approval's or a knowledge review's task is completed by its own action (409 naming it). ${WHO}`,
    validate: {
      params,
      payload: Joi.object({ variables: variables.allow(null), action })
        .allow(null)
        .label('UserTaskCompletionRequest'),
    },
  },
  async handler(request, h) {
    const em = request.app.em;
    const payload = (request.payload ?? {}) as { variables?: Record<string, unknown> | null };
    await new ProcessInstanceService(em, request.server.app.engine).completeUserTask(
      request.params.userTaskKey as string,
      payload.variables ?? {},
      principalOf(request),
      refuseTasksOfTheirOwnActions(em),
    );
    return h.response().code(204);
  },
};

export const assignCamundaUserTask: ServerRoute = {
  method: 'POST',
  path: '/v2/user-tasks/{userTaskKey}/assignment',
  options: {
    tags: ['api', 'tasks'],
    description: 'Assign a user task (Camunda 8 REST shape)',
    notes: `204. With \`allowOverride: false\`, a task someone else holds is not taken (409 TASK_ALREADY_ASSIGNED). The assigning listeners run first. ${WHO}`,
    validate: {
      params,
      payload: Joi.object({ assignee: person.required(), allowOverride: Joi.boolean().default(true), action }).label(
        'UserTaskAssignmentRequest',
      ),
    },
  },
  async handler(request, h) {
    const { assignee, allowOverride } = request.payload as { assignee: string; allowOverride: boolean };
    await changes(request).assign(request.params.userTaskKey as string, assignee, principalOf(request), { allowOverride });
    return h.response().code(204);
  },
};

export const unassignCamundaUserTask: ServerRoute = {
  method: 'DELETE',
  path: '/v2/user-tasks/{userTaskKey}/assignee',
  options: {
    tags: ['api', 'tasks'],
    description: 'Unassign a user task (Camunda 8 REST shape)',
    notes: `204. The assigning listeners run first. ${WHO}`,
    validate: { params },
  },
  async handler(request, h) {
    await changes(request).assign(request.params.userTaskKey as string, null, principalOf(request));
    return h.response().code(204);
  },
};

export const updateCamundaUserTask: ServerRoute = {
  method: 'PATCH',
  path: '/v2/user-tasks/{userTaskKey}',
  options: {
    tags: ['api', 'tasks'],
    description: 'Change a user task’s dates, candidates or priority (Camunda 8 REST shape)',
    notes: `204. The updating listeners run first; null (or an empty list) clears a field. ${WHO}`,
    validate: {
      params,
      payload: Joi.object({
        changeset: Joi.object({
          candidateGroups: Joi.array().items(person).max(100).unique().allow(null),
          candidateUsers: Joi.array().items(person).max(100).unique().allow(null),
          dueDate: taskDate,
          followUpDate: taskDate,
          priority: Joi.number().integer().min(0).max(100).allow(null),
        })
          .min(1)
          .required()
          .label('Changeset'),
        action,
      }).label('UserTaskUpdateRequest'),
    },
  },
  async handler(request, h) {
    const { changeset } = request.payload as { changeset: Record<string, unknown> };
    const update = Object.fromEntries(
      Object.entries(changeset).flatMap(([k, v]) => {
        if (v instanceof Date) return [[k, v.toISOString()]];
        // Camunda clears a list with null; Flowdesk's update with an empty one. A null priority changes nothing.
        if (v === null && (k === 'candidateGroups' || k === 'candidateUsers')) return [[k, []]];
        return v === null && k === 'priority' ? [] : [[k, v]];
      }),
    ) as UserTaskChanges;
    await changes(request).update(request.params.userTaskKey as string, update, principalOf(request));
    return h.response().code(204);
  },
};

/** Every state Camunda's user tasks have; Flowdesk's rest in CREATED, COMPLETED or CANCELED, the rest find none. */
const CAMUNDA_TASK_STATES = ['CREATING', 'CREATED', 'ASSIGNING', 'UPDATING', 'COMPLETING', 'COMPLETED', 'CANCELING', 'CANCELED', 'FAILED'];

const searchRequest = Joi.object({
  filter: Joi.object({
    state: stateFilter(CAMUNDA_TASK_STATES),
    userTaskKey: equality('userTaskKey'),
    assignee: equality('assignee'),
    candidateGroup: equality('candidateGroup'),
    candidateUser: equality('candidateUser'),
    elementId: equality('elementId'),
    processInstanceKey: eq(Joi.string().uuid()),
    processDefinitionId: equality('processDefinitionId'),
    processDefinitionKey: eq(Joi.string().uuid()),
  }).label('UserTaskFilter'),
  page: searchPage,
  sort: searchSort(['creationDate', 'completionDate', 'priority', 'dueDate', 'followUpDate', 'name']),
})
  .allow(null)
  .label('UserTaskSearchQuery');

/**
 * Camunda 8's `POST /v2/user-tasks/search` over the tasks of the instances the caller may see, open and
 * ended: equality filters, one sort field, offset paging. A task application lists what it then completes,
 * and what was done.
 */
export const searchCamundaUserTasks: ServerRoute = {
  method: 'POST',
  path: '/v2/user-tasks/search',
  options: {
    auth: { access: { scope: STAFF_SCOPES } },
    tags: ['api', 'tasks'],
    description: 'Search user tasks (Camunda 8 REST shape)',
    notes:
      'Tasks of instances of the organisations you serve: open (state CREATED), completed (COMPLETED) and ended with their scope (CANCELED), each as it stood when it ended; `filter.state` is a state, `{"$eq": state}` or `{"$in": [states]}` (a state Flowdesk\'s tasks do not rest in finds none). The other filters are equality (a value or `{"$eq": value}`); `sort` takes one field (creationDate, the default, completionDate, priority, dueDate, followUpDate or name); `page` is `{from, limit}` (limit 100 by default, at most 1000). Tasks ended before this release are not listed.',
    validate: { payload: searchRequest },
  },
  async handler(request) {
    const body = (request.payload ?? {}) as SearchBody<UserTaskSortField>;
    const filter = itemFilterOf<UserTaskFilter>(body.filter, 'userTaskKey', 'a user task key');
    const { page, sort } = pageAndSort(body, 'creationDate');
    const { items, totalItems } = await new UserTaskSearch(request.app.em).search(filter, page, sort);
    return { items, page: pageOf(totalItems) };
  },
};
