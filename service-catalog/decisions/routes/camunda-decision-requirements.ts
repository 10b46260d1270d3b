import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { NotFound } from '../../errors';
import { eq, pageAndSort, pageOf, type SearchBody, searchPage, searchSort } from '../../processes/camunda-search-schemas';
import { uuid } from '../../processes/schemas';
import { presentCamundaRequirements } from '../camunda-presenters';
import { decisionFilterOf } from '../camunda-search';
import { DecisionRequirements } from '../domain/decision-requirements.entity';
import { searchRequirements } from '../domain/decision-search';

const SORTS = {
  decisionRequirementsKey: 'r.id',
  decisionRequirementsId: 'r.requirements_id',
  decisionRequirementsName: 'coalesce(r.name, r.requirements_id)',
  version: 'r.version',
  tenantId: 'r.requirements_id',
} as const;

const EQUALITIES = [
  ['decisionRequirementsKey', 'r.id::text'],
  ['decisionRequirementsId', 'r.requirements_id'],
  ['decisionRequirementsName', 'coalesce(r.name, r.requirements_id)'],
  ['version', 'r.version'],
  ['resourceName', 'r.resource_name'],
] as const;

const text = eq(Joi.string().max(255));

const requirementsSearch = Joi.object({
  filter: Joi.object({
    decisionRequirementsKey: eq(uuid),
    decisionRequirementsId: text,
    decisionRequirementsName: text,
    version: eq(Joi.number().integer().min(1)),
    resourceName: text,
    tenantId: text,
  }).label('DecisionRequirementsFilter'),
  page: searchPage,
  sort: searchSort(Object.keys(SORTS)),
})
  .allow(null)
  .label('DecisionRequirementsSearchQuery');

/**
 * Camunda 8's `POST /v2/decision-requirements/search`: each deployed version of each DMN file (its
 * `definitions` id, name and version, the file's name), which a tool draws the decisions' diagram from.
 */
export const searchCamundaDecisionRequirements: ServerRoute = {
  method: 'POST',
  path: '/v2/decision-requirements/search',
  options: {
    tags: ['api', 'decisions'],
    description: 'Search deployed DMN files, Camunda’s decision requirements (Camunda 8 REST shape)',
    notes: `For any signed-in caller. Equality filters (a value or \`{"$eq": value}\`) on ${EQUALITIES.map(([f]) => `\`${f}\``).join(', ')} and \`tenantId\` (the default tenant's: another finds none). One sort field (${Object.keys(SORTS).join(', ')}; decisionRequirementsId by default); \`page\` \`{from, limit}\`.`,
    validate: { payload: requirementsSearch },
  },
  async handler(request) {
    const body = (request.payload ?? {}) as SearchBody<keyof typeof SORTS>;
    const { page, sort } = pageAndSort(body, 'decisionRequirementsId');
    const { items, total } = await searchRequirements(request.app.em, decisionFilterOf(body.filter ?? {}, EQUALITIES), page, {
      column: SORTS[sort.field],
      order: sort.order,
    });
    return { items: items.map(presentCamundaRequirements), page: pageOf(total) };
  },
};

const keyParams = Joi.object({
  decisionRequirementsKey: uuid.required().description('the deployed file version’s key (a number), or Flowdesk’s id of it'),
});

const notDeployed = (key: string) =>
  new NotFound('DECISION_REQUIREMENTS_NOT_FOUND', `params.decisionRequirementsKey: no decision requirements ${key} are deployed`);

/** Camunda 8's `GET /v2/decision-requirements/{decisionRequirementsKey}`. */
export const getCamundaDecisionRequirements: ServerRoute = {
  method: 'GET',
  path: '/v2/decision-requirements/{decisionRequirementsKey}',
  options: {
    tags: ['api', 'decisions'],
    description: 'One deployed DMN file version (Camunda 8 REST shape)',
    notes:
      'For any signed-in caller, as an item of POST /v2/decision-requirements/search. 404 DECISION_REQUIREMENTS_NOT_FOUND for an unknown key.',
    validate: { params: keyParams },
  },
  async handler(request) {
    const key = request.params.decisionRequirementsKey as string;
    const found = await request.app.em.findOne(DecisionRequirements, { id: key });
    if (!found) throw notDeployed(key);
    return presentCamundaRequirements(found);
  },
};

/** Camunda 8's `GET /v2/decision-requirements/{decisionRequirementsKey}/xml`: the DMN file as deployed, as text/xml. */
export const getCamundaDecisionRequirementsXml: ServerRoute = {
  method: 'GET',
  path: '/v2/decision-requirements/{decisionRequirementsKey}/xml',
  options: {
    tags: ['api', 'decisions'],
    description: 'The DMN XML of a deployed file version (Camunda 8 REST shape)',
    notes: 'For any signed-in caller; answers `text/xml`. 404 DECISION_REQUIREMENTS_NOT_FOUND for an unknown key.',
    validate: { params: keyParams },
  },
  async handler(request, h) {
    const key = request.params.decisionRequirementsKey as string;
    const found = await request.app.em.findOne(DecisionRequirements, { id: key }, { populate: ['xml'] });
    if (!found) throw notDeployed(key);
    return h.response(found.xml).type('text/xml; charset=utf-8');
  },
};
