import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import { systemActor } from '../../service-catalog/audit/audit-log';
import { UserService } from '../../service-catalog/identity/domain/user-service';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { eventually } from '../support/eventually';
import { recordHistoryIfAsked } from '../support/record-history';
import { repoFile } from '../support/repo-root';
import { offerService } from '../support/services';
import { TestSystem } from '../support/test-system';

interface TicketView {
  number: string;
  state: string;
  assignmentGroup: string | null;
  resolutionCode: string | null;
  resolutionNotes: string | null;
  processInstanceId: string;
}

const ALWAYS_OPEN = {
  timeZone: 'UTC',
  weekly: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
};

/**
 * On the shipped incident, problem and change diagrams (under process ids of their own): a problem is
 * resolved through the change linked to it when that change closes successful — and its incidents with
 * it — while a backed-out change leaves its problem open; and the SLA escalation levels reach the
 * group lead and the service owner, each once.
 */
describe('problems resolved by a change; escalation to the group lead and the service owner', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const ids = { incident: `incident_rc_${tag}`, problem: `problem_rc_${tag}`, change: `change_rc_${tag}` };
  const service = `billing-${tag}`;
  let serviceId = '';
  let customer = '';
  const lead = `lead-rc-${tag}`;
  const owner = `owner-rc-${tag}`;
  const leadGroups = ['service-desk', 'network'];

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: ids });
    serviceId = await offerService(system, service);
    const as = (method: string, url: string, payload: object) => system.injectAs('marta', { method, url, payload });
    for (const file of ['priority-matrix', 'change-risk']) {
      const dmn = readFileSync(repoFile(`workflows/decisions/${file}.dmn`), 'utf8');
      expect((await as('POST', '/decision-definitions', { xml: dmn })).statusCode).toBeLessThan(300);
    }
    const calendarId = (
      (await as('POST', '/business-calendars', { name: `Always ${tag}`, definition: ALWAYS_OPEN })).result as { id: string }
    ).id;
    const policy = await as('POST', '/sla-policies', {
      name: `Lead and owner ${tag}`,
      service,
      calendarId,
      responseTarget: 'PT2S',
      resolutionTarget: 'PT8S',
      escalations: [
        { percent: 75, notify: 'group-lead' },
        { percent: 100, notify: 'service-owner' },
      ],
    });
    expect(policy.statusCode).toBe(201);
    for (const [file, id] of Object.entries(ids)) {
      const xml = readFileSync(repoFile(`workflows/processes/${file}.bpmn`), 'utf8').replace(new RegExp(`"${file}"`, 'g'), `"${id}"`);
      const deployed = await as('POST', '/process-definitions', { xml });
      expect({ file, status: deployed.statusCode }).toEqual({ file, status: 201 });
    }
    // The lead and the owner serve the customer whose incidents they hear of.
    const rita = (await system.injectAs('rita', { method: 'GET', url: '/me' })).result as { organizationId: string };
    customer = rita.organizationId;
    const users = new UserService(system.adminEm());
    const made: Record<string, string> = {};
    for (const name of [lead, owner])
      made[name] = (
        await users.create(systemActor('escalation test'), {
          username: name,
          displayName: name,
          email: `${name}@flowdesk.example`,
          password: `${name}-password-1`,
          roles: ['agent'],
          groupIds: [],
          servedOrganizationIds: [rita.organizationId],
        } as Parameters<UserService['create']>[1])
      ).id;
    const refused = await system.injectAs('admin', { method: 'PATCH', url: '/groups/network', payload: { leadId: randomUUID() } });
    expect(refused.statusCode).toBe(400);
    expect((refused.result as { details: Array<{ field: string }> }).details[0]!.field).toBe('payload.leadId');
    for (const group of leadGroups) {
      const patched = await system.injectAs('admin', { method: 'PATCH', url: `/groups/${group}`, payload: { leadId: made[lead] } });
      expect(patched.result).toMatchObject({ key: group, leadId: made[lead] });
    }
    expect(
      (await system.injectAs('admin', { method: 'PATCH', url: `/services/${serviceId}`, payload: { ownerId: made[owner] } })).statusCode,
    ).toBe(200);
  });
  afterAll(async () => {
    for (const group of leadGroups)
      await system?.injectAs('admin', { method: 'PATCH', url: `/groups/${group}`, payload: { leadId: null } });
    await system?.close();
  });

  const get = async (number: string) => (await system.injectAs('marta', { method: 'GET', url: `/tickets/${number}` })).result as TicketView;
  const inState = (number: string, state: string) =>
    eventually(async () => {
      const t = await get(number);
      if (t.state !== state) throw new Error(`${number} is ${t.state}, not ${state}`);
      return t;
    }, 90_000);
  const raiseIncident = async (title: string) => {
    const res = await system.injectAs('rita', {
      method: 'POST',
      url: '/tickets',
      payload: { type: 'incident', title, description: 'details', impact: 'low', urgency: 'medium', category: 'software', service },
    });
    expect(res.statusCode).toBe(201);
    return (res.result as TicketView).number;
  };
  const memberOf = (group: string | null) => (group === 'network' ? 'agne' : 'tomas');
  const mails = (number: string, subject: RegExp) =>
    system.mail.sink!.messages.filter((m) => m.subject.includes(`[${number}]`) && subject.test(m.subject));

  it('mails escalation level 75 % to the group lead and 100 % to the service owner, once each', async () => {
    const number = await raiseIncident(`Invoices stuck ${tag}`);
    for (const [level, who] of [
      [1, lead],
      [2, owner],
    ] as const)
      await eventually(() => {
        expect(mails(number, new RegExp(`Escalation level ${level} `)).map((m) => String(m.to))).toEqual([
          expect.stringContaining(`${who}@flowdesk.example`),
        ]);
      }, 90_000);
  });

  it('resolves a problem when its linked change closes successful, and not when the change is backed out', async () => {
    const incidents = [await raiseIncident(`Export fails A ${tag}`), await raiseIncident(`Export fails B ${tag}`)];
    for (const number of incidents) await inState(number, 'in_progress');
    const problems: string[] = [];
    for (const incident of incidents) {
      const opened = await system.injectAs('tomas', {
        method: 'POST',
        url: '/problems',
        payload: { title: `Export fails ${tag}`, description: 'The nightly export breaks posting.', incidents: [incident] },
      });
      expect(opened.statusCode).toBe(201);
      const number = (opened.result as { number: string }).number;
      const routed = await inState(number, 'in_progress');
      const analysed = await system.injectAs(memberOf(routed.assignmentGroup), {
        method: 'POST',
        url: `/problems/${number}/analysis`,
        payload: { rootCause: `Export job ${tag} locks the ledger` },
      });
      expect(analysed.statusCode).toBe(200);
      await inState(number, 'known_error');
      problems.push(number);
    }
    // The customer's own changes: a problem is resolved only by a change of its customer.
    const raiseChange = async () => {
      const res = await system.injectAs('tomas', {
        method: 'POST',
        url: '/tickets',
        payload: {
          type: 'change',
          title: `Move the export ${tag}`,
          description: 'details',
          changeType: 'standard',
          changeTemplate: 'Reschedule a job',
          organizationId: customer,
        },
      });
      expect(res.statusCode).toBe(201);
      return (res.result as TicketView).number;
    };
    const changes = [await raiseChange(), await raiseChange()];
    const link = (problem: string, change: string) =>
      system.injectAs('tomas', { method: 'POST', url: `/problems/${problem}/changes`, payload: { change } });
    const wrong = await link(problems[0]!, incidents[0]!);
    expect(wrong.statusCode).toBe(400);
    expect((wrong.result as { details: Array<{ field: string }> }).details[0]!.field).toBe('payload.change');
    expect((await link(problems[0]!, 'CHG9999999')).statusCode).toBe(400);
    for (const [i, change] of changes.entries()) {
      const linked = await link(problems[i]!, change);
      expect(linked.statusCode).toBe(200);
      expect((linked.result as { changes: Array<{ number: string }> }).changes.map((c) => c.number)).toEqual([change]);
    }
    expect((await link(problems[0]!, changes[0]!)).statusCode).toBe(200); // again: nothing changes

    const implementers: Record<string, string> = {};
    for (const change of changes) implementers[change] = memberOf((await inState(change, 'scheduled')).assignmentGroup);
    const implement = (change: string, closingCode: string) =>
      system.injectAs(implementers[change]!, {
        method: 'POST',
        url: `/tickets/${change}/actions/implement`,
        payload: { closingCode, notes: 'In the window' },
      });
    expect((await implement(changes[1]!, 'backed_out')).statusCode).toBe(200);
    await inState(changes[1]!, 'review');
    expect((await implement(changes[0]!, 'successful')).statusCode).toBe(200);
    await inState(changes[0]!, 'closed');

    // The successful change resolved its problem (closed by its process), and the problem its incident.
    await inState(problems[0]!, 'closed');
    const problem = (await system.injectAs('tomas', { method: 'GET', url: `/problems/${problems[0]}` })).result as {
      resolutionNotes: string;
      changes: Array<{ number: string; resolutionCode: string | null }>;
    };
    expect(problem.resolutionNotes).toContain(changes[0]);
    expect(problem.changes).toEqual([expect.objectContaining({ number: changes[0], resolutionCode: 'successful' })]);
    const incident = await inState(incidents[0]!, 'resolved');
    expect(incident.resolutionNotes).toContain(problems[0]);
    const row = await system.adminEm().findOneOrFail(Ticket, { number: problems[0]! });
    const trail = (await system.adminEm().find(AuditLog, { entity: 'Ticket', entityId: row.id })).map((a) => a.action);
    expect(trail).toEqual(expect.arrayContaining(['ticket.linked', 'ticket.action.resolve']));

    // The backed-out change, reviewed and closed, resolved nothing.
    expect(
      (
        await system.injectAs(implementers[changes[1]!]!, {
          method: 'POST',
          url: `/tickets/${changes[1]}/actions/review`,
          payload: { findings: 'Lock held' },
        })
      ).statusCode,
    ).toBe(200);
    await inState(changes[1]!, 'closed');
    expect((await get(problems[1]!)).state).toBe('known_error');
    expect((await get(incidents[1]!)).state).toBe('in_progress');

    const changeInstance = (await get(changes[0]!)).processInstanceId;
    await system.client.workflow.getHandle(changeInstance).result();
    await recordHistoryIfAsked(system, changeInstance, 'change_resolves_problem');
  });
});
