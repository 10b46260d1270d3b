import type { SurveyLinks } from '../../surveys/domain/survey-links';
import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import type { Transporter } from 'nodemailer';
import { retryWhileUnavailable } from '../../http/retry-while-unavailable';
import type { ApprovalLinks } from '../../approvals/domain/approval-links';
import type { TicketServices } from '../../tickets/ticket-services';
import { MailMessage } from './mail-message.entity';
import type { ReplyAddresses } from './reply-addresses';

export interface OutgoingMailDeps {
  transport: Transporter;
  from: string;
  /** The domain of generated Message-IDs, so replies can be matched to what we sent. */
  domain: string;
  /** Where links in mails point (`<publicUrl>/portal/tickets/…`). */
  publicUrl: string;
  /** Every mail about a ticket gets a Reply-To issued to its recipient for that ticket: how replies prove their sender. */
  replyAddresses: ReplyAddresses;
  /** Signs the approve and reject links of approval mails; without it approvals are not mailed. */
  approvalLinks?: ApprovalLinks;
  /** Signs the one-click survey link (`{{surveyUrl}}`) a caller answers without login. */
  surveyLinks?: SurveyLinks;
  /** The ticket services: tickets raised by mail start their process like any other; replies reach the waiting process. */
  tickets?: TicketServices;
}

export interface TicketMail {
  to: string;
  subject: string;
  text: string;
  ticketId: string;
  ticketNumber: string;
  inReplyTo?: string;
  references?: string[];
  /**
   * A Message-ID derived from what causes the mail (an entry, a process step), so a retry sends the
   * same mail at most once more and never after it was recorded. Random when not given.
   */
  messageId?: string;
  /**
   * The caller looked `messageId` up just before and found no record (TicketMailer does, to skip
   * rendering a mail sent before): the lookup is not made twice. A race past it still ends at the
   * record's unique Message-ID, as without the flag.
   */
  messageIdUnsent?: boolean;
  /** Where replies go, instead of the ticket's reply address for this recipient (an approval mail's own). */
  replyTo?: string;
  /** Files sent with the mail (a work order's completion report); not kept with the mail record. */
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
}

/**
 * Sends a mail about a ticket — its number always in the subject, so any reply finds its way back —
 * and records it with its Message-ID for threading. Its Reply-To is the ticket's reply address issued
 * to this recipient (see ReplyAddresses), so a reply through it proves who wrote it. A mail whose
 * Message-ID is already recorded was sent before: it is not sent again, and the earlier record is
 * returned.
 */
export async function sendTicketMail(
  em: EntityManager,
  deps: OutgoingMailDeps,
  mail: TicketMail,
): Promise<{ record: MailMessage; sent: boolean }> {
  const messageId = mail.messageId ?? `<${randomUUID()}@${deps.domain}>`;
  const earlier = mail.messageId && !mail.messageIdUnsent ? await em.findOne(MailMessage, { messageId }) : null;
  if (earlier) return { record: earlier, sent: false };
  const references = mail.references?.length ? mail.references : mail.inReplyTo ? [mail.inReplyTo] : [];
  await deps.transport.sendMail({
    from: deps.from,
    to: mail.to,
    replyTo: mail.replyTo ?? deps.replyAddresses.addressFor({ id: mail.ticketId, number: mail.ticketNumber }, mail.to),
    subject: mail.subject,
    text: mail.text,
    messageId,
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(references.length ? { references } : {}),
    ...(mail.attachments?.length ? { attachments: mail.attachments } : {}),
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
  try {
    await recordSentMail(em, record);
  } catch (err) {
    // A concurrent attempt recorded the same mail first: it was sent, once more at most.
    if (!(err instanceof UniqueConstraintViolationException)) throw err;
    em.clear();
    return { record: await em.findOneOrFail(MailMessage, { messageId }), sent: true };
  }
  return { record, sent: true };
}

/** How long the record of a mail already handed to SMTP waits for the database to come back. */
const RECORD_PATIENCE_MS = 30_000;

/**
 * Records a sent mail, waiting out a database that is briefly away (restarting, unreachable). The mail
 * is out already: failing here would fail the activity, whose next attempt finds no record and sends
 * it again — one redelivery per mail in flight at every database restart.
 */
async function recordSentMail(em: EntityManager, record: MailMessage): Promise<void> {
  await retryWhileUnavailable(() => em.persist(record).flush(), { patienceMs: RECORD_PATIENCE_MS, firstWaitMs: 250, maxWaitMs: 4000 });
}
