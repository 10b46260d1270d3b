import type { Request, ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { actorOf } from '../../identity/domain/principal';
import { RoutingRuleService, type RuleInput } from '../domain/routing-rule-service';
import { presentRule } from '../presenters';
import {
  createRulePayload,
  defaultGroup,
  defaultGroupPayload,
  reorderPayload,
  rule,
  ruleIdParams,
  ruleList,
  updateRulePayload,
} from '../schemas';

/** Process owners and admins maintain routing; the desk may read it to see why a ticket went where it did. */
const MAINTAINERS = { access: { scope: ['process-owner', 'admin'] } };
const READERS = { access: { scope: ['agent', 'process-owner', 'technician', 'admin'] } };
const NOTES_422 = 'An unknown group or organisation is a 422 naming the field; a taken name is a 409.';

const rules = (request: Request) => new RoutingRuleService(request.app.em);
const actor = (request: Request) => actorOf(principalOf(request));

export const listRoutingRules: ServerRoute = {
  method: 'GET',
  path: '/routing-rules',
  options: {
    auth: READERS,
    tags: ['api', 'routing'],
    description: 'Routing rules in the order they are tried, and the default group for tickets no rule matches',
    response: { schema: ruleList },
  },
  async handler(request) {
    const service = rules(request);
    return { items: (await service.list()).map(presentRule), defaultGroup: await service.defaultGroup() };
  },
};

export const getRoutingRule: ServerRoute = {
  method: 'GET',
  path: '/routing-rules/{id}',
  options: {
    auth: READERS,
    tags: ['api', 'routing'],
    description: 'One routing rule',
    validate: { params: ruleIdParams },
    response: { schema: rule },
  },
  async handler(request) {
    return presentRule(await rules(request).get(request.params.id as string));
  },
};

export const createRoutingRule: ServerRoute = {
  method: 'POST',
  path: '/routing-rules',
  options: {
    auth: MAINTAINERS,
    tags: ['api', 'routing'],
    description: 'A routing rule: tickets matching every criterion given go to its group; the first matching rule by position wins',
    notes: NOTES_422,
    validate: { payload: createRulePayload },
    response: { status: { 201: rule } },
  },
  async handler(request, h) {
    const created = await rules(request).create(actor(request), request.payload as RuleInput);
    return h.response(presentRule(created)).code(201);
  },
};

export const updateRoutingRule: ServerRoute = {
  method: 'PATCH',
  path: '/routing-rules/{id}',
  options: {
    auth: MAINTAINERS,
    tags: ['api', 'routing'],
    description: 'Change a routing rule; a new position moves it and shifts the rules in between',
    notes: NOTES_422,
    validate: { params: ruleIdParams, payload: updateRulePayload },
    response: { schema: rule },
  },
  async handler(request) {
    return presentRule(await rules(request).update(actor(request), request.params.id as string, request.payload as Partial<RuleInput>));
  },
};

export const deleteRoutingRule: ServerRoute = {
  method: 'DELETE',
  path: '/routing-rules/{id}',
  options: {
    auth: MAINTAINERS,
    tags: ['api', 'routing'],
    description: 'Delete a routing rule; the rules after it move up',
    validate: { params: ruleIdParams },
  },
  async handler(request, h) {
    await rules(request).remove(actor(request), request.params.id as string);
    return h.response().code(204);
  },
};

export const reorderRoutingRules: ServerRoute = {
  method: 'PUT',
  path: '/routing-rules/order',
  options: {
    auth: MAINTAINERS,
    tags: ['api', 'routing'],
    description: 'Reorder rules: the rules named take the positions they hold now, in the order given; the others keep theirs',
    notes: 'An id that is not a rule is a 422 naming payload.ids. Answers every rule in its new order.',
    validate: { payload: reorderPayload },
    response: { schema: ruleList },
  },
  async handler(request) {
    const service = rules(request);
    const ordered = await service.reorder(actor(request), (request.payload as { ids: string[] }).ids);
    return { items: ordered.map(presentRule), defaultGroup: await service.defaultGroup() };
  },
};

export const setRoutingDefault: ServerRoute = {
  method: 'PUT',
  path: '/routing-rules/default',
  options: {
    auth: MAINTAINERS,
    tags: ['api', 'routing'],
    description: 'The group a ticket goes to when no routing rule matches it',
    notes: 'An unknown group is a 422 naming payload.assignmentGroup.',
    validate: { payload: defaultGroupPayload },
    response: { schema: defaultGroup },
  },
  async handler(request) {
    return {
      defaultGroup: await rules(request).setDefaultGroup(actor(request), (request.payload as { assignmentGroup: string }).assignmentGroup),
    };
  },
};
