// Over 300 lines because it plays the incident scenario end to end on one started system.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createTransport, type Transporter } from 'nodemailer';
import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import type { MailSystem } from '../../service-catalog/mail/mail-system';
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
  priority: string | null;
  assignmentGroup: string | null;
  assigneeId: string | null;
  version: number;
  resolutionCode: string | null;
  sla: {
    policy: string | null;
    resolutionDueAt: string | null;
    pausedAt: string | null;
    pausedMs: number;
    warnedAt: string | null;
    breachedAt: string | null;
    firstRespondedAt: string | null;
  };
}

const ALWAYS_OPEN = {
  timeZone: 'UTC',
  weekly: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
};

/**
 * Scenario 1 through the API, on the shipped incident diagram (under a process id of its own, with
 * the 3-business-day auto-close shortened to seconds): priority from the matrix, SLA clock, routing,
 * awaiting caller pausing the clock, a reply by portal and by mail resuming it, resolve, reopen,
 * resolve, silence closes it; SLA warning and breach on a short policy; the P1 branch.
 */
describe('the ITIL incident process', () => {
  let system: TestSystem;
  let mail: MailSystem;
  let sender: Transporter;
  const tag = randomUUID().slice(0, 8);
  const processId = `incident_lc_${tag}`;
  const desk = 'desk@flowdesk.localhost';
  const calm = `vpn-${tag}`; // long targets: nothing breaches while the test runs
  const hurried = `wms-${tag}`; // seconds: warning and breach fire during the test

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { incident: processId }, mailIntake: true });
    await offerService(system, calm);
    await offerService(system, hurried);
    mail = system.mail;
    sender = createTransport({ host: '127.0.0.1', port: mail.inboundPort!, secure: false, ignoreTLS: true });
    const as = (method: string, url: string, payload: object) => system.injectAs('marta', { method, url, payload });
    expect(
      (await as('POST', '/decision-definitions', { xml: readFileSync(repoFile('workflows/decisions/priority-matrix.dmn'), 'utf8') }))
        .statusCode,
    ).toBeLessThan(300);
    const calendar = await as('POST', '/business-calendars', { name: `Always ${tag}`, definition: ALWAYS_OPEN });
    const calendarId = (calendar.result as { id: string }).id;
    for (const [service, response, resolution] of [
      [calm, 'PT2H', 'PT8H'],
      [hurried, 'PT2S', 'PT4S'],
    ] as const) {
      for (const priority of ['P1', 'P2', 'P3', 'P5']) {
        const created = await as('POST', '/sla-policies', {
          name: `${priority} ${service}`,
          priority,
          service,
          calendarId,
          responseTarget: response,
          resolutionTarget: resolution,
          warningPercent: 50,
        });
        expect(created.statusCode).toBe(201);
      }
    }
    const xml = readFileSync(repoFile('workflows/processes/incident.bpmn'), 'utf8')
      .replace(/"incident"/g, `"${processId}"`)
      .replace(
        '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">=date and time(autoCloseAt)</bpmn:timeDate>',
        '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT3S</bpmn:timeDuration>',
      );
    expect(xml).toContain('PT3S');
    expect((await as('POST', '/process-definitions', { xml })).statusCode).toBe(201);
  });
  afterAll(async () => {
    sender?.close();
    await system?.close();
  });

  const get = async (number: string) => (await system.injectAs('tomas', { method: 'GET', url: `/tickets/${number}` })).result as TicketView;
  const inState = (number: string, state: string) =>
    eventually(async () => {
      const t = await get(number);
      if (t.state !== state) throw new Error(`${number} is ${t.state}, not ${state}`);
      return t;
      // Several activities lie between two states (e.g. resume clock → mark in progress); on a loaded
      // 2-core machine running every suite at once each can take seconds (see the load benchmark).
    }, 90_000);
  const act = (user: string, number: string, action: string, payload: object = {}) =>
    system.injectAs(user, { method: 'POST', url: `/tickets/${number}/actions/${action}`, payload });
  const raise = async (user: string, payload: object) => {
    const res = await system.injectAs(user, {
      method: 'POST',
      url: '/tickets',
      payload: { type: 'incident', description: 'details', ...payload },
    });
    expect(res.statusCode).toBe(201);
    return (res.result as TicketView).number;
  };
  const mailsAbout = (number: string) => mail.sink!.messages.filter((m) => m.subject.includes(`[${number}]`));
  const mailed = (number: string, subject: RegExp, to?: string) =>
    eventually(() => {
      const found = mailsAbout(number).filter((m) => subject.test(m.subject) && (!to || m.to.includes(to)));
      if (!found.length)
        throw new Error(
          `no mail "${subject}" about ${number} yet; got ${mailsAbout(number)
            .map((m) => m.subject)
            .join(' | ')}`,
        );
      return found;
    }, 90_000);
  const trail = async (number: string) => {
    const row = await system.adminEm().findOneOrFail(Ticket, { number });
    return (await system.adminEm().find(AuditLog, { entity: 'Ticket', entityId: row.id }, { orderBy: { id: 'asc' } })).map((a) => a.action);
  };

  it('runs an incident from the portal to closure: matrix priority, routing, paused clock while awaiting the caller, reopen, auto-close', async () => {
    const number = await raise('rita', { title: `VPN fails ${tag}`, impact: 'low', urgency: 'high', category: 'network', service: calm });
    // low impact × high urgency is P3; the clock starts on the service's policy; the ticket waits in a group queue.
    const open = await inState(number, 'in_progress');
    expect(open).toMatchObject({ priority: 'P3', sla: { policy: `P3 ${calm}`, pausedAt: null } });
    expect(open.assignmentGroup).toEqual(expect.any(String));
    const agent = open.assignmentGroup === 'network' ? 'agne' : 'tomas';

    // Nothing to resolve for a requester; an agent of another group is refused.
    expect((await act('rita', number, 'resolve', { resolutionCode: 'solved', resolutionNotes: 'x' })).statusCode).toBe(403);
    const stranger = agent === 'agne' ? 'tomas' : 'agne';
    expect((await act(stranger, number, 'resolve', { resolutionCode: 'solved', resolutionNotes: 'x' })).statusCode).toBe(403);

    // The agent asks Rita; the clock stops.
    const asked = await act(agent, number, 'await-caller', { reply: 'Which VPN client version do you use?' });
    expect(asked.statusCode).toBe(200);
    const waiting = await inState(number, 'awaiting_caller');
    await eventually(async () => expect((await get(number)).sla.pausedAt).not.toBeNull());
    expect(waiting.sla.firstRespondedAt).not.toBeNull();
    const dueBefore = (await get(number)).sla.resolutionDueAt!;
    // While the process waits for Rita, resolving is not on offer, and says where it waits.
    const early = await act(agent, number, 'resolve', { resolutionCode: 'solved', resolutionNotes: 'x' });
    expect(early.statusCode).toBe(409);
    expect((early.result as { message: string }).message).toMatch(/cannot be "resolve" now/);

    // Rita answers in the portal: the process resumes, the deadline moves by the paused time.
    await new Promise((r) => setTimeout(r, 1100));
    expect(
      (await system.injectAs('rita', { method: 'POST', url: `/tickets/${number}/entries`, payload: { body: 'Version 5.2' } })).statusCode,
    ).toBe(201);
    const resumed = await inState(number, 'in_progress');
    expect(resumed.sla.pausedAt).toBeNull();
    expect(resumed.sla.pausedMs).toBeGreaterThanOrEqual(1000);
    expect(Date.parse(resumed.sla.resolutionDueAt!) - Date.parse(dueBefore)).toBe(resumed.sla.pausedMs);

    // Resolve; Rita says it does not work: reopened; resolved again; her silence closes it.
    expect(
      (await act(agent, number, 'resolve', { resolutionCode: 'workaround', resolutionNotes: 'Reinstalled the client' })).statusCode,
    ).toBe(200);
    await inState(number, 'resolved');
    const reopened = await system.injectAs('rita', {
      method: 'POST',
      url: `/tickets/${number}/confirmation`,
      payload: { confirmed: false, comment: 'Still fails at home' },
    });
    expect(reopened.statusCode).toBe(200);
    await inState(number, 'in_progress');
    expect((await act(agent, number, 'resolve', { resolutionCode: 'solved', resolutionNotes: 'New certificate issued' })).statusCode).toBe(
      200,
    );
    const resolved = await inState(number, 'resolved');
    expect(resolved.resolutionCode).toBe('solved');
    // Confirming twice is not possible: after closing, nothing waits for it.
    const closed = await inState(number, 'closed');
    expect(closed.sla.pausedAt).not.toBeNull();
    const late = await system.injectAs('rita', { method: 'POST', url: `/tickets/${number}/confirmation`, payload: { confirmed: true } });
    expect(late.statusCode).toBe(409);

    // Her portal list holds her own tickets only.
    const mine = (await system.injectAs('rita', { method: 'GET', url: '/tickets?caller=me&limit=100' })).result as {
      items: Array<{ number: string; callerId: string }>;
    };
    expect(mine.items.map((t) => t.number)).toContain(number);
    const ritaId = ((await system.injectAs('rita', { method: 'GET', url: '/me' })).result as { id: string }).id;
    expect(mine.items.every((t) => t.callerId === ritaId)).toBe(true);

    // Rita was told twice that it is resolved (with the links to answer) and once that it is closed, with the survey.
    const resolvedMails = await mailed(number, /Resolved:/, 'rita@baltic-retail.example');
    expect(resolvedMails).toHaveLength(2);
    expect(resolvedMails[0]!.text).toContain(number);
    await mailed(number, /Closed:/, 'rita@baltic-retail.example');
    // The agent's question reached her by mail too, threaded by number.
    await mailed(number, /^Re: /, 'rita@baltic-retail.example');

    const actions = await trail(number);
    for (const expected of [
      'ticket.created',
      'ticket.action.await-caller',
      'ticket.sla.paused',
      'ticket.sla.resumed',
      'ticket.action.resolve',
    ])
      expect(actions).toContain(expected);

    // The shipped process, start to end: its history guards the incident process against determinism breaks.
    const instanceId = (await system.adminEm().findOneOrFail(Ticket, { number })).processInstanceId!;
    await system.client.workflow.getHandle(instanceId).result();
    await recordHistoryIfAsked(system, instanceId, 'incident_lifecycle');
  });

  it('threads a mailed reply onto the ticket and resumes the waiting process', async () => {
    const number = await raise('rita', { title: `Mail reply ${tag}`, impact: 'low', urgency: 'high', category: 'network', service: calm });
    const open = await inState(number, 'in_progress');
    const agent = open.assignmentGroup === 'network' ? 'agne' : 'tomas';
    expect((await act(agent, number, 'await-caller', { reply: 'Please restart and tell me.' })).statusCode).toBe(200);
    await inState(number, 'awaiting_caller');
    await sender.sendMail({
      from: 'rita@baltic-retail.example',
      to: desk,
      subject: `Re: [${number}] your request`,
      text: 'Restarted, still broken.',
    });
    await inState(number, 'in_progress');
    const entries = (await system.injectAs('agne', { method: 'GET', url: `/tickets/${number}/entries` })).result as {
      items: Array<{ body: string }>;
    };
    expect(entries.items.map((e) => e.body)).toContain('Restarted, still broken.');
  });

  it('records an SLA warning and a breach once each, from the boundary timers on the work subprocess', async () => {
    const number = await raise('tomas', {
      title: `Scanner down ${tag}`,
      impact: 'low',
      urgency: 'high',
      category: 'hardware',
      service: hurried,
    });
    const breached = await eventually(async () => {
      const t = await get(number);
      if (!t.sla.breachedAt) throw new Error('not breached yet');
      return t;
    }, 30_000);
    expect(breached.sla.warnedAt).not.toBeNull();
    expect(Date.parse(breached.sla.warnedAt!)).toBeLessThanOrEqual(Date.parse(breached.sla.breachedAt!));
    // Breaching-soon lists it for its group (overdue counts), soonest first.
    const queue = (await system.injectAs('marta', { method: 'GET', url: '/tickets?queue=breaching-soon&limit=100' })).result as {
      items: TicketView[];
    };
    expect(queue.items.map((t) => t.number)).toContain(number);
    // One warning and one breach mail to the group, however often the timers are armed.
    expect(await mailed(number, /SLA warning/, 'tomas@flowdesk.example')).toHaveLength(1);
    expect(await mailed(number, /SLA breached/, 'tomas@flowdesk.example')).toHaveLength(1);
  });

  it('runs the major-incident branch at once for a P1 the desk raised: a linked problem is opened', async () => {
    const number = await raise('tomas', { title: `Site down ${tag}`, impact: 'high', urgency: 'high', category: 'network', service: calm });
    const open = await inState(number, 'in_progress');
    expect(open.priority).toBe('P1');
    const row = await system.adminEm().findOneOrFail(Ticket, { number });
    const link = await eventually(async () => system.adminEm().findOneOrFail(TicketLink, { ticketId: row.id, kind: 'caused_by' }));
    const problem = await system.adminEm().findOneOrFail(Ticket, { id: link.linkedTicketId });
    expect(problem.number).toMatch(/^PRB\d{7}$/);
    const links = (await system.injectAs('tomas', { method: 'GET', url: `/tickets/${number}/links` })).result as {
      items: Array<{ kind: string; number: string }>;
    };
    expect(links.items).toEqual([expect.objectContaining({ kind: 'caused_by', number: problem.number, direction: 'outgoing' })]);
    // The major-incident managers (Marta) are paged by mail.
    await mailed(number, /Major incident:/, 'marta@flowdesk.example');
  });

  describe('a P1 from a requester is provisional until the service desk confirms it', () => {
    const waitsAtConfirmation = async (number: string) => {
      const instanceId = (await system.adminEm().findOneOrFail(Ticket, { number })).processInstanceId!;
      await eventually(async () => {
        const active = (
          (await system.injectAs('tomas', { method: 'GET', url: `/process-instances/${instanceId}` })).result as {
            activeElementIds: string[];
          }
        ).activeElementIds;
        if (!active.includes('ConfirmMajorIncident')) throw new Error(`${number} waits at ${active.join(', ')}`);
      }, 90_000);
    };
    const linksOf = async (number: string) =>
      system.adminEm().count(TicketLink, { ticketId: (await system.adminEm().findOneOrFail(Ticket, { number })).id });
    const paged = (number: string) => mailsAbout(number).filter((m) => /Major incident:/.test(m.subject));

    it('waits for an agent with no page and no problem; the agent confirms: paged, linked problem, P1', async () => {
      const number = await raise('rita', {
        title: `Whole store offline ${tag}`,
        impact: 'high',
        urgency: 'high',
        category: 'network',
        service: calm,
      });
      await waitsAtConfirmation(number);
      expect(await get(number)).toMatchObject({ state: 'new', priority: null });
      expect(paged(number)).toEqual([]);
      expect(await linksOf(number)).toBe(0);
      // Only the service desk decides: not the requester, not an agent of another group.
      expect((await act('rita', number, 'confirm-major', { decision: 'confirm' })).statusCode).toBe(403);
      expect((await act('agne', number, 'confirm-major', { decision: 'confirm' })).statusCode).toBe(403);
      expect((await act('tomas', number, 'confirm-major', { decision: 'maybe' })).statusCode).toBe(400);

      expect(
        (await act('tomas', number, 'confirm-major', { decision: 'confirm', reason: 'Every till in the store is down' })).statusCode,
      ).toBe(200);
      expect(await inState(number, 'in_progress')).toMatchObject({ priority: 'P1' });
      await mailed(number, /Major incident:/, 'marta@flowdesk.example');
      expect(await linksOf(number)).toBe(1);
      expect(await trail(number)).toContain('ticket.action.confirm-major');
    });

    it('an agent downgrades it: P2, worked as usual, nobody paged and no problem opened', async () => {
      const number = await raise('rita', {
        title: `One till offline ${tag}`,
        impact: 'high',
        urgency: 'high',
        category: 'network',
        service: calm,
      });
      await waitsAtConfirmation(number);
      expect((await act('tomas', number, 'confirm-major', { decision: 'downgrade', reason: 'One till of twelve' })).statusCode).toBe(200);
      // In progress means the P1 branch, which lies before the work, was passed by or not.
      expect(await inState(number, 'in_progress')).toMatchObject({ priority: 'P2', sla: { policy: `P2 ${calm}` } });
      expect(paged(number)).toEqual([]);
      expect(await linksOf(number)).toBe(0);
      // Nothing more to decide.
      expect((await act('tomas', number, 'confirm-major', { decision: 'confirm' })).statusCode).toBe(409);
    });

    it('needs no confirmation when the desk set impact and urgency itself', async () => {
      const number = await raise('rita', { title: `Card payments down ${tag}`, service: calm });
      await eventually(async () => {
        const res = await act('tomas', number, 'categorise', { category: 'network', impact: 'high', urgency: 'high' });
        if (res.statusCode === 409) throw new Error('not at Categorise yet');
        expect(res.statusCode).toBe(200);
      });
      expect(await inState(number, 'in_progress')).toMatchObject({ priority: 'P1' });
      await mailed(number, /Major incident:/, 'marta@flowdesk.example');
    });
  });

  it("asks for categorisation when the caller left it out, and prioritises from the agent's answer", async () => {
    const number = await raise('rita', { title: `Something broke ${tag}`, service: calm });
    await eventually(async () => {
      const res = await act('tomas', number, 'categorise', { category: 'network', impact: 'low', urgency: 'high' });
      if (res.statusCode === 409) throw new Error('not at Categorise yet');
      expect(res.statusCode).toBe(200);
    });
    expect(await inState(number, 'in_progress')).toMatchObject({ priority: 'P3' });
    const bad = await act('tomas', number, 'categorise', { category: 'network', impact: 'huge', urgency: 'high' });
    expect(bad.statusCode).toBe(400);
  });

  it('reassigns with history, refusing an agent outside the group and a stale version', async () => {
    const number = await raise('tomas', { title: `Reassign ${tag}`, impact: 'low', urgency: 'low', category: 'hardware', service: calm });
    const t = await inState(number, 'in_progress');
    const agne = (await system.injectAs('agne', { method: 'GET', url: '/me' })).result as { id: string };
    const outsider = await system.injectAs('tomas', {
      method: 'POST',
      url: `/tickets/${number}/assignment`,
      payload: { version: t.version, assignmentGroup: 'service-desk', assigneeId: agne.id },
    });
    expect(outsider.statusCode).toBe(400);
    expect(outsider.result).toMatchObject({ details: [expect.objectContaining({ field: 'payload.assigneeId' })] });
    const moved = await system.injectAs('tomas', {
      method: 'POST',
      url: `/tickets/${number}/assignment`,
      payload: { version: t.version, assignmentGroup: 'network', assigneeId: agne.id },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.result).toMatchObject({ assignmentGroup: 'network', assigneeId: agne.id });
    const stale = await system.injectAs('tomas', {
      method: 'POST',
      url: `/tickets/${number}/assignment`,
      payload: { version: t.version, assigneeId: null },
    });
    expect(stale.statusCode).toBe(409);
    // Agnė can now resolve it; the audit trail keeps who had it before.
    expect((await act('agne', number, 'resolve', { resolutionCode: 'solved', resolutionNotes: 'Cable replaced' })).statusCode).toBe(200);
    const row = await system.adminEm().findOneOrFail(Ticket, { number });
    const updates = await system
      .adminEm()
      .find(AuditLog, { entity: 'Ticket', entityId: row.id, action: 'ticket.updated', actorName: 'tomas' });
    expect(updates.map((u) => u.after)).toContainEqual(expect.objectContaining({ assignmentGroup: 'network', assigneeId: agne.id }));
  });
});
