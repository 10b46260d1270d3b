import type { EntityManager } from '@mikro-orm/postgresql';
import { Group } from '../../identity/domain/group.entity';
import { Service } from '../../services/domain/service.entity';
import type { RoutingStrategy } from './choose-assignee';
import { firstMatchingRule, type RoutingFacts } from './match-rule';
import { RoutingRule } from './routing-rule.entity';
import { ROUTING_SETTINGS_ID, RoutingSettings } from './routing-settings.entity';

/** Where routing would send a ticket with these facts; `key` is null when no rule, service or default names a group. */
export interface RouteTarget {
  key: string | null;
  rule: RoutingRule | null;
  from: 'rule' | 'service' | 'default';
}

/**
 * The group for a ticket's facts: the first matching rule, else the support group of its service,
 * else the default group. Routing and the admin's "test a ticket" both ask this, so what the test
 * shows is what routing does.
 */
export async function routeTarget(em: EntityManager, facts: RoutingFacts): Promise<RouteTarget> {
  const rule = firstMatchingRule(await em.find(RoutingRule, {}), facts);
  if (rule) return { key: rule.assignmentGroup, rule, from: 'rule' };
  // No rule is more specific than the service the ticket is about: its support group takes it.
  const supportGroup = facts.serviceId ? (await em.findOne(Service, { id: facts.serviceId }))?.supportGroup : null;
  if (supportGroup) return { key: supportGroup, rule: null, from: 'service' };
  const fallback = (await em.findOne(RoutingSettings, { id: ROUTING_SETTINGS_ID }))?.defaultGroup ?? null;
  return { key: fallback, rule: null, from: 'default' };
}

/** The route a test shows: the target, and how the group would then choose a member (null when the group is missing). */
export async function previewRoute(
  em: EntityManager,
  facts: RoutingFacts,
): Promise<RouteTarget & { strategy: RoutingStrategy | null; groupExists: boolean }> {
  const target = await routeTarget(em, facts);
  const group = target.key ? await em.findOne(Group, { key: target.key }) : null;
  return { ...target, strategy: group?.routingStrategy ?? null, groupExists: !!group };
}
