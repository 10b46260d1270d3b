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
    /** The service a ticket must be about (by id; null: any). */
    serviceId: p.uuid().nullable(),
    /** The service's name as it is now, read with the row (not stored). */
    service: p
      .string()
      .formula((cols) => `(select s.name from service s where s.id = ${cols.serviceId})`)
      .nullable(),
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
