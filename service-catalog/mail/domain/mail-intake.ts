import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { TenantScope, setTenantScope } from '../../db/tenant';
import { loadPrincipal } from '../../identity/domain/directory';
import { hasRole, type Principal } from '../../identity/domain/principal';
import { STAFF_ROLES } from '../../identity/domain/roles';
import { User } from '../../identity/domain/user.entity';
import { TicketService } from '../../tickets/domain/ticket-service';
import { Ticket } from '../../tickets/domain/ticket.entity';
import { MailMessage } from './mail-message.entity';
import { sendTicketMail, type OutgoingMailDeps } from './outgoing-mail';

export interface InboundMail {
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  from: string;
  to: string;
  subject: string;
  text: string;
}

export type IntakeResult = { outcome: 'created' | 'replied' | 'duplicate'; ticketNumber: string };

const NUMBER_IN_SUBJECT = /\b(INC|PRB|CHG|REQ|WO)\d{7,}\b/;

/**
 * Mail to the desk (scenario 1): a new mail becomes an incident with the sender as caller (matched by
 * address) and the mail as its first entry; a reply — ticket number in the subject, or In-Reply-To
 * one of our mails — becomes a public reply on that ticket. Only its caller, someone of its
 * organisation or staff can reply into a ticket; anyone else's mail opens a new one.
 */
export class MailIntake {
  constructor(
    private readonly em: EntityManager,
    private readonly outgoing: OutgoingMailDeps,
  ) {
    setTenantScope(em, TenantScope.all('mail intake: matches senders and tickets across customers'));
  }

  async receive(mail: InboundMail): Promise<IntakeResult> {
    const seen = await this.em.findOne(MailMessage, { messageId: mail.messageId });
    if (seen) {
      const ticket = seen.ticketId ? await this.em.findOne(Ticket, { id: seen.ticketId }) : null;
      return { outcome: 'duplicate', ticketNumber: ticket?.number ?? '' };
    }
    const sender = await this.senderPrincipal(mail.from);
    const existing = await this.threadTicket(mail);
    if (existing && this.mayReply(sender, existing)) {
      await new TicketService(this.em, this.outgoing.processes).addEntry(sender, existing.number, { kind: 'reply', body: mail.text || '(empty mail)' });
      await this.record(mail, existing.id);
      return { outcome: 'replied', ticketNumber: existing.number };
    }
    const { ticket } = await new TicketService(this.em, this.outgoing.processes).create(
      sender,
      { type: 'incident', title: (mail.subject || '(no subject)').slice(0, 200), description: mail.text.slice(0, 20_000) },
      `mail:${mail.messageId}`,
    );
    await new TicketService(this.em).addEntry(sender, ticket.number, { kind: 'reply', body: mail.text || '(empty mail)' });
    await this.record(mail, ticket.id);
    await sendTicketMail(this.em, this.outgoing, {
      to: mail.from,
      subject: `[${ticket.number}] We have received your request: ${ticket.title}`,
      text: `Hello,\n\nyour request is registered as ${ticket.number}. Reply to this mail to add information.\n\nService desk`,
      ticketId: ticket.id,
      inReplyTo: mail.messageId,
    });
    return { outcome: 'created', ticketNumber: ticket.number };
  }

  /** The sender's account, or a stand-in requester with no organisation when the address is unknown. */
  private async senderPrincipal(address: string): Promise<Principal> {
    const user = await this.em.findOne(User, { email: address.toLowerCase() });
    const known = user ? await loadPrincipal(this.em, user.id, 'jwt') : null;
    const stranger = address.toLowerCase();
    return known ?? { userId: `mail:${stranger}`, username: `mail:${stranger}`, displayName: stranger, roles: ['requester'], organizationId: null, servedOrganizationIds: [], groupKeys: [], via: 'system' };
  }

  private async threadTicket(mail: InboundMail): Promise<Ticket | null> {
    const number = NUMBER_IN_SUBJECT.exec(mail.subject)?.[0];
    if (number) {
      const byNumber = await this.em.findOne(Ticket, { number });
      if (byNumber) return byNumber;
    }
    const ids = [mail.inReplyTo, ...(mail.references ?? [])].filter((x): x is string => !!x);
    if (!ids.length) return null;
    const earlier = await this.em.findOne(MailMessage, { messageId: { $in: ids }, ticketId: { $ne: null } });
    return earlier?.ticketId ? this.em.findOne(Ticket, { id: earlier.ticketId }) : null;
  }

  private mayReply(sender: Principal, ticket: Ticket): boolean {
    if (hasRole(sender, ...STAFF_ROLES)) return true;
    if (ticket.callerId && ticket.callerId === sender.userId) return true;
    return !!sender.organizationId && sender.organizationId === ticket.organizationId;
  }

  private async record(mail: InboundMail, ticketId: string): Promise<void> {
    this.em.create(MailMessage, {
      id: randomUUID(),
      direction: 'in',
      messageId: mail.messageId,
      inReplyTo: mail.inReplyTo ?? null,
      fromAddress: mail.from.toLowerCase(),
      toAddress: mail.to,
      subject: mail.subject,
      text: mail.text,
      ticketId,
      at: new Date(),
    });
    await this.em.flush();
  }
}
