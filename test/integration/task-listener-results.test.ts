import { randomUUID } from 'node:crypto';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { eventually } from '../support/eventually';
import { activateOneJob, type ActivatedJob } from '../support/job-api';
import { recordHistoryIfAsked } from '../support/record-history';
import { TestSystem } from '../support/test-system';

interface OpenTask {
  id: string;
  elementId: string;
  assignee?: string;
  priority?: number;
  denial?: { eventType: string; reason: string };
}

/**
 * Camunda 8.8's task listener results through the job API, on real servers: a completing listener's
 * denial leaves the task open with the reason, an assigning listener's corrections change the
 * assignment, and the answers Camunda refuses (a denial from a creating listener, a result on a service
 * task's job) are a 400 naming the field, the job still waiting for a proper answer.
 */
describe('task listener denials and corrections', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const type = (event: string) => `${event}-${tag}`;
  const processId = `listener_results_${tag.replace(/-/g, '')}`;

  beforeAll(async () => {
    system = await TestSystem.start();
  }, 300_000);
  afterAll(async () => {
    await system?.close();
  });

  const as = (user: string, method: string, url: string, payload?: object) =>
    system.injectAs(user, { method, url, ...(payload !== undefined ? { payload } : {}) });
  const instance = async (id: string) =>
    (await as('marta', 'GET', `/process-instances/${id}`)).result as { status: string; openTasks: OpenTask[] };
  const oneJob = (jobType: string) => activateOneJob(system, 'admin', jobType);
  const complete = (job: ActivatedJob, payload: object = {}) => as('admin', 'POST', `/v2/jobs/${job.jobKey}/completion`, payload);

  it('denies a completion, corrects an assignment, and refuses the answers Camunda refuses', async () => {
    // given a review task with creating, assigning and completing listeners, then an external service task
    const listeners = ['creating', 'assigning', 'completing']
      .map((e) => `<zeebe:taskListener eventType="${e}" type="${type(e)}" />`)
      .join('');
    const body =
      '<bpmn:startEvent id="s" />' +
      `<bpmn:userTask id="review"><bpmn:extensionElements><zeebe:userTask /><zeebe:taskListeners>${listeners}</zeebe:taskListeners></bpmn:extensionElements></bpmn:userTask>` +
      `<bpmn:serviceTask id="archive"><bpmn:extensionElements><zeebe:taskDefinition type="${type('archive')}" /></bpmn:extensionElements></bpmn:serviceTask>` +
      '<bpmn:endEvent id="e" />' +
      flow('f0', 's', 'review') +
      flow('f1', 'review', 'archive') +
      flow('f2', 'archive', 'e');
    expect((await as('marta', 'POST', '/process-definitions', { xml: bpmnDocument(body, processId) })).statusCode).toBe(201);
    const started = await as('marta', 'POST', '/process-instances', { processId });
    expect(started.statusCode).toBe(201);
    const id = (started.result as { id: string }).id;

    // when the creating listener tries to deny: 400 naming the field, and its job still waits
    const creating = await oneJob(type('creating'));
    expect(creating).toMatchObject({ kind: 'TASK_LISTENER', listenerEventType: 'CREATING' });
    const refused = await complete(creating, { result: { denied: true } });
    expect(refused.statusCode).toBe(400);
    expect(JSON.parse(refused.payload)).toMatchObject({ code: 'INVALID_JOB_RESULT', details: [{ field: 'payload.result.denied' }] });
    // and it may correct the task instead
    expect((await complete(creating, { result: { corrections: { priority: 70 } } })).statusCode).toBe(204);
    const task = await eventually(async () => {
      const [open] = (await instance(id)).openTasks;
      expect(open).toMatchObject({ elementId: 'review', priority: 70 });
      return open!;
    });

    // when marta is assigned and the assigning listener corrects it to tomas
    expect((await as('marta', 'POST', `/tasks/${task.id}/assignment`, { assignee: 'marta' })).statusCode).toBe(200);
    expect((await complete(await oneJob(type('assigning')), { result: { corrections: { assignee: 'tomas' } } })).statusCode).toBe(204);
    await eventually(async () => expect((await instance(id)).openTasks).toEqual([expect.objectContaining({ assignee: 'tomas' })]));

    // when tomas completes it and the completing listener denies, the task is open again and says why
    expect((await as('tomas', 'POST', `/tasks/${task.id}/complete`, { variables: { checked: true } })).statusCode).toBeLessThan(300);
    const denial = { denied: true, deniedReason: 'attach the test report first' };
    expect((await complete(await oneJob(type('completing')), { result: denial })).statusCode).toBe(204);
    await eventually(async () =>
      expect((await instance(id)).openTasks).toEqual([
        expect.objectContaining({
          elementId: 'review',
          denial: { eventType: 'completing', reason: 'attach the test report first', deniedAt: expect.any(String) },
        }),
      ]),
    );
    expect((await instance(id)).status).toBe('RUNNING');

    // when he completes it again and the listener lets it through, the service task's job comes
    expect((await as('tomas', 'POST', `/tasks/${task.id}/complete`, { variables: { checked: true } })).statusCode).toBeLessThan(300);
    expect((await complete(await oneJob(type('completing')), { result: { denied: false } })).statusCode).toBe(204);
    const archive = await oneJob(type('archive'));
    expect(archive.kind).toBe('BPMN_ELEMENT');
    // and a result on it is refused, naming the field, while a plain completion ends the instance
    const onServiceTask = await complete(archive, { result: { denied: true } });
    expect(onServiceTask.statusCode).toBe(400);
    expect(JSON.parse(onServiceTask.payload)).toMatchObject({ code: 'INVALID_JOB_RESULT', details: [{ field: 'payload.result' }] });
    expect((await complete(archive)).statusCode).toBe(204);
    await eventually(async () => expect((await instance(id)).status).toBe('COMPLETED'));
    // Its history replays in test/replay: the denial and the corrections behind patched('task-listener-results').
    await recordHistoryIfAsked(system, id, 'task_listener_denied_and_corrected');
  });
});
