import Joi from 'joi';
import type { Request, ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';

import type { TicketsOptions } from '../options';
import { presentOneTicket } from '../presenters';
import { followUpPayload, idempotencyHeaders, reopenOptions, reopenPayload, ticket, ticketNumber } from '../schemas';
import { acknowledge } from './create-ticket';

const params = Joi.object({ number: ticketNumber.required() });
const reopening = (request: Request) => request.server.app.tickets.reopening(request.app.em);

/** "It came back": what the caller can do about a finished ticket, reopening it, or a follow-up ticket. */
export const reopenOptionsRoute = (_opts: TicketsOptions): ServerRoute => ({
  method: 'GET',
  path: '/tickets/{number}/reopen',
  options: {
    tags: ['api', 'tickets'],
    description: 'Whether the ticket can be reopened now (closed, within the reopen window), or a linked follow-up ticket raised',
    validate: { params },
    response: { schema: reopenOptions },
  },
  async handler(request) {
    const options = await reopening(request).options(principalOf(request), request.params.number as string);
    return { ...options, closedAt: options.closedAt?.toISOString() ?? null, reopenUntil: options.reopenUntil?.toISOString() ?? null };
  },
});

export const reopenTicket = (_opts: TicketsOptions): ServerRoute => ({
  method: 'POST',
  path: '/tickets/{number}/reopen',
  options: {
    tags: ['api', 'tickets'],
    description:
      'Reopen a closed ticket within the reopen window: the ticket’s process starts again for it at its “ticket-reopened” start event',
    notes:
      'The caller (or the desk for them). The comment becomes a public reply. The process sets the state (in progress again) a moment later. 409 when the ticket is not closed, was closed longer ago than the window (raise a follow-up instead), or was reopened already.',
    validate: { params, payload: reopenPayload },
    response: { schema: ticket },
  },
  async handler(request) {
    const principal = principalOf(request);
    const reopened = await reopening(request).reopen(principal, request.params.number as string, request.payload as { comment: string });
    return presentOneTicket(request.app.em, principal, reopened);
  },
});

export const followUpTicket = (opts: TicketsOptions): ServerRoute => ({
  method: 'POST',
  path: '/tickets/{number}/follow-up',
  options: {
    tags: ['api', 'tickets'],
    description: 'Raise a follow-up to a closed ticket: a new ticket with the same caller and details, linked `related` to it',
    notes:
      'For when the reopen window has passed. `Idempotency-Key` honoured as for POST /tickets. 409 when the ticket is not closed or cancelled.',
    validate: { params, payload: followUpPayload, headers: idempotencyHeaders },
    response: { status: { 200: ticket, 201: ticket } },
  },
  async handler(request, h) {
    const key = request.headers['idempotency-key'] as string | undefined;
    const principal = principalOf(request);
    const { ticket: created, replayed } = await reopening(request).followUp(
      principal,
      request.params.number as string,
      request.payload as { title?: string; description: string },
      key,
    );
    await acknowledge(request.app.em, opts, created);
    return h
      .response(await presentOneTicket(request.app.em, principal, created))
      .code(replayed ? 200 : 201)
      .header('location', `/tickets/${created.number}`);
  },
});
