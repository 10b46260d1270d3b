import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AttachmentService } from '../../attachments/domain/attachment-service';
import type { AttachmentStore } from '../../attachments/domain/attachment-store';
import { vetAttachment } from '../../attachments/domain/vet-attachment';
import { TenantScope, setTenantScope } from '../../db/tenant';
import { loadPrincipal } from '../../identity/domain/directory';
import { hasRole, type Principal } from '../../identity/domain/principal';
import { STAFF_ROLES } from '../../identity/domain/roles';
import { User } from '../../identity/domain/user.entity';
import { TicketService } from '../../tickets/domain/ticket-service';
import { Ticket } from '../../tickets/domain/ticket.entity';
import { MailMessage } from './mail-message.entity';
import type { OutgoingMailDeps } from './outgoing-mail';
import { TicketMailer } from './ticket-mailer';

export interface InboundAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface InboundMail {
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  from: string;
  to: string;
  subject: string;
  text: string;
  attachments?: InboundAttachment[];
}

export interface MailIntakeDeps extends OutgoingMailDeps {
  attachments: { store: AttachmentStore; maxBytes: number };
}

export type IntakeResult = { outcome: 'created' | 'replied' | 'duplicate'; ticketNumber: string };

const NUMBER_IN_SUBJECT = /\b(INC|PRB|CHG|REQ|WO)\d{7,}\b/;

/**
 * Mail to the desk (scenario 1): a new mail becomes an incident with the sender as caller (matched by
 * address) and the mail as its first entry; a reply — ticket number in the subject, or In-Reply-To
 * one of our mails — becomes a public reply on that ticket. Only its caller, someone of its
 * organisation or staff can reply into a ticket; anyone else's mail opens a new one. Attachments are
 * kept on the ticket with the mail's entry, under the same checks as uploads; one that is refused is
 * left out and the entry says why, the rest of the mail still counts.
 */
export class MailIntake {
  constructor(
    private readonly em: EntityManager,
    private readonly outgoing: MailIntakeDeps,
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
      await this.addMailEntry(sender, existing, mail, true);
      await this.record(mail, existing.id);
      return { outcome: 'replied', ticketNumber: existing.number };
    }
    const { ticket } = await new TicketService(this.em, this.outgoing.processes).create(
      sender,
      { type: 'incident', title: (mail.subject || '(no subject)').slice(0, 200), description: mail.text.slice(0, 20_000) },
      `mail:${mail.messageId}`,
    );
    await this.addMailEntry(sender, ticket, mail, false);
    await this.record(mail, ticket.id);
    // Threaded onto the mail just recorded, to its sender; like every ticket's, once (the Message-ID follows from the ticket).
    await new TicketMailer(this.em, this.outgoing).acknowledge(ticket, { displayName: mail.from, email: mail.from });
    return { outcome: 'created', ticketNumber: ticket.number };
  }

  /**
   * The mail as a public reply, then its acceptable attachments on that reply; refused ones are named
   * in it. `toProcess`: a reply on an existing ticket also reaches its process, if it awaits the caller;
   * the mail that opens a ticket is no reply the new process could be waiting for.
   */
  private async addMailEntry(sender: Principal, ticket: Ticket, mail: InboundMail, toProcess: boolean): Promise<void> {
    const { maxBytes, store } = this.outgoing.attachments;
    const attachments = (mail.attachments ?? []).map((a, i) => ({
      ...a,
      vetted: vetAttachment({ filename: a.filename, contentType: a.contentType, size: a.content.length, head: a.content }, maxBytes, `attachments[${i}]`),
    }));
    const refusals = attachments.flatMap((a) => (a.vetted.ok ? [] : [`- ${a.vetted.error.message}`]));
    const body = [mail.text || '(empty mail)', ...(refusals.length ? ['', 'Attachments not kept:', ...refusals] : [])].join('\n');
    const entry = await new TicketService(this.em, this.outgoing.processes).addEntry(sender, ticket.number, { kind: 'reply', body: body.slice(0, 20_000) }, { toProcess });
    const service = new AttachmentService(this.em, store, { maxBytes });
    for (const [i, a] of attachments.entries()) {
      if (!a.vetted.ok) continue;
      const stored = await service.attach(ticket, sender, { source: { content: a.content }, filename: a.filename, contentType: a.contentType }, `attachments[${i}]`, entry.id);
      if (!stored.ok) throw stored.error;
    }
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
