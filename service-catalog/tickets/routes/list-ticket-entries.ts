import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { ticketsOf } from '../ticket-services';
import { presentEntry } from '../presenters';
import { entryList, ticketNumber } from '../schemas';

export const listTicketEntries: ServerRoute = {
  method: 'GET',
  path: '/tickets/{number}/entries',
  options: {
    tags: ['api', 'tickets'],
    description: 'The ticket\'s conversation, oldest first; internal notes only for the service desk',
    validate: { params: Joi.object({ number: ticketNumber.required() }) },
    response: { schema: entryList },
  },
  async handler(request) {
    const entries = await ticketsOf(request).entries(principalOf(request), request.params.number as string);
    return { items: entries.map(presentEntry) };
  },
};
