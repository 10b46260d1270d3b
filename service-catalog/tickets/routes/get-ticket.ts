import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { ticketsOf } from '../ticket-services';
import { principalOf } from '../../identity/auth-plugin';
import { presentOneTicket } from '../presenters';
import { ticket, ticketNumber } from '../schemas';

export const getTicket: ServerRoute = {
  method: 'GET',
  path: '/tickets/{number}',
  options: {
    tags: ['api', 'tickets'],
    description: 'One ticket by its number; 404 for numbers you may not see',
    notes: 'Staff also get `work`: the user tasks its process waits at, and what they may do now (and why not).',
    validate: { params: Joi.object({ number: ticketNumber.required() }) },
    response: { schema: ticket },
  },
  async handler(request) {
    return presentOneTicket(request.app.em, principalOf(request), await ticketsOf(request).get(request.params.number as string));
  },
};
