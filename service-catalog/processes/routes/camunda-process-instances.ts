import Boom from '@hapi/boom';
import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import type { EngineClient } from '../../../workflows/client';
import { NotFound, WrongState } from '../../errors';
import { principalOf } from '../../identity/auth-plugin';
import { organizationOfTenant, tenantOfOrganization } from '../../identity/domain/camunda-tenant';
import { actorOf } from '../../identity/domain/principal';
import { owningOrganization } from '../../identity/domain/owning-organization';
import { ProcessDefinitionService } from '../domain/process-definition-service';
import { ProcessInstanceOperations } from '../domain/process-instance-operations';
import { ProcessInstanceService } from '../domain/process-instance-service';
import { searchInstances, type InstanceSort } from '../domain/process-instance-search';
import type { ProcessInstance } from '../domain/process-instance.entity';
import { OWNER_SCOPES, STAFF_SCOPES } from '../route-scopes';
import { processIdParam, variables } from '../schemas';
import { descending, eq, type Eq, pageOf, type SearchBody, searchPage, searchSort, valueOf } from '../camunda-search-schemas';

/** How long `awaitCompletion` waits when the request names no `requestTimeout`, and at most. */
const DEFAULT_AWAIT_MS = 15_000;
const MAX_AWAIT_MS = 300_000;

const notSupported = (what: string) =>
  Joi.array()
    .max(0)
    .messages({ 'array.max': `${what} are not supported: an instance starts at its process's start event` });

const creationInstruction = Joi.object({
  processDefinitionId: processIdParam.description(
    'the BPMN process id; with processDefinitionVersion, -1 (the default) for the active one',
  ),
  processDefinitionVersion: Joi.number().integer().min(-1).default(-1),
  processDefinitionKey: Joi.string().max(64).description('a deployed version’s key (a number, or Flowdesk’s definition id)'),
  variables: variables.allow(null),
  tenantId: Joi.string().max(256).description('the organisation the instance belongs to; `<default>` (or none) for internal work'),
  operationReference: Joi.number().integer(),
  startInstructions: notSupported('start instructions'),
  runtimeInstructions: notSupported('runtime instructions'),
  awaitCompletion: Joi.boolean().default(false),
  fetchVariables: Joi.array().items(Joi.string().max(255)).max(100),
  requestTimeout: Joi.number().integer().min(0).max(MAX_AWAIT_MS).default(0).description('ms to await completion; 0: 15 s'),
  tags: Joi.array().max(0).messages({ 'array.max': 'process instance tags are not supported' }),
})
  .xor('processDefinitionId', 'processDefinitionKey')
  .label('ProcessInstanceCreationInstruction');

const creationResult = Joi.object({
  processDefinitionId: Joi.string().required(),
  processDefinitionVersion: Joi.number().integer().required(),
  processDefinitionKey: Joi.string().required(),
  processInstanceKey: Joi.string().required(),
  tenantId: Joi.string().required(),
  variables: Joi.object().unknown(true).required(),
  tags: Joi.array().items(Joi.string()).required(),
  businessId: Joi.valid(null).required(),
}).label('CreateProcessInstanceResult');

interface CreationInstruction {
  processDefinitionId?: string;
  processDefinitionVersion: number;
  processDefinitionKey?: string;
  variables?: Record<string, unknown> | null;
  tenantId?: string;
  awaitCompletion: boolean;
  fetchVariables?: string[];
  requestTimeout: number;
}

/**
 * Camunda 8's `POST /v2/process-instances`, so Camunda's clients and tools start Flowdesk's processes
 * unchanged: by process id (the active version, or one named) or by a version's key, owned by the tenant
 * named. With `awaitCompletion` the answer waits for the instance to complete and carries its variables.
 */
export const createCamundaProcessInstance: ServerRoute = {
  method: 'POST',
  path: '/v2/process-instances',
  options: {
    auth: { access: { scope: STAFF_SCOPES } },
    tags: ['api', 'processes'],
    description: 'Start a process instance (Camunda 8 REST shape)',
    notes:
      'Name the process by `processDefinitionId` (and `processDefinitionVersion`, -1 for the active one) or by `processDefinitionKey`, not both (400). ' +
      '`tenantId` is the organisation the instance belongs to (one you serve, else 404). 404 for a process not deployed; 409 for an archived version. ' +
      'With `awaitCompletion`, the answer waits up to `requestTimeout` ms (0: 15 s) and carries the variables (`fetchVariables` picks some): 504 when it ' +
      'has not completed by then (it keeps running), 409 when it was cancelled. Start and runtime instructions and tags are refused (400).',
    validate: { payload: creationInstruction },
    response: { schema: creationResult },
  },
  async handler(request) {
    const req = request.payload as CreationInstruction;
    const em = request.app.em;
    const principal = principalOf(request);
    // By key, the version's process and number; by id, the start itself resolves the version (active: -1).
    const named = req.processDefinitionKey
      ? await new ProcessDefinitionService(em).get(req.processDefinitionKey)
      : { processId: req.processDefinitionId!, version: req.processDefinitionVersion === -1 ? undefined : req.processDefinitionVersion };
    const organizationId = await owningOrganization(em, principal, organizationOfTenant(req.tenantId));
    const instance = await new ProcessInstanceService(em, request.server.app.engine).start(
      { processId: named.processId, ...(named.version !== undefined ? { version: named.version } : {}), variables: req.variables ?? {} },
      { actor: actorOf(principal), organizationId },
    );
    const result = req.awaitCompletion ? await awaitVariables(request.server.app.engine, instance.id, req) : {};
    return {
      processDefinitionId: instance.processId,
      processDefinitionVersion: instance.version,
      processDefinitionKey: instance.definition.id,
      processInstanceKey: instance.id,
      tenantId: tenantOfOrganization(organizationId),
      variables: result,
      tags: [],
      // Camunda 8.9's business id; Flowdesk has none on this route
      businessId: null,
    };
  },
};

async function awaitVariables(engine: EngineClient, instanceId: string, req: CreationInstruction): Promise<Record<string, unknown>> {
  const timeoutMs = req.requestTimeout || DEFAULT_AWAIT_MS;
  const ended = await engine.awaitResult(instanceId, timeoutMs);
  if (!ended) throw Boom.gatewayTimeout(`process instance ${instanceId} did not complete within ${timeoutMs} ms; it keeps running`);
  if (ended.status !== 'completed') throw new WrongState('PROCESS_INSTANCE_TERMINATED', `process instance ${instanceId} was cancelled`);
  const all = ended.view.variables;
  return req.fetchVariables ? Object.fromEntries(req.fetchVariables.filter((n) => n in all).map((n) => [n, all[n]])) : all;
}

/** Camunda 8's `POST /v2/process-instances/{processInstanceKey}/cancellation`: cancels it, audited as any cancel. */
export const cancelCamundaProcessInstance: ServerRoute = {
  method: 'POST',
  path: '/v2/process-instances/{processInstanceKey}/cancellation',
  options: {
    auth: { access: { scope: OWNER_SCOPES } },
    tags: ['api', 'processes'],
    description: 'Cancel a running process instance (Camunda 8 REST shape)',
    notes:
      '204. 404 unknown or another organisation’s instance; 409 already ended. Audited with the reason “cancelled through the Camunda API”.',
    validate: {
      params: Joi.object({
        processInstanceKey: Joi.string().uuid().required().description('the instance’s key (a number), or Flowdesk’s process instance id'),
      }),
      payload: Joi.object({ operationReference: Joi.number().integer() }).allow(null).label('CancelProcessInstanceRequest'),
    },
  },
  async handler(request, h) {
    await new ProcessInstanceOperations(request.app.em, request.server.app.engine).cancel(
      request.params.processInstanceKey as string,
      'cancelled through the Camunda API',
      actorOf(principalOf(request)),
    );
    return h.response().code(204);
  },
};

const STATES = { ACTIVE: 'RUNNING', COMPLETED: 'COMPLETED', TERMINATED: 'CANCELED' } as const;
const PROJECTED_STATES: Record<string, keyof typeof STATES> = { active: 'ACTIVE', completed: 'COMPLETED', terminated: 'TERMINATED' };
const SORTS = { startDate: 'startedAt', endDate: 'endedAt', processDefinitionId: 'processId' } as const;

const dateRange = Joi.object({ $gte: Joi.date().iso(), $lt: Joi.date().iso() }).min(1);
type DateRange = { $gte?: Date; $lt?: Date };

const instanceSearchQuery = Joi.object({
  filter: Joi.object({
    processInstanceKey: eq(Joi.string().uuid()),
    processDefinitionId: eq(processIdParam),
    processDefinitionVersion: eq(Joi.number().integer().min(1)),
    processDefinitionKey: eq(Joi.string().uuid()),
    state: eq(Joi.string().valid('ACTIVE', 'COMPLETED', 'TERMINATED')),
    hasIncident: Joi.boolean(),
    tenantId: eq(Joi.string().max(256)),
    startDate: dateRange,
    endDate: dateRange,
  }).label('ProcessInstanceFilter'),
  page: searchPage,
  sort: searchSort(Object.keys(SORTS)),
})
  .allow(null)
  .label('ProcessInstanceSearchQuery');

/**
 * Camunda 8's `POST /v2/process-instances/search` over the instances the caller may see: equality filters,
 * date ranges, one sort field, offset paging. An operator's tool lists what it then cancels or fixes.
 */
export const searchCamundaProcessInstances: ServerRoute = {
  method: 'POST',
  path: '/v2/process-instances/search',
  options: {
    auth: { access: { scope: STAFF_SCOPES } },
    tags: ['api', 'processes'],
    description: 'Search process instances (Camunda 8 REST shape)',
    notes:
      'Instances of the organisations you serve. Filters: `processInstanceKey`, `processDefinitionId`, `processDefinitionVersion`, `processDefinitionKey`, `state` (ACTIVE, COMPLETED, TERMINATED), `hasIncident`, `tenantId` (a value or `{"$eq": value}`), `startDate` and `endDate` as `{"$gte", "$lt"}`; one sort field (startDate, endDate, processDefinitionId); `page` `{from, limit}` (100 by default, at most 1000). Processes started by a call activity are not listed on their own: they run inside their caller’s instance.',
    validate: { payload: instanceSearchQuery },
  },
  async handler(request) {
    const body = (request.payload ?? {}) as SearchBody<keyof typeof SORTS>;
    const f = (body.filter ?? {}) as Record<string, unknown> & { startDate?: DateRange; endDate?: DateRange };
    const value = <T>(key: string) => valueOf(f[key] as Eq<T> | undefined);
    const [id, processId, version, definitionId] = [
      value<string>('processInstanceKey'),
      value<string>('processDefinitionId'),
      value<number>('processDefinitionVersion'),
      value<string>('processDefinitionKey'),
    ];
    const state = value<keyof typeof STATES>('state');
    const tenant = value<string>('tenantId');
    const [sort] = body.sort ?? [];
    const field = SORTS[sort?.field ?? 'startDate'];
    const { rows, total } = await searchInstances(request.app.em, {
      ...(id ? { id } : {}),
      ...(tenant !== undefined ? { organizationId: organizationOfTenant(tenant) } : {}),
      ...(processId ? { processId } : {}),
      ...(version ? { version } : {}),
      ...(definitionId ? { definitionId } : {}),
      ...(state ? { status: STATES[state] } : {}),
      ...(typeof f.hasIncident === 'boolean' ? { hasIncident: f.hasIncident } : {}),
      ...(f.startDate?.$gte ? { startedAfter: f.startDate.$gte } : {}),
      ...(f.startDate?.$lt ? { startedBefore: f.startDate.$lt } : {}),
      ...(f.endDate?.$gte ? { endedAfter: f.endDate.$gte } : {}),
      ...(f.endDate?.$lt ? { endedBefore: f.endDate.$lt } : {}),
      sort: descending(sort) ? (`-${field}` as InstanceSort) : field,
      limit: body.page?.limit ?? 100,
      offset: body.page?.from ?? 0,
    });
    await request.app.em.populate(rows, ['definition']);
    return { items: rows.map(presentInstance), page: pageOf(total) };
  },
};

/** Camunda 8's `ProcessInstanceResult` of one instance record, its projection and its (populated) definition. */
function presentInstance(i: ProcessInstance) {
  return {
    processInstanceKey: i.id,
    processDefinitionId: i.processId,
    processDefinitionVersion: i.version,
    processDefinitionKey: i.definition.id,
    startDate: i.startedAt.toISOString(),
    endDate: i.projection?.endedAt?.toISOString() ?? null,
    state: PROJECTED_STATES[i.projection?.status ?? 'active'] ?? 'ACTIVE',
    hasIncident: (i.projection?.openIncidentCount ?? 0) > 0,
    tenantId: tenantOfOrganization(i.organizationId ?? null),
    rootProcessInstanceKey: i.id,
    parentProcessInstanceKey: null,
    parentElementInstanceKey: null,
    processDefinitionName: i.definition.name ?? null,
    processDefinitionVersionTag: i.definition.versionTag ?? null,
    tags: [],
    businessId: null,
  };
}

/** Camunda 8's `GET /v2/process-instances/{processInstanceKey}`: one instance as the search lists it. */
export const getCamundaProcessInstance: ServerRoute = {
  method: 'GET',
  path: '/v2/process-instances/{processInstanceKey}',
  options: {
    auth: { access: { scope: STAFF_SCOPES } },
    tags: ['api', 'processes'],
    description: 'One process instance (Camunda 8 REST shape)',
    notes:
      'As an item of POST /v2/process-instances/search. 404 when no instance has that key, or it belongs to an organisation you may not see.',
    validate: { params: Joi.object({ processInstanceKey: Joi.string().uuid().required() }) },
  },
  async handler(request) {
    const id = (request.params.processInstanceKey as string).toLowerCase();
    const { rows } = await searchInstances(request.app.em, { id, sort: 'startedAt', limit: 1, offset: 0 });
    if (!rows[0]) throw new NotFound('PROCESS_INSTANCE_NOT_FOUND', `process instance ${id} does not exist`);
    await request.app.em.populate(rows, ['definition']);
    return presentInstance(rows[0]);
  },
};
