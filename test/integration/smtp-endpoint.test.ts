import { connect, type Socket } from 'node:net';
import { createTransport } from 'nodemailer';
import type { InboundMail } from '../../service-catalog/mail/domain/mail-intake';
import { startSmtpEndpoint, type RunningSmtp } from '../../service-catalog/mail/smtp-servers';
import { eventually } from '../support/eventually';

/**
 * The SMTP endpoint (mail intake, the local sink of the embedded default) outlives a sender that dies
 * mid-mail. smtp-server reports a socket error inside a transaction as an 'error' event on the server;
 * unheard, that event was thrown and ended the API process with every request it held. A sender's
 * connection reset is logged, the mail it cut off is not accepted, and the next sender is served.
 */
describe('SMTP endpoint and a sender reset mid-mail', () => {
  let endpoint: RunningSmtp;
  const received: InboundMail[] = [];
  const connectionErrors: (Error & { code?: string })[] = [];

  beforeAll(async () => {
    endpoint = await startSmtpEndpoint({
      port: 0,
      onMail: async (mail) => void received.push(mail),
      onConnectionError: (err) => void connectionErrors.push(err),
    });
  });
  afterAll(() => endpoint.stop());

  it('logs the reset, accepts nothing of the cut-off mail and takes the next mail', async () => {
    // Given a sender halfway through the DATA of a mail
    const sender = await RawSmtp.open(endpoint.port);
    for (const [command, reply] of [
      ['EHLO sender.example', '250'],
      ['MAIL FROM:<rita@baltic-retail.example>', '250'],
      ['RCPT TO:<desk@flowdesk.test>', '250'],
      ['DATA', '354'],
    ] as const) {
      expect(await sender.say(command)).toMatch(new RegExp(`^${reply}`));
    }
    sender.socket.write('Subject: Printer on fire\r\n\r\nThe printer on floor 3');

    // When its connection is reset (the process SIGKILLed, a NAT dropping it)
    sender.socket.resetAndDestroy();

    // Then the endpoint logs it instead of throwing it
    await eventually(() => expect(connectionErrors.map((e) => e.code)).toEqual(['ECONNRESET']));
    // And the next sender's mail is taken, without the cut-off one
    const transport = createTransport({ host: '127.0.0.1', port: endpoint.port, secure: false, ignoreTLS: true });
    await transport.sendMail({
      from: 'rita@baltic-retail.example',
      to: 'desk@flowdesk.test',
      subject: 'Printer out of toner',
      text: 'Floor 3.',
    });
    transport.close();
    expect(received.map((m) => m.subject)).toEqual(['Printer out of toner']);
  });
});

/** A sender speaking SMTP line by line, so a test can stop it anywhere in a transaction. */
class RawSmtp {
  private buffered = '';
  private waiting?: (line: string) => void;

  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffered += chunk;
      this.deliver();
    });
  }

  static async open(port: number): Promise<RawSmtp> {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    const smtp = new RawSmtp(socket);
    await smtp.reply(); // the greeting
    return smtp;
  }

  say(command: string): Promise<string> {
    this.socket.write(`${command}\r\n`);
    return this.reply();
  }

  /** The last line of the next reply (a multi-line reply's lines but the last read "250-"). */
  private reply(): Promise<string> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.deliver();
    });
  }

  private deliver(): void {
    for (;;) {
      const end = this.buffered.indexOf('\r\n');
      if (end < 0 || !this.waiting) return;
      const line = this.buffered.slice(0, end);
      this.buffered = this.buffered.slice(end + 2);
      if (/^\d{3} /.test(line) || /^\d{3}$/.test(line)) {
        const done = this.waiting;
        this.waiting = undefined;
        done(line);
      }
    }
  }
}
