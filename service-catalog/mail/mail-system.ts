import { ApprovalLinks } from '../approvals/domain/approval-links';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createTransport } from 'nodemailer';
import type { TicketServices } from '../tickets/ticket-services';
import type { AttachmentSettings } from '../attachments/domain/attachment-service';
import type { Orm } from '../db/orm';
import type { Logger } from '../logger';
import { MailIntake, type InboundMail } from './domain/mail-intake';
import type { OutgoingMailDeps } from './domain/outgoing-mail';
import { ReplyAddresses } from './domain/reply-addresses';
import { SurveyLinks } from '../surveys/domain/survey-links';
import { startSmtpEndpoint, type RunningSmtp } from './smtp-servers';

export interface MailSystem {
  inboundPort?: number;
  /** Set when no SMTP_URL was given: the local sink that received every outgoing mail. */
  sink?: { port: number; messages: InboundMail[] };
  /** How the rest of the system sends mail: the API (agents' replies) and the worker (`notify`). */
  outgoing: OutgoingMailDeps;
  stop(): Promise<void>;
}

export interface MailSystemOptions {
  orm: Orm;
  log: Logger;
  /** The ticket services: tickets raised by mail start their process; replies reach the process waiting for them. */
  tickets?: TicketServices;
  /** Where mail to the desk arrives (0: any free port); undefined: no intake. */
  inboundPort?: number;
  /** The intake's address; loopback unless a separate mail process is to take mail from the network. */
  inboundHost?: string;
  smtpUrl?: string;
  from: string;
  /** Links in mails point here. */
  publicUrl: string;
  /** Attachments of mail to the desk are kept here, under the upload limit. */
  attachments: AttachmentSettings;
  /** The server secret (JWT_SECRET) that reply addresses' tokens are derived from. */
  replyTokenSecret: string;
  /** The authserv-id of our own MTA, whose Authentication-Results intake believes; unset: none. */
  trustedAuthservId?: string;
}

/**
 * Mail in and out: an SMTP endpoint whose mail becomes tickets and replies, and a transport for
 * outgoing mail — SMTP_URL, or in development and tests a local sink that keeps and logs what it gets.
 */
export async function startMailSystem(opts: MailSystemOptions): Promise<MailSystem> {
  const out = await startOutgoingMail(opts);
  const { outgoing } = out;
  const running: RunningSmtp[] = [];
  let inboundPort: number | undefined;
  if (opts.inboundPort !== undefined) {
    const inbound = await startSmtpEndpoint({
      ...(opts.inboundHost ? { host: opts.inboundHost } : {}),
      port: opts.inboundPort,
      onConnectionError: (err) => opts.log.warn({ err }, 'mail intake: a connection from a sender failed'),
      onMail: async (mail) => {
        const deps = {
          ...outgoing,
          attachments: opts.attachments,
          ...(opts.tickets ? { tickets: opts.tickets } : {}),
          ...(opts.trustedAuthservId ? { trustedAuthservId: opts.trustedAuthservId } : {}),
        };
        const result = await new MailIntake(opts.orm.em.fork() as EntityManager, deps).receive(mail);
        const fields = { from: mail.from, messageId: mail.messageId, attachments: mail.attachments?.length ?? 0, ...result };
        if (result.outcome === 'refused') opts.log.warn(fields, 'mail refused: not posted on the ticket it names');
        else opts.log.info(fields, 'mail received');
      },
    });
    running.push(inbound);
    inboundPort = inbound.port;
  }
  return {
    ...(inboundPort !== undefined ? { inboundPort } : {}),
    ...(out.sink ? { sink: out.sink } : {}),
    outgoing,
    stop: async () => {
      for (const server of running) await server.stop();
      await out.stop();
    },
  };
}

export type OutgoingMailOptions = Pick<MailSystemOptions, 'log' | 'smtpUrl' | 'from' | 'publicUrl' | 'replyTokenSecret'>;

/**
 * Mail out only, for a process without the intake (the worker on its own): SMTP_URL, or a local sink
 * that keeps and logs what it gets.
 */
export async function startOutgoingMail(opts: OutgoingMailOptions): Promise<Pick<MailSystem, 'sink' | 'outgoing' | 'stop'>> {
  const running: RunningSmtp[] = [];
  let sink: MailSystem['sink'];
  let transport;
  // Pooled: a mail reuses an open connection instead of a TCP (and, to a relay, TLS) handshake, greeting
  // and EHLO of its own. The pool drops a connection the server closed; stop() closes the rest.
  if (opts.smtpUrl) {
    transport = createTransport({ url: opts.smtpUrl, pool: true });
  } else {
    const messages: InboundMail[] = [];
    const endpoint = await startSmtpEndpoint({
      port: 0,
      onConnectionError: (err) => opts.log.warn({ err }, 'local mail sink: a connection failed'),
      onMail: async (mail) => {
        messages.push(mail);
        opts.log.info({ to: mail.to, subject: mail.subject }, 'outgoing mail (local sink)');
      },
    });
    running.push(endpoint);
    sink = { port: endpoint.port, messages };
    transport = createTransport({ host: '127.0.0.1', port: endpoint.port, secure: false, ignoreTLS: true, pool: true });
  }
  const domain = opts.from.match(/@([^>\s]+)/)?.[1] ?? 'flowdesk.localhost';
  const deskAddress = opts.from.match(/<([^>]+)>/)?.[1] ?? opts.from.trim();
  const replyAddresses = new ReplyAddresses(opts.replyTokenSecret, deskAddress);
  const surveyLinks = new SurveyLinks(opts.replyTokenSecret);
  const outgoing: OutgoingMailDeps = {
    transport,
    from: opts.from,
    domain,
    publicUrl: opts.publicUrl,
    replyAddresses,
    approvalLinks: new ApprovalLinks(opts.replyTokenSecret),
    surveyLinks,
  };
  return {
    ...(sink ? { sink } : {}),
    outgoing,
    stop: async () => {
      transport.close();
      for (const server of running) await server.stop();
    },
  };
}
