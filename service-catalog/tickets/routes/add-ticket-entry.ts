import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { TicketService } from '../domain/ticket-service';
import { presentEntry } from '../presenters';
import { entry, entryPayload, ticketNumber } from '../schemas';

export const addTicketEntry: ServerRoute = {
  method: 'POST',
  path: '/tickets/{number}/entries',
  options: {
    tags: ['api', 'tickets'],
    description: 'Add a public reply, or (service desk only) an internal work note',
    validate: { params: Joi.object({ number: ticketNumber.required() }), payload: entryPayload },
    response: { status: { 201: entry } },
  },
  async handler(request, h) {
    const body = request.payload as { kind: 'reply' | 'note'; body: string };
    const created = await new TicketService(request.app.em, request.server.app.ticketProcesses).addEntry(principalOf(request), request.params.number as string, body);
    return h.response(presentEntry(created)).code(201);
  },
};
