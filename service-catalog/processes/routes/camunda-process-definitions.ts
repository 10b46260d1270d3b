import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { DEFAULT_TENANT } from '../../identity/domain/camunda-tenant';
import { startFormNode } from '../../../engine/compiler/compile-forms';
import { ProcessDefinitionService } from '../domain/process-definition-service';
import type { ProcessDefinition } from '../domain/process-definition.entity';
import { eq, type Eq, pageAndSort, pageOf, type SearchBody, searchPage, searchSort, valueOf } from '../camunda-search-schemas';
import { ItemConditions, pageOfItems } from '../domain/instance-item-query';
import { startFormOf } from '../domain/start-forms';
import { processIdParam, uuid } from '../schemas';

/** Camunda 8's `ProcessDefinitionResult` of one deployed version; its key stands for Flowdesk's definition id. */
function present(
  d: Pick<ProcessDefinition, 'id' | 'processId' | 'version' | 'name' | 'versionTag' | 'resourceName'>,
  hasStartForm: boolean,
) {
  return {
    processDefinitionKey: d.id,
    processDefinitionId: d.processId,
    version: d.version,
    name: d.name ?? null,
    // The deployed file's name; a version deployed without one (its XML alone) is named by its process id.
    resourceName: d.resourceName ?? `${d.processId}.bpmn`,
    versionTag: d.versionTag ?? null,
    // Deployed processes are the whole desk's, as in Camunda's default tenant.
    tenantId: DEFAULT_TENANT,
    hasStartForm,
    // Camunda 8.9's deletion states: a version Flowdesk keeps is never being deleted (an archived one still runs its instances)
    state: 'ACTIVE',
  };
}

const keyParams = Joi.object({
  processDefinitionKey: uuid.required().description('the version’s key (a number), or Flowdesk’s definition id'),
});

/** Camunda 8's `GET /v2/process-definitions/{processDefinitionKey}`: one deployed version. */
export const getCamundaProcessDefinition: ServerRoute = {
  method: 'GET',
  path: '/v2/process-definitions/{processDefinitionKey}',
  options: {
    tags: ['api', 'processes'],
    description: 'One deployed process version (Camunda 8 REST shape)',
    notes: 'For any signed-in caller, as GET /process-definitions/{id}. 404 when no version has that key.',
    validate: { params: keyParams },
  },
  async handler(request) {
    const definition = await new ProcessDefinitionService(request.app.em).get(request.params.processDefinitionKey as string);
    return present(definition, startFormNode(definition.graph) !== undefined);
  },
};

/** Camunda 8's `GET /v2/process-definitions/{processDefinitionKey}/xml`: the BPMN as deployed, as text/xml. */
export const getCamundaProcessDefinitionXml: ServerRoute = {
  method: 'GET',
  path: '/v2/process-definitions/{processDefinitionKey}/xml',
  options: {
    tags: ['api', 'processes'],
    description: 'The BPMN XML of a deployed process version (Camunda 8 REST shape)',
    notes: 'For any signed-in caller; answers `text/xml`. 404 when no version has that key.',
    validate: { params: keyParams },
  },
  async handler(request, h) {
    const definition = await new ProcessDefinitionService(request.app.em).get(request.params.processDefinitionKey as string);
    return h.response(definition.xml).type('text/xml; charset=utf-8');
  },
};

// The compiled graph's start event with a form (only the process's none start event gets one), as startFormNode finds it.
const HAS_START_FORM = `exists (select 1 from jsonb_each(d.graph->'elements') e
  where e.value->>'kind' = 'startEvent' and e.value->'form' is not null and e.value->'trigger' is null)`;

const SORTS = { processDefinitionKey: 'd.id', processDefinitionId: 'd.process_id', name: 'd.name', version: 'd.version' } as const;

const definitionSearch = Joi.object({
  filter: Joi.object({
    processDefinitionKey: eq(uuid),
    processDefinitionId: eq(processIdParam),
    name: eq(Joi.string().max(255)),
    version: eq(Joi.number().integer().min(1)),
    versionTag: eq(Joi.string().max(255)),
    isLatestVersion: Joi.boolean(),
  }).label('ProcessDefinitionFilter'),
  page: searchPage,
  sort: searchSort(Object.keys(SORTS)),
})
  .allow(null)
  .label('ProcessDefinitionSearchQuery');

/**
 * Camunda 8's `POST /v2/process-definitions/search` over every deployed version: a tool lists what
 * it may start, or the latest version of each process (`isLatestVersion`).
 */
export const searchCamundaProcessDefinitions: ServerRoute = {
  method: 'POST',
  path: '/v2/process-definitions/search',
  options: {
    tags: ['api', 'processes'],
    description: 'Search deployed process versions (Camunda 8 REST shape)',
    notes:
      'For any signed-in caller. Equality filters (a value or `{"$eq": value}`) on `processDefinitionKey`, `processDefinitionId`, `name`, `version`, `versionTag`; `isLatestVersion: true` keeps the highest version of each process (archived or not). One sort field (processDefinitionId, the default, processDefinitionKey, name, version); `page` `{from, limit}` (100 by default, at most 1000).',
    validate: { payload: definitionSearch },
  },
  async handler(request) {
    const body = (request.payload ?? {}) as SearchBody<keyof typeof SORTS>;
    const f = (body.filter ?? {}) as Record<string, Eq<string | number> | boolean | undefined>;
    const where = new ItemConditions();
    for (const [field, column] of [
      ['processDefinitionKey', 'd.id::text'],
      ['processDefinitionId', 'd.process_id'],
      ['name', 'd.name'],
      ['version', 'd.version'],
      ['versionTag', 'd.version_tag'],
    ] as const) {
      const value = valueOf(f[field] as Eq<string | number> | undefined);
      if (value !== undefined) where.add(`${column} = ?`, value);
    }
    const latest = '(select max(m.version) from process_definition m where m.process_id = d.process_id)';
    if (f.isLatestVersion === true) where.add(`d.version = ${latest}`);
    if (f.isLatestVersion === false) where.add(`d.version < ${latest}`);
    const { page, sort } = pageAndSort(body, 'processDefinitionId');
    const { rows, total } = await pageOfItems<{
      id: string;
      process_id: string;
      version: number;
      name: string | null;
      version_tag: string | null;
      resource_name: string | null;
      has_start_form: boolean;
    }>(
      request.app.em,
      {
        columns: `d.id, d.process_id, d.version, d.name, d.version_tag, d.resource_name, ${HAS_START_FORM} as has_start_form`,
        from: 'from process_definition d',
        where,
        orderBy: `${SORTS[sort.field]} ${sort.order === 'DESC' ? 'desc' : 'asc'} nulls last, d.process_id, d.version desc`,
      },
      page,
    );
    return {
      items: rows.map((r) =>
        present(
          { id: r.id, processId: r.process_id, version: r.version, name: r.name, versionTag: r.version_tag, resourceName: r.resource_name },
          r.has_start_form,
        ),
      ),
      page: pageOf(total),
    };
  },
};

/**
 * Camunda 8's `GET /v2/process-definitions/{processDefinitionKey}/form`: the start form a tool renders
 * before it starts an instance, as its linked form is deployed; 204 for a version without one (a form
 * embedded in the diagram is not answered here, as in Camunda; GET /process-definitions/{id}/start-form
 * answers both).
 */
export const getCamundaStartForm: ServerRoute = {
  method: 'GET',
  path: '/v2/process-definitions/{processDefinitionKey}/form',
  options: {
    tags: ['api', 'processes'],
    description: 'The start form of a deployed process version (Camunda 8 REST shape)',
    notes:
      'For any signed-in caller. `{formId, version, formKey, tenantId, schema}` with `schema` the form-js JSON as a string; 204 when the version has no linked start form; 404 when no version has that key.',
    validate: { params: keyParams },
  },
  async handler(request, h) {
    const em = request.app.em;
    const startForm = await startFormOf(em, await new ProcessDefinitionService(em).get(request.params.processDefinitionKey as string));
    const form = startForm?.form;
    if (!form?.formDefinitionId) return h.response().code(204);
    return {
      tenantId: DEFAULT_TENANT,
      formId: form.formId,
      schema: JSON.stringify(form.schema),
      version: form.version,
      formKey: form.formDefinitionId,
    };
  },
};
