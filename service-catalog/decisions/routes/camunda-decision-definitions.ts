import Joi from 'joi';
import type { Request, ServerRoute } from '@hapi/hapi';
import { NotFound } from '../../errors';
import { eq, pageAndSort, pageOf, type SearchBody, searchPage, searchSort } from '../../processes/camunda-search-schemas';
import { uuid } from '../../processes/schemas';
import { presentCamundaDecision } from '../camunda-presenters';
import { DecisionDefinition } from '../domain/decision-definition.entity';
import { decisionFilterOf } from '../camunda-search';
import { searchDecisions } from '../domain/decision-search';

/** Camunda's sort fields and the column each orders by; every decision is the default tenant's, so that sort keeps the id order. */
const SORTS = {
  decisionDefinitionKey: 'd.id',
  decisionDefinitionId: 'd.decision_id',
  name: 'coalesce(d.name, d.decision_id)',
  version: 'd.version',
  decisionRequirementsId: 'r.requirements_id',
  decisionRequirementsKey: 'r.id',
  decisionRequirementsName: 'coalesce(r.name, r.requirements_id)',
  decisionRequirementsVersion: 'r.version',
  tenantId: 'd.decision_id',
} as const;

/** Camunda's equality filters and the column each compares: names as answered (a missing name is the id). */
const EQUALITIES = [
  ['decisionDefinitionKey', 'd.id::text'],
  ['decisionDefinitionId', 'd.decision_id'],
  ['name', 'coalesce(d.name, d.decision_id)'],
  ['version', 'd.version'],
  ['decisionRequirementsId', 'r.requirements_id'],
  ['decisionRequirementsKey', 'r.id::text'],
  ['decisionRequirementsName', 'coalesce(r.name, r.requirements_id)'],
  ['decisionRequirementsVersion', 'r.version'],
] as const;

const text = eq(Joi.string().max(255));
const version = eq(Joi.number().integer().min(1));

const decisionSearch = Joi.object({
  filter: Joi.object({
    decisionDefinitionKey: eq(uuid),
    decisionDefinitionId: text,
    name: text,
    version,
    decisionRequirementsId: text,
    decisionRequirementsKey: eq(uuid),
    decisionRequirementsName: text,
    decisionRequirementsVersion: version,
    tenantId: text,
    isLatestVersion: Joi.boolean(),
  }).label('DecisionDefinitionFilter'),
  page: searchPage,
  sort: searchSort(Object.keys(SORTS)),
})
  .allow(null)
  .label('DecisionDefinitionSearchQuery');

/**
 * Camunda 8's `POST /v2/decision-definitions/search`: every deployed decision version with the DMN file
 * (decision requirements) it came from, so a tool finds the key to evaluate or the diagram to show.
 */
export const searchCamundaDecisionDefinitions: ServerRoute = {
  method: 'POST',
  path: '/v2/decision-definitions/search',
  options: {
    tags: ['api', 'decisions'],
    description: 'Search deployed decision versions (Camunda 8 REST shape)',
    notes: `For any signed-in caller. Equality filters (a value or \`{"$eq": value}\`) on ${EQUALITIES.map(([f]) => `\`${f}\``).join(', ')} and \`tenantId\` (decisions are the default tenant's: another finds none); \`isLatestVersion: true\` keeps the highest version of each decision, \`false\` the others. One sort field (${Object.keys(SORTS).join(', ')}; decisionDefinitionId by default); \`page\` \`{from, limit}\` (100 by default, at most 1000).`,
    validate: { payload: decisionSearch },
  },
  async handler(request) {
    const body = (request.payload ?? {}) as SearchBody<keyof typeof SORTS>;
    const { page, sort } = pageAndSort(body, 'decisionDefinitionId');
    const { items, total } = await searchDecisions(request.app.em, decisionFilterOf(body.filter ?? {}, EQUALITIES), page, {
      column: SORTS[sort.field],
      order: sort.order,
    });
    return { items: items.map(presentCamundaDecision), page: pageOf(total) };
  },
};

const keyParams = Joi.object({
  decisionDefinitionKey: uuid.required().description('the decision version’s key (a number), or Flowdesk’s decision definition id'),
});

/** One decision version by its key, as the search answers it; 404 naming the key when there is none. */
async function decisionByKey(request: Request) {
  const key = request.params.decisionDefinitionKey as string;
  const { items } = await searchDecisions(
    request.app.em,
    { equal: [['d.id::text', key]] },
    { from: 0, limit: 1 },
    { column: 'd.id', order: 'ASC' },
  );
  if (!items[0]) throw notDeployed(key);
  return items[0];
}

const notDeployed = (key: string) =>
  new NotFound('DECISION_NOT_FOUND', `params.decisionDefinitionKey: no decision version ${key} is deployed`);

/** Camunda 8's `GET /v2/decision-definitions/{decisionDefinitionKey}`. */
export const getCamundaDecisionDefinition: ServerRoute = {
  method: 'GET',
  path: '/v2/decision-definitions/{decisionDefinitionKey}',
  options: {
    tags: ['api', 'decisions'],
    description: 'One deployed decision version (Camunda 8 REST shape)',
    notes:
      'For any signed-in caller, as an item of POST /v2/decision-definitions/search. 404 DECISION_NOT_FOUND when no version has that key.',
    validate: { params: keyParams },
  },
  async handler(request) {
    return presentCamundaDecision(await decisionByKey(request));
  },
};

/** Camunda 8's `GET /v2/decision-definitions/{decisionDefinitionKey}/xml`: the DMN file it was deployed in, as text/xml. */
export const getCamundaDecisionDefinitionXml: ServerRoute = {
  method: 'GET',
  path: '/v2/decision-definitions/{decisionDefinitionKey}/xml',
  options: {
    tags: ['api', 'decisions'],
    description: 'The DMN XML a decision version was deployed in (Camunda 8 REST shape)',
    notes: 'For any signed-in caller; answers `text/xml`, the whole file as deployed. 404 DECISION_NOT_FOUND when no version has that key.',
    validate: { params: keyParams },
  },
  async handler(request, h) {
    const key = request.params.decisionDefinitionKey as string;
    const found = await request.app.em.findOne(DecisionDefinition, { id: key }, { populate: ['xml'] });
    if (!found) throw notDeployed(key);
    return h.response(found.xml).type('text/xml; charset=utf-8');
  },
};
