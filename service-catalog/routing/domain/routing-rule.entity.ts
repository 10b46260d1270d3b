import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * Sends matching tickets to an assignment group. Rules are tried by `position` (1 = first) and the
 * first whose every set criterion matches wins; unset criteria match anything. Desk configuration,
 * not customer data: no tenant, though a rule may name one customer organisation.
 */
export const RoutingRule = defineEntity({
  name: 'RoutingRule',
  tableName: 'routing_rule',
  properties: {
    id: p.uuid().primary(),
    name: p.string().unique(),
    /** Dense 1..n, kept so by RoutingRuleService under one lock. */
    position: p.integer(),
    category: p.string().nullable(),
    subcategory: p.string().nullable(),
    service: p.string().nullable(),
    priority: p.string().nullable(),
    organizationId: p.uuid().nullable(),
    /** The key of the group matching tickets go to. */
    assignmentGroup: p.string(),
    /** Skills a member needs to be chosen, when the group routes by skills (lowercase). */
    requiredSkills: p.json<string[]>(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type RoutingRule = InferEntity<typeof RoutingRule>;
