import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { TicketService, type NewTicket } from '../domain/ticket-service';
import { presentOneTicket } from '../presenters';
import { createTicketPayload, idempotencyHeaders, ticket } from '../schemas';

export const createTicket: ServerRoute = {
  method: 'POST',
  path: '/tickets',
  options: {
    tags: ['api', 'tickets'],
    description: 'Raise a ticket (incident by default); it gets a number like INC0001042',
    notes: 'Send an `Idempotency-Key` header to make retries safe: the same key and body return the first ticket (200), the same key with another body is refused (400). Requesters cannot set priority, group, assignee or caller.',
    validate: { payload: createTicketPayload, headers: idempotencyHeaders },
    response: { status: { 200: ticket, 201: ticket } },
  },
  async handler(request, h) {
    const key = request.headers['idempotency-key'] as string | undefined;
    const principal = principalOf(request);
    const { ticket: created, replayed } = await new TicketService(request.app.em, request.server.app.ticketProcesses).create(principal, request.payload as NewTicket, key);
    return h.response(await presentOneTicket(request.app.em, principal, created)).code(replayed ? 200 : 201).header('location', `/tickets/${created.number}`);
  },
};
