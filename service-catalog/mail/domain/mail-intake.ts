import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApprovalMailReplies } from '../../approvals/domain/approval-mail-replies';
import { AttachmentService, type AttachmentSettings, type PreparedFile } from '../../attachments/domain/attachment-service';
import { recordAudit, systemActor } from '../../audit/audit-log';
import { TenantScope, setTenantScope } from '../../db/tenant';
import { loadPrincipal } from '../../identity/domain/directory';
import type { Principal } from '../../identity/domain/principal';
import { User } from '../../identity/domain/user.entity';
import type { TicketService } from '../../tickets/domain/ticket-service';
import { createTicketServices } from '../../tickets/ticket-services';
import { Ticket } from '../../tickets/domain/ticket.entity';
import { mtaVerdict } from './mail-authentication';
import { MailMessage } from './mail-message.entity';
import { decideSender } from './mail-sender-trust';
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
  /** Every address the mail was delivered to: the SMTP envelope's, To and Cc (where a reply address is looked for). */
  recipients?: string[];
  replyTo?: string;
  /** The raw `Authentication-Results` headers, topmost first. */
  authenticationResults?: string[];
  subject: string;
  text: string;
  attachments?: InboundAttachment[];
}

export interface MailIntakeDeps extends OutgoingMailDeps {
  attachments: AttachmentSettings;
  /** The authserv-id of our own MTA, whose `Authentication-Results` are believed; unset: none are. */
  trustedAuthservId?: string;
}

export type IntakeResult = {
  /** `decided`: a reply to an approval mail decided that approval (see ApprovalMailReplies). */
  outcome: 'created' | 'replied' | 'duplicate' | 'refused' | 'decided';
  ticketNumber: string;
  reason?: string;
};

const NUMBER_IN_SUBJECT = /\b(INC|PRB|CHG|REQ|WO)\d{7,}\b/;

/**
 * Mail to the desk (scenario 1): a new mail becomes an incident with the sender as caller (matched by
 * address) and the mail as its first entry; a reply — through a ticket's reply address, with the
 * ticket number in the subject, or In-Reply-To one of our mails — becomes a public reply on that
 * ticket, if its sender may write there (decideSender: staff only when proven by the reply address
 * issued to them, and serving the ticket's organisation); otherwise the mail opens a ticket of its
 * own, or is refused. Attachments are kept on the ticket with the mail's entry, under the same checks
 * as uploads; one that is refused is left out and the entry says why, the rest of the mail still counts.
 */
const WITHOUT_PROCESSES = createTicketServices();

export class MailIntake {
  constructor(
    private readonly em: EntityManager,
    private readonly outgoing: MailIntakeDeps,
  ) {
    setTenantScope(em, TenantScope.all('mail intake: matches senders and tickets across customers'));
  }

  /** The ticket domain service; without the system's (a test's bare intake) tickets start no process. */
  private tickets(): TicketService {
    return (this.outgoing.tickets ?? WITHOUT_PROCESSES).tickets(this.em);
  }

  async receive(mail: InboundMail): Promise<IntakeResult> {
    const seen = await this.em.findOne(MailMessage, { messageId: mail.messageId });
    if (seen) {
      const ticket = seen.ticketId ? await this.em.findOne(Ticket, { id: seen.ticketId }) : null;
      return { outcome: 'duplicate', ticketNumber: ticket?.number ?? '' };
    }
    // A reply to an approval mail decides it, or is ignored: it never becomes a ticket or a ticket entry.
    const approvalReply = await new ApprovalMailReplies(this.em, this.outgoing).receive(mail);
    if (approvalReply) {
      await this.record(mail, approvalReply.ticketId);
      const { ticketId: _ticketId, ...result } = approvalReply;
      return result;
    }
    const address = mail.from.trim().toLowerCase();
    const { ticket: existing, tokenValid } = await this.namedTicket(mail, address);
    const decision = decideSender({
      address,
      account: await this.account(address),
      ticket: existing,
      tokenValid,
      mta: mtaVerdict(mail.authenticationResults ?? [], address, this.outgoing.trustedAuthservId),
    });
    // decideSender replies or refuses only for a mail that names a ticket: `existing` is set below.
    if (decision.action === 'refuse') {
      // Recorded without a ticket (so nothing threads onto it) and audited on the ticket it named.
      recordAudit(this.em, systemActor('mail-intake'), {
        action: 'mail.refused',
        entity: 'Ticket',
        entityId: existing!.id,
        after: { from: address, messageId: mail.messageId, reason: decision.reason },
      });
      await this.record(mail, null);
      return { outcome: 'refused', ticketNumber: existing!.number, reason: decision.reason };
    }
    if (decision.action === 'reply') {
      await this.addMailEntry(decision.as, existing!, mail, true);
      await this.record(mail, existing!.id);
      return { outcome: 'replied', ticketNumber: existing!.number };
    }
    const { ticket } = await this.tickets().create(
      decision.as,
      { type: 'incident', title: (mail.subject || '(no subject)').slice(0, 200), description: mail.text.slice(0, 20_000) },
      `mail:${mail.messageId}`,
    );
    await this.addMailEntry(decision.as, ticket, mail, false);
    await this.record(mail, ticket.id);
    // Threaded onto the mail just recorded, to its sender; like every ticket's, once (the Message-ID follows from the ticket).
    await new TicketMailer(this.em, this.outgoing).acknowledge(ticket, { displayName: address, email: address });
    return { outcome: 'created', ticketNumber: ticket.number };
  }

  /**
   * The mail as a public reply, then its acceptable attachments on that reply; refused ones are named
   * in it. Every attachment is checked (and an image cleaned) before the entry is written, so the
   * entry can say which were refused and why. `toProcess`: a reply on an existing ticket also reaches
   * its process, if it awaits the caller; the mail that opens a ticket is no reply the new process
   * could be waiting for.
   */
  private async addMailEntry(sender: Principal, ticket: Ticket, mail: InboundMail, toProcess: boolean): Promise<void> {
    const service = new AttachmentService(this.em, this.outgoing.attachments.store, this.outgoing.attachments);
    const prepared: PreparedFile[] = [];
    try {
      const refusals: string[] = [];
      for (const [i, a] of (mail.attachments ?? []).entries()) {
        const result = await service.prepare(
          { source: { content: a.content }, filename: a.filename, contentType: a.contentType },
          `attachments[${i}]`,
        );
        if (result.ok) prepared.push(result.file);
        else refusals.push(`- ${result.error.message}`);
      }
      const body = [mail.text || '(empty mail)', ...(refusals.length ? ['', 'Attachments not kept:', ...refusals] : [])].join('\n');
      const entry = await this.tickets().addEntry(sender, ticket.number, { kind: 'reply', body: body.slice(0, 20_000) }, { toProcess });
      for (const file of prepared) await service.keep(ticket, sender, file, entry.id);
    } finally {
      // Kept files have moved into the store already; whatever is left in the temporary folder goes.
      for (const file of prepared) await service.discard(file);
    }
  }

  /** The active account that has this address, if any; what it may do is decideSender's question. */
  private async account(address: string): Promise<Principal | null> {
    const user = await this.em.findOne(User, { email: address });
    return user ? loadPrincipal(this.em, user.id, 'jwt') : null;
  }

  /**
   * The ticket the mail is about: the one its reply address names, else the number in the subject,
   * else the thread it answers. `tokenValid`: it came through a reply address we issued for exactly
   * that ticket to exactly this sender.
   */
  private async namedTicket(mail: InboundMail, sender: string): Promise<{ ticket: Ticket | null; tokenValid: boolean }> {
    const replies = (mail.recipients ?? [mail.to]).map((a) => this.outgoing.replyAddresses.parse(a)).filter((r) => r !== null);
    const byAddress = replies.length ? await this.em.findOne(Ticket, { number: replies[0]!.number }) : null;
    const ticket = byAddress ?? (await this.threadTicket(mail));
    const tokenValid =
      !!ticket && replies.some((r) => r.number === ticket.number && this.outgoing.replyAddresses.verify(ticket.id, sender, r.token));
    return { ticket, tokenValid };
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

  private async record(mail: InboundMail, ticketId: string | null): Promise<void> {
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
