import { createTransport, type Transporter } from 'nodemailer';
import { startMailSystem, type MailSystem } from '../../service-catalog/mail/mail-system';
import { createLogger } from '../../service-catalog/logger';
import { User } from '../../service-catalog/identity/domain/user.entity';
import { MailMessage } from '../../service-catalog/mail/domain/mail-message.entity';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { eventually } from '../support/eventually';
import { PNG_BYTES } from '../support/multipart';
import { TEST_PUBLIC_URL, TestSystem } from '../support/test-system';

/** Scenario 1 by mail: Rita's email becomes her incident; her reply threads onto it; strangers cannot reply in. */
describe('mail to the desk', () => {
  let system: TestSystem;
  let mail: MailSystem;
  let sender: Transporter;
  const desk = 'desk@flowdesk.localhost';

  beforeAll(async () => {
    system = await TestSystem.start();
    mail = await startMailSystem({ orm: system.orm, log: createLogger('silent'), tickets: system.server.app.tickets, inboundPort: 0, from: `Service Desk <${desk}>`, publicUrl: TEST_PUBLIC_URL, attachments: system.attachments, replyTokenSecret: `mail-test-${'s'.repeat(32)}` });
    sender = createTransport({ host: '127.0.0.1', port: mail.inboundPort!, secure: false, ignoreTLS: true });
  });
  afterAll(async () => {
    sender?.close();
    await mail?.stop();
    await system?.close();
  });

  const ticketsOf = async (subjectWord: string) => (await system.adminEm().find(Ticket, { title: { $like: `%${subjectWord}%` } }));

  it('turns a new mail into an incident with the sender as caller, and acknowledges it with the number', async () => {
    const word = `vpn${Date.now()}`;
    const sent = await sender.sendMail({ from: 'Rita <rita@baltic-retail.example>', to: desk, subject: `Laptop will not connect to VPN ${word}`, text: 'It times out since this morning.' });

    const [ticket] = await eventually(async () => {
      const found = await ticketsOf(word);
      if (found.length !== 1) throw new Error('no ticket yet');
      return found;
    });
    const rita = (await system.injectAs('rita', { method: 'GET', url: '/me' })).result as { id: string; organizationId: string };
    expect(ticket!).toMatchObject({ type: 'incident', callerId: rita.id, organizationId: rita.organizationId, description: 'It times out since this morning.' });
    expect(ticket!.number).toMatch(/^INC\d{7}$/);

    // The first entry is the mail itself, visible to Rita as a public reply.
    const entries = (await system.injectAs('rita', { method: 'GET', url: `/tickets/${ticket!.number}/entries` })).result as { items: Array<{ kind: string; body: string }> };
    expect(entries.items).toEqual([expect.objectContaining({ kind: 'reply', body: 'It times out since this morning.' })]);

    const ack = await eventually(() => {
      const found = mail.sink!.messages.find((m) => m.subject.includes(ticket!.number));
      if (!found) throw new Error('no acknowledgement yet');
      return found;
    });
    expect(ack).toMatchObject({ to: 'rita@baltic-retail.example', inReplyTo: sent.messageId });

    // A gateway delivering the same mail again creates nothing new.
    await sender.sendMail({ from: 'rita@baltic-retail.example', to: desk, subject: `Laptop will not connect to VPN ${word}`, text: 'It times out since this morning.', messageId: sent.messageId });
    await new Promise((r) => setTimeout(r, 300));
    expect(await ticketsOf(word)).toHaveLength(1);

    // Rita answers the acknowledgement: the reply threads onto the ticket by In-Reply-To.
    await sender.sendMail({ from: 'rita@baltic-retail.example', to: desk, subject: 'Re: your request', text: 'It works again after a restart.', inReplyTo: ack.messageId, references: [ack.messageId] });
    await eventually(async () => {
      const all = (await system.injectAs('tomas', { method: 'GET', url: `/tickets/${ticket!.number}/entries` })).result as { items: Array<{ body: string }> };
      if (all.items.length !== 2) throw new Error('reply not threaded yet');
      expect(all.items[1]!.body).toBe('It works again after a restart.');
    });
  });

  it('opens a ticket without a caller for an unknown sender, and never lets a stranger reply into another ticket', async () => {
    const word = `badge${Date.now()}`;
    await sender.sendMail({ from: 'visitor@unknown.example', to: desk, subject: `Badge reader broken ${word}`, text: 'Gate 2.' });
    const [stranger] = await eventually(async () => {
      const found = await ticketsOf(word);
      if (!found.length) throw new Error('no ticket yet');
      return found;
    });
    expect(stranger).toMatchObject({ callerId: null, organizationId: null });

    // Erik (another customer) writes with Rita's ticket number in the subject: it becomes his own ticket.
    // Rita's by its caller: test files running alongside raise tickets of Erik's own, which he may answer.
    const rita = await system.adminEm().findOneOrFail(User, { username: 'rita' });
    const ritasTicket = (await system.adminEm().find(Ticket, { callerId: rita.id }, { limit: 1 }))[0]!;
    const before = await system.adminEm().count(MailMessage, { ticketId: ritasTicket.id });
    await sender.sendMail({ from: 'erik@nordic-logistics.example', to: desk, subject: `Re: [${ritasTicket.number}] guessing ${word}x`, text: 'let me in' });
    await eventually(async () => {
      if ((await ticketsOf(`${word}x`)).length !== 1) throw new Error('no ticket for Erik yet');
    });
    expect(await system.adminEm().count(MailMessage, { ticketId: ritasTicket.id })).toBe(before);
  });

  it("keeps a mail's attachments on its entry, and says in the entry which one it refused and why", async () => {
    const word = `scanner${Date.now()}`;
    await sender.sendMail({
      from: 'rita@baltic-retail.example',
      to: desk,
      subject: `Scanner shows error E42 ${word}`,
      text: 'Photo and log attached.',
      attachments: [
        { filename: 'error.png', content: PNG_BYTES, contentType: 'image/png' },
        { filename: 'scanner.log', content: 'E42 paper feed\n', contentType: 'text/plain' },
        { filename: 'fix.exe', content: Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0]), contentType: 'application/x-msdownload' },
        { filename: 'manual.pdf', content: 'not really a pdf', contentType: 'application/pdf' },
      ],
    });
    const [ticket] = await eventually(async () => {
      const found = await ticketsOf(word);
      if (found.length !== 1) throw new Error('no ticket yet');
      return found;
    });
    const entries = (await system.injectAs('rita', { method: 'GET', url: `/tickets/${ticket!.number}/entries` })).result as { items: Array<{ id: string; body: string }> };
    expect(entries.items).toHaveLength(1);
    const [entry] = entries.items;
    expect(entry!.body).toMatch(/^Photo and log attached\.\n\nAttachments not kept:\n- fix\.exe: files of type application\/x-msdownload are not accepted.*\n- manual\.pdf: the file does not look like application\/pdf/s);

    const attachments = (await system.injectAs('rita', { method: 'GET', url: `/tickets/${ticket!.number}/attachments` })).result as { items: Array<{ filename: string; contentType: string; entryId: string; downloadUrl: string }> };
    expect(attachments.items.map((a) => [a.filename, a.contentType, a.entryId])).toEqual([
      ['error.png', 'image/png', entry!.id],
      ['scanner.log', 'text/plain', entry!.id],
    ]);
    const log = await system.injectAs('rita', { method: 'GET', url: attachments.items[1]!.downloadUrl });
    expect(log.payload).toBe('E42 paper feed\n');
  });
});
