import type { Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { startOutgoingMail } from '../../service-catalog/mail/mail-system';
import { createLogger } from '../../service-catalog/logger';
import { eventually } from '../support/eventually';

/**
 * Outgoing mail keeps its SMTP connection: a ticket's acknowledgement is answered with the create, and
 * a connection of its own (TCP, greeting, EHLO; to a relay also TLS) cost the create about 100 ms on
 * loopback. A connection the server dropped must not lose the next mail.
 */
describe('outgoing mail over SMTP_URL', () => {
  let server: SMTPServer;
  let port: number;
  const sockets = new Set<Socket>();
  let connections = 0;
  const received: string[] = [];

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onConnect(_session, callback) {
        connections++;
        callback();
      },
      onData(stream, _session, callback) {
        let text = '';
        stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        stream.on('end', () => {
          received.push(/^Subject: (.*)$/m.exec(text)?.[1] ?? '');
          callback();
        });
      },
    });
    server.server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends one mail after another over one connection, survives the server dropping it, and closes it on stop', async () => {
    const mail = await startOutgoingMail({
      log: createLogger('silent'),
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'Service Desk <desk@flowdesk.localhost>',
      publicUrl: 'http://127.0.0.1',
      replyTokenSecret: `pool-test-${'s'.repeat(32)}`,
    });
    const send = (subject: string) =>
      mail.outgoing.transport.sendMail({ from: mail.outgoing.from, to: 'rita@baltic-retail.example', subject, text: 'Logged.' });

    for (const n of [1, 2, 3]) await send(`INC-${n}`);
    expect(received).toEqual(['INC-1', 'INC-2', 'INC-3']);
    expect(connections).toBe(1);

    // The server goes away mid-session (restart, idle timeout): the next mail opens a new connection.
    await eventually(async () => {
      if (sockets.size !== 1) throw new Error(`${sockets.size} open connections`);
    });
    for (const socket of sockets) socket.destroy();
    await eventually(async () => {
      if (sockets.size !== 0) throw new Error('connection still open');
    });
    await send('INC-4');
    expect(received).toEqual(['INC-1', 'INC-2', 'INC-3', 'INC-4']);
    expect(connections).toBe(2);

    await mail.stop();
    await eventually(async () => {
      if (sockets.size !== 0) throw new Error('stop left the connection open');
    });
  });
});
