import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import { TicketLink } from '../../service-catalog/tickets/domain/ticket-link.entity';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { eventually } from '../support/eventually';
import { recordHistoryIfAsked } from '../support/record-history';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';
import { offerService } from '../support/services';

interface TicketView {
  number: string;
  state: string;
  callerId: string | null;
  category: string | null;
  service: string | null;
  impact: string | null;
  urgency: string | null;
  assignmentGroup: string | null;
  processInstanceId: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  sla: { pausedAt: string | null };
}

const ALWAYS_OPEN = {
  timeZone: 'UTC',
  weekly: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
};
const RITA = 'rita@baltic-retail.example';

/**
 * Requesters are treated alike whatever the channel (issue 24, defect 7): a ticket raised in the portal
 * or through the API is acknowledged by mail once, like a mailed-in one; a closed ticket that came back
 * is reopened within the window — the ticket's process starts again for it at its reopen start event,
 * and the diagram, not the API, puts it back in progress — and after the window a follow-up ticket
 * linked to it is raised instead. On the shipped incident diagram, with auto-close shortened to seconds.
 */
describe('acknowledging, reopening and following up tickets', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const processId = `incident_reopen_${tag}`;
  const service = `vpn-${tag}`;

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { incident: processId } });
    await offerService(system, service);
    const as = (method: string, url: string, payload: object) => system.injectAs('marta', { method, url, payload });
    expect(
      (await as('POST', '/decision-definitions', { xml: readFileSync(repoFile('workflows/decisions/priority-matrix.dmn'), 'utf8') }))
        .statusCode,
    ).toBeLessThan(300);
    const calendar = await as('POST', '/business-calendars', { name: `Always ${tag}`, definition: ALWAYS_OPEN });
    const calendarId = (calendar.result as { id: string }).id;
    expect(
      (
        await as('POST', '/sla-policies', {
          name: `P3 ${service}`,
          priority: 'P3',
          service,
          calendarId,
          responseTarget: 'PT2H',
          resolutionTarget: 'PT8H',
          warningPercent: 50,
        })
      ).statusCode,
    ).toBe(201);
    const xml = readFileSync(repoFile('workflows/processes/incident.bpmn'), 'utf8')
      .replace(/"incident"/g, `"${processId}"`)
      .replace(
        '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">=date and time(autoCloseAt)</bpmn:timeDate>',
        '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT2S</bpmn:timeDuration>',
      );
    expect((await as('POST', '/process-definitions', { xml })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await system?.close();
  });

  const get = async (number: string) => (await system.injectAs('tomas', { method: 'GET', url: `/tickets/${number}` })).result as TicketView;
  const inState = (number: string, state: string) =>
    eventually(async () => {
      const t = await get(number);
      if (t.state !== state) throw new Error(`${number} is ${t.state}, not ${state}`);
      return t;
    }, 90_000);
  const raise = async (user: string, payload: object, headers: Record<string, string> = {}) => {
    const res = await system.injectAs(user, {
      method: 'POST',
      url: '/tickets',
      payload: { type: 'incident', description: 'details', ...payload },
      headers,
    });
    expect([200, 201]).toContain(res.statusCode);
    return res.result as TicketView;
  };
  const received = (number: string) =>
    system.mail.sink!.messages.filter((m) => m.subject.includes(`[${number}]`) && /We have received your request/.test(m.subject));
  const agentOf = (t: TicketView) => (t.assignmentGroup === 'network' ? 'agne' : 'tomas');
  const resolveAndClose = async (number: string) => {
    const open = await inState(number, 'in_progress');
    await eventually(async () => {
      const res = await system.injectAs(agentOf(open), {
        method: 'POST',
        url: `/tickets/${number}/actions/resolve`,
        payload: { resolutionCode: 'solved', resolutionNotes: 'Restarted the VPN gateway' },
      });
      if (res.statusCode === 409) throw new Error(`not at Investigate yet: ${(res.result as { message: string }).message}`);
      expect(res.statusCode).toBe(200);
    }, 90_000);
    return inState(number, 'closed');
  };

  it('acknowledges a portal or API ticket once, to its caller, like a mailed-in one', async () => {
    // Rita raises one in the portal; a retry with the same key is the same ticket and no second mail.
    const key = `ack-${tag}`;
    const printer = { title: `Printer jams ${tag}`, category: 'hardware', service, impact: 'low', urgency: 'high' };
    const ticket = await raise('rita', printer, { 'idempotency-key': key });
    await raise('rita', printer, { 'idempotency-key': key });
    const [ack, ...more] = await eventually(() => {
      const found = received(ticket.number);
      if (!found.length) throw new Error('no acknowledgement yet');
      return found;
    });
    expect(more).toEqual([]);
    expect(ack).toMatchObject({ to: RITA });
    expect(ack!.text).toContain(`/portal/tickets/${ticket.number}`);

    // The desk raising one for her acknowledges her too; one without a caller mails nobody.
    const ritaId = ((await system.injectAs('rita', { method: 'GET', url: '/me' })).result as { id: string }).id;
    const forRita = await raise('tomas', {
      title: `Phoned in ${tag}`,
      callerId: ritaId,
      category: 'network',
      service,
      impact: 'low',
      urgency: 'high',
    });
    await eventually(() => expect(received(forRita.number).map((m) => m.to)).toEqual([RITA]));
    const internal = await raise('tomas', { title: `Internal ${tag}`, impact: 'low', urgency: 'high', category: 'network', service });
    await new Promise((r) => setTimeout(r, 500));
    expect(received(internal.number)).toEqual([]);
  });

  it('reopens a closed incident within the window: a new instance of its process puts it back to work', async () => {
    const raised = await raise('rita', { title: `VPN drops ${tag}`, impact: 'low', urgency: 'high', category: 'network', service });
    const closed = await resolveAndClose(raised.number);
    const firstInstance = closed.processInstanceId!;
    expect(closed.closedAt).not.toBeNull();

    // Within the window the portal offers to reopen it, until 14 days after closing.
    const options = (await system.injectAs('rita', { method: 'GET', url: `/tickets/${raised.number}/reopen` })).result as {
      canReopen: boolean;
      reopenUntil: string;
    };
    expect(options).toMatchObject({ canReopen: true, canFollowUp: true, reason: null });
    expect(Date.parse(options.reopenUntil) - Date.parse(closed.closedAt!)).toBe(14 * 24 * 3600_000);
    // Saying what came back is required; someone else of her organisation may not reopen her ticket.
    const bare = await system.injectAs('rita', { method: 'POST', url: `/tickets/${raised.number}/reopen`, payload: {} });
    expect(bare.statusCode).toBe(400);
    expect(bare.result).toMatchObject({ details: [expect.objectContaining({ field: 'payload.comment' })] });
    expect(
      (await system.injectAs('paulius', { method: 'POST', url: `/tickets/${raised.number}/reopen`, payload: { comment: 'x' } })).statusCode,
    ).toBe(403);

    const reopened = await system.injectAs('rita', {
      method: 'POST',
      url: `/tickets/${raised.number}/reopen`,
      payload: { comment: 'It drops again every hour.' },
    });
    expect(reopened.statusCode).toBe(200);
    const newInstance = (reopened.result as TicketView).processInstanceId!;
    expect(newInstance).not.toBe(firstInstance);
    // The API did not flip the state: the process does, and takes back the resolution and closing stamps.
    // The diagram writes the state before it resumes the clock (ReopenClosedTicket, then
    // ResumeSlaAfterClosing): wait for both steps, not only the first.
    await inState(raised.number, 'in_progress');
    await eventually(async () => {
      const t = await get(raised.number);
      expect(t).toMatchObject({
        state: 'in_progress',
        processInstanceId: newInstance,
        resolvedAt: null,
        closedAt: null,
        sla: { pausedAt: null },
      });
      return t;
    }, 30_000);
    const row = await system.adminEm().findOneOrFail(Ticket, { number: raised.number });
    const trail = await system.adminEm().find(AuditLog, { entity: 'Ticket', entityId: row.id }, { orderBy: { id: 'asc' } });
    expect(
      trail.filter((a) => a.action === 'ticket.updated' && (a.after as { state?: string }).state === 'in_progress').map((a) => a.actorName),
    ).toEqual([`system:process ${processId}`, `system:process ${processId}`]);
    expect(trail.map((a) => a.action)).toContain('ticket.reopened');
    const entries = (await system.injectAs('tomas', { method: 'GET', url: `/tickets/${raised.number}/entries` })).result as {
      items: Array<{ body: string }>;
    };
    expect(entries.items.map((e) => e.body)).toContain('It drops again every hour.');
    // Reopening again while it is being worked on is refused.
    const twice = await system.injectAs('rita', { method: 'POST', url: `/tickets/${raised.number}/reopen`, payload: { comment: 'again' } });
    expect(twice.statusCode).toBe(409);

    // The desk works the reopened ticket with its actions, and it closes again, stamped anew.
    const closedAgain = await resolveAndClose(raised.number);
    expect(Date.parse(closedAgain.closedAt!)).toBeGreaterThan(Date.parse(closed.closedAt!));
    await system.client.workflow.getHandle(newInstance).result();
    await recordHistoryIfAsked(system, newInstance, 'incident_reopened_after_closing');
  });

  it('after the window, offers a follow-up ticket linked to the closed one instead', async () => {
    const raised = await raise('rita', { title: `Wi-Fi slow ${tag}`, impact: 'low', urgency: 'high', category: 'network', service });
    await resolveAndClose(raised.number);
    // Closed 15 days ago.
    const em = system.adminEm();
    const row = await em.findOneOrFail(Ticket, { number: raised.number });
    row.closedAt = new Date(Date.now() - 15 * 24 * 3600_000);
    await em.flush();

    const options = (await system.injectAs('rita', { method: 'GET', url: `/tickets/${raised.number}/reopen` })).result as {
      canReopen: boolean;
      canFollowUp: boolean;
      reason: string;
    };
    expect(options).toMatchObject({ canReopen: false, canFollowUp: true });
    expect(options.reason).toMatch(/more than 14 days ago: raise a follow-up ticket/);
    const late = await system.injectAs('rita', {
      method: 'POST',
      url: `/tickets/${raised.number}/reopen`,
      payload: { comment: 'back again' },
    });
    expect(late.statusCode).toBe(409);
    expect((late.result as { message: string }).message).toMatch(/follow-up/);
    expect((await get(raised.number)).state).toBe('closed');

    const followUp = await system.injectAs('rita', {
      method: 'POST',
      url: `/tickets/${raised.number}/follow-up`,
      payload: { description: 'Slow again since Monday.' },
    });
    expect(followUp.statusCode).toBe(201);
    const created = followUp.result as TicketView & { title: string; description: string };
    expect(created).toMatchObject({
      title: `Follow-up to ${raised.number}: Wi-Fi slow ${tag}`,
      description: 'Slow again since Monday.',
      callerId: raised.callerId,
      category: 'network',
      service,
      impact: 'low',
      urgency: 'high',
    });
    const links = (await system.injectAs('rita', { method: 'GET', url: `/tickets/${created.number}/links` })).result as {
      items: Array<{ kind: string; number: string; direction: string }>;
    };
    expect(links.items).toEqual([expect.objectContaining({ kind: 'related', number: raised.number, direction: 'outgoing' })]);
    expect(await em.count(TicketLink, { linkedTicketId: row.id, kind: 'related' })).toBe(1);
    // It runs its own process and is acknowledged like any new ticket.
    await inState(created.number, 'in_progress');
    await eventually(() => expect(received(created.number).map((m) => m.to)).toEqual([RITA]));
    // Only a finished ticket has follow-ups.
    expect(
      (await system.injectAs('rita', { method: 'POST', url: `/tickets/${created.number}/follow-up`, payload: { description: 'x' } }))
        .statusCode,
    ).toBe(409);
  });
});
