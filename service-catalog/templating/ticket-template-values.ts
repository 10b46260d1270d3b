import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../identity/domain/user.entity';
import { MailMessage } from '../mail/domain/mail-message.entity';
import type { Ticket } from '../tickets/domain/ticket.entity';

/** Someone a template can name: the caller, the agent, the assignee, the addressee of a mail. */
export interface Person {
  displayName: string;
  email: string | null;
}

export interface TemplateExtras {
  /** Where the portal lives: `<publicUrl>/portal`. */
  publicUrl: string;
  /** The agent acting: who uses a canned response, who wrote a mailed reply; for process mails the assignee. */
  agent?: Person | null;
  recipient?: Person | null;
  reply?: { body: string; authorName: string } | null;
  /** The signed survey link of this mail; without one, the ticket's page asks the question. */
  surveyUrl?: string;
  /** One-click CSAT: a line per score, each with its own signed link (all of one survey). */
  surveyScoreLinks?: string;
  /** Process variables of a `notify` task. */
  vars?: Record<string, unknown>;
}

/**
 * The values behind every placeholder of placeholders.ts for one ticket. The caller of a ticket
 * raised by an unknown sender is that sender's address (from the mail that opened it), so mails
 * "to the caller" reach them too.
 */
export async function ticketTemplateValues(em: EntityManager, ticket: Ticket, extras: TemplateExtras): Promise<Record<string, unknown>> {
  const [caller, assignee] = await Promise.all([callerOf(em, ticket), personById(em, ticket.assigneeId)]);
  const ticketUrl = ticketPortalUrl(extras.publicUrl, ticket.number);
  return {
    ticket: {
      number: ticket.number,
      title: ticket.title,
      description: ticket.description,
      type: ticket.type,
      state: ticket.state,
      priority: ticket.priority ?? null,
      impact: ticket.impact ?? null,
      urgency: ticket.urgency ?? null,
      category: ticket.category ?? null,
      subcategory: ticket.subcategory ?? null,
      service: ticket.service ?? null,
      assignmentGroup: ticket.assignmentGroup ?? null,
      createdAt: ticket.createdAt,
      url: ticketUrl,
      slaPolicy: ticket.slaPolicy ?? null,
      responseDueAt: ticket.responseDueAt ?? null,
      resolutionDueAt: ticket.resolutionDueAt ?? null,
      resolutionCode: ticket.resolutionCode ?? null,
      resolutionNotes: ticket.resolutionNotes ?? null,
      resolvedAt: ticket.resolvedAt ?? null,
    },
    caller: personValues(caller),
    agent: personValues(extras.agent === undefined ? assignee : extras.agent),
    assignee: personValues(assignee),
    recipient: personValues(extras.recipient ?? null),
    portalUrl: `${extras.publicUrl}/portal`,
    confirmUrl: `${ticketUrl}?action=confirm`,
    reopenUrl: `${ticketUrl}?action=reopen`,
    surveyUrl: extras.surveyUrl ?? `${ticketUrl}?action=survey`,
    surveyScoreLinks: extras.surveyScoreLinks ?? `${ticketUrl}?action=survey`,
    reply: extras.reply ?? null,
    vars: extras.vars ?? {},
  };
}

export const ticketPortalUrl = (publicUrl: string, number: string) => `${publicUrl}/portal/tickets/${encodeURIComponent(number)}`;

/** The caller's account, or for a ticket opened by mail from an unknown address, that address. */
export async function callerOf(em: EntityManager, ticket: Ticket): Promise<Person | null> {
  const user = await personById(em, ticket.callerId);
  if (user) return user;
  const opening = await em.findOne(MailMessage, { ticketId: ticket.id, direction: 'in' }, { orderBy: { at: 'asc', id: 'asc' } });
  return opening ? { displayName: opening.fromAddress, email: opening.fromAddress } : null;
}

async function personById(em: EntityManager, id: string | null | undefined): Promise<Person | null> {
  if (!id) return null;
  const user = await em.findOne(User, { id });
  return user ? { displayName: user.displayName, email: user.email ?? null } : null;
}

function personValues(person: Person | null) {
  if (!person) return { displayName: null, firstName: null, email: null };
  return { displayName: person.displayName, firstName: firstNameOf(person.displayName), email: person.email };
}

/** "Rita (Baltic Retail)" → "Rita"; an address stands for no name. */
export function firstNameOf(displayName: string): string {
  if (displayName.includes('@')) return '';
  return displayName.trim().split(/[\s(]+/)[0] ?? '';
}
