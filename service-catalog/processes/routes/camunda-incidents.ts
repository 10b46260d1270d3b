import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { NotFound } from '../../errors';
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
import { CAMUNDA_ERROR_TYPES, IncidentSearch, type IncidentFilter, type IncidentSortField } from '../domain/incident-search';
import { ProcessInstance } from '../domain/process-instance.entity';
import { parseElementInstanceRef } from '../domain/user-task-id';
import { STAFF_SCOPES } from '../route-scopes';

/** Every state Camunda's incidents have; Flowdesk's are ACTIVE or RESOLVED, the others find none. */
const CAMUNDA_INCIDENT_STATES = ['ACTIVE', 'MIGRATED', 'RESOLVED', 'PENDING'];

const incidentSearch = Joi.object({
  filter: Joi.object({
    state: stateFilter(CAMUNDA_INCIDENT_STATES),
    incidentKey: equality('incidentKey'),
    processInstanceKey: eq(Joi.string().uuid()),
    processDefinitionId: equality('processDefinitionId'),
    processDefinitionKey: eq(Joi.string().uuid()),
    elementId: equality('elementId'),
    errorType: eq(Joi.string().valid(...CAMUNDA_ERROR_TYPES)),
  }).label('IncidentFilter'),
  page: searchPage,
  sort: searchSort(['creationTime', 'errorType', 'elementId', 'state']),
})
  .allow(null)
  .label('IncidentSearchQuery');

/**
 * Camunda 8's `POST /v2/incidents/search` over the incidents of the instances the caller may see, open
 * and resolved: an operator's script finds what is stuck, then resolves it (POST /v2/incidents/{key}/resolution).
 */
export const searchCamundaIncidents: ServerRoute = {
  method: 'POST',
  path: '/v2/incidents/search',
  options: {
    auth: { access: { scope: STAFF_SCOPES } },
    tags: ['api', 'processes'],
    description: 'Search incidents (Camunda 8 REST shape)',
    notes:
      'Incidents of instances of the organisations you serve, ACTIVE or RESOLVED; `filter.state` is a state, `{"$eq": state}` or `{"$in": [states]}` (MIGRATED and PENDING find none). Equality filters (a value or `{"$eq": value}`) on `incidentKey`, `processInstanceKey`, `processDefinitionId`, `processDefinitionKey`, `elementId`, `errorType` (Camunda’s names: a failed job with no retries left is `JOB_NO_RETRIES`); one sort field (creationTime, the default, errorType, elementId, state); `page` `{from, limit}` (100 by default, at most 1000). Incidents resolved before this release are not listed.',
    validate: { payload: incidentSearch },
  },
  async handler(request) {
    const body = (request.payload ?? {}) as SearchBody<IncidentSortField>;
    const filter = itemFilterOf<IncidentFilter>(body.filter, 'incidentKey', 'an incident key');
    const { page, sort } = pageAndSort(body, 'creationTime');
    const { items, totalItems } = await new IncidentSearch(request.app.em).search(filter, page, sort);
    return { items, page: pageOf(totalItems) };
  },
};

/** Camunda 8's `GET /v2/incidents/{incidentKey}`: one incident, open or resolved, as the search lists it. */
export const getCamundaIncident: ServerRoute = {
  method: 'GET',
  path: '/v2/incidents/{incidentKey}',
  options: {
    auth: { access: { scope: STAFF_SCOPES } },
    tags: ['api', 'processes'],
    description: 'One incident (Camunda 8 REST shape)',
    notes:
      'The key is `<process instance id>.<incident key>` (400 naming `params.incidentKey` otherwise). 404 when no such incident exists, or it belongs to an organisation you may not see.',
    validate: { params: Joi.object({ incidentKey: Joi.string().max(64).required() }) },
  },
  async handler(request) {
    const key = request.params.incidentKey as string;
    const { items } = await new IncidentSearch(request.app.em).search(
      { incidentKey: parseElementInstanceRef(key, 'params.incidentKey', 'an incident key') },
      { from: 0, limit: 1 },
      { field: 'creationTime', order: 'ASC' },
    );
    if (!items[0]) throw new NotFound('INCIDENT_NOT_FOUND', `no incident ${key}`);
    return items[0];
  },
};

/**
 * Camunda 8's `POST /v2/process-instances/{processInstanceKey}/incidents/search`: the incident search
 * within one instance, which a tool opens from the instance it shows.
 */
export const searchCamundaInstanceIncidents: ServerRoute = {
  method: 'POST',
  path: '/v2/process-instances/{processInstanceKey}/incidents/search',
  options: {
    auth: { access: { scope: STAFF_SCOPES } },
    tags: ['api', 'processes'],
    description: 'Search the incidents of one process instance (Camunda 8 REST shape)',
    notes:
      'As POST /v2/incidents/search, within the instance the path names (a `filter.processInstanceKey` naming another finds none). 404 when the instance does not exist or belongs to an organisation you may not see.',
    validate: { params: Joi.object({ processInstanceKey: Joi.string().uuid().required() }), payload: incidentSearch },
  },
  async handler(request) {
    const key = request.params.processInstanceKey as string;
    if (!(await request.app.em.findOne(ProcessInstance, { id: key })))
      throw new NotFound('PROCESS_INSTANCE_NOT_FOUND', `no process instance ${key}`);
    const body = (request.payload ?? {}) as SearchBody<IncidentSortField>;
    const filter = itemFilterOf<IncidentFilter>(body.filter, 'incidentKey', 'an incident key');
    if (filter.processInstanceKey !== undefined && filter.processInstanceKey !== key) return { items: [], page: pageOf(0) };
    const { page, sort } = pageAndSort(body, 'creationTime');
    const { items, totalItems } = await new IncidentSearch(request.app.em).search({ ...filter, processInstanceKey: key }, page, sort);
    return { items, page: pageOf(totalItems) };
  },
};
