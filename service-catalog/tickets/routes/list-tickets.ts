import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { pagination } from '../../processes/schemas';
import { TICKET_QUEUES, type TicketService } from '../domain/ticket-service';
import { ticketsOf } from '../ticket-services';
import { TICKET_TYPES } from '../domain/ticket-types';
import { presentTickets } from '../presenters';
import { ticketList } from '../schemas';
import { TICKET_CHANNELS } from '../domain/ticket.entity';

export const listTickets: ServerRoute = {
  method: 'GET',
  path: '/tickets',
  options: {
    tags: ['api', 'tickets'],
    description: 'Tickets you may see, newest first; filter by type, state, group, assignee (`me`), channel, queue or text (`q`)',
    validate: {
      query: Joi.object({
        type: Joi.string().valid(...Object.keys(TICKET_TYPES)),
        state: Joi.string().max(40),
        assignmentGroup: Joi.string().max(63),
        assignee: Joi.alternatives().try(Joi.string().valid('me'), Joi.string().guid()),
        caller: Joi.alternatives()
          .try(Joi.string().valid('me'), Joi.string().guid())
          .description('tickets raised by this caller (`me`: mine, as in the portal)'),
        channel: Joi.string()
          .valid(...TICKET_CHANNELS)
          .description('tickets that came in on this channel (the one inbox across channels)'),
        q: Joi.string()
          .trim()
          .min(1)
          .max(200)
          .description("full text of title and description, a ticket number, or part of the caller's or the customer's name"),
        queue: Joi.string()
          .valid(...TICKET_QUEUES)
          .description(
            'all: every ticket you may see; mine: assigned to me; my-groups: tickets routed to my groups or waiting at a task for one of them, whatever their state (no groups: none); unassigned: those of my-groups nobody has taken; breaching-soon: running SLA clocks due within `withinMinutes` or overdue, soonest first',
          ),
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
    const principal = principalOf(request);
    const { items, total } = await ticketsOf(request).list(principal, {
      ...query,
      ...(assigneeId ? { assigneeId } : {}),
      ...(callerId ? { callerId } : {}),
    } as Parameters<TicketService['list']>[1]);
    return { items: await presentTickets(request.app.em, principal, items), total };
  },
};
