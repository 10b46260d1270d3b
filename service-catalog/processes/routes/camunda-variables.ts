import Joi from 'joi';
import type { Request, ServerRoute } from '@hapi/hapi';
import { NotFound } from '../../errors';
import { pageAndSort, pageOf, type SearchBody, searchPage, searchSort, textFilter } from '../camunda-search-schemas';
import {
  camundaVariable,
  type CamundaVariable,
  instanceVariables,
  parseVariableKey,
  TRUNCATE_AT,
  variableAt,
} from '../domain/camunda-variables';
import { matchesText, sortBy, type TextFilter } from '../domain/in-memory-search';
import { readLiveInstance, searchableInstance } from '../domain/live-instance';
import { searchedInstance } from '../domain/searched-instance';
import { STAFF_SCOPES } from '../route-scopes';

const SORTS = ['name', 'value', 'tenantId', 'variableKey', 'scopeKey', 'processInstanceKey'] as const;
type VariableSort = (typeof SORTS)[number];

const key = Joi.string().max(600);
const variableSearch = Joi.object({
  filter: Joi.object({
    processInstanceKey: textFilter(Joi.string().max(64)),
    scopeKey: textFilter(Joi.string().max(64)),
    variableKey: textFilter(key),
    name: textFilter(Joi.string().max(255)),
    value: textFilter(Joi.string().max(100_000)),
    tenantId: textFilter(Joi.string().max(256)),
    isTruncated: Joi.boolean(),
  }).label('VariableFilter'),
  page: searchPage,
  sort: searchSort(SORTS),
})
  .allow(null)
  .label('VariableSearchQuery');

type VariableFilter = Partial<Record<'processInstanceKey' | 'scopeKey' | 'variableKey' | 'name' | 'value' | 'tenantId', TextFilter>> & {
  isTruncated?: boolean;
};

/**
 * Whether a variable passes every filter; `value` is compared with the whole value's JSON, as Camunda does.
 * `processInstanceKey` names the one instance searched, so every variable has it.
 */
const passes = (f: VariableFilter, v: CamundaVariable, fullValue: string) =>
  matchesText(f.scopeKey, v.scopeKey) &&
  matchesText(f.variableKey, v.variableKey) &&
  matchesText(f.name, v.name) &&
  matchesText(f.value, fullValue) &&
  matchesText(f.tenantId, v.tenantId) &&
  (f.isTruncated === undefined || f.isTruncated === v.isTruncated);

const live = (request: Request, processInstanceId: string) =>
  readLiveInstance(request.app.em, request.server.app.engine, processInstanceId);

/**
 * Camunda 8's `POST /v2/variables/search` within one process instance: its own variables and the local
 * ones of its active element instances, each value as JSON text. Flowdesk asks the instance's workflow, so
 * the search names the instance (`processInstanceKey`, or a `scopeKey` of it).
 */
export const searchCamundaVariables: ServerRoute = {
  method: 'POST',
  path: '/v2/variables/search',
  options: {
    auth: { access: { scope: STAFF_SCOPES } },
    tags: ['api', 'processes'],
    description: 'Search the variables of a process instance (Camunda 8 REST shape)',
    notes:
      '`filter.processInstanceKey` (a key or `{"$eq": key}`) or `filter.scopeKey` naming one of its scopes is required (400 naming ' +
      '`payload.filter.processInstanceKey` otherwise): Flowdesk asks that instance’s workflow. Filters on `name`, `value` (the JSON text), ' +
      '`scopeKey`, `variableKey`, `tenantId` take a value or `{$eq, $neq, $exists, $in, $notIn, $like}`; `isTruncated` a boolean. ' +
      `One sort field (${SORTS.join(', ')}; name by default); \`page\` \`{from, limit}\`. With \`?truncateValues=true\` a value whose ` +
      `JSON is longer than ${TRUNCATE_AT} characters is cut there and marked \`isTruncated\`. An instance you may not see finds nothing; ` +
      '409 when its workflow can no longer be asked.',
    validate: { query: Joi.object({ truncateValues: Joi.boolean().default(false) }), payload: variableSearch },
  },
  async handler(request) {
    const body = (request.payload ?? {}) as SearchBody<VariableSort>;
    const filter = (body.filter ?? {}) as VariableFilter;
    const processInstanceId = searchedInstance(filter, 'variables', true);
    const { truncateValues } = request.query as { truncateValues: boolean };
    const { page, sort } = pageAndSort(body, 'name');
    const instance = await searchableInstance(request.app.em, request.server.app.engine, processInstanceId);
    if (!instance) return { items: [], page: pageOf(0) };
    const items = instanceVariables(processInstanceId, instance.view).flatMap((v) => {
      const item = camundaVariable(v, instance, truncateValues);
      return passes(filter, item, item.isTruncated ? JSON.stringify(v.value ?? null) : item.value) ? [item] : [];
    });
    sortBy(items, (item) => item[sort.field], sort.order === 'DESC');
    return { items: items.slice(page.from, page.from + page.limit), page: pageOf(items.length) };
  },
};

/** Camunda 8's `GET /v2/variables/{variableKey}`: one variable of an instance, its whole value as JSON text. */
export const getCamundaVariable: ServerRoute = {
  method: 'GET',
  path: '/v2/variables/{variableKey}',
  options: {
    auth: { access: { scope: STAFF_SCOPES } },
    tags: ['api', 'processes'],
    description: 'One variable (Camunda 8 REST shape)',
    notes:
      'The key is a number a variable search answered, or `<scope key>/<name>` (the scope a process instance id or ' +
      '`<process instance id>.<element instance key>`; 400 naming `params.variableKey` otherwise). The value is never truncated. ' +
      '404 when the instance does not hold that variable now, does not exist or belongs to an organisation you may not see.',
    validate: { params: Joi.object({ variableKey: key.required() }) },
  },
  async handler(request) {
    const variableKey = parseVariableKey(request.params.variableKey as string, 'params.variableKey');
    const instance = await live(request, variableKey.processInstanceId);
    const found = variableAt(instance.view, variableKey);
    if (!found) throw new NotFound('VARIABLE_NOT_FOUND', `no variable ${request.params.variableKey as string}`);
    const { isTruncated: _whole, ...variable } = camundaVariable(found, instance, false);
    return variable;
  },
};
