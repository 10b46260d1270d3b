import { randomUUID } from 'node:crypto';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import type { ServiceTaskInput } from '../../workflows/client';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { createTicketServices } from '../../service-catalog/tickets/ticket-services';
import { ticketProcesses } from '../../service-catalog/tickets/domain/ticket-service';
import { createAuditActivities } from '../../workflows/activities/audit-activities';
import { processScope } from '../../workflows/activities/process-scope';
import { createRoutingActivities } from '../../workflows/activities/routing-activities';
import { createSlaActivities } from '../../workflows/activities/sla-activities';
import { createTicketActivities } from '../../workflows/activities/ticket-activities';
import type { Body } from '../support/json-body';
import { offerService } from '../support/services';
import { createSlaPolicy } from '../support/sla-policies';
import { watchStatementsSent, isBegin } from '../support/statements-sent';
import { TestSystem } from '../support/test-system';

/**
 * The service tasks an incident passes on its way to the queue read their ticket in the transaction
 * that writes (audit, ticket-update) or locks it (ticket-route), not in one of its own before: each
 * is one transaction. Counted as the `begin`s sent on behalf of the activity call alone (the worker
 * beside it runs its own statements meanwhile).
 */
describe('transactions of the incident path’s service tasks', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const ids = { incident: `none_incident_${tag}`, hold: `tx_hold_${tag}` };
  const as = (user: string, method: string, url: string, payload?: object) =>
    system.injectAs(user, { method, url, ...(payload ? { payload } : {}) });
  let sent: ReturnType<typeof watchStatementsSent>;
  let ticket: Body;
  let instanceId: string;
  let serviceId: string;

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { incident: ids.incident } });
    const hold = `<bpmn:userTask id="Hold"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="service-desk" /></bpmn:extensionElements></bpmn:userTask>`;
    const xml = bpmnDocument(
      `<bpmn:startEvent id="s" />${hold}<bpmn:endEvent id="e" />${flow('f1', 's', 'Hold')}${flow('f2', 'Hold', 'e')}`,
      ids.hold,
    );
    expect((await as('marta', 'POST', '/process-definitions', { xml })).statusCode).toBe(201);
    // A policy for the SLA tasks, on a calendar of its own, read with it.
    // For this suite's own service only: a catch-all policy would be chosen by other suites sharing the database.
    serviceId = await offerService(system, `Transactions ${tag}`);
    await createSlaPolicy(system, {
      name: `Transactions ${tag}`,
      priority: 'P4',
      serviceId,
      responseTarget: 'PT4H',
      resolutionTarget: 'PT16H',
    });
    // An internal incident without a process of its own, and an internal instance acting for it.
    const raised = await as('tomas', 'POST', '/tickets', {
      title: `Printer jams ${tag}`,
      category: 'hardware',
      impact: 'low',
      urgency: 'low',
    });
    expect(raised.statusCode).toBe(201);
    ticket = raised.result as Body;
    const started = await as('tomas', 'POST', '/process-instances', { processId: ids.hold, businessKey: `tx-${tag}` });
    expect(started.statusCode).toBe(201);
    instanceId = (started.result as Body).id as string;
    sent = watchStatementsSent();
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await system?.close();
  });

  const input = (elementId: string, headers: Record<string, string>, variables: Body = {}): ServiceTaskInput => ({
    processInstanceId: instanceId,
    processId: ids.hold,
    elementId,
    elementInstanceKey: Math.floor(Math.random() * 1e9),
    headers,
    variables: { ticketId: ticket.id, ticketNumber: ticket.number, ...variables },
  });
  /** Transactions the call begins; the instance's organisation (remembered per worker) is looked up before. */
  const transactionsOf = async (task: ServiceTaskInput, run: (i: ServiceTaskInput) => Promise<unknown>) => {
    await processScope(system.orm, task);
    const { statements } = await sent(() => run(task));
    return statements.filter(isBegin).length;
  };
  const tickets = () => createTicketServices({ processes: ticketProcesses(system.engine, ids) });

  it('audit: one transaction checks the ticket and records the event', async () => {
    const task = input('LogIncident', { action: 'incident.logged' });
    expect(await transactionsOf(task, createAuditActivities({ orm: system.orm }).audit)).toBe(1);
  });

  it('ticket-update: one transaction reads and writes the ticket', async () => {
    const update = createTicketActivities({ orm: system.orm, tickets: tickets() })['ticket-update'];
    const task = input('RecordTriage', { state: 'in_progress', fields: 'priority' }, { priority: 'P4' });
    expect(await transactionsOf(task, update)).toBe(1);
    const row = await system.adminEm().findOneOrFail(Ticket, { id: ticket.id as string }, { refresh: true });
    expect({ state: row.state, priority: row.priority }).toEqual({ state: 'in_progress', priority: 'P4' });
  });

  it('ticket-route: the ticket is read only under the route’s lock', async () => {
    const route = createRoutingActivities({ orm: system.orm })['ticket-route'];
    const task = input('RouteIncident', {}, { category: 'hardware' });
    expect(await transactionsOf(task, route)).toBe(1);
    expect(await route(task)).toMatchObject({ assignmentGroup: expect.any(String) });
  });

  it('sla-deadlines: the ticket, the policies and the calendar are read in one transaction', async () => {
    const sla = createSlaActivities({ orm: system.orm, tickets: tickets() });
    const task = input('StartSlaClock', {}, { priority: 'P4', serviceId, openedAt: new Date().toISOString() });
    expect(await transactionsOf(task, sla['sla-deadlines'])).toBe(1);
    expect(await sla['sla-deadlines'](task)).toMatchObject({ slaPolicy: `Transactions ${tag}`, resolutionDueAt: expect.any(String) });
  });

  it('sla-clock and business-deadline: one transaction each', async () => {
    const sla = createSlaActivities({ orm: system.orm, tickets: tickets() });
    expect(await transactionsOf(input('PauseSla', { action: 'pause' }), sla['sla-clock'])).toBe(1);
    expect(await transactionsOf(input('ResumeSla', { action: 'resume' }), sla['sla-clock'])).toBe(1);
    expect(await transactionsOf(input('AutoCloseDeadline', { businessDays: '2' }), sla['business-deadline'])).toBe(1);
    const row = await system.adminEm().findOneOrFail(Ticket, { id: ticket.id as string }, { refresh: true });
    expect(row.slaPausedAt ?? null).toBeNull();
  });
});
