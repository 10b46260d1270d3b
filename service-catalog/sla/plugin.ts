import type { Plugin } from '@hapi/hapi';
import { createCalendar, listCalendars } from './routes/calendars';
import { computeDeadlines, createPolicy, listPolicies } from './routes/policies';

/** Business calendars and SLA policies: what "4 business hours" means for each ticket. */
export const slaPlugin: Plugin<void> = {
  name: 'flowdesk-sla',
  register(server) {
    server.route([createCalendar, listCalendars, createPolicy, listPolicies, computeDeadlines]);
  },
};
