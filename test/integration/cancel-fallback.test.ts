import { randomUUID } from 'node:crypto';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import { ProcessDefinition } from '../../service-catalog/processes/domain/process-definition.entity';
import { ProcessInstance } from '../../service-catalog/processes/domain/process-instance.entity';
import { eventually } from '../support/eventually';
import { TestSystem } from '../support/test-system';
import type { Body } from '../support/json-body';
/**
 * Cancel always works (issue 13, defect 3): when the workflow cannot take the cancel — its workflow
 * task keeps failing, or no worker runs it — the execution is terminated instead, and the audit log,
 * the list and the detail say so and why. Before, the first answered 500 and the second hung.
 */
describe('cancel when the workflow cannot take it', () => {
  let system: TestSystem;
  const processId = `waits_${randomUUID().slice(0, 8)}`;
  const xml = bpmnDocument(
    `<bpmn:startEvent id="start" /><bpmn:userTask id="work" /><bpmn:endEvent id="end" />${flow('f0', 'start', 'work')}${flow('f1', 'work', 'end')}`,
    processId,
  );

  beforeAll(async () => {
    system = await TestSystem.start();
    expect((await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await system?.close();
  });

  const marta = (method: string, url: string, payload?: object) =>
    system.injectAs('marta', { method, url, ...(payload ? { payload } : {}) });
  const describeWorkflow = (id: string) => system.client.workflow.getHandle(id).describe();

  /** Cancels, and checks everything that says the instance was terminated instead, and why. */
  async function expectTerminated(id: string, reason: string, cause: RegExp): Promise<void> {
    const res = await marta('POST', `/process-instances/${id}/cancel`, { reason });
    expect(res.statusCode).toBe(200);
    expect(res.result).toMatchObject({
      id,
      status: 'CANCELED',
      activeElementIds: [],
      termination: { reason, cause: expect.stringMatching(cause), by: 'marta' },
    });
    expect((await describeWorkflow(id)).status.name).toBe('TERMINATED');

    const shown = (await marta('GET', `/process-instances/${id}`)).result as Body;
    expect(shown).toMatchObject({
      status: 'CANCELED',
      activeElementIds: [],
      openTasks: [],
      termination: { reason, cause: expect.stringMatching(cause) },
    });
    const listed = (await marta('GET', `/process-instances?processId=${processId}&status=CANCELED`)).result as Body;
    expect(listed.items.find((i: Body) => i.id === id)).toMatchObject({
      status: 'CANCELED',
      endedAt: expect.any(String),
      termination: { reason },
    });
    const audit = await system.adminEm().findOneOrFail(AuditLog, { entityId: id, action: 'processInstance.terminated' });
    expect(audit).toMatchObject({ actorName: 'marta', after: { reason, cause: expect.stringMatching(cause) } });
    expect(await system.adminEm().count(AuditLog, { entityId: id, action: 'processInstance.canceled' })).toBe(0);
    expect((await marta('POST', `/process-instances/${id}/cancel`, { reason: 'again' })).statusCode).toBe(409);
  }

  it('terminates an instance whose workflow task keeps failing', async () => {
    // given an instance whose workflow fails every workflow task (it is told to start at an event its graph lacks)
    const definition = await system.adminEm().findOneOrFail(ProcessDefinition, { processId });
    const id = randomUUID();
    const em = system.adminEm();
    em.create(ProcessInstance, {
      id,
      definition,
      processId,
      version: definition.version,
      businessKey: null,
      startedAt: new Date(),
      organizationId: null,
      startedBy: null,
    });
    await em.flush();
    await system.engine.start({
      instanceId: id,
      graph: definition.graph,
      definition: { id: definition.id, processId, version: definition.version },
      startEventId: 'nowhere',
    });
    await eventually(async () => expect(Number((await describeWorkflow(id)).raw.pendingWorkflowTask?.attempt ?? 0)).toBeGreaterThan(1));
    // when a process owner cancels it, then it is terminated, and says why
    await expectTerminated(id, 'stuck since the deploy', /workflow task has failed/);
  });

  it('terminates an instance no worker runs', async () => {
    const started = await marta('POST', '/process-instances', { processId });
    const id = (started.result as Body).id as string;
    await eventually(async () => expect(((await marta('GET', `/process-instances/${id}`)).result as Body).openTasks).toHaveLength(1));
    await system.stopWorker();
    try {
      await expectTerminated(id, 'the worker is gone', /no worker ran it/);
    } finally {
      await system.startWorker();
    }
  });
});
