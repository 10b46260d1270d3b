import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { pagination } from '../../processes/schemas';
import { TICKET_QUEUES, TicketService } from '../domain/ticket-service';
import { TICKET_TYPES } from '../domain/ticket-types';
import { presentTicket } from '../presenters';
import { ticketList } from '../schemas';

export const listTickets: ServerRoute = {
  method: 'GET',
  path: '/tickets',
  options: {
    tags: ['api', 'tickets'],
    description: 'Tickets you may see, newest first; filter by type, state, group, assignee (`me`), queue or full text (`q`)',
    validate: {
      query: Joi.object({
        type: Joi.string().valid(...Object.keys(TICKET_TYPES)),
        state: Joi.string().max(40),
        assignmentGroup: Joi.string().max(63),
        assignee: Joi.alternatives().try(Joi.string().valid('me'), Joi.string().guid()),
        caller: Joi.alternatives().try(Joi.string().valid('me'), Joi.string().guid()).description('tickets raised by this caller (`me`: mine, as in the portal)'),
        q: Joi.string().trim().min(1).max(200),
        queue: Joi.string().valid(...TICKET_QUEUES).description('mine: assigned to me; my-groups: my groups\' tickets; unassigned: my groups\' tickets nobody has taken; breaching-soon: running SLA clocks due within `withinMinutes` or overdue, soonest first'),
        withinMinutes: Joi.number().integer().min(1).max(10_080).description('horizon of the breaching-soon queue (default 120)'),
        ...pagination,
      }),
    },
    response: { schema: ticketList },
  },
  async handler(request) {
    const { assignee, caller, ...query } = request.query as Record<string, string> & { limit: number; offset: number };
    const assigneeId = assignee === 'me' ? principalOf(request).userId : assignee;
    const callerId = caller === 'me' ? principalOf(request).userId : caller;
    const { items, total } = await new TicketService(request.app.em).list(principalOf(request), { ...query, ...(assigneeId ? { assigneeId } : {}), ...(callerId ? { callerId } : {}) } as Parameters<TicketService['list']>[1]);
    return { items: items.map(presentTicket), total };
  },
};
