import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { InboundMail } from './domain/mail-intake';

export interface RunningSmtp {
  port: number;
  stop(): Promise<void>;
}

/**
 * Mail larger than this is refused at the SMTP level. Attachments travel base64-encoded (4/3 of
 * their size), so this leaves room for a few attachments of the upload limit; each is still checked
 * against that limit on its own.
 */
export const MAX_MAIL_BYTES = 25 * 1024 * 1024;

/**
 * An SMTP endpoint on loopback that parses each mail and hands it to `onMail`; a failure answers
 * 451 so the sending server retries later instead of the mail being lost.
 *
 * A connection error is the sender's problem, not the process's: smtp-server emits a socket error
 * inside a mail transaction (a sender killed or reset mid-DATA) as an 'error' event on the server,
 * and an 'error' event nobody listens to is thrown, which ended the process holding the endpoint.
 * It goes to `onConnectionError` (the log) instead; the mail it cut off was never accepted, so the
 * sender sends it again.
 */
export function startSmtpEndpoint(opts: {
  host?: string;
  port: number;
  onMail(mail: InboundMail): Promise<void>;
  onConnectionError?(err: Error & { remoteAddress?: string }): void;
}): Promise<RunningSmtp> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_MAIL_BYTES,
    logger: false,
    onData(stream, session, callback) {
      const envelope = session.envelope.rcptTo.map((r) => r.address);
      simpleParser(stream)
        .then((parsed) => opts.onMail(toInboundMail(parsed, envelope)))
        .then(
          () => callback(),
          (err: Error) => callback(Object.assign(new Error(`mail not accepted: ${err.message}`), { responseCode: 451 })),
        );
    },
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      server.on('error', (err: Error) => opts.onConnectionError?.(err));
      const address = server.server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : opts.port,
        stop: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

type Parsed = Awaited<ReturnType<typeof simpleParser>>;

function toInboundMail(parsed: Parsed, envelope: string[]): InboundMail {
  const first = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a[0] : a)?.value[0]?.address ?? '';
  const every = (a: AddressObject | AddressObject[] | undefined) =>
    (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address ?? '')).filter(Boolean);
  // The envelope first: a gateway may deliver to a reply address the headers do not show (Bcc, forwarding).
  const recipients = [...new Set([...envelope, ...every(parsed.to), ...every(parsed.cc)].map((a) => a.toLowerCase()))];
  const authenticationResults = [parsed.headers.get('authentication-results') ?? []].flat().map(String);
  const text = (parsed.text ?? '').trimEnd();
  const references = typeof parsed.references === 'string' ? [parsed.references] : (parsed.references ?? []);
  return {
    // A mail without a Message-ID still gets a stable one, so a redelivery is recognised.
    messageId:
      parsed.messageId ??
      `<sha256-${createHash('sha256')
        .update(`${first(parsed.from)}|${parsed.subject}|${text}`)
        .digest('hex')}@flowdesk>`,
    ...(parsed.inReplyTo ? { inReplyTo: parsed.inReplyTo } : {}),
    references,
    from: first(parsed.from),
    to: first(parsed.to),
    recipients,
    ...(parsed.replyTo ? { replyTo: first(parsed.replyTo) } : {}),
    authenticationResults,
    subject: parsed.subject ?? '',
    text,
    attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? 'attachment', contentType: a.contentType, content: a.content })),
  };
}
