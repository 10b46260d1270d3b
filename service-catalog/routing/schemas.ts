import Joi from 'joi';
import { skills, uuid } from '../identity/schemas';
import { PRIORITIES } from '../tickets/domain/ticket-types';
import { ticketNumber } from '../tickets/schemas';

const criterion = Joi.string().trim().max(255).allow(null);
const groupKey = Joi.string().trim().max(63);

export const ruleIdParams = Joi.object({ id: uuid.required() });

const ruleFields = {
  name: Joi.string().trim().min(2).max(120),
  position: Joi.number().integer().min(1).max(10_000).description('1 = tried first; the rules at and after it move down one'),
  category: criterion.description('empty matches any category; compared without case'),
  subcategory: criterion,
  service: criterion.description("the service's id, or its name (kept for older clients); stored as the id"),
  serviceId: uuid.allow(null).description('the service a ticket must be about (GET /services)'),
  priority: Joi.string()
    .valid(...PRIORITIES)
    .allow(null),
  organizationId: uuid.allow(null).description('the customer organisation of the ticket'),
  assignmentGroup: groupKey.description('key of the group matching tickets go to'),
  requiredSkills: skills.description('when the group routes by skills: what a member must have to be chosen'),
};

export const createRulePayload = Joi.object({
  ...ruleFields,
  name: ruleFields.name.required(),
  assignmentGroup: ruleFields.assignmentGroup.required(),
}).label('CreateRoutingRule');
export const updateRulePayload = Joi.object(ruleFields).min(1).label('UpdateRoutingRule');
export const reorderPayload = Joi.object({
  ids: Joi.array()
    .items(uuid)
    .min(1)
    .max(1000)
    .unique()
    .required()
    .description('rules in their new order; they take the positions they hold now, others keep theirs'),
}).label('ReorderRoutingRules');
export const defaultGroupPayload = Joi.object({ assignmentGroup: groupKey.required() }).label('RoutingDefaultGroup');

export const rule = Joi.object({
  id: uuid.required(),
  name: Joi.string().required(),
  position: Joi.number().integer().required(),
  category: Joi.string().allow(null).required(),
  subcategory: Joi.string().allow(null).required(),
  serviceId: uuid.allow(null).required(),
  service: Joi.string().allow(null).required().description("the service's name"),
  priority: Joi.string().allow(null).required(),
  organizationId: uuid.allow(null).required(),
  assignmentGroup: Joi.string().required(),
  requiredSkills: Joi.array().items(Joi.string()).required(),
  createdAt: Joi.date().iso().required(),
  updatedAt: Joi.date().iso().required(),
}).label('RoutingRule');
export const ruleList = Joi.object({
  items: Joi.array().items(rule).required(),
  defaultGroup: Joi.string().allow(null).required().description('where a ticket goes when no rule matches'),
}).label('RoutingRuleList');
export const defaultGroup = Joi.object({ defaultGroup: Joi.string().required() }).label('RoutingDefault');

const fact = Joi.string().trim().max(255).allow(null);
export const routeTestPayload = Joi.object({
  ticketNumber: ticketNumber.description('a ticket whose triage to test; the facts below override its own'),
  category: fact,
  subcategory: fact,
  serviceId: uuid.allow(null),
  priority: Joi.string()
    .valid(...PRIORITIES)
    .allow(null),
  organizationId: uuid.allow(null),
}).label('RoutingTest');

export const routeTestResult = Joi.object({
  facts: Joi.object({
    category: Joi.string().allow(null).required(),
    subcategory: Joi.string().allow(null).required(),
    serviceId: Joi.string().allow(null).required(),
    priority: Joi.string().allow(null).required(),
    organizationId: Joi.string().allow(null).required(),
  })
    .required()
    .label('RoutingFacts'),
  rule: Joi.object({ id: uuid.required(), name: Joi.string().required(), position: Joi.number().integer().required() })
    .allow(null)
    .required(),
  groupFrom: Joi.string().valid('rule', 'service', 'default').required(),
  assignmentGroup: Joi.string().allow(null).required().description('null: no rule matches and no default group is set'),
  groupExists: Joi.boolean().required(),
  strategy: Joi.string().allow(null).required().description("the group's way of choosing a member"),
}).label('RoutingTestResult');
