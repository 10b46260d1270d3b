// Over 300 lines because its cases share one started system with the mail sink.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ApplicationFailure } from '@temporalio/common';
import type { ServiceTaskInput } from '../../workflows/client';
import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import { User } from '../../service-catalog/identity/domain/user.entity';
import { MailMessage } from '../../service-catalog/mail/domain/mail-message.entity';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { createNotifyActivities } from '../../workflows/activities/notify-activities';
import { eventually } from '../support/eventually';
import { instanceRecord } from '../support/instance-record';
import { repoFile } from '../support/repo-root';
import { TEST_PUBLIC_URL, TestSystem } from '../support/test-system';
import type { Body } from '../support/json-body';
/** Scenario: the desk talks to callers by mail — canned replies, editable templates, and the process's own notify tasks. */
describe('canned responses, mail templates and notifications', () => {
  let system: TestSystem;
  let ticket: { id: string; number: string; title: string; organizationId: string | null };
  const rita = 'rita@baltic-retail.example';

  beforeAll(async () => {
    // Incidents here run no diagram: a process of another test file would otherwise mail about them too.
    system = await TestSystem.start({ ticketProcessIds: { incident: `none_${randomUUID().slice(0, 8)}` } });
    const created = await system.injectAs('rita', {
      method: 'POST',
      url: '/tickets',
      payload: { title: 'Till 3 does not print receipts', description: 'since the update' },
    });
    expect(created.statusCode).toBe(201);
    ticket = created.result as typeof ticket;
  });
  afterAll(async () => {
    await system?.close();
  });

  const as = (username: string) => (method: string, url: string, payload?: object) =>
    system.injectAs(username, { method, url, ...(payload ? { payload } : {}) });
  const [tomas, agne, marta, ritaApi] = ['tomas', 'agne', 'marta', 'rita'].map(as) as [
    ReturnType<typeof as>,
    ReturnType<typeof as>,
    ReturnType<typeof as>,
    ReturnType<typeof as>,
  ];
  /** Every ticket's caller is first told it is registered (`ticket.received`); this file is about the mails after that. */
  const isAcknowledgement = (m: { subject: string }) => m.subject.includes('We have received your request');
  const mailsAbout = (number: string, to?: string) =>
    system.mail.sink!.messages.filter((m) => m.subject.includes(number) && (!to || m.to === to) && !isAcknowledgement(m));
  const newTicket = async (title: string) =>
    (await tomas('POST', '/tickets', { title, description: 'raised by the desk' })).result as typeof ticket;

  describe('canned responses', () => {
    it('lets the desk keep replies with placeholders, refusing unknown ones by name', async () => {
      const created = await tomas('POST', '/canned-responses', {
        title: 'Restart the till first',
        body: 'Hello {{caller.firstName}},\n\nplease restart the till and tell us whether {{ticket.number}} is solved.\n\n{{agent.displayName}}',
        groupKey: 'service-desk',
        category: 'hardware',
      });
      expect(created.statusCode).toBe(201);
      expect(created.result).toMatchObject({
        title: 'Restart the till first',
        groupKey: 'service-desk',
        createdByName: 'Tomas (service desk agent)',
      });

      const unknown = await tomas('POST', '/canned-responses', {
        title: 'Bad',
        body: 'Dear {{caller.fullName}}, about {{ticket.number}} and {{confirmUrl}}',
      });
      expect(unknown.statusCode).toBe(422);
      expect(unknown.result).toMatchObject({
        code: 'INVALID_TEMPLATE',
        details: [
          { field: 'payload.body', code: 'UNKNOWN_PLACEHOLDER', message: 'unknown placeholder {{caller.fullName}}' },
          { field: 'payload.body', code: 'UNKNOWN_PLACEHOLDER', message: 'unknown placeholder {{confirmUrl}}' },
        ],
      });
      const unclosed = await tomas('POST', '/canned-responses', { title: 'Bad', body: 'Hello {{caller.firstName' });
      expect(unclosed.statusCode).toBe(422);
      expect(unclosed.result).toMatchObject({ details: [{ field: 'payload.body', code: 'TEMPLATE_SYNTAX' }] });
      expect((await tomas('POST', '/canned-responses', { title: 'Bad', body: 'x', groupKey: 'no-such-group' })).result).toMatchObject({
        statusCode: 422,
        code: 'UNKNOWN_GROUP',
      });
      expect((await tomas('POST', '/canned-responses', { body: 'no title' })).statusCode).toBe(400);

      const id = (created.result as Body).id;
      const byGroup = (await agne('GET', '/canned-responses?groupKey=service-desk&q=restart')).result as Body;
      expect(byGroup.items.map((r: Body) => r.id)).toContain(id);
      expect((await ritaApi('GET', '/canned-responses')).statusCode).toBe(403);

      // Each agent changes their own; process owners and admins any.
      expect((await agne('PATCH', `/canned-responses/${id}`, { title: 'Mine now' })).result).toMatchObject({
        statusCode: 403,
        code: 'NOT_YOUR_CANNED_RESPONSE',
      });
      expect((await agne('DELETE', `/canned-responses/${id}`)).statusCode).toBe(403);
      expect((await tomas('PATCH', `/canned-responses/${id}`, { category: 'tills' })).result).toMatchObject({ category: 'tills' });
      expect((await marta('PATCH', `/canned-responses/${id}`, { body: '{{ticket.nope}}' })).statusCode).toBe(422);
      expect((await marta('PATCH', `/canned-responses/${id}`, { title: 'Restart the till first (reviewed)' })).statusCode).toBe(200);

      const scratch = ((await agne('POST', '/canned-responses', { title: 'Scratch', body: 'temporary' })).result as Body).id;
      expect((await agne('DELETE', `/canned-responses/${scratch}`)).statusCode).toBe(204);
      expect((await agne('GET', `/canned-responses/${scratch}`)).statusCode).toBe(404);
      const audit = await system.adminEm().find(AuditLog, { entity: 'CannedResponse', entityId: id }, { orderBy: { id: 'asc' } });
      expect(audit.map((a) => [a.action, a.actorName])).toEqual([
        ['cannedResponse.created', 'tomas'],
        ['cannedResponse.updated', 'tomas'],
        ['cannedResponse.updated', 'marta'],
      ]);
    });

    it("turns a canned response into a public reply that is mailed to the caller, threaded on the ticket's mails", async () => {
      const id = (
        (
          await tomas('POST', '/canned-responses', {
            title: 'Restart',
            body: 'Hello {{caller.firstName}}, please restart the till ({{ticket.number}}). {{agent.displayName}}',
          })
        ).result as Body
      ).id;
      const preview = await tomas('POST', `/canned-responses/${id}/render`, { ticketNumber: ticket.number });
      expect(preview.result).toEqual({
        id,
        ticketNumber: ticket.number,
        title: 'Restart',
        body: `Hello Rita, please restart the till (${ticket.number}). Tomas (service desk agent)`,
      });

      const reply = await tomas('POST', `/tickets/${ticket.number}/entries`, { cannedResponseId: id });
      expect(reply.statusCode).toBe(201);
      expect(reply.result).toMatchObject({
        kind: 'reply',
        body: `Hello Rita, please restart the till (${ticket.number}). Tomas (service desk agent)`,
        mail: { to: rita, status: 'sent' },
      });
      const [first] = mailsAbout(ticket.number, rita);
      expect(first).toMatchObject({ subject: `Re: [${ticket.number}] ${ticket.title}` });
      expect(first!.text).toContain(`Hello Rita, please restart the till (${ticket.number}).`);
      expect(first!.text).toContain(`${TEST_PUBLIC_URL}/portal/tickets/${ticket.number}`);

      const second = await tomas('POST', `/tickets/${ticket.number}/entries`, { body: 'Any news from the till?' });
      expect(second.result).toMatchObject({ mail: { to: rita, status: 'sent' } });
      const mails = mailsAbout(ticket.number, rita);
      expect(mails).toHaveLength(2);
      // Threaded after the acknowledgement, which opened the ticket's thread.
      const ack = system.mail.sink!.messages.find((m) => m.subject.includes(ticket.number) && isAcknowledgement(m))!;
      expect(first).toMatchObject({ inReplyTo: ack.messageId, references: [ack.messageId] });
      expect(mails[1]).toMatchObject({ inReplyTo: first!.messageId, references: [ack.messageId, first!.messageId] });

      // Not mailed: the caller's own reply, and internal notes.
      expect((await ritaApi('POST', `/tickets/${ticket.number}/entries`, { body: 'Restarted, still broken.' })).result).toMatchObject({
        mail: null,
      });
      expect((await tomas('POST', `/tickets/${ticket.number}/entries`, { kind: 'note', body: 'ask the vendor' })).result).toMatchObject({
        mail: null,
      });
      expect(mailsAbout(ticket.number, rita)).toHaveLength(2);
      const recorded = await system.adminEm().count(MailMessage, { ticketId: ticket.id, direction: 'out' });
      expect(recorded).toBe(3);

      // Canned responses are the desk's: a requester cannot send one; an unknown one is 404; body and id together are ambiguous.
      expect((await ritaApi('POST', `/tickets/${ticket.number}/entries`, { cannedResponseId: id })).result).toMatchObject({
        statusCode: 400,
        code: 'FIELD_NOT_ALLOWED',
        details: [{ field: 'payload.cannedResponseId' }],
      });
      expect((await tomas('POST', `/tickets/${ticket.number}/entries`, { cannedResponseId: randomUUID() })).statusCode).toBe(404);
      expect((await tomas('POST', `/tickets/${ticket.number}/entries`, { cannedResponseId: id, body: 'both' })).statusCode).toBe(400);
    });
  });

  describe('mail templates', () => {
    it('lists the seeded defaults to process owners and refuses a subject without the ticket number', async () => {
      const list = await marta('GET', '/mail-templates');
      expect(list.statusCode).toBe(200);
      const keys = (list.result as Body).items.map((t: Body) => t.key);
      expect(keys).toEqual(
        expect.arrayContaining([
          'ticket.received',
          'ticket.reply',
          'ticket.resolved',
          'ticket.closed',
          'sla.warning',
          'sla.breached',
          'incident.major',
        ]),
      );
      expect((list.result as Body).placeholders).toEqual(
        expect.arrayContaining(['ticket.number', 'caller.firstName', 'confirmUrl', 'vars.*']),
      );
      for (const t of (list.result as Body).items) expect(t.subject).toContain('{{ticket.number}}');
      const body = (key: string) => (list.result as Body).items.find((t: Body) => t.key === key).body as string;
      expect(body('sla.warning')).toContain('close to its resolution deadline {{ticket.resolutionDueAt}}.');
      expect(body('sla.breached')).toContain('missed its resolution deadline {{ticket.resolutionDueAt}}.');
      expect(body('ticket.resolved')).toContain(
        'is resolved.\n\nWhat we did: {{ticket.resolutionNotes}}\n\nPlease tell us with one click:',
      );

      const noNumber = await marta('PUT', '/mail-templates/ticket.reply', {
        subject: 'Your ticket: {{ticket.title}}',
        body: '{{reply.body}}',
      });
      expect(noNumber.statusCode).toBe(422);
      expect(noNumber.result).toMatchObject({ code: 'SUBJECT_WITHOUT_TICKET_NUMBER', details: [{ field: 'payload.subject' }] });
      const unknown = await marta('PUT', '/mail-templates/ticket.reply', {
        subject: '[{{ticket.number}}]',
        body: 'Owner: {{ticket.owner}}',
      });
      expect(unknown.result).toMatchObject({
        statusCode: 422,
        details: [{ field: 'payload.body', message: 'unknown placeholder {{ticket.owner}}' }],
      });
      expect(
        (await marta('PUT', '/mail-templates/ticket.reply', { subject: '[{{ticket.number}}]\r\nBcc: x@y.z', body: 'x' })).statusCode,
      ).toBe(400);
      expect((await marta('PUT', '/mail-templates/Bad Key', { subject: '[{{ticket.number}}]', body: 'x' })).statusCode).toBe(400);
      expect((await tomas('PUT', '/mail-templates/ticket.reply', { subject: '[{{ticket.number}}]', body: 'x' })).statusCode).toBe(403);
      expect((await tomas('GET', '/mail-templates/ticket.reply')).statusCode).toBe(403);
      expect((await marta('GET', '/mail-templates/no.such')).statusCode).toBe(404);
    });

    it('mails with the edited text, and previews a template or a draft against a ticket', async () => {
      const original = (await marta('GET', '/mail-templates/ticket.reply')).result as Body;
      try {
        const edited = await marta('PUT', '/mail-templates/ticket.reply', {
          subject: 'Answer on [{{ticket.number}}]: {{ticket.title}}',
          body: 'Dear {{caller.firstName}}: {{reply.body}}',
        });
        expect(edited.statusCode).toBe(200);
        expect(edited.result).toMatchObject({ key: 'ticket.reply', updatedBy: 'marta' });
        const target = await newTicketFor('rita', 'Card terminal offline');
        await tomas('POST', `/tickets/${target.number}/entries`, { body: 'We are on it.' });
        expect(mailsAbout(target.number, rita)).toEqual([
          expect.objectContaining({ subject: `Answer on [${target.number}]: Card terminal offline`, text: 'Dear Rita: We are on it.' }),
        ]);
        const audit = await system
          .adminEm()
          .findOneOrFail(AuditLog, { entity: 'MailTemplate', entityId: 'ticket.reply', actorName: 'marta' }, { orderBy: { id: 'desc' } });
        expect(audit).toMatchObject({
          action: 'mailTemplate.updated',
          after: { subject: 'Answer on [{{ticket.number}}]: {{ticket.title}}' },
        });
      } finally {
        await marta('PUT', '/mail-templates/ticket.reply', { subject: original.subject, body: original.body });
      }

      const preview = await marta('POST', '/mail-templates/ticket.resolved/preview', { ticketNumber: ticket.number });
      expect(preview.statusCode).toBe(200);
      const url = `${TEST_PUBLIC_URL}/portal/tickets/${ticket.number}`;
      expect(preview.result).toMatchObject({
        key: 'ticket.resolved',
        ticketNumber: ticket.number,
        subject: `[${ticket.number}] Resolved: ${ticket.title}`,
      });
      expect((preview.result as Body).text).toContain(`Hello Rita,`);
      expect((preview.result as Body).text).toContain(`It works: ${url}?action=confirm\nIt still does not work: ${url}?action=reopen`);

      const draft = await marta('POST', '/mail-templates/change.approved/preview', {
        ticketNumber: ticket.number,
        subject: '[{{ticket.number}}] {{vars.decision}}',
        body: 'Decision: {{vars.decision}} by {{vars.cab.chair}}',
        variables: { decision: 'approved', cab: { chair: 'Marta' } },
      });
      expect(draft.result).toEqual({
        key: 'change.approved',
        ticketNumber: ticket.number,
        subject: `[${ticket.number}] approved`,
        text: 'Decision: approved by Marta',
      });
      expect(
        (await marta('POST', '/mail-templates/change.approved/preview', { ticketNumber: ticket.number, subject: 'no number', body: 'x' }))
          .statusCode,
      ).toBe(422);
      expect((await marta('POST', '/mail-templates/change.approved/preview', { ticketNumber: ticket.number })).statusCode).toBe(404);
      expect((await marta('POST', '/mail-templates/ticket.resolved/preview', { ticketNumber: 'INC9999999' })).statusCode).toBe(404);

      const key = `test.created-${randomUUID().slice(0, 8)}`;
      expect((await marta('PUT', `/mail-templates/${key}`, { subject: '[{{ticket.number}}] new', body: 'new' })).statusCode).toBe(201);
      expect((await marta('PUT', `/mail-templates/${key}`, { subject: '[{{ticket.number}}] newer', body: 'newer' })).statusCode).toBe(200);
    });
  });

  describe('the notify task', () => {
    const fixture = readFileSync(repoFile('test', 'fixtures', 'notify-caller.bpmn'), 'utf8');
    const deployNotify = async (headers: { template?: string; to?: string } = {}) => {
      const processId = `notify_${randomUUID().slice(0, 8)}`;
      let xml = fixture.replace(/"notify_caller"/g, `"${processId}"`);
      if (headers.template) xml = xml.replace('value="ticket.resolved"', `value="${headers.template}"`);
      if (headers.to) xml = xml.replace('value="caller"', `value="${headers.to}"`);
      const res = await marta('POST', '/process-definitions', { xml });
      expect(res.statusCode).toBe(201);
      return processId;
    };
    // The instance belongs to the ticket's organisation: its tasks see no other.
    const startFor = async (processId: string, target: { id: string; number: string; organizationId: string | null }) => {
      const res = await marta('POST', '/process-instances', {
        processId,
        businessKey: target.number,
        organizationId: target.organizationId,
        variables: { ticketId: target.id, ticketNumber: target.number },
      });
      expect(res.statusCode).toBe(201);
      return (res.result as Body).id as string;
    };
    const instance = async (id: string) => (await marta('GET', `/process-instances/${id}`)).result as Body;
    const notify = createNotifyActivities({ orm: undefined as never, mail: undefined }).notify;
    let directProcessId: string;
    beforeAll(async () => {
      directProcessId = await deployNotify();
    });
    /** The task called directly, for an instance of the named ticket's organisation (unless the input names one). */
    const run = async (input: Partial<ServiceTaskInput> & { headers: Record<string, string>; variables: Record<string, unknown> }) => {
      const named =
        typeof input.variables.ticketId === 'string' ? await system.adminEm().findOne(Ticket, { id: input.variables.ticketId }) : null;
      const processInstanceId = input.processInstanceId ?? (await instanceRecord(system, directProcessId, named?.organizationId ?? null));
      return createNotifyActivities({ orm: system.orm, mail: system.mail.outgoing }).notify({
        processId: 'direct',
        elementId: 'Notify',
        elementInstanceKey: 7,
        ...input,
        processInstanceId,
      });
    };

    it('mails the caller from a service task of a deployed diagram, through the real worker', async () => {
      const target = await newTicketFor('rita', 'Shelf labels print blank');
      const id = await startFor(await deployNotify(), target);
      await eventually(async () => expect((await instance(id)).status).toBe('COMPLETED'));
      const [mail] = mailsAbout(target.number, rita);
      expect(mail).toMatchObject({ subject: `[${target.number}] Resolved: Shelf labels print blank` });
      const url = `${TEST_PUBLIC_URL}/portal/tickets/${target.number}`;
      expect(mail!.text).toContain(`It works: ${url}?action=confirm`);
      expect(mail!.text).toContain(`It still does not work: ${url}?action=reopen`);
    });

    it('fills {{vars.x}} from the process, mails a group only where members may see the ticket, and sends once however often it runs', async () => {
      const key = `test.status-${randomUUID().slice(0, 8)}`;
      expect(
        (
          await marta('PUT', `/mail-templates/${key}`, {
            subject: '[{{ticket.number}}] Status: {{vars.status}}',
            body: 'Hello {{recipient.firstName}}, {{ticket.number}} is {{vars.status}}.',
          })
        ).statusCode,
      ).toBe(201);
      const input = {
        processInstanceId: await instanceRecord(system, directProcessId, ticket.organizationId),
        elementInstanceKey: 42,
        headers: { template: key, to: 'group:field-service' },
        variables: { ticketId: ticket.id, status: 'waiting for the vendor' },
      };
      await run(input);
      await run(input); // a retry after the mail went out: nothing more is sent
      // Ieva serves Baltic Retail (the ticket's organisation); Lukas, in the same group, serves only Nordic Logistics.
      expect(mailsAbout(ticket.number).filter((m) => m.subject.includes('Status:'))).toEqual([
        expect.objectContaining({
          to: 'ieva@flowdesk.example',
          subject: `[${ticket.number}] Status: waiting for the vendor`,
          text: `Hello Ieva, ${ticket.number} is waiting for the vendor.`,
        }),
      ]);
      expect(await system.adminEm().count(MailMessage, { ticketId: ticket.id, subject: { $like: '%Status:%' } })).toBe(1);

      // The same task in another element instance (e.g. after a reopen) is a new mail.
      await run({ ...input, elementInstanceKey: 43 });
      expect(mailsAbout(ticket.number).filter((m) => m.subject.includes('Status:'))).toHaveLength(2);
    });

    it('never mails a caller or assignee the ticket names who may not see it (another organisation’s)', async () => {
      const erik = (await system.adminEm().findOneOrFail(User, { username: 'erik' })).id;
      const lukas = (await system.adminEm().findOneOrFail(User, { username: 'lukas' })).id;
      // Rows as older data (or a desk's slip) may hold them: a Baltic ticket naming Nordic people.
      const target = await newTicketFor('rita', 'Receipt printer misfeeds');
      await system.adminEm().nativeUpdate(Ticket, { id: target.id }, { callerId: erik, assigneeId: lukas });
      for (const to of ['caller', 'assignee']) {
        const err = await run({ headers: { template: 'ticket.resolved', to }, variables: { ticketId: target.id } }).then(
          () => null,
          (e: unknown) => e as ApplicationFailure,
        );
        expect({ type: err?.type, nonRetryable: err?.nonRetryable }).toEqual({ type: 'NO_RECIPIENT', nonRetryable: true });
      }
      expect(mailsAbout(target.number)).toEqual([]);
    });

    it('fails without retrying when there is no template, nobody to mail or a bad header', async () => {
      const noCaller = await newTicket('Backup job failed');
      const failure = (promise: Promise<unknown>) =>
        promise.then(
          () => null,
          (err: unknown) => err as ApplicationFailure,
        );
      const cases: Array<
        [Partial<ServiceTaskInput> & { headers: Record<string, string>; variables: Record<string, unknown> }, string, RegExp]
      > = [
        [
          { headers: { template: 'no.such.template', to: 'caller' }, variables: { ticketId: ticket.id } },
          'MAIL_TEMPLATE_NOT_FOUND',
          /there is no mail template "no\.such\.template"/,
        ],
        [
          { headers: { template: 'ticket.resolved', to: 'caller' }, variables: { ticketId: noCaller.id } },
          'NO_RECIPIENT',
          /"to: caller" names nobody with an e-mail address for /,
        ],
        [
          { headers: { template: 'ticket.resolved', to: 'group:no-such-group' }, variables: { ticketId: ticket.id } },
          'INVALID_RECIPIENT',
          /there is no group "no-such-group"/,
        ],
        [
          { headers: { template: 'ticket.resolved', to: 'role:boss' }, variables: { ticketId: ticket.id } },
          'INVALID_RECIPIENT',
          /names no role/,
        ],
        [
          { headers: { template: 'ticket.resolved', to: 'not an address' }, variables: { ticketId: ticket.id } },
          'INVALID_RECIPIENT',
          /is not a recipient/,
        ],
        [{ headers: { to: 'caller' }, variables: { ticketId: ticket.id } }, 'MISSING_HEADER', /needs a "template" task header/],
        [{ headers: { template: 'ticket.resolved' }, variables: { ticketId: ticket.id } }, 'MISSING_HEADER', /needs a "to" task header/],
        [{ headers: { template: 'ticket.resolved', to: 'caller' }, variables: {} }, 'TICKET_NOT_FOUND', /has no ticket/],
      ];
      for (const [input, type, message] of cases) {
        const err = await failure(run(input));
        expect({ type: err?.type, nonRetryable: err?.nonRetryable }).toEqual({ type, nonRetryable: true });
        expect(err!.message).toMatch(message);
      }
      const unconfigured = await failure(
        notify({
          processInstanceId: 'x',
          processId: 'x',
          elementId: 'Notify',
          elementInstanceKey: 1,
          headers: { template: 'ticket.resolved', to: 'caller' },
          variables: {},
        }),
      );
      expect(unconfigured).toMatchObject({ type: 'MAIL_NOT_CONFIGURED', nonRetryable: true });

      // Through the worker, the same failure is an incident on the task for the process owner.
      const id = await startFor(await deployNotify({ template: 'no.such.template' }), ticket);
      const incident = await eventually(async () => {
        const found = (await instance(id)).incidents[0];
        if (!found) throw new Error('no incident yet');
        return found as Body;
      });
      expect(incident).toMatchObject({
        elementId: 'NotifyResolved',
        message: expect.stringContaining('there is no mail template "no.such.template"'),
      });
    });
  });

  async function newTicketFor(username: string, title: string) {
    const res = await system.injectAs(username, { method: 'POST', url: '/tickets', payload: { title } });
    expect(res.statusCode).toBe(201);
    return res.result as typeof ticket;
  }
});
