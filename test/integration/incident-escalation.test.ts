import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { MailSystem } from '../../service-catalog/mail/mail-system';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { eventually } from '../support/eventually';
import { recordHistoryIfAsked } from '../support/record-history';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';
import { offerService } from '../support/services';

interface TicketView {
  number: string;
  state: string;
  assignmentGroup: string | null;
  sla: { responseBreachedAt: string | null; firstRespondedAt: string | null };
}

const ALWAYS_OPEN = {
  timeZone: 'UTC',
  weekly: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
};

/**
 * The incident process's response timer and the SLA policy's escalation levels, on the shipped diagram
 * with a policy of seconds: the missed first response is stamped and mailed, each level is mailed to
 * its recipient, and when work resumes (the timers armed again, all already due) none is mailed twice.
 */
describe('incident escalation', () => {
  let system: TestSystem;
  let mail: MailSystem;
  const tag = randomUUID().slice(0, 8);
  const processId = `incident_esc_${tag}`;
  const service = `pos-${tag}`;
  const lead = `lead-${tag}@example.test`;
  const owner = `owner-${tag}@example.test`;

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { incident: processId } });
    await offerService(system, service);
    mail = system.mail;
    const as = (method: string, url: string, payload: object) => system.injectAs('marta', { method, url, payload });
    const dmn = readFileSync(repoFile('workflows/decisions/priority-matrix.dmn'), 'utf8');
    expect((await as('POST', '/decision-definitions', { xml: dmn })).statusCode).toBeLessThan(300);
    const calendarId = (
      (await as('POST', '/business-calendars', { name: `Always ${tag}`, definition: ALWAYS_OPEN })).result as { id: string }
    ).id;
    const refused = await as('POST', '/sla-policies', {
      name: `Bad ${tag}`,
      service,
      calendarId,
      responseTarget: 'PT2S',
      resolutionTarget: 'PT8S',
      escalations: [{ percent: 50, notify: 'nobody at all' }],
    });
    expect(refused.statusCode).toBe(400);
    expect((refused.result as { details: Array<{ field: string }> }).details[0]!.field).toBe('payload.escalations[0].notify');
    const created = await as('POST', '/sla-policies', {
      name: `Escalating ${tag}`,
      service,
      calendarId,
      responseTarget: 'PT2S',
      resolutionTarget: 'PT8S',
      escalations: [
        { percent: 100, notify: owner },
        { percent: 25, notify: 'assignee-or-group' },
        { percent: 50, notify: lead },
      ],
    });
    expect(created.statusCode).toBe(201);
    expect((created.result as { escalations: unknown[] }).escalations).toHaveLength(3);
    const xml = readFileSync(repoFile('workflows/processes/incident.bpmn'), 'utf8').replace(/"incident"/g, `"${processId}"`);
    const deployed = await as('POST', '/process-definitions', { xml });
    expect({ status: deployed.statusCode, body: deployed.statusCode === 201 ? null : deployed.result }).toEqual({
      status: 201,
      body: null,
    });
  });
  afterAll(async () => {
    await system?.close();
  });

  const get = async (number: string) => (await system.injectAs('marta', { method: 'GET', url: `/tickets/${number}` })).result as TicketView;
  const mails = (number: string, subject: RegExp) =>
    mail.sink!.messages.filter((m) => m.subject.includes(`[${number}]`) && subject.test(m.subject));
  const escalateRuns = async (instanceId: string) => {
    const history = await system.client.workflow.getHandle(instanceId).fetchHistory();
    return (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sla-escalate').length;
  };

  it('stamps and mails a missed first response, mails each escalation level once, and never again when work resumes', async () => {
    const raised = await system.injectAs('rita', {
      method: 'POST',
      url: '/tickets',
      payload: {
        type: 'incident',
        title: `Tills offline ${tag}`,
        description: 'details',
        impact: 'medium',
        urgency: 'medium',
        category: 'hardware',
        service,
      },
    });
    expect(raised.statusCode).toBe(201);
    const number = (raised.result as TicketView).number;

    // Nobody answered within the response target: stamped once, the group (or assignee) told.
    const breached = await eventually(async () => {
      const t = await get(number);
      if (!t.sla.responseBreachedAt) throw new Error('no response breach yet');
      return t;
    }, 90_000);
    expect(breached.sla.firstRespondedAt).toBeNull();
    // The group (nobody has taken the ticket) hears of it: each member once.
    const once = (subject: RegExp) => {
      const to = mails(number, subject).map((m) => m.to);
      expect(new Set(to).size).toBe(to.length);
      return to.length;
    };
    await eventually(() => expect(once(/First response overdue/)).toBeGreaterThan(0), 90_000);

    // The levels by share of the resolution time: 25 % the group, 50 % the lead, 100 % the owner.
    const levels: Array<[number, string | null]> = [
      [1, null],
      [2, lead],
      [3, owner],
    ];
    for (const [level, to] of levels)
      await eventually(() => {
        const found = mails(number, new RegExp(`Escalation level ${level} `));
        expect(found.length).toBeGreaterThan(0);
        if (to) expect(found.map((m) => m.to)).toEqual([expect.stringContaining(to)]);
      }, 90_000);

    // Work goes on after the caller answers: every timer is armed again, already due, and mails nobody twice.
    const instanceId = (await system.adminEm().findOneOrFail(Ticket, { number })).processInstanceId!;
    await eventually(async () => expect(await escalateRuns(instanceId)).toBe(4), 90_000);
    const subjects = [/First response overdue/, ...levels.map(([level]) => new RegExp(`Escalation level ${level} `))];
    const before = subjects.map(once);
    const agent = breached.assignmentGroup === 'network' ? 'agne' : 'tomas';
    expect(
      (await system.injectAs(agent, { method: 'POST', url: `/tickets/${number}/actions/await-caller`, payload: { reply: 'Which till?' } }))
        .statusCode,
    ).toBe(200);
    await eventually(async () => expect((await get(number)).state).toBe('awaiting_caller'), 90_000);
    expect(
      (await system.injectAs('rita', { method: 'POST', url: `/tickets/${number}/entries`, payload: { kind: 'reply', body: 'Till 4' } }))
        .statusCode,
    ).toBe(201);
    await eventually(async () => expect(await escalateRuns(instanceId)).toBe(8), 90_000);
    expect(subjects.map(once)).toEqual(before);
    // The diagram version with the response timer and the levels, running: its history so far is replayed.
    await recordHistoryIfAsked(system, instanceId, 'incident_escalated_and_resumed');
  });

  it("shows the time the incident spent in each group against the group's OLA target", async () => {
    const raised = await system.injectAs('rita', {
      method: 'POST',
      url: '/tickets',
      payload: {
        type: 'incident',
        title: `Scale offline ${tag}`,
        description: 'details',
        impact: 'low',
        urgency: 'low',
        category: 'hardware',
        service,
      },
    });
    const number = (raised.result as TicketView).number;
    const routed = await eventually(async () => {
      const t = await get(number);
      if (!t.assignmentGroup) throw new Error('not routed yet');
      return t;
    }, 90_000);
    const group = routed.assignmentGroup!;
    const patch = (olaTarget: string | null) =>
      system.injectAs('admin', { method: 'PATCH', url: `/groups/${group}`, payload: { olaTarget } });
    expect(
      (await system.injectAs('admin', { method: 'PATCH', url: `/groups/${group}`, payload: { olaTarget: '4 hours' } })).statusCode,
    ).toBe(400);
    expect((await patch('PT1S')).statusCode).toBe(200);
    try {
      await eventually(async () => {
        const ola = (
          (await get(number)) as unknown as {
            ola: Array<{ group: string; heldMs: number; target: string; breached: boolean; current: boolean }>;
          }
        ).ola;
        expect(ola).toEqual([expect.objectContaining({ group, target: 'PT1S', breached: true, current: true })]);
      }, 90_000);
      // Requesters do not see the desk's internal targets.
      expect((await system.injectAs('rita', { method: 'GET', url: `/tickets/${number}` })).result).not.toHaveProperty('ola');
      // Counted in the reports too: the OLA report over a range holding only this ticket's creation.
      const createdAt = (await system.adminEm().fork().findOneOrFail(Ticket, { number })).createdAt;
      const range = `from=${createdAt.toISOString()}&to=${new Date(createdAt.getTime() + 1).toISOString()}&group=${group}`;
      const report = await system.injectAs('marta', { method: 'GET', url: `/kpis/ola?${range}` });
      expect(report.statusCode).toBe(200);
      const [row, ...others] = (report.result as { items: Array<Record<string, unknown>> }).items;
      expect(others).toEqual([]);
      expect(row).toMatchObject({ group, target: 'PT1S', tickets: 1, exceeded: 1, attainment: 0 });
      expect(row!.heldAvgS).toBeGreaterThanOrEqual(1);
      expect(row!.heldMaxS).toBe(row!.heldAvgS);
      // Internal targets are the desk's: requesters get no OLA report; a bad range names the field.
      expect((await system.injectAs('rita', { method: 'GET', url: `/kpis/ola?${range}` })).statusCode).toBe(403);
      const backwards = await system.injectAs('marta', {
        method: 'GET',
        url: `/kpis/ola?from=${createdAt.toISOString()}&to=2000-01-01T00:00:00Z`,
      });
      expect(backwards.statusCode).toBe(400);
      expect(JSON.stringify(backwards.result)).toContain('query.to');
    } finally {
      await patch(null);
    }
  });
});
