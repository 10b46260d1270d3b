import { randomUUID } from 'node:crypto';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { ProcessInstanceNotFound, type EngineClient, type ServiceTaskInput } from '../../workflows/client';
import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import { ProcessInstance } from '../../service-catalog/processes/domain/process-instance.entity';
import { ticketProcesses } from '../../service-catalog/tickets/domain/ticket-service';
import { TicketLink } from '../../service-catalog/tickets/domain/ticket-link.entity';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { createTicketServices } from '../../service-catalog/tickets/ticket-services';
import { createTicketActivities } from '../../workflows/activities/ticket-activities';
import { eventually } from '../support/eventually';
import { TestSystem } from '../support/test-system';

type Body = Record<string, any>;
const waitHere = (id: string) => `<bpmn:userTask id="${id}"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="service-desk" /></bpmn:extensionElements></bpmn:userTask>`;
const openProblem = `<bpmn:serviceTask id="OpenProblem"><bpmn:extensionElements><zeebe:taskDefinition type="ticket-create-linked" /><zeebe:taskHeaders><zeebe:header key="type" value="problem" /><zeebe:header key="link" value="caused_by" /></zeebe:taskHeaders></bpmn:extensionElements></bpmn:serviceTask>`;

/**
 * A ticket a process opens (the problem a major incident raises) is raised like any other: its number,
 * its audit entry, and the process of its type when one is configured; an activity retry raises it once
 * and starts its process once.
 */
describe('a ticket opened by a process', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const ids = { incident: `linked_incident_${tag}`, problem: `linked_problem_${tag}`, change: `none_${tag}` };
  const as = (method: string, url: string, payload?: object) => system.injectAs('tomas', { method, url, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: ids });
    const deploy = async (body: string, processId: string) => expect((await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml: bpmnDocument(body, processId) } })).statusCode).toBe(201);
    await deploy(`<bpmn:startEvent id="s" />${openProblem}${waitHere('Work')}<bpmn:endEvent id="e" />${flow('f1', 's', 'OpenProblem')}${flow('f2', 'OpenProblem', 'Work')}${flow('f3', 'Work', 'e')}`, ids.incident);
    await deploy(`<bpmn:startEvent id="s" />${waitHere('Investigate')}<bpmn:endEvent id="e" />${flow('f1', 's', 'Investigate')}${flow('f2', 'Investigate', 'e')}`, ids.problem);
  });
  afterAll(async () => {
    await system?.close();
  });

  const linkedFrom = async (source: Body) => {
    const em = system.adminEm();
    const links = await em.find(TicketLink, { ticketId: source.id as string, kind: 'caused_by' });
    return { links, tickets: await em.find(Ticket, { id: { $in: links.map((l) => l.linkedTicketId) } }) };
  };
  /** The instance rows and the workflows of a ticket's process: one of each, running. */
  const processOf = async (ticket: Ticket) => {
    const rows = await system.adminEm().find(ProcessInstance, { businessKey: ticket.number });
    return { rows: rows.map((r) => ({ id: r.id, processId: r.processId })), status: ticket.processInstanceId ? (await system.engine.inspect(ticket.processInstanceId)).status : null };
  };

  it('gets a number, an audit entry and its own process, as one raised through the API', async () => {
    const raised = await as('POST', '/tickets', { title: `Core switch down ${tag}`, impact: 'high', urgency: 'high', category: 'network', priority: 'P1' });
    expect(raised.statusCode).toBe(201);
    const incident = raised.result as Body;
    const problem = await eventually(async () => {
      const { tickets } = await linkedFrom(incident);
      expect(tickets).toHaveLength(1);
      return tickets[0]!;
    }, 60_000);
    expect(problem).toMatchObject({ number: expect.stringMatching(/^PRB\d{7}$/), type: 'problem', priority: 'P1', category: 'network', impact: 'high', processInstanceId: expect.any(String) });
    expect(await processOf(problem)).toEqual({ rows: [{ id: problem.processInstanceId, processId: ids.problem }], status: 'RUNNING' });
    const created = await system.adminEm().findOneOrFail(AuditLog, { entityId: problem.id, action: 'ticket.created' });
    expect(created).toMatchObject({ actorName: `system:process ${ids.incident}`, after: { number: problem.number, priority: 'P1' } });
    // Through the API, the problem answers like any other ticket.
    expect((await as('GET', `/tickets/${problem.number}`)).result).toMatchObject({ number: problem.number, processInstanceId: problem.processInstanceId, state: 'new' });
  });

  describe('retried', () => {
    /** A source ticket (a change: no process of its own here) and an instance whose activity raises its problem. */
    async function retryCase() {
      const source = (await as('POST', '/tickets', { type: 'change', title: `Firmware upgrade ${randomUUID().slice(0, 8)}`, priority: 'P2' })).result as Body;
      const started = await as('POST', '/process-instances', { processId: ids.problem, businessKey: `host-${source.number}` });
      expect(started.statusCode).toBe(201);
      const input: ServiceTaskInput = {
        processInstanceId: (started.result as Body).id,
        processId: ids.incident,
        elementId: 'OpenProblem',
        elementInstanceKey: 7,
        headers: { type: 'problem', link: 'caused_by' },
        variables: { ticketId: source.id },
      };
      return { source, input };
    }
    const activityWith = (engine: EngineClient) => createTicketActivities({ orm: system.orm, tickets: createTicketServices({ processes: ticketProcesses(engine, ids) }) })['ticket-create-linked'];
    const activity = () => activityWith(system.engine);

    it('raises one ticket and starts one workflow, however many attempts run, at once or one after another', async () => {
      const { source, input } = await retryCase();
      const answers = await Promise.all([activity()(input), activity()(input), activity()(input)]);
      answers.push(await activity()(input));
      const numbers = new Set(answers.map((a) => a.linkedTicketNumber));
      expect(numbers.size).toBe(1);
      const { links, tickets } = await linkedFrom(source);
      expect(links).toHaveLength(1);
      expect(tickets.map((t) => t.number)).toEqual([...numbers]);
      expect(await processOf(tickets[0]!)).toEqual({ rows: [{ id: tickets[0]!.processInstanceId, processId: ids.problem }], status: 'RUNNING' });
    });

    it('starts the process a first attempt committed but never started (it stopped in between)', async () => {
      const { source, input } = await retryCase();
      // The first attempt commits the ticket and its instance row, then stops before the workflow starts.
      const stopsBeforeStarting = Object.assign(Object.create(system.engine) as EngineClient, { start: async () => undefined });
      const first = await activityWith(stopsBeforeStarting)(input);
      const { tickets } = await linkedFrom(source);
      expect(tickets.map((t) => t.number)).toEqual([first.linkedTicketNumber]);
      await expect(system.engine.inspect(tickets[0]!.processInstanceId!)).rejects.toBeInstanceOf(ProcessInstanceNotFound);
      // The retry answers with the same ticket, and starts its process.
      expect(await activity()(input)).toEqual(first);
      expect(await processOf(tickets[0]!)).toEqual({ rows: [{ id: tickets[0]!.processInstanceId, processId: ids.problem }], status: 'RUNNING' });
      expect((await linkedFrom(source)).tickets).toHaveLength(1);
    });

    it('leaves no ticket behind when the workflow cannot start, so the retry raises it afresh, once', async () => {
      const { source, input } = await retryCase();
      const refuses = Object.assign(Object.create(system.engine) as EngineClient, { start: async () => Promise.reject(new Error('Temporal is unreachable')) });
      await expect(activityWith(refuses)(input)).rejects.toThrow('Temporal is unreachable');
      expect((await linkedFrom(source)).links).toHaveLength(0);
      const { linkedTicketNumber } = await activity()(input);
      const { tickets } = await linkedFrom(source);
      expect(tickets.map((t) => t.number)).toEqual([linkedTicketNumber]);
      expect(await processOf(tickets[0]!)).toMatchObject({ status: 'RUNNING' });
    });
  });
});
