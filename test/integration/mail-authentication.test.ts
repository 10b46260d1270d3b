import { randomUUID } from 'node:crypto';
import { createTransport, type Transporter } from 'nodemailer';
import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import { MailMessage } from '../../service-catalog/mail/domain/mail-message.entity';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { createNotifyActivities } from '../../workflows/activities/notify-activities';
import { eventually } from '../support/eventually';
import { incidentProcess } from '../support/fixtures';
import { instanceRecord } from '../support/instance-record';
import { TEST_DESK_ADDRESS, TestSystem } from '../support/test-system';
import type { Body } from '../support/json-body';
const TOMAS = 'tomas@flowdesk.example';
const MARTA = 'marta@flowdesk.example';
const AGNE = 'agne@flowdesk.example';

/**
 * Mail that claims to come from the desk is believed only when proven: every mail about a ticket goes
 * out with a Reply-To issued to its recipient for that ticket, and a staff reply counts only through
 * the address issued to that very agent, who must serve the ticket's organisation. A forged `From:`
 * never shows up as the agent on a customer's ticket, nor reaches another customer's ticket.
 */
describe('mail from staff is authenticated by its reply address', () => {
  let system: TestSystem;
  let sender: Transporter;
  /** A deployed process the notify calls below belong to: activities act only for a recorded instance. */
  const notifier = incidentProcess('mail_auth');
  let ritas: { id: string; number: string; organizationId: string | null };
  let eriks: { id: string; number: string; organizationId: string | null };

  beforeAll(async () => {
    // Incidents here run no diagram, so the only mails are the ones these tests cause.
    system = await TestSystem.start({ mailIntake: true, ticketProcessIds: { incident: `none_${randomUUID().slice(0, 8)}` } });
    expect(
      (await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml: notifier.xml } })).statusCode,
    ).toBe(201);
    sender = createTransport({ host: '127.0.0.1', port: system.mail.inboundPort!, secure: false, ignoreTLS: true });
    ritas = (await system.injectAs('rita', { method: 'POST', url: '/tickets', payload: { title: 'Receipt printer offline' } }))
      .result as typeof ritas;
    eriks = (await system.injectAs('erik', { method: 'POST', url: '/tickets', payload: { title: 'Forklift terminal frozen' } }))
      .result as typeof eriks;
  });
  afterAll(async () => {
    sender?.close();
    await system?.close();
  });

  /** A mail about `ticket` to `to`, sent the way the process's notify task sends one (SLA warning to an agent). */
  const mailedTo = async (ticket: { id: string; number: string; organizationId: string | null }, to: string) => {
    const processInstanceId = await instanceRecord(system, notifier.processId, ticket.organizationId);
    await createNotifyActivities({ orm: system.orm, mail: system.mail.outgoing }).notify({
      processInstanceId,
      processId: notifier.processId,
      elementId: 'Warn',
      elementInstanceKey: 1,
      headers: { template: 'sla.warning', to },
      variables: { ticketId: ticket.id },
    });
    const mail = system.mail.sink!.messages.filter((m) => m.to === to && m.subject.includes(ticket.number)).at(-1);
    expect(mail?.replyTo).toMatch(new RegExp(`^desk\\+${ticket.number}\\.[0-9a-f]{24}@flowdesk\\.test$`));
    return mail!.replyTo!;
  };
  const entriesAs = async (username: string, number: string) =>
    ((await system.injectAs(username, { method: 'GET', url: `/tickets/${number}/entries` })).result as Body).items as Body[];
  const ticketTitled = (word: string) => system.adminEm().find(Ticket, { title: { $like: `%${word}%` } });
  const userId = async (username: string) => ((await system.injectAs(username, { method: 'GET', url: '/me' })).result as Body).id as string;

  it('posts a forged mail "from" an agent nowhere near the customer: an internal ticket from an unverified sender', async () => {
    const word = `phish${Date.now()}`;
    await sender.sendMail({
      from: `Tomas <${TOMAS}>`,
      to: TEST_DESK_ADDRESS,
      subject: `Re: [${ritas.number}] ${word}`,
      text: 'Please confirm your card PIN at http://evil.example',
    });

    // Rita's portal: nothing new on her ticket, and the desk's first response is still to come.
    expect((await entriesAs('rita', ritas.number)).map((e) => e.body)).not.toContain('Please confirm your card PIN at http://evil.example');
    expect(
      ((await system.injectAs('rita', { method: 'GET', url: `/tickets/${ritas.number}` })).result as Body).sla.firstRespondedAt,
    ).toBeNull();

    // The mail opened a ticket of its own: no caller, no organisation, the entry marked and not Tomas's.
    const [opened] = await ticketTitled(word);
    expect(opened).toMatchObject({ callerId: null, organizationId: null });
    const [entry] = await entriesAs('tomas', opened!.number);
    expect(entry).toMatchObject({ kind: 'reply', authorId: null, authorName: `${TOMAS} (unverified sender)` });
    expect((await system.injectAs('rita', { method: 'GET', url: `/tickets/${opened!.number}` })).statusCode).toBe(404);
  });

  it('takes an agent’s reply through the reply address issued to them as the desk’s reply', async () => {
    const replyTo = await mailedTo(ritas, TOMAS);
    await sender.sendMail({
      from: `Tomas <${TOMAS}>`,
      to: replyTo,
      subject: `Re: [${ritas.number}] SLA warning`,
      text: 'Rita, a technician is on the way.',
    });

    const entry = (await entriesAs('rita', ritas.number)).find((e) => e.body === 'Rita, a technician is on the way.');
    expect(entry).toMatchObject({ kind: 'reply', authorId: await userId('tomas'), authorName: 'Tomas (service desk agent)' });
    expect(
      ((await system.injectAs('rita', { method: 'GET', url: `/tickets/${ritas.number}` })).result as Body).sla.firstRespondedAt,
    ).not.toBeNull();
  });

  it('does not take the reply address issued to one agent as proof for another', async () => {
    const tomasesAddress = await mailedTo(ritas, TOMAS);
    const word = `borrowed${Date.now()}`;
    await sender.sendMail({
      from: `Marta <${MARTA}>`,
      to: tomasesAddress,
      subject: `Re: [${ritas.number}] ${word}`,
      text: `forwarded token ${word}`,
    });

    expect((await entriesAs('rita', ritas.number)).map((e) => e.body)).not.toContain(`forwarded token ${word}`);
    const [opened] = await ticketTitled(word);
    expect(opened).toMatchObject({ callerId: null, organizationId: null });
    expect((await entriesAs('marta', opened!.number))[0]).toMatchObject({ authorId: null, authorName: `${MARTA} (unverified sender)` });
  });

  it('refuses a proven agent’s reply into a ticket of an organisation the agent does not serve', async () => {
    // Agnė (Baltic Retail only) really received a mail about Erik's Nordic ticket (a diagram mailed her address).
    const replyTo = await mailedTo(eriks, AGNE);
    const word = `crossing${Date.now()}`;
    const before = await entriesAs('erik', eriks.number);
    const sent = await sender.sendMail({
      from: AGNE,
      to: replyTo,
      subject: `Re: [${eriks.number}] ${word}`,
      text: `not mine to answer ${word}`,
    });

    expect(await entriesAs('erik', eriks.number)).toEqual(before);
    expect(await ticketTitled(word)).toEqual([]);
    expect(await system.adminEm().findOneOrFail(MailMessage, { messageId: sent.messageId })).toMatchObject({
      direction: 'in',
      ticketId: null,
    });
    const audit = await system.adminEm().findOneOrFail(AuditLog, { action: 'mail.refused', entityId: eriks.id });
    expect(audit.after).toMatchObject({ from: AGNE, messageId: sent.messageId, reason: "agne does not serve the ticket's organisation" });
  });

  it('lets the caller reply by mail, and a colleague only through the reply address issued to them', async () => {
    const ritasAddress = await mailedTo(ritas, 'rita@baltic-retail.example');
    await sender.sendMail({
      from: 'rita@baltic-retail.example',
      to: ritasAddress,
      subject: `Re: [${ritas.number}]`,
      text: 'Printer is back, thanks.',
    });
    expect((await entriesAs('rita', ritas.number)).find((e) => e.body === 'Printer is back, thanks.')).toMatchObject({
      authorId: await userId('rita'),
    });

    const word = `colleague${Date.now()}`;
    await sender.sendMail({
      from: 'paulius@baltic-retail.example',
      to: TEST_DESK_ADDRESS,
      subject: `Re: [${ritas.number}] ${word}`,
      text: `mine too ${word}`,
    });
    expect((await entriesAs('rita', ritas.number)).map((e) => e.body)).not.toContain(`mine too ${word}`);
    const [own] = await ticketTitled(word);
    expect(own).toMatchObject({ callerId: await userId('paulius') });

    const pauliusAddress = await mailedTo(ritas, 'paulius@baltic-retail.example');
    await sender.sendMail({
      from: 'paulius@baltic-retail.example',
      to: pauliusAddress,
      subject: `Re: [${ritas.number}]`,
      text: `same here ${word}`,
    });
    await eventually(async () =>
      expect((await entriesAs('rita', ritas.number)).find((e) => e.body === `same here ${word}`)).toMatchObject({
        authorId: await userId('paulius'),
      }),
    );
  });
});
