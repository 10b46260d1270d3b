/** What a routing rule looks at: the ticket's triage as its process knows it at routing time. */
export interface RoutingFacts {
  category: string | null;
  subcategory: string | null;
  serviceId: string | null;
  priority: string | null;
  organizationId: string | null;
}

export const ROUTING_CRITERIA = ['category', 'subcategory', 'serviceId', 'priority', 'organizationId'] as const satisfies ReadonlyArray<
  keyof RoutingFacts
>;

/** A rule's criteria; null matches anything. */
export type RuleCriteria = { [K in keyof RoutingFacts]: string | null | undefined };

/**
 * The first rule, by position, whose every criterion matches. Values compare trimmed and without
 * case, so a rule for "network" routes a ticket categorised "Network"; a criterion that is set never
 * matches a ticket whose field is empty.
 */
export function firstMatchingRule<R extends RuleCriteria & { position: number }>(rules: readonly R[], facts: RoutingFacts): R | undefined {
  return [...rules].sort((a, b) => a.position - b.position).find((rule) => ROUTING_CRITERIA.every((c) => fits(rule[c], facts[c])));
}

const norm = (value: string) => value.trim().toLowerCase();

function fits(want: string | null | undefined, have: string | null): boolean {
  if (want === null || want === undefined || want.trim() === '') return true;
  return have !== null && norm(want) === norm(have);
}
