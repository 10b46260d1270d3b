import type { RoutingRule } from './domain/routing-rule.entity';

/** Also what the audit log stores as a rule's before/after. */
export const presentRule = (r: RoutingRule) => ({
  id: r.id,
  name: r.name,
  position: r.position,
  category: r.category ?? null,
  subcategory: r.subcategory ?? null,
  serviceId: r.serviceId ?? null,
  service: r.service ?? null,
  priority: r.priority ?? null,
  organizationId: r.organizationId ?? null,
  assignmentGroup: r.assignmentGroup,
  requiredSkills: [...r.requiredSkills],
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});
