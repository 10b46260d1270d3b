import { randomUUID } from 'node:crypto';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { eventually } from '../support/eventually';
import { TestSystem } from '../support/test-system';

interface Job {
  jobKey: string;
  elementId: string;
  kind: string;
  listenerEventType: string;
  variables: Record<string, unknown>;
}
interface Instance {
  status: string;
  openTasks: Array<{ id: string; elementId: string; assignee?: string }>;
  scopes?: Array<{ key: number; variables: Record<string, unknown> }>;
}

/**
 * Issue 16, the paths to a user task's listeners that are not the task routes themselves, on real
 * servers: the desk's ticket assignment runs the ticket's task's `assigning` listeners, and variables
 * set on a task run its `updating` listeners (Camunda 8.8). Each listener is an external job here, so
 * the test sees exactly how often it was handed out.
 */
describe('task listeners reached through the desk and through variables', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const ticketProcess = `desk_assigning_${tag.replace(/-/g, '')}`;

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { incident: ticketProcess } });
  });
  afterAll(async () => {
    await system?.close();
  });

  const as = (user: string, method: string, url: string, payload?: object) =>
    system.injectAs(user, { method, url, ...(payload !== undefined ? { payload } : {}) });
  const instance = async (id: string) => (await as('marta', 'GET', `/process-instances/${id}`)).result as Instance;
  /** Takes every job of the type there is, waiting up to `requestTimeout` for the first. */
  const activate = async (type: string, requestTimeout: number, tenantIds?: string[]) => {
    const res = await as('admin', 'POST', '/v2/jobs/activation', {
      type,
      worker: 'task-listener-paths',
      timeout: 60_000,
      maxJobsToActivate: 5,
      requestTimeout,
      ...(tenantIds ? { tenantIds } : {}),
    });
    expect(res.statusCode).toBe(200);
    return (res.result as { jobs: Job[] }).jobs;
  };
  const userTaskWith = (id: string, listener: string, extra = '') =>
    `<bpmn:userTask id="${id}"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="service-desk" />${listener}${extra}</bpmn:extensionElements></bpmn:userTask>`;
  const deploy = async (processId: string, body: string) =>
    expect((await as('marta', 'POST', '/process-definitions', { xml: bpmnDocument(body, processId) })).statusCode).toBe(201);

  it('runs the assigning listener of the ticket’s open task once when the desk assigns the ticket', async () => {
    // given the incident process: a triage task with an assigning listener, and a ticket waiting there
    const type = `desk-assigning-${tag}`;
    await deploy(
      ticketProcess,
      `<bpmn:startEvent id="s" />${userTaskWith('triage', `<zeebe:taskListeners><zeebe:taskListener eventType="assigning" type="${type}" /></zeebe:taskListeners>`)}<bpmn:endEvent id="e" />${flow('f0', 's', 'triage')}${flow('f1', 'triage', 'e')}`,
    );
    const raised = await as('rita', 'POST', '/tickets', { title: `Printer offline ${tag}` });
    expect(raised.statusCode).toBe(201);
    const number = (raised.result as { number: string }).number;
    const ticket = await system.adminEm().findOneOrFail(Ticket, { number });
    const tenant = [ticket.organizationId!];
    await eventually(async () => expect((await instance(ticket.processInstanceId!)).openTasks.map((t) => t.elementId)).toEqual(['triage']));

    // when tomas takes the ticket on the desk
    const version = ((await as('tomas', 'GET', `/tickets/${number}`)).result as { version: number }).version;
    const assigned = await as('tomas', 'POST', `/tickets/${number}/assignment`, { version, assigneeId: 'me' });
    expect(assigned.statusCode).toBe(200);

    // then the task's assigning listener is a job, and the task waits for it
    const [job, ...more] = await activate(type, 20_000, tenant);
    expect(more).toEqual([]);
    expect(job).toMatchObject({ elementId: 'triage', kind: 'TASK_LISTENER', listenerEventType: 'ASSIGNING' });
    expect((await instance(ticket.processInstanceId!)).openTasks).toEqual([]);

    // and once it completed the task is tomas's, and no second job was ever made
    expect((await as('admin', 'POST', `/v2/jobs/${job!.jobKey}/completion`, {})).statusCode).toBe(204);
    await eventually(async () =>
      expect((await instance(ticket.processInstanceId!)).openTasks).toEqual([
        expect.objectContaining({ elementId: 'triage', assignee: 'tomas' }),
      ]),
    );
    expect(await activate(type, 1_000, tenant)).toEqual([]);
  });

  it('runs the updating listener once when variables are set on the task, and sets them after it', async () => {
    // given a running review task with an updating listener
    const type = `task-updating-${tag}`;
    const processId = `task_variables_${tag.replace(/-/g, '')}`;
    await deploy(
      processId,
      `<bpmn:startEvent id="s" />${userTaskWith('review', `<zeebe:taskListeners><zeebe:taskListener eventType="updating" type="${type}" /></zeebe:taskListeners>`)}<bpmn:endEvent id="e" />${flow('f0', 's', 'review')}${flow('f1', 'review', 'e')}`,
    );
    const started = await as('marta', 'POST', '/process-instances', { processId, variables: { faultCode: 'F-1' } });
    expect(started.statusCode).toBe(201);
    const id = (started.result as { id: string }).id;
    const task = await eventually(async () => {
      const [open] = (await instance(id)).openTasks;
      expect(open?.elementId).toBe('review');
      return open!;
    });
    const scopeKey = Number(task.id.split('.').at(-1));

    // when a process owner sets variables on the task's scope
    const set = await as('marta', 'PUT', `/process-instances/${id}/variables`, {
      variables: { faultCode: 'F-2' },
      scopeKey,
      reason: 'the caller corrected the fault code',
    });
    expect(set.statusCode).toBe(200);

    // then the updating listener sees the new value, and the task does not have it yet
    const [job, ...more] = await activate(type, 20_000);
    expect(more).toEqual([]);
    expect(job).toMatchObject({
      elementId: 'review',
      kind: 'TASK_LISTENER',
      listenerEventType: 'UPDATING',
      variables: { faultCode: 'F-2' },
    });
    expect((await instance(id)).scopes?.find((s) => s.key === scopeKey)?.variables ?? {}).toEqual({});

    // and once it completed the variable is the task's own, the process keeps its own, and no second job came
    expect((await as('admin', 'POST', `/v2/jobs/${job!.jobKey}/completion`, {})).statusCode).toBe(204);
    await eventually(async () => {
      const after = await instance(id);
      expect(after.scopes?.find((s) => s.key === scopeKey)?.variables).toEqual({ faultCode: 'F-2' });
      expect(after.openTasks.map((t) => t.elementId)).toEqual(['review']);
    });
    expect(((await as('marta', 'GET', `/process-instances/${id}`)).result as { variables: object }).variables).toMatchObject({
      faultCode: 'F-1',
    });
    expect(await activate(type, 1_000)).toEqual([]);
  });

  it('lists deployed forms and reads one back, newest or by version; an unknown one is a 404 naming it', async () => {
    // given two versions of a form deployed with a process
    const formId = `reopen-form-${tag}`;
    const processId = `form_reads_${tag.replace(/-/g, '')}`;
    const form = (label: string) => ({
      id: formId,
      type: 'default',
      components: [{ type: 'textfield', key: 'faultCode', label }],
    });
    const xml = bpmnDocument(
      `<bpmn:startEvent id="s" /><bpmn:userTask id="t"><bpmn:extensionElements><zeebe:userTask /><zeebe:formDefinition formId="${formId}" /></bpmn:extensionElements></bpmn:userTask><bpmn:endEvent id="e" />${flow('f0', 's', 't')}${flow('f1', 't', 'e')}`,
      processId,
    );
    for (const label of ['Fault code', 'Fault code (from the label)']) {
      const res = await as('marta', 'POST', '/process-definitions', {
        resources: [
          { name: `${processId}.bpmn`, xml },
          { name: `${formId}.form`, form: form(label) },
        ],
      });
      expect(res.statusCode).toBe(201);
    }

    // then the list names it with both versions, for anyone signed in
    const list = await as('tomas', 'GET', '/form-definitions');
    expect(list.statusCode).toBe(200);
    const listed = (list.result as { items: Array<{ formId: string }> }).items.find((f) => f.formId === formId);
    expect(listed).toMatchObject({ formId, latestVersion: 2, versions: [2, 1], versionTag: null });

    // and the newest, or the first, reads back with its form-js schema
    const latest = await as('marta', 'GET', `/form-definitions/${formId}`);
    expect(latest.statusCode).toBe(200);
    expect(latest.result).toMatchObject({ formId, version: 2, schema: form('Fault code (from the label)') });
    const first = await as('marta', 'GET', `/form-definitions/${formId}?version=1`);
    expect(first.result).toMatchObject({ version: 1, schema: form('Fault code') });

    // and what is not deployed is a 404 that names it
    const missing = await as('marta', 'GET', `/form-definitions/never-${tag}`);
    expect(missing.statusCode).toBe(404);
    expect(missing.result).toMatchObject({ code: 'FORM_NOT_FOUND', message: expect.stringContaining(`never-${tag}`) });
    const noVersion = await as('marta', 'GET', `/form-definitions/${formId}?version=9`);
    expect(noVersion.statusCode).toBe(404);
    expect(noVersion.result).toMatchObject({ code: 'FORM_VERSION_NOT_FOUND', message: expect.stringContaining(formId) });
    expect((await as('marta', 'GET', '/form-definitions/not%20an%20id')).statusCode).toBe(400);
  });
});
