import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CannedResponseService } from '../../canned-responses/domain/canned-response-service';
import { NotPermitted, InvalidInput } from '../../errors';
import { principalOf } from '../../identity/auth-plugin';
import { hasRole, type Principal } from '../../identity/domain/principal';
import { STAFF_ROLES } from '../../identity/domain/roles';
import { TicketMailer } from '../../mail/domain/ticket-mailer';
import type { TicketEntry } from '../domain/ticket-entry.entity';
import { ticketsOf } from '../ticket-services';
import { assigneeGroups, mayReply, waitingTasks } from '../domain/ticket-work';
import type { Ticket } from '../domain/ticket.entity';
import type { TicketsOptions } from '../options';
import { presentEntry } from '../presenters';
import { createdEntry, entryPayload, ticketNumber } from '../schemas';

export const addTicketEntry = (opts: TicketsOptions): ServerRoute => ({
  method: 'POST',
  path: '/tickets/{number}/entries',
  options: {
    tags: ['api', 'tickets'],
    description: "Add a public reply, or (service desk only) an internal work note; the desk's public replies are mailed to the caller",
    notes:
      'Give either body, or (service desk) cannedResponseId to send that canned response filled in for the ticket. A public reply from the desk comes from who works on the ticket (its group, its assignee, a group its process waits for, admins): anyone else at the desk gets 403 and adds an internal note instead.',
    validate: { params: Joi.object({ number: ticketNumber.required() }), payload: entryPayload },
    response: { status: { 201: createdEntry } },
  },
  async handler(request, h) {
    const principal = principalOf(request);
    const number = request.params.number as string;
    const input = request.payload as { kind: 'reply' | 'note'; body?: string; cannedResponseId?: string };
    const tickets = ticketsOf(request);
    if (input.kind === 'reply') {
      const ticket = await tickets.get(number);
      const waitingAt = await waitingTasks(request.app.em, ticket);
      if (!mayReply(principal, ticket, waitingAt)) {
        throw new NotPermitted(
          'NOT_YOUR_TICKET',
          `${number} is for group ${assigneeGroups(ticket, waitingAt).join(' or ') || '-'}: its members answer the caller; add an internal note instead`,
        );
      }
    }
    const body = input.cannedResponseId
      ? await fromCannedResponse(request.app.em, principal, input.cannedResponseId, await tickets.get(number), opts.publicUrl)
      : input.body!;
    const created = await tickets.addEntry(principal, number, { kind: input.kind, body });
    // This route decides about mail, not addEntry: mail intake adds the caller's own mails as replies through addEntry too.
    const mail = opts.mail ? await mailToCaller(request.app.em, opts, await tickets.get(number), created, principal) : null;
    return h.response({ ...presentEntry(created), mail }).code(201);
  },
});

async function fromCannedResponse(em: EntityManager, principal: Principal, id: string, ticket: Ticket, publicUrl: string): Promise<string> {
  if (!hasRole(principal, ...STAFF_ROLES)) {
    throw new InvalidInput('FIELD_NOT_ALLOWED', 'canned responses are for the service desk', [
      { field: 'payload.cannedResponseId', message: 'write a body instead' },
    ]);
  }
  const { body } = await new CannedResponseService(em).render(principal, id, ticket, publicUrl);
  if (!body.trim())
    throw new InvalidInput('EMPTY_REPLY', `canned response ${id} renders empty for ${ticket.number}`, [
      { field: 'payload.cannedResponseId', message: 'renders to nothing' },
    ]);
  return body;
}

/**
 * The reply is saved whatever the mail server says: a failure is reported in the answer (and the
 * agent can resend), it does not undo what the agent wrote.
 */
export async function mailToCaller(em: EntityManager, opts: TicketsOptions, ticket: Ticket, entry: TicketEntry, principal: Principal) {
  const mailer = new TicketMailer(em, opts.mail!);
  try {
    const to = await mailer.mailReply(ticket, entry, principal);
    return to ? { to, status: 'sent' as const } : null;
  } catch (err) {
    const to = (await mailer.replyAddress(ticket, entry, principal))?.email ?? 'caller';
    return { to, status: 'failed' as const, error: err instanceof Error ? err.message : String(err) };
  }
}
