import type { Plugin } from '@hapi/hapi';
import { createCalendar, listCalendars, updateCalendar } from './routes/calendars';
import { computeDeadlines, createPolicy, listPolicies, updatePolicy } from './routes/policies';

/** Business calendars and SLA policies: what "4 business hours" means for each ticket. */
export const slaPlugin: Plugin<void> = {
  name: 'flowdesk-sla',
  register(server) {
    server.route([createCalendar, listCalendars, updateCalendar, createPolicy, listPolicies, updatePolicy, computeDeadlines]);
  },
};
