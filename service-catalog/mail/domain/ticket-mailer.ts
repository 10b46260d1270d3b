import { createHash } from 'node:crypto';
import { MESSAGING_KINDS } from '../../chat/domain/messaging.entities';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hasRole, type Principal } from '../../identity/domain/principal';
import { STAFF_ROLES } from '../../identity/domain/roles';
import { callerOf, ticketTemplateValues, type TemplateExtras } from '../../templating/ticket-template-values';
import type { TicketEntry } from '../../tickets/domain/ticket-entry.entity';
import type { Ticket } from '../../tickets/domain/ticket.entity';
import { MailMessage } from './mail-message.entity';
import { MailTemplateService } from './mail-template-service';
import { sendTicketMail, type OutgoingMailDeps } from './outgoing-mail';
import type { Recipient } from './recipients';

const SCORE_LABELS: Record<number, string> = {
  5: '5 very satisfied',
  4: '4 satisfied',
  3: '3 neutral',
  2: '2 unsatisfied',
  1: '1 very unsatisfied',
};

/** How many earlier Message-IDs a mail lists in References: enough for any client to thread it. */
const MAX_REFERENCES = 10;

/**
 * Mails about a ticket rendered from a template, threaded onto the ticket's earlier mails
 * (In-Reply-To the latest, References the recent ones), each with a Message-ID derived from its
 * cause so that sending is idempotent.
 */
export class TicketMailer {
  constructor(
    private readonly em: EntityManager,
    private readonly deps: OutgoingMailDeps,
  ) {}

  /** @returns whether it was sent now (false: this Message-ID was sent before). */
  async send(
    templateKey: string,
    ticket: Ticket,
    to: Recipient,
    cause: string,
    extras: Omit<TemplateExtras, 'publicUrl' | 'recipient'> = {},
    options: { replyTo?: string; messageIdPrefix?: string } = {},
  ): Promise<{ sent: boolean; messageId: string }> {
    const messageId = this.messageIdFor(`${cause}|${to.email.toLowerCase()}`, options.messageIdPrefix);
    if (await this.em.findOne(MailMessage, { messageId })) return { sent: false, messageId };
    // A signed link per mail: the caller answers the survey without signing in (surveys/…/survey-links.ts).
    const surveyUrl = this.deps.surveyLinks
      ? `${this.deps.publicUrl}/portal/survey/${this.deps.surveyLinks.issue(ticket.id, new Date())}`
      : undefined;
    const surveyScoreLinks = this.deps.surveyLinks ? this.scoreLinks(ticket.id) : undefined;
    const values = await ticketTemplateValues(this.em, ticket, {
      ...extras,
      recipient: to,
      publicUrl: this.deps.publicUrl,
      ...(surveyUrl ? { surveyUrl } : {}),
      ...(surveyScoreLinks ? { surveyScoreLinks } : {}),
    });
    const { subject, text } = await new MailTemplateService(this.em).render(templateKey, values);
    const thread = await this.thread(ticket);
    const { sent } = await sendTicketMail(this.em, this.deps, {
      to: to.email,
      subject,
      text,
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      messageId,
      messageIdUnsent: true,
      ...thread,
      ...(options.replyTo ? { replyTo: options.replyTo } : {}),
    });
    return { sent, messageId };
  }

  /**
   * One-click CSAT (`{{surveyScoreLinks}}`): a line per score, best first, each its own signed link of
   * one survey, so a click answers and the survey is still one answer whichever is clicked.
   */
  private scoreLinks(ticketId: string): string {
    const links = this.deps.surveyLinks!.issueScores(ticketId, new Date());
    return [...links].map(([score, token]) => `${SCORE_LABELS[score] ?? score}: ${this.deps.publicUrl}/portal/survey/${token}`).join('\n');
  }

  /**
   * "We have received your request" (template `ticket.received`) to the caller — or to `to`, the
   * sender of the mail that opened the ticket. Once per ticket whatever the channel (mail, portal,
   * API) and however often it is retried: the Message-ID follows from the ticket. @returns null when
   * the ticket has nobody with an address to tell.
   */
  async acknowledge(ticket: Ticket, to?: Recipient): Promise<{ sent: boolean; messageId: string; to: string } | null> {
    const caller = to ?? (await callerOf(this.em, ticket));
    if (!caller?.email) return null;
    const recipient = { displayName: caller.displayName, email: caller.email };
    return { ...(await this.send('ticket.received', ticket, recipient, `received|${ticket.id}`)), to: recipient.email };
  }

  /**
   * An agent's public reply, mailed to the caller (template `ticket.reply`). Only replies written by
   * the desk to someone else: a caller's own reply (from the portal, or a mail that intake turned
   * into an entry) is never mailed back to them. @returns the address mailed, or null.
   */
  async mailReply(ticket: Ticket, entry: TicketEntry, author: Principal): Promise<string | null> {
    const to = await this.replyAddress(ticket, entry, author);
    if (!to) return null;
    await this.send('ticket.reply', ticket, to, `reply|${entry.id}`, {
      agent: { displayName: author.displayName, email: null },
      reply: { body: entry.body, authorName: entry.authorName },
    });
    return to.email;
  }

  /** Whom {@link mailReply} mails: the caller, for a public reply by the desk that the caller did not write. */
  async replyAddress(ticket: Ticket, entry: TicketEntry, author: Principal): Promise<Recipient | null> {
    if (entry.kind !== 'reply' || !hasRole(author, ...STAFF_ROLES)) return null;
    if (ticket.callerId && ticket.callerId === author.userId) return null;
    // A bridged conversation's replies go back through its bridge (the messaging connection's webhook), not by mail.
    if (ticket.channel && (MESSAGING_KINDS as readonly string[]).includes(ticket.channel)) return null;
    const caller = await callerOf(this.em, ticket);
    return caller?.email ? { displayName: caller.displayName, email: caller.email } : null;
  }

  /** @param prefix what the Message-ID names before its hash (an approval mail names its approval, for threading replies). */
  private messageIdFor(cause: string, prefix = ''): string {
    return `<${prefix}${createHash('sha256').update(cause).digest('hex').slice(0, 40)}@${this.deps.domain}>`;
  }

  private async thread(ticket: Ticket): Promise<{ inReplyTo?: string; references?: string[] }> {
    const recent = await this.em.find(
      MailMessage,
      { ticketId: ticket.id },
      { orderBy: { at: 'desc', id: 'desc' }, limit: MAX_REFERENCES, fields: ['messageId', 'at'] },
    );
    if (!recent.length) return {};
    return { inReplyTo: recent[0]!.messageId, references: recent.map((m) => m.messageId).reverse() };
  }
}
