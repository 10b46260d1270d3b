import Joi from 'joi';
import type { Request, ServerRoute } from '@hapi/hapi';
import { NotFound } from '../../errors';
import { principalOf } from '../../identity/auth-plugin';
import { DEFAULT_TENANT, tenantOfOrganization } from '../../identity/domain/camunda-tenant';
import { ProcessInstanceService } from '../domain/process-instance-service';
import { camundaVariable, TRUNCATE_AT } from '../domain/camunda-variables';
import { sortBy } from '../domain/in-memory-search';
import { variablesSeenBy } from '../domain/task-forms';
import { parseElementInstanceRef, userTaskId } from '../domain/user-task-id';
import { UserTaskSearch } from '../domain/user-task-search';
import { STAFF_SCOPES } from '../route-scopes';
import { anyOf, type AnyOf, pageAndSort, pageOf, type SearchBody, searchPage, searchSort, valuesOf } from '../camunda-search-schemas';

const KEY_FIELD = 'params.userTaskKey';
const params = Joi.object({
  userTaskKey: Joi.string()
    .max(64)
    .required()
    .description('the task’s key (a number), or Flowdesk’s task id <process instance id>.<element instance key>'),
});
const MAY_COMPLETE =
  '404 when the task does not exist or belongs to an organisation you may not see; 409 TASK_NOT_OPEN when it is no longer open; 403 when its assignee, candidate users and candidate groups do not include you (admins may always).';

const service = (request: Request) => new ProcessInstanceService(request.app.em, request.server.app.engine);

/** Camunda 8's `GET /v2/user-tasks/{userTaskKey}`: one task, open or ended, in the shape of the task search's items. */
export const getCamundaUserTask: ServerRoute = {
  method: 'GET',
  path: '/v2/user-tasks/{userTaskKey}',
  options: {
    auth: { access: { scope: STAFF_SCOPES } },
    tags: ['api', 'tasks'],
    description: 'One user task (Camunda 8 REST shape)',
    notes:
      'As an item of POST /v2/user-tasks/search: open (CREATED) or ended (COMPLETED, CANCELED, with its `completionDate`). 404 when no such task exists, or it belongs to an organisation you may not see; 400 naming `params.userTaskKey` when the key is not a task id.',
    validate: { params },
  },
  async handler(request) {
    const key = request.params.userTaskKey as string;
    const { items } = await new UserTaskSearch(request.app.em).search(
      { userTaskKey: parseElementInstanceRef(key, KEY_FIELD, 'a user task key') },
      { from: 0, limit: 1 },
      { field: 'creationDate', order: 'ASC' },
    );
    if (!items[0]) throw new NotFound('TASK_NOT_FOUND', `no user task ${key}`);
    return items[0];
  },
};

/**
 * Camunda 8's `GET /v2/user-tasks/{userTaskKey}/form`: the linked form (`zeebe:formDefinition formId`)
 * the task shows, as deployed; 204 for a task without one. As in Camunda, a form embedded in the
 * diagram is not answered here (operate and the desk render it through GET /tasks/{id}/form).
 */
export const getCamundaUserTaskForm: ServerRoute = {
  method: 'GET',
  path: '/v2/user-tasks/{userTaskKey}/form',
  options: {
    tags: ['api', 'tasks'],
    description: 'The linked form of an open user task (Camunda 8 REST shape)',
    notes: `\`schema\` is the form-js JSON as a string. 204 when the task shows no linked form. ${MAY_COMPLETE}`,
    validate: { params },
    response: {
      status: {
        200: Joi.object({
          tenantId: Joi.string().required(),
          formId: Joi.string().required(),
          schema: Joi.string().required(),
          version: Joi.number().integer().required(),
          formKey: Joi.string().required(),
        }).label('FormResult'),
      },
    },
  },
  async handler(request, h) {
    const { form } = await service(request).taskForm(request.params.userTaskKey as string, principalOf(request), KEY_FIELD);
    const linked = form?.form;
    if (!linked?.formId || !linked.formDefinitionId) return h.response().code(204);
    // Forms are deployed for the whole desk, as Camunda's default tenant holds them.
    const { formId, schema, version, formDefinitionId } = linked;
    return { tenantId: DEFAULT_TENANT, formId, schema: JSON.stringify(schema), version: version!, formKey: formDefinitionId };
  },
};

const variableSearch = Joi.object({
  filter: Joi.object({
    name: anyOf(Joi.string().max(255), 100),
  }).label('UserTaskVariableFilter'),
  page: searchPage,
  sort: searchSort(['name', 'value', 'scopeKey']),
})
  .allow(null)
  .label('UserTaskVariableSearchQuery');

/**
 * Camunda 8's `POST /v2/user-tasks/{userTaskKey}/variables/search`: the variables an open task sees (its
 * own input mappings over its instance's), each value as JSON text, so a task application can fill the
 * form it renders. Shadowed variables of the instance are not listed: the task sees its own.
 */
export const searchCamundaUserTaskVariables: ServerRoute = {
  method: 'POST',
  path: '/v2/user-tasks/{userTaskKey}/variables/search',
  options: {
    tags: ['api', 'tasks'],
    description: 'Search the variables an open user task sees (Camunda 8 REST shape)',
    notes: `\`filter.name\` is a name, \`{"$eq": name}\` or \`{"$in": [names]}\`; \`sort\` one of name (the default), value, scopeKey; \`page\` is \`{from, limit}\`. With \`?truncateValues=true\` a value whose JSON is longer than ${TRUNCATE_AT} characters is cut there and marked \`isTruncated\`. ${MAY_COMPLETE}`,
    validate: { params, query: Joi.object({ truncateValues: Joi.boolean().default(false) }), payload: variableSearch },
  },
  async handler(request) {
    const key = request.params.userTaskKey as string;
    const { truncateValues } = request.query as { truncateValues: boolean };
    const body = (request.payload ?? {}) as SearchBody<'name' | 'value' | 'scopeKey'>;
    const { task, view, organizationId } = await service(request).openTask(key, principalOf(request), KEY_FIELD);
    const { processInstanceId } = parseElementInstanceRef(key, KEY_FIELD);
    const at = { processInstanceId, tenantId: tenantOfOrganization(organizationId) };
    const name = body.filter?.name as AnyOf | undefined;
    const wanted = name === undefined ? null : new Set(valuesOf(name));
    const all = variablesSeenBy(task, view)
      .filter((v) => !wanted || wanted.has(v.name))
      .map((v) => {
        const scopeKey = v.local ? userTaskId(processInstanceId, task.elementInstanceKey) : processInstanceId;
        return camundaVariable({ name: v.name, value: v.value, scopeKey }, at, truncateValues);
      });
    const { page, sort } = pageAndSort(body, 'name');
    sortBy(all, (v) => v[sort.field], sort.order === 'DESC');
    return { items: all.slice(page.from, page.from + page.limit), page: pageOf(all.length) };
  },
};
