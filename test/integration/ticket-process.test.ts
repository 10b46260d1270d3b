import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { eventually } from '../support/eventually';
import { TestSystem } from '../support/test-system';

const update = (id: string, headers: Record<string, string>) =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="ticket-update" /><zeebe:taskHeaders>${Object.entries(
    headers,
  )
    .map(([k, v]) => `<zeebe:header key="${k}" value="${v}" />`)
    .join('')}</zeebe:taskHeaders></bpmn:extensionElements></bpmn:serviceTask>`;

/** A ticket's life cycle is its process: raising one starts it, and the process writes the ticket's state. */
describe('tickets run their process', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
    const xml = bpmnDocument(
      `<bpmn:startEvent id="s" />${update('investigating', { state: 'investigating', fields: 'priority' })}
       <bpmn:userTask id="investigate"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="service-desk" /></bpmn:extensionElements></bpmn:userTask>
       ${update('resolved', { state: 'resolved', fields: 'category' })}<bpmn:endEvent id="e" />
       ${flow('f0', 's', 'investigating')}${flow('f1', 'investigating', 'investigate')}${flow('f2', 'investigate', 'resolved')}${flow('f3', 'resolved', 'e')}`,
      'problem',
    );
    const deployed = await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } });
    expect([200, 201]).toContain(deployed.statusCode);
  });
  afterAll(async () => {
    await system?.close();
  });

  const ticket = async (number: string) =>
    (await system.injectAs('tomas', { method: 'GET', url: `/tickets/${number}` })).result as {
      state: string;
      processInstanceId: string | null;
      priority: string | null;
      category: string | null;
      version: number;
    };

  it('starts the process of the ticket type keyed by the number; the process moves the state', async () => {
    const created = await system.injectAs('tomas', {
      method: 'POST',
      url: '/tickets',
      payload: { type: 'problem', title: 'Repeated VPN drops', priority: 'P2' },
    });
    expect(created.statusCode).toBe(201);
    const { number, processInstanceId } = created.result as { number: string; processInstanceId: string };
    expect(number).toMatch(/^PRB\d{7}$/);
    expect(processInstanceId).toEqual(expect.any(String));

    await eventually(async () => expect((await ticket(number)).state).toBe('investigating'));
    const instances = (await system.injectAs('tomas', { method: 'GET', url: `/process-instances?businessKey=${number}` })).result as {
      items: Array<{ id: string; openTasks: Array<{ id: string; elementId: string }> }>;
    };
    expect(instances.items.map((i) => i.id)).toEqual([processInstanceId]);

    const task = await eventually(async () => {
      const found = (
        (await system.injectAs('tomas', { method: 'GET', url: `/process-instances/${processInstanceId}` })).result as {
          openTasks: Array<{ id: string; elementId: string }>;
        }
      ).openTasks[0];
      if (!found) throw new Error('no task yet');
      return found;
    });
    expect(
      (
        await system.injectAs('tomas', {
          method: 'POST',
          url: `/tasks/${task.id}/complete`,
          payload: { variables: { category: 'network' } },
        })
      ).statusCode,
    ).toBe(200);
    await eventually(async () => expect(await ticket(number)).toMatchObject({ state: 'resolved', category: 'network', priority: 'P2' }));

    const row = await system.adminEm().findOneOrFail(Ticket, { number });
    const trail = await system
      .adminEm()
      .find(AuditLog, { entity: 'Ticket', entityId: row.id, action: 'ticket.updated' }, { orderBy: { id: 'asc' } });
    expect(trail.map((t) => [t.actorName, t.after])).toEqual([
      // priority was already P2: the trail shows only what the process changed
      ['system:process problem', { state: 'investigating' }],
      ['system:process problem', { state: 'resolved', category: 'network' }],
    ]);
  });

  it('leaves a ticket new and without a process when its type has none deployed', async () => {
    const created = await system.injectAs('tomas', {
      method: 'POST',
      url: '/tickets',
      payload: { type: 'change', title: 'Upgrade the core switch' },
    });
    expect(created.result).toMatchObject({ state: 'new', processInstanceId: null });
  });
});
