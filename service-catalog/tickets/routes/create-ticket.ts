import type { ServerRoute } from '@hapi/hapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import { RuleViolation } from '../../errors';
import { principalOf } from '../../identity/auth-plugin';
import { TicketMailer } from '../../mail/domain/ticket-mailer';
import type { NewTicket } from '../domain/ticket-service';
import { ticketsOf } from '../ticket-services';
import type { Ticket } from '../domain/ticket.entity';
import type { TicketsOptions } from '../options';
import { presentOneTicket } from '../presenters';
import { createTicketPayload, idempotencyHeaders, ticket } from '../schemas';

export const createTicket = (opts: TicketsOptions): ServerRoute => ({
  method: 'POST',
  path: '/tickets',
  options: {
    tags: ['api', 'tickets'],
    description:
      'Raise a ticket (incident by default); it gets a number like INC0001042, and its caller a “we have received your request” mail',
    notes:
      'Send an `Idempotency-Key` header to make retries safe: the same key and body return the first ticket (200), the same key with another body is refused (400). Requesters cannot set priority, group, assignee or caller. A `work_order` is refused here (422 naming `payload.type`): work orders are opened with `POST /work-orders`, which takes their site, window and work type. The acknowledgement goes to the caller once per ticket, as for tickets raised by mail.',
    validate: { payload: createTicketPayload, headers: idempotencyHeaders },
    response: { status: { 200: ticket, 201: ticket } },
  },
  async handler(request, h) {
    const key = request.headers['idempotency-key'] as string | undefined;
    const principal = principalOf(request);
    // A work order is a ticket plus its field row (site, window, skills); only the work-order routes write both.
    if ((request.payload as NewTicket).type === 'work_order')
      throw new RuleViolation('WORK_ORDER_VIA_WORK_ORDERS', 'work orders are opened with POST /work-orders, not POST /tickets', [
        { field: 'payload.type', message: 'work_order tickets are created through POST /work-orders' },
      ]);
    const { ticket: created, replayed } = await ticketsOf(request).create(principal, request.payload as NewTicket, key);
    // A replayed create acknowledges again only if the first attempt could not: the mail is once per ticket.
    await acknowledge(request.app.em, opts, created);
    return h
      .response(await presentOneTicket(request.app.em, principal, created))
      .code(replayed ? 200 : 201)
      .header('location', `/tickets/${created.number}`);
  },
});

/**
 * The caller is told the ticket is registered, as a mail to the desk is answered: whatever the channel,
 * every requester gets the same. The ticket stands whatever the mail server says; a failure is logged.
 */
export async function acknowledge(em: EntityManager, opts: TicketsOptions, created: Ticket): Promise<void> {
  if (!opts.mail) return;
  try {
    await new TicketMailer(em, opts.mail).acknowledge(created);
  } catch (err) {
    opts.log?.warn({ err, ticket: created.number }, 'could not acknowledge the ticket by mail');
  }
}
