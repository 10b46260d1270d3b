import { randomUUID } from 'node:crypto';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { eventually } from '../support/eventually';
import { TestSystem } from '../support/test-system';

interface Job {
  jobKey: string;
  type: string;
  elementId: string;
  kind: string;
  listenerEventType: string;
  variables: Record<string, unknown>;
  customHeaders: Record<string, string>;
}

/**
 * Execution and task listeners (issue 16) on a real Temporal server: a listener whose type nothing
 * in-process serves is an external job the element waits for, told apart by Camunda's `kind` and
 * `listenerEventType`; a failure with no retries left is an incident that a retry resolves.
 */
describe('listener jobs', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(async () => {
    await system?.close();
  });

  const as = (method: string, url: string, payload?: object) =>
    system.injectAs('marta', { method, url, ...(payload !== undefined ? { payload } : {}) });
  const instance = async (id: string) =>
    (await as('GET', `/process-instances/${id}`)).result as {
      status: string;
      variables: Record<string, unknown>;
      incidents: Array<{ key: number; elementId: string; type: string; message: string }>;
      openTasks: Array<{ elementId: string }>;
    };
  const activate = async (type: string) => {
    const res = await as('POST', '/v2/jobs/activation', {
      type,
      worker: 'listener-test',
      timeout: 60_000,
      maxJobsToActivate: 1,
      requestTimeout: 20_000,
    });
    expect(res.statusCode).toBe(200);
    const { jobs } = res.result as { jobs: Job[] };
    expect(jobs).toHaveLength(1);
    return jobs[0]!;
  };
  const deployAndStart = async (processId: string, body: string, variables: Record<string, unknown> = {}) => {
    expect((await as('POST', '/process-definitions', { xml: bpmnDocument(body, processId) })).statusCode).toBe(201);
    const res = await as('POST', '/process-instances', { processId, variables });
    expect(res.statusCode).toBe(201);
    return (res.result as { id: string }).id;
  };

  it('waits for start and end execution listeners as jobs, and retries a failed one after its incident', async () => {
    const check = `check-order-${tag}`;
    const publish = `publish-order-${tag}`;
    const processId = `listeners_${tag.replace(/-/g, '')}`;
    const id = await deployAndStart(
      processId,
      `<bpmn:startEvent id="s" /><bpmn:task id="prepare"><bpmn:extensionElements><zeebe:executionListeners><zeebe:executionListener eventType="start" type="${check}" retries="1"><zeebe:taskHeaders><zeebe:header key="rule" value="stock" /></zeebe:taskHeaders></zeebe:executionListener><zeebe:executionListener eventType="end" type="${publish}" retries="1" /></zeebe:executionListeners></bpmn:extensionElements></bpmn:task><bpmn:endEvent id="e" />${flow('f0', 's', 'prepare')}${flow('f1', 'prepare', 'e')}`,
      { orderId: 7 },
    );

    // given the start listener's job, handed out as Camunda's clients expect it
    const start = await activate(check);
    expect(start).toMatchObject({
      elementId: 'prepare',
      kind: 'EXECUTION_LISTENER',
      listenerEventType: 'START',
      customHeaders: { rule: 'stock' },
      variables: { orderId: 7 },
    });
    expect((await instance(id)).status).toBe('RUNNING');
    expect((await as('POST', `/v2/jobs/${start.jobKey}/completion`, { variables: { inStock: true } })).statusCode).toBe(204);

    // when the end listener fails with no retries left
    const end = await activate(publish);
    expect(end).toMatchObject({ kind: 'EXECUTION_LISTENER', listenerEventType: 'END', variables: { orderId: 7, inStock: true } });
    expect((await as('POST', `/v2/jobs/${end.jobKey}/failure`, { retries: 0, errorMessage: 'the shop is down' })).statusCode).toBe(204);

    // then it is an incident on the element, and a retry hands the listener out again
    const incident = await eventually(async () => {
      const { incidents } = await instance(id);
      expect(incidents).toHaveLength(1);
      return incidents[0]!;
    });
    expect(incident).toMatchObject({ elementId: 'prepare', type: 'EXECUTION_LISTENER_NO_RETRIES' });
    expect(incident.message).toContain('the shop is down');
    expect((await as('POST', `/process-instances/${id}/incidents/${incident.key}/retry`)).statusCode).toBe(200);
    const again = await activate(publish);
    expect((await as('POST', `/v2/jobs/${again.jobKey}/completion`, { variables: { published: true } })).statusCode).toBe(204);
    await eventually(async () =>
      expect(await instance(id)).toMatchObject({ status: 'COMPLETED', variables: { orderId: 7, inStock: true, published: true } }),
    );
  });

  it('opens a user task only once its creating listener has completed', async () => {
    const route = `route-task-${tag}`;
    const processId = `task_listeners_${tag.replace(/-/g, '')}`;
    const id = await deployAndStart(
      processId,
      `<bpmn:startEvent id="s" /><bpmn:userTask id="review"><bpmn:extensionElements><zeebe:userTask /><zeebe:taskListeners><zeebe:taskListener eventType="creating" type="${route}" /></zeebe:taskListeners></bpmn:extensionElements></bpmn:userTask><bpmn:endEvent id="e" />${flow('f0', 's', 'review')}${flow('f1', 'review', 'e')}`,
    );
    const job = await activate(route);
    expect(job).toMatchObject({ elementId: 'review', kind: 'TASK_LISTENER', listenerEventType: 'CREATING' });
    expect((await instance(id)).openTasks).toEqual([]);

    expect((await as('POST', `/v2/jobs/${job.jobKey}/completion`, {})).statusCode).toBe(204);
    await eventually(async () => expect((await instance(id)).openTasks.map((t) => t.elementId)).toEqual(['review']));
  });
});
