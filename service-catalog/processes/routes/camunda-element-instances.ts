import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { NotFound } from '../../errors';
import { isUuid } from '../../text/uuid';
import { dateTimeFilter, pageAndSort, pageOf, type SearchBody, searchPage, searchSort, textFilter } from '../camunda-search-schemas';
import {
  type CamundaElementInstance,
  ELEMENT_INSTANCE_STATES,
  elementInstancesOf,
  elementStatisticsOf,
  scopesOf,
} from '../domain/camunda-element-instances';
import { CAMUNDA_ELEMENT_TYPES } from '../domain/camunda-element-types';
import { type DateFilter, matchesDate, matchesText, sortBy, type TextFilter } from '../domain/in-memory-search';
import { readLiveInstance, searchableInstance } from '../domain/live-instance';
import { searchedInstance } from '../domain/searched-instance';
import { elementInstanceRef, parseElementInstanceRef } from '../domain/user-task-id';
import { STAFF_SCOPES } from '../route-scopes';

const SORTS = [
  'elementInstanceKey',
  'processInstanceKey',
  'processDefinitionKey',
  'processDefinitionId',
  'startDate',
  'endDate',
  'elementId',
  'elementName',
  'type',
  'state',
  'incidentKey',
  'tenantId',
] as const;
type ElementInstanceSort = (typeof SORTS)[number];

/** Filtered on each item; `processInstanceKey` names the one instance searched, so every item has it. */
const TEXT_FIELDS = [
  'elementInstanceKey',
  'processDefinitionId',
  'processDefinitionKey',
  'elementId',
  'elementName',
  'type',
  'state',
  'incidentKey',
  'tenantId',
] as const;

const text = Joi.string().max(255);
const elementInstanceSearch = Joi.object({
  filter: Joi.object({
    processInstanceKey: textFilter(Joi.string().max(64)),
    elementInstanceKey: textFilter(Joi.string().max(64)),
    processDefinitionId: textFilter(text),
    processDefinitionKey: textFilter(Joi.string().max(64)),
    elementId: textFilter(text),
    elementName: textFilter(text),
    type: textFilter(Joi.string().valid(...CAMUNDA_ELEMENT_TYPES)),
    state: textFilter(Joi.string().valid(...ELEMENT_INSTANCE_STATES)),
    incidentKey: textFilter(Joi.string().max(64)),
    tenantId: textFilter(Joi.string().max(256)),
    hasIncident: Joi.boolean(),
    startDate: dateTimeFilter,
    endDate: dateTimeFilter,
    elementInstanceScopeKey: textFilter(Joi.string().max(64)),
  }).label('ElementInstanceFilter'),
  page: searchPage,
  sort: searchSort(SORTS),
})
  .allow(null)
  .label('ElementInstanceSearchQuery');

type ElementInstanceFilter = Partial<
  Record<(typeof TEXT_FIELDS)[number] | 'processInstanceKey' | 'elementInstanceScopeKey', TextFilter>
> & {
  hasIncident?: boolean;
  startDate?: DateFilter;
  endDate?: DateFilter;
};

const passes = (f: ElementInstanceFilter, e: CamundaElementInstance, scopes: ReadonlyMap<string, string>) =>
  TEXT_FIELDS.every((field) => matchesText(f[field], e[field])) &&
  matchesText(f.elementInstanceScopeKey, scopes.get(e.elementInstanceKey) ?? null) &&
  (f.hasIncident === undefined || f.hasIncident === e.hasIncident) &&
  matchesDate(f.startDate, e.startDate) &&
  matchesDate(f.endDate, e.endDate);

/** The number after `<process instance id>.` (the process itself, keyed by the instance's id, first). */
const keyNumber = (ref: string | null) => (ref === null ? null : ref.includes('.') ? Number(ref.slice(ref.indexOf('.') + 1)) : -1);

/** What each sort field orders by: keys within an instance by their number, as they were created. */
const sortValue = (field: ElementInstanceSort) => (e: CamundaElementInstance) =>
  field === 'elementInstanceKey' || field === 'incidentKey' ? keyNumber(e[field]) : e[field];

/**
 * Camunda 8's `POST /v2/element-instances/search` within one process instance: the process itself and
 * every element instance of its workflow's history, active and ended. Flowdesk asks the instance's
 * workflow, so the search names the instance.
 */
export const searchCamundaElementInstances: ServerRoute = {
  method: 'POST',
  path: '/v2/element-instances/search',
  options: {
    auth: { access: { scope: STAFF_SCOPES } },
    tags: ['api', 'processes'],
    description: 'Search the element instances of a process instance (Camunda 8 REST shape)',
    notes:
      '`filter.processInstanceKey` (a key or `{"$eq": key}`) is required (400 naming it otherwise): Flowdesk asks that instance’s ' +
      'workflow. Filters on `elementInstanceKey`, `processDefinitionId`, `processDefinitionKey`, `elementId`, `elementName`, `type`, ' +
      '`state` (ACTIVE, COMPLETED, TERMINATED), `incidentKey`, `tenantId` take a value or `{$eq, $neq, $exists, $in, $notIn, $like}`; ' +
      '`hasIncident` a boolean; `startDate` and `endDate` an instant or `{$eq, $neq, $exists, $gt, $gte, $lt, $lte, $in}`. ' +
      '`elementInstanceScopeKey` (the same) keeps the element instances directly in that scope: the process instance’s key for its ' +
      'top level, a sub-process’s or a multi-instance body’s key for what runs in it. One sort field (elementInstanceKey, the default, in creation order; ' +
      `${SORTS.slice(1).join(', ')}); \`page\` \`{from, limit}\`. An instance you may not see finds nothing; 409 when its workflow ` +
      'can no longer be asked.',
    validate: { payload: elementInstanceSearch },
  },
  async handler(request) {
    const body = (request.payload ?? {}) as SearchBody<ElementInstanceSort>;
    const filter = (body.filter ?? {}) as ElementInstanceFilter;
    const processInstanceId = searchedInstance(filter, 'element instances');
    const { page, sort } = pageAndSort(body, 'elementInstanceKey');
    const instance = await searchableInstance(request.app.em, request.server.app.engine, processInstanceId);
    if (!instance) return { items: [], page: pageOf(0) };
    const scopes = scopesOf(instance);
    const items = elementInstancesOf(instance).filter((e) => passes(filter, e, scopes));
    sortBy(items, sortValue(sort.field), sort.order === 'DESC');
    return { items: items.slice(page.from, page.from + page.limit), page: pageOf(items.length) };
  },
};

/** Camunda 8's `GET /v2/element-instances/{elementInstanceKey}`: one element instance, as the search lists it. */
export const getCamundaElementInstance: ServerRoute = {
  method: 'GET',
  path: '/v2/element-instances/{elementInstanceKey}',
  options: {
    auth: { access: { scope: STAFF_SCOPES } },
    tags: ['api', 'processes'],
    description: 'One element instance (Camunda 8 REST shape)',
    notes:
      'As an item of POST /v2/element-instances/search. The key is a number a search answered, `<process instance id>.<element ' +
      'instance key>`, or, as in Camunda, a process instance’s key or id (its `PROCESS` element instance); 400 naming ' +
      '`params.elementInstanceKey` otherwise. 404 when no such element instance exists, or it belongs to an organisation you may not see.',
    validate: { params: Joi.object({ elementInstanceKey: Joi.string().max(64).required() }) },
  },
  async handler(request) {
    const key = request.params.elementInstanceKey as string;
    const ref = isUuid(key) ? null : parseElementInstanceRef(key, 'params.elementInstanceKey', 'an element instance key');
    const processInstanceId = ref?.processInstanceId ?? key.toLowerCase();
    const wanted = ref ? elementInstanceRef(ref.processInstanceId, ref.elementInstanceKey) : processInstanceId;
    const instance = await readLiveInstance(request.app.em, request.server.app.engine, processInstanceId);
    const found = elementInstancesOf(instance).find((e) => e.elementInstanceKey === wanted);
    if (!found) throw new NotFound('ELEMENT_INSTANCE_NOT_FOUND', `no element instance ${key}`);
    return found;
  },
};

/**
 * Camunda 8's `GET /v2/process-instances/{processInstanceKey}/statistics/element-instances`: per element,
 * how many of its instances are active, completed or canceled and how many open incidents it has, which
 * a tool paints on the diagram.
 */
export const getCamundaInstanceStatistics: ServerRoute = {
  method: 'GET',
  path: '/v2/process-instances/{processInstanceKey}/statistics/element-instances',
  options: {
    auth: { access: { scope: STAFF_SCOPES } },
    tags: ['api', 'processes'],
    description: 'Element statistics of one process instance (Camunda 8 REST shape)',
    notes:
      '`{items: [{elementId, active, canceled, incidents, completed}]}`, one per element entered, by element id; a multi-instance ' +
      'activity counts its inner instances. 404 when the instance does not exist or belongs to an organisation you may not see; ' +
      '409 when its workflow can no longer be asked.',
    validate: { params: Joi.object({ processInstanceKey: Joi.string().uuid().required() }) },
  },
  async handler(request) {
    const key = request.params.processInstanceKey as string;
    return { items: elementStatisticsOf(await readLiveInstance(request.app.em, request.server.app.engine, key)) };
  },
};
