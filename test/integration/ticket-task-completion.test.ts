import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import { eventually } from '../support/eventually';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';
import { deployIncidentDesk } from '../support/incident-desk';
import { offerService } from '../support/services';

interface OpenTask {
  id: string;
  elementId: string;
  ticketActions?: string[];
}
interface Instance {
  id: string;
  ticketNumber: string | null;
  openTasks: OpenTask[];
}

/**
 * Issue 24, defect 8: operations must not bypass the desk. A ticket's user task (one whose element
 * names the ticket actions that complete it) is completed through the ticket's actions; completing it
 * with raw variables is refused with 409, naming the action. Instances say which ticket they drive
 * and which actions complete each task, so the operations view can link to the ticket instead. Tasks
 * of processes without a ticket are still completed there, and audited.
 */
describe('completing user tasks: ticket tasks go through the ticket', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const incidentId = `incident_tasks_${tag}`;
  const triageId = `triage_tasks_${tag}`;
  const service = `vpn-${tag}`;

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { incident: incidentId } });
    await offerService(system, service);
    await deployIncidentDesk(system, { tag, processId: incidentId, service });
    const as = (method: string, url: string, payload: object) => system.injectAs('marta', { method, url, payload });
    const triage = readFileSync(repoFile('test/fixtures/triage-incident.bpmn'), 'utf8').replace(/"incident"/g, `"${triageId}"`);
    expect((await as('POST', '/process-definitions', { xml: triage })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await system?.close();
  });

  const instance = async (id: string) =>
    (await system.injectAs('marta', { method: 'GET', url: `/process-instances/${id}` })).result as Instance;
  const openTask = (id: string, elementId: string) =>
    eventually(async () => {
      const found = (await instance(id)).openTasks.find((t) => t.elementId === elementId);
      if (!found) throw new Error(`${id} does not wait at ${elementId} yet`);
      return found;
    }, 90_000);

  it('refuses to complete a ticket’s task with raw variables and says which ticket action does it', async () => {
    const raised = await system.injectAs('rita', {
      method: 'POST',
      url: '/tickets',
      payload: { type: 'incident', title: `VPN ${tag}`, description: 'x', impact: 'low', urgency: 'high', category: 'network', service },
    });
    const { number, processInstanceId } = raised.result as { number: string; processInstanceId: string };
    const task = await openTask(processInstanceId, 'Investigate');

    // The instance says whose it is and which actions complete its task, in the list and in the detail.
    expect(task.ticketActions).toEqual(['resolve', 'await-caller']);
    expect((await instance(processInstanceId)).ticketNumber).toBe(number);
    const listed = (await system.injectAs('marta', { method: 'GET', url: `/process-instances?businessKey=${number}` })).result as {
      items: Instance[];
    };
    expect(listed.items).toEqual([
      expect.objectContaining({
        id: processInstanceId,
        ticketNumber: number,
        openTasks: [expect.objectContaining({ elementId: 'Investigate', ticketActions: ['resolve', 'await-caller'] })],
      }),
    ]);

    // Marta, process owner in the service desk group, cannot complete it from operations, nor can an admin.
    for (const user of ['marta', 'admin']) {
      const refused = await system.injectAs(user, {
        method: 'POST',
        url: `/tasks/${task.id}/complete`,
        payload: { variables: { outcome: 'resolved' } },
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.result).toMatchObject({ code: 'TICKET_TASK' });
      expect((refused.result as { message: string }).message).toBe(
        `“Investigate and resolve” is a task of ticket ${number}: complete it on the ticket's page in the desk with the ticket action "resolve" or "await-caller" (POST /tickets/${number}/actions/resolve)`,
      );
    }
    // Nothing moved: the task is still open and the ticket in progress.
    expect((await openTask(processInstanceId, 'Investigate')).id).toBe(task.id);
    expect(((await system.injectAs('tomas', { method: 'GET', url: `/tickets/${number}` })).result as { state: string }).state).toBe(
      'in_progress',
    );

    // The ticket action completes it.
    const group = ((await system.injectAs('tomas', { method: 'GET', url: `/tickets/${number}` })).result as { assignmentGroup: string })
      .assignmentGroup;
    const resolved = await system.injectAs(group === 'network' ? 'agne' : 'tomas', {
      method: 'POST',
      url: `/tickets/${number}/actions/resolve`,
      payload: { resolutionCode: 'solved', resolutionNotes: 'Reset the token' },
    });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.result).toMatchObject({ taskId: task.id, elementId: 'Investigate' });
  });

  it('still completes the tasks of a process without a ticket, and audits who did', async () => {
    const started = await system.injectAs('marta', {
      method: 'POST',
      url: '/process-instances',
      payload: { processId: triageId, businessKey: `OPS-${tag}`, variables: { title: 'no ticket' } },
    });
    expect(started.statusCode).toBe(201);
    const id = (started.result as { id: string }).id;
    const triage = await openTask(id, 'Triage');
    expect(triage.ticketActions).toBeUndefined();
    expect((await instance(id)).ticketNumber).toBeNull();

    expect(
      (await system.injectAs('marta', { method: 'POST', url: `/tasks/${triage.id}/complete`, payload: { variables: { priority: 'P3' } } }))
        .statusCode,
    ).toBe(200);
    const audit = await system.adminEm().find(AuditLog, { entity: 'UserTask', entityId: triage.id, action: 'userTask.completed' });
    expect(audit.map((a) => [a.actorName, a.after])).toEqual([['marta', { variables: { priority: 'P3' } }]]);
  });
});
