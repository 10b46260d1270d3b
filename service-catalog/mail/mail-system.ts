import type { EntityManager } from '@mikro-orm/postgresql';
import { createTransport } from 'nodemailer';
import type { TicketProcesses } from '../tickets/domain/ticket-service';
import type { Orm } from '../db/orm';
import type { Logger } from '../logger';
import { MailIntake, type InboundMail } from './domain/mail-intake';
import { startSmtpEndpoint, type RunningSmtp } from './smtp-servers';

export interface MailSystem {
  inboundPort?: number;
  /** Set when no SMTP_URL was given: the local sink that received every outgoing mail. */
  sink?: { port: number; messages: InboundMail[] };
  stop(): Promise<void>;
}

/**
 * Mail in and out: an SMTP endpoint whose mail becomes tickets and replies, and a transport for
 * outgoing mail — SMTP_URL, or in development and tests a local sink that keeps and logs what it gets.
 */
/** @param opts.inboundPort where mail to the desk arrives (0: any free port); undefined: no intake. */
export async function startMailSystem(opts: { orm: Orm; log: Logger; processes?: TicketProcesses; inboundPort?: number; smtpUrl?: string; from: string }): Promise<MailSystem> {
  const running: RunningSmtp[] = [];
  let sink: MailSystem['sink'];
  let transport;
  if (opts.smtpUrl) {
    transport = createTransport(opts.smtpUrl);
  } else {
    const messages: InboundMail[] = [];
    const endpoint = await startSmtpEndpoint({
      port: 0,
      onMail: async (mail) => {
        messages.push(mail);
        opts.log.info({ to: mail.to, subject: mail.subject }, 'outgoing mail (local sink)');
      },
    });
    running.push(endpoint);
    sink = { port: endpoint.port, messages };
    transport = createTransport({ host: '127.0.0.1', port: endpoint.port, secure: false, ignoreTLS: true });
  }
  const domain = opts.from.match(/@([^>\s]+)/)?.[1] ?? 'flowdesk.localhost';
  let inboundPort: number | undefined;
  if (opts.inboundPort !== undefined) {
    const inbound = await startSmtpEndpoint({
      port: opts.inboundPort,
      onMail: async (mail) => {
        const result = await new MailIntake(opts.orm.em.fork() as EntityManager, { transport, from: opts.from, domain, ...(opts.processes ? { processes: opts.processes } : {}) }).receive(mail);
        opts.log.info({ from: mail.from, messageId: mail.messageId, ...result }, 'mail received');
      },
    });
    running.push(inbound);
    inboundPort = inbound.port;
  }
  return {
    ...(inboundPort !== undefined ? { inboundPort } : {}),
    ...(sink ? { sink } : {}),
    stop: async () => {
      transport.close();
      for (const server of running) await server.stop();
    },
  };
}
