import type { ServerRoute } from '@hapi/hapi';
import { ticketsOf } from '../../tickets/ticket-services';
import { ROUTING_CRITERIA, type RoutingFacts } from '../domain/match-rule';
import { previewRoute } from '../domain/route-preview';
import { routeTestPayload, routeTestResult } from '../schemas';

type RouteTestInput = Partial<RoutingFacts> & { ticketNumber?: string };

/**
 * "Test a ticket against the rules": what routing would decide, changing nothing. A ticket named is
 * read through the ticket service, so a caller sees only tickets they may see (404 otherwise); the
 * ticket's own group is ignored, because the question is what the rules say.
 */
export const testRouting: ServerRoute = {
  method: 'POST',
  path: '/routing-rules/test',
  options: {
    auth: { access: { scope: ['agent', 'process-owner', 'technician', 'admin'] } },
    tags: ['api', 'routing'],
    description: 'Which rule a ticket (or a set of facts) matches, the group it would go to and how that group chooses a member',
    notes: 'Nothing is written. Facts given override the named ticket’s own.',
    validate: { payload: routeTestPayload },
    response: { schema: routeTestResult },
  },
  async handler(request) {
    const input = request.payload as RouteTestInput;
    const ticket = input.ticketNumber ? await ticketsOf(request).get(input.ticketNumber) : null;
    const facts = Object.fromEntries(
      ROUTING_CRITERIA.map((c) => [c, input[c] !== undefined ? input[c] : ((ticket?.[c] as string | null | undefined) ?? null)]),
    ) as unknown as RoutingFacts;
    const route = await previewRoute(request.app.em, facts);
    return {
      facts,
      rule: route.rule ? { id: route.rule.id, name: route.rule.name, position: route.rule.position } : null,
      groupFrom: route.from,
      assignmentGroup: route.key,
      groupExists: route.groupExists,
      strategy: route.strategy,
    };
  },
};
