import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { processStateQuery } from '../../workflows/client';
import { AuditEntry } from '../../service-catalog/audit/audit-entry.entity';
import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { MailMessage } from '../../service-catalog/mail/domain/mail-message.entity';
import { ProcessInstance } from '../../service-catalog/processes/domain/process-instance.entity';
import { TicketLink } from '../../service-catalog/tickets/domain/ticket-link.entity';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { eventually } from '../support/eventually';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';
import type { Body } from '../support/json-body';
import { offerService } from '../support/services';
const headers = (h: Record<string, string>) =>
  Object.entries(h)
    .map(([k, v]) => `<zeebe:header key="${k}" value="${v}" />`)
    .join('');
const task = (type: string, h: Record<string, string>) =>
  `<bpmn:serviceTask id="act"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="1" /><zeebe:taskHeaders>${headers(h)}</zeebe:taskHeaders></bpmn:extensionElements></bpmn:serviceTask>`;

/** Every task type that acts for a ticket, with headers that make it do its work when the ticket is the instance's own. */
const TASK_TYPES: Array<[type: string, headers: Record<string, string>]> = [
  ['audit', { action: 'tenant.probe' }],
  ['ticket-update', { state: 'in_progress', fields: 'priority' }],
  ['ticket-route', {}],
  ['sla-deadlines', {}],
  ['sla-clock', { action: 'pause' }],
  ['business-deadline', { businessDays: '2' }],
  ['ticket-create-linked', { type: 'problem', link: 'caused_by' }],
  ['notify', { template: 'incident.major', to: 'group:major-incident' }],
];

/**
 * Issue 13, defect 1: a process variable naming another organisation's ticket must not let the worker
 * write it. Requesters cannot start processes of their choosing at all; and every task type acts
 * only within its instance's organisation, so a Nordic instance handed a Baltic ticket's id gets an
 * incident naming the missing ticket, and the Baltic ticket stays exactly as it was.
 */
describe('process activities act only within their instance’s organisation', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  let nordic: string;
  let baltic: Body;
  let balticBefore: string;
  const attacks: string[] = [];
  const as = (username: string, method: string, url: string, payload?: object) =>
    system.injectAs(username, { method, url, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    // Tickets here run no process of their own, so nothing but the probes below ever touches them.
    system = await TestSystem.start({ ticketProcessIds: { incident: `none_${tag}`, problem: `none_${tag}` } });
    await offerService(system, `tenant-${tag}`);
    nordic = (await system.adminEm().findOneOrFail(Organization, { name: 'Nordic Logistics AS' })).id;
    const raised = await as('rita', 'POST', '/tickets', {
      title: `Till offline ${tag}`,
      description: 'Baltic',
      impact: 'low',
      urgency: 'low',
      category: `tenant-${tag}`,
      service: `tenant-${tag}`,
    });
    expect(raised.statusCode).toBe(201);
    baltic = raised.result as Body;
    balticBefore = await snapshot(baltic.number);
    // What the positive controls need to succeed: a route, an SLA policy and the P1 mail template.
    expect(
      (await as('marta', 'POST', '/routing-rules', { name: `Tenant ${tag}`, category: `tenant-${tag}`, assignmentGroup: 'service-desk' }))
        .statusCode,
    ).toBe(201);
    const calendar = await as('marta', 'POST', '/business-calendars', {
      name: `Tenant ${tag}`,
      definition: {
        timeZone: 'UTC',
        weekly: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
      },
    });
    expect(
      (
        await as('marta', 'POST', '/sla-policies', {
          name: `Tenant ${tag}`,
          service: `tenant-${tag}`,
          calendarId: (calendar.result as Body).id,
          responseTarget: 'PT1H',
          resolutionTarget: 'PT8H',
        })
      ).statusCode,
    ).toBe(201);
  });
  afterAll(async () => {
    await system?.close();
  });

  /** Everything about the ticket the process could change: its row, links, mails and audit trail. */
  async function snapshot(number: string): Promise<string> {
    const em = system.adminEm();
    const row = await em.findOneOrFail(Ticket, { number });
    return JSON.stringify({
      row: { ...row, search: undefined },
      links: await em.count(TicketLink, { $or: [{ ticketId: row.id }, { linkedTicketId: row.id }] }),
      mails: await em.count(MailMessage, { ticketId: row.id }),
      audit: (await em.find(AuditLog, { entityId: row.id }, { orderBy: { id: 'asc' } })).map((a) => a.action),
      sunk: system.mail.sink!.messages.filter((m) => m.subject.includes(number)).length,
    });
  }
  const deploy = async (body: string, processId: string) => {
    const res = await as('marta', 'POST', '/process-definitions', { xml: bpmnDocument(body, processId) });
    expect(res.statusCode).toBe(201);
    return processId;
  };
  const start = async (user: string, processId: string, variables: Body, organizationId?: string) => {
    const res = await as(user, 'POST', '/process-instances', { processId, variables, ...(organizationId ? { organizationId } : {}) });
    expect(res.statusCode).toBe(201);
    return (res.result as Body).id as string;
  };
  const detail = async (id: string) => (await as('admin', 'GET', `/process-instances/${id}`)).result as Body;
  const incidentOf = (id: string) =>
    eventually(async () => {
      const d = await detail(id);
      if (!d.incidents?.length) throw new Error(`no incident on ${id} yet: ${d.status} at ${JSON.stringify(d.activeElementIds)}`);
      return d.incidents[0] as { elementId: string; message: string };
    }, 60_000);

  it('refuses a requester every way of starting a process with variables of their choosing', async () => {
    const processId = await deploy(
      `<bpmn:startEvent id="s" />${task('ticket-update', { state: 'in_progress' })}<bpmn:endEvent id="e" />${flow('f1', 's', 'act')}${flow('f2', 'act', 'e')}`,
      `tenant_attack_${tag}`,
    );
    const attack = { ticketId: baltic.id, ticketNumber: baltic.number, impact: 'high', urgency: 'high' };
    expect((await as('erik', 'POST', '/process-instances', { processId, variables: attack })).statusCode).toBe(403);
    expect(
      (await as('erik', 'POST', '/messages', { name: `start-${tag}`, correlationKey: baltic.number, variables: attack })).statusCode,
    ).toBe(403);
    expect((await as('erik', 'POST', '/signals', { name: `start-${tag}`, variables: attack })).statusCode).toBe(403);
    expect(await system.adminEm().count(ProcessInstance, { processId })).toBe(0);
    expect(await snapshot(baltic.number)).toBe(balticBefore);
  });

  it('stops the observed attack on the shipped incident process at its first step, as an incident', async () => {
    const processId = `incident_tenant_${tag}`;
    expect(
      (
        await as('marta', 'POST', '/decision-definitions', {
          xml: readFileSync(repoFile('workflows/decisions/priority-matrix.dmn'), 'utf8'),
        })
      ).statusCode,
    ).toBeLessThan(300);
    const xml = readFileSync(repoFile('workflows/processes/incident.bpmn'), 'utf8').replace(/"incident"/g, `"${processId}"`);
    expect((await as('marta', 'POST', '/process-definitions', { xml })).statusCode).toBe(201);
    // Lukas serves Nordic Logistics only: his instance is Nordic's, whatever ticket its variables name.
    const id = await start(
      'lukas',
      processId,
      {
        ticketId: baltic.id,
        ticketNumber: baltic.number,
        title: 'x',
        impact: 'high',
        urgency: 'high',
        category: 'network',
        service: `tenant-${tag}`,
        raisedBy: 'staff',
      },
      nordic,
    );
    attacks.push(id);
    const incident = await incidentOf(id);
    expect(incident).toMatchObject({
      elementId: 'LogIncident',
      message: expect.stringContaining(`ticket ${baltic.id} does not exist for process instance ${id} (organisation ${nordic})`),
    });
    expect((await detail(id)).activeElementIds).toEqual(['LogIncident']);
  });

  describe.each(TASK_TYPES)('task type %s', (type, taskHeaders) => {
    let processId: string;
    beforeAll(async () => {
      processId = await deploy(
        `<bpmn:startEvent id="s" />${task(type, taskHeaders)}<bpmn:endEvent id="e" />${flow('f1', 's', 'act')}${flow('f2', 'act', 'e')}`,
        `tenant_${type.replace(/-/g, '_')}_${tag}`,
      );
    });

    it('does its work on a ticket of the instance’s own organisation', async () => {
      const own = (
        await as('erik', 'POST', '/tickets', {
          title: `Scanner ${type} ${tag}`,
          impact: 'low',
          urgency: 'low',
          category: `tenant-${tag}`,
          service: `tenant-${tag}`,
        })
      ).result as Body;
      const id = await start(
        'lukas',
        processId,
        { ticketId: own.id, ticketNumber: own.number, priority: 'P4', service: `tenant-${tag}`, organizationId: nordic },
        nordic,
      );
      await eventually(async () => expect((await detail(id)).status).toBe('COMPLETED'), 60_000);
    });

    it.each(['ticketId', 'ticketNumber'])(
      'treats another organisation’s ticket named by %s as not found, and leaves it untouched',
      async (variable) => {
        const named = variable === 'ticketId' ? baltic.id : baltic.number;
        const id = await start('lukas', processId, { [variable]: named, priority: 'P1', service: `tenant-${tag}` }, nordic);
        attacks.push(id);
        expect(await incidentOf(id)).toMatchObject({
          elementId: 'act',
          message: expect.stringContaining(`ticket ${named} does not exist for process instance ${id}`),
        });
      },
    );
  });

  it('gives an internal instance (staff naming no organisation) internal rows only', async () => {
    const processId = await deploy(
      `<bpmn:startEvent id="s" />${task('ticket-update', { state: 'in_progress' })}<bpmn:endEvent id="e" />${flow('f1', 's', 'act')}${flow('f2', 'act', 'e')}`,
      `tenant_internal_${tag}`,
    );
    const id = await start('tomas', processId, { ticketId: baltic.id });
    attacks.push(id);
    expect(await incidentOf(id)).toMatchObject({
      message: expect.stringContaining(`ticket ${baltic.id} does not exist for process instance ${id} (organisation internal)`),
    });
    const own = (await as('tomas', 'POST', '/tickets', { title: `Internal ${tag}` })).result as Body;
    const ok = await start('tomas', processId, { ticketId: own.id });
    await eventually(
      async () => expect((await system.adminEm().findOneOrFail(Ticket, { id: own.id }, { refresh: true })).state).toBe('in_progress'),
      60_000,
    );
    expect((await detail(ok)).incidents).toEqual([]);
  });

  it('refuses a variable that claims another organisation for the instance', async () => {
    const processId = await deploy(
      `<bpmn:startEvent id="s" />${task('sla-deadlines', {})}<bpmn:endEvent id="e" />${flow('f1', 's', 'act')}${flow('f2', 'act', 'e')}`,
      `tenant_claim_${tag}`,
    );
    const id = await start('lukas', processId, { organizationId: baltic.organizationId, service: `tenant-${tag}` }, nordic);
    expect(await incidentOf(id)).toMatchObject({
      message: expect.stringContaining(
        `organizationId (${baltic.organizationId}) is not the organisation of process instance ${id} (${nordic})`,
      ),
    });
  });

  it('lets a called process act for its caller’s organisation, and no other', async () => {
    const child = await deploy(
      `<bpmn:startEvent id="s" />${task('ticket-update', { state: 'in_progress' })}<bpmn:endEvent id="e" />${flow('f1', 's', 'act')}${flow('f2', 'act', 'e')}`,
      `tenant_child_${tag}`,
    );
    const parent = await deploy(
      `<bpmn:startEvent id="s" /><bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="${child}" /></bpmn:extensionElements></bpmn:callActivity><bpmn:endEvent id="e" />${flow('f1', 's', 'call')}${flow('f2', 'call', 'e')}`,
      `tenant_parent_${tag}`,
    );
    const own = (await as('erik', 'POST', '/tickets', { title: `Called ${tag}` })).result as Body;
    const ok = await start('lukas', parent, { ticketId: own.id }, nordic);
    await eventually(async () => expect((await detail(ok)).status).toBe('COMPLETED'), 60_000);
    expect((await system.adminEm().findOneOrFail(Ticket, { id: own.id })).state).toBe('in_progress');

    const id = await start('lukas', parent, { ticketId: baltic.id }, nordic);
    attacks.push(id);
    const call = await eventually(async () => {
      const found = ((await detail(id)).history as Array<{ key: number; elementId: string }>).find((h) => h.elementId === 'call');
      if (!found) throw new Error('not calling yet');
      return found;
    });
    const childView = await eventually(async () => {
      const view = await system.client.workflow.getHandle(`${id}:${call.key}`).query(processStateQuery);
      if (!view.incidents.length) throw new Error('no incident in the called process yet');
      return view;
    }, 60_000);
    expect(childView.incidents[0]).toMatchObject({
      elementId: 'act',
      message: expect.stringContaining(`ticket ${baltic.id} does not exist for process instance ${id} (organisation ${nordic})`),
    });
  });

  it('left the other organisation’s ticket exactly as it was: no field, link, mail or audit row', async () => {
    expect(attacks.length).toBeGreaterThanOrEqual(TASK_TYPES.length * 2 + 3);
    expect(await snapshot(baltic.number)).toBe(balticBefore);
    expect(await system.adminEm().count(AuditEntry, { processInstanceId: { $in: attacks } })).toBe(0);
  });
});
