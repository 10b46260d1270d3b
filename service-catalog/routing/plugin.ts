import type { Plugin } from '@hapi/hapi';
import {
  createRoutingRule,
  deleteRoutingRule,
  getRoutingRule,
  listRoutingRules,
  reorderRoutingRules,
  setRoutingDefault,
  updateRoutingRule,
} from './routes/routing-rules';
import { testRouting } from './routes/test-routing';

/**
 * Routing: the rules that send a ticket to a group, and the default group. Who in the group gets it
 * is the group's strategy (PATCH /groups/{key}); the ticket's process routes it with `ticket-route`.
 */
export const routingPlugin: Plugin<void> = {
  name: 'flowdesk-routing',
  register(server) {
    server.route([
      listRoutingRules,
      getRoutingRule,
      createRoutingRule,
      updateRoutingRule,
      deleteRoutingRule,
      reorderRoutingRules,
      setRoutingDefault,
      testRouting,
    ]);
  },
};
