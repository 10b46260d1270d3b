import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Transporter } from 'nodemailer';
import type { TicketProcesses } from '../../tickets/domain/ticket-service';
import { MailMessage } from './mail-message.entity';

export interface OutgoingMailDeps {
  transport: Transporter;
  from: string;
  /** The domain of generated Message-IDs, so replies can be matched to what we sent. */
  domain: string;
  /** Tickets raised by mail start their process like any other; replies reach the waiting process. */
  processes?: TicketProcesses;
}

/**
 * Sends a mail about a ticket — its number always in the subject, so any reply finds its way back —
 * and records it with its Message-ID for threading.
 */
export async function sendTicketMail(em: EntityManager, deps: OutgoingMailDeps, mail: { to: string; subject: string; text: string; ticketId: string; inReplyTo?: string }): Promise<MailMessage> {
  const messageId = `<${randomUUID()}@${deps.domain}>`;
  await deps.transport.sendMail({
    from: deps.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    messageId,
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo, references: [mail.inReplyTo] } : {}),
  });
  const record = em.create(MailMessage, {
    id: randomUUID(),
    direction: 'out',
    messageId,
    inReplyTo: mail.inReplyTo ?? null,
    fromAddress: deps.from,
    toAddress: mail.to,
    subject: mail.subject,
    text: mail.text,
    ticketId: mail.ticketId,
    at: new Date(),
  });
  await em.persist(record).flush();
  return record;
}
