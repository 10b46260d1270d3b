import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import type { TicketChanges } from '../domain/ticket-service';
import { ticketsOf } from '../ticket-services';
import { presentOneTicket } from '../presenters';
import { ticket, ticketNumber, updateTicketPayload } from '../schemas';

export const updateTicket: ServerRoute = {
  method: 'PATCH',
  path: '/tickets/{number}',
  options: {
    tags: ['api', 'tickets'],
    description: 'Change a ticket\'s fields; send the version you read (409 when someone changed it meanwhile)',
    notes: 'The state is not a field: the ticket\'s process changes it.',
    auth: { access: { scope: ['agent', 'process-owner', 'technician', 'admin'] } },
    validate: { params: Joi.object({ number: ticketNumber.required() }), payload: updateTicketPayload },
    response: { schema: ticket },
  },
  async handler(request) {
    const { version, ...changes } = request.payload as TicketChanges & { version: number };
    const principal = principalOf(request);
    const updated = await ticketsOf(request).update(principal, request.params.number as string, version, changes);
    return presentOneTicket(request.app.em, principal, updated);
  },
};
