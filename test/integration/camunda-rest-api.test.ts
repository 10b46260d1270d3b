import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessDefinitionId, type ProcessInstanceKey, type UserTaskKey } from '@camunda8/orchestration-cluster-api';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { eventually } from '../support/eventually';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { activateOneJob, camundaClientAs, camundaKeyOf, refOfCamundaKey } from '../support/job-api';
import { TestSystem } from '../support/test-system';

interface Detail {
  status: string;
  incidents: Array<{ key: number; elementId: string }>;
  history: Array<{ key: number; elementId: string; state: string }>;
  scopes: Array<{ key: number; elementId: string; variables: Record<string, unknown> }>;
  variables: Record<string, unknown>;
  organizationId: string | null;
  openTasks: Array<{ id: string; assignee?: string; priority?: number; dueDate?: string }>;
}

/** start → wait for message `name` keyed by `orderId` → end. */
const waitForPayment = (processId: string, name: string) =>
  bpmnDocument(
    `<bpmn:startEvent id="start" /><bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="Message_1" /></bpmn:intermediateCatchEvent><bpmn:endEvent id="end" />
     ${flow('f1', 'start', 'paid')}${flow('f2', 'paid', 'end')}`,
    processId,
  ).replace(
    '</bpmn:definitions>',
    `<bpmn:message id="Message_1" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message></bpmn:definitions>`,
  );

/** start → wait for signal `name` → end. */
const waitForSignal = (processId: string, name: string) =>
  bpmnDocument(
    `<bpmn:startEvent id="start" /><bpmn:intermediateCatchEvent id="go"><bpmn:signalEventDefinition signalRef="Signal_1" /></bpmn:intermediateCatchEvent><bpmn:endEvent id="end" />
     ${flow('f1', 'start', 'go')}${flow('f2', 'go', 'end')}`,
    processId,
  ).replace('</bpmn:definitions>', `<bpmn:signal id="Signal_1" name="${name}" /></bpmn:definitions>`);

/**
 * Camunda 8's REST API for starting, cancelling and talking to process instances, as Camunda's own
 * TypeScript client calls it against Flowdesk on real servers: what a script or tool written for Camunda
 * does here unchanged. The refusals Camunda would give name the field.
 */
describe("Camunda's REST API for process instances, messages and signals", () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8).replace(/-/g, '');
  const orders = `camunda_orders_${tag}`;
  const quick = `camunda_quick_${tag}`;
  const alarm = `camunda_alarm_${tag}`;
  const message = `order-paid-${tag}`;
  const signal = `fire-alarm-${tag}`;
  const review = `camunda_review_${tag}`;
  const billing = `camunda_billing_${tag}`;
  const billingType = `bill-${tag}`;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, uiDir: mkdtempSync(join(tmpdir(), 'flowdesk-no-ui-')) });
    const quickXml = bpmnDocument(`<bpmn:startEvent id="start" /><bpmn:endEvent id="end" />${flow('f1', 'start', 'end')}`, quick);
    const reviewXml = bpmnDocument(
      '<bpmn:startEvent id="start" /><bpmn:userTask id="review" name="Review"><bpmn:extensionElements><zeebe:userTask />' +
        '<zeebe:assignmentDefinition candidateUsers="tomas, nils" /></bpmn:extensionElements></bpmn:userTask><bpmn:endEvent id="end" />' +
        `${flow('f1', 'start', 'review')}${flow('f2', 'review', 'end')}`,
      review,
    );
    const billingXml = bpmnDocument(
      `<bpmn:startEvent id="start" /><bpmn:serviceTask id="bill" name="Bill"><bpmn:extensionElements><zeebe:taskDefinition type="${billingType}" retries="1" /></bpmn:extensionElements></bpmn:serviceTask><bpmn:endEvent id="end" />` +
        `${flow('f1', 'start', 'bill')}${flow('f2', 'bill', 'end')}`,
      billing,
    );
    for (const xml of [waitForPayment(orders, message), quickXml, waitForSignal(alarm, signal), reviewXml, billingXml])
      expect((await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } })).statusCode).toBe(201);
  }, 300_000);
  afterAll(async () => {
    await system?.close();
  });

  /** Flowdesk's own view of the instance a Camunda key (or id) names. */
  const detail = async (key: string) =>
    (await system.injectAs('marta', { method: 'GET', url: `/process-instances/${await refOfCamundaKey(system, key)}` })).result as Detail;
  const post = (user: string, url: string, payload: object) => system.injectAs(user, { method: 'POST', url, payload });

  it('starts an instance, correlates a message to it, and refuses a correlation nothing waits for', async () => {
    const camunda = await camundaClientAs(system, 'marta');
    const started = await camunda.createProcessInstance({
      processDefinitionId: ProcessDefinitionId.assumeExists(orders),
      variables: { orderId: 'O-1' },
    });
    expect(started).toMatchObject({ processDefinitionId: orders, processDefinitionVersion: 1, tenantId: '<default>' });
    const id = String(started.processInstanceKey);
    await eventually(async () => expect((await detail(id)).status).toBe('RUNNING'));

    const correlated = await camunda.correlateMessage({ name: message, correlationKey: 'O-1', variables: { amount: 120 } });
    expect(String(correlated.processInstanceKey)).toBe(id);
    await eventually(async () =>
      expect(await detail(id)).toMatchObject({ status: 'COMPLETED', variables: { orderId: 'O-1', amount: 120 } }),
    );

    // an operator's tool finds it by the Camunda search, completed, beside none of another process
    const search = (filter: object) => post('marta', '/v2/process-instances/search', { filter });
    const found = await search({ processDefinitionId: orders, state: 'COMPLETED', processInstanceKey: { $eq: id } });
    expect(found.result).toMatchObject({
      items: [{ processInstanceKey: id, processDefinitionId: orders, state: 'COMPLETED', hasIncident: false, tenantId: '<default>' }],
      page: { totalItems: 1 },
    });
    expect((await search({ processDefinitionId: orders, state: 'ACTIVE', processInstanceKey: id })).result).toMatchObject({ items: [] });
    expect((await search({ state: 'GONE' })).statusCode).toBe(400);

    const nobody = await post('marta', '/v2/messages/correlation', { name: message, correlationKey: 'O-404' });
    expect(nobody.statusCode).toBe(404);
    expect(JSON.parse(nobody.payload)).toMatchObject({ code: 'NO_SUBSCRIPTION' });
  });

  it('buffers a published message for an instance that starts waiting later, and broadcasts signals', async () => {
    const published = await post('marta', '/v2/messages/publication', {
      name: message,
      correlationKey: 'O-2',
      timeToLive: 60_000,
      messageId: `pay-${tag}`,
      variables: { amount: 80 },
    });
    expect(published.statusCode).toBe(200);
    expect(published.result).toMatchObject({ tenantId: '<default>', messageKey: expect.any(String) });
    const late = await post('marta', '/v2/process-instances', { processDefinitionId: orders, variables: { orderId: 'O-2' } });
    const lateId = (late.result as { processInstanceKey: string }).processInstanceKey;
    await eventually(async () => expect(await detail(lateId)).toMatchObject({ status: 'COMPLETED', variables: { amount: 80 } }));

    const waiting = (
      (await post('marta', '/v2/process-instances', { processDefinitionId: alarm })).result as { processInstanceKey: string }
    ).processInstanceKey;
    await eventually(async () => expect((await detail(waiting)).status).toBe('RUNNING'));
    const broadcast = await post('agne', '/v2/signals/broadcast', { signalName: signal, variables: { drill: true } });
    expect(broadcast.statusCode).toBe(200);
    expect(broadcast.result).toMatchObject({ tenantId: '<default>', signalKey: expect.any(String) });
    await eventually(async () => expect(await detail(waiting)).toMatchObject({ status: 'COMPLETED', variables: { drill: true } }));
  });

  it('takes a message with a messageId once while its time to live runs, within its tenant, name and correlation key', async () => {
    const baltic = (await system.adminEm().findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
    const publish = (user: string, payload: object) => post(user, '/v2/messages/publication', payload);
    const once = { name: message, correlationKey: `once-${tag}`, timeToLive: 60_000, messageId: `once-${tag}`, variables: { amount: 1 } };
    expect((await publish('marta', once)).statusCode).toBe(200);
    const again = await publish('marta', { ...once, variables: { amount: 2 } });
    expect(again.statusCode).toBe(409);
    expect(JSON.parse(again.payload)).toMatchObject({ code: 'MESSAGE_ALREADY_PUBLISHED', message: expect.stringContaining(`once-${tag}`) });
    const buffered = await system
      .adminEm()
      .execute('select variables from buffered_message where name = ? and correlation_key = ?', [message, once.correlationKey]);
    expect(buffered).toEqual([{ variables: { amount: 1 } }]);

    // Another correlation key, no time to live (nothing kept, nothing to compare with), another tenant: each is a message of its own.
    expect((await publish('marta', { ...once, correlationKey: `other-${tag}` })).statusCode).toBe(200);
    expect((await publish('marta', { ...once, timeToLive: 0 })).statusCode).toBe(200);
    expect((await publish('agne', { ...once, tenantId: baltic })).statusCode).toBe(200);
    expect((await publish('agne', { ...once, tenantId: baltic })).statusCode).toBe(409);

    // Once its time to live has passed, the same id is a new message.
    const brief = { ...once, correlationKey: `brief-${tag}`, timeToLive: 300 };
    expect((await publish('marta', brief)).statusCode).toBe(200);
    expect((await publish('marta', brief)).statusCode).toBe(409);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await publish('marta', brief)).statusCode).toBe(200);
  });

  it('awaits completion with the variables asked for, answers 504 when it does not complete in time, and cancels', async () => {
    const quickly = await post('marta', '/v2/process-instances', {
      processDefinitionId: quick,
      variables: { x: 1, y: 2 },
      awaitCompletion: true,
      fetchVariables: ['x'],
    });
    expect(quickly.statusCode).toBe(200);
    expect(quickly.result).toMatchObject({ processDefinitionId: quick, variables: { x: 1 } });
    expect((quickly.result as { variables: object }).variables).not.toHaveProperty('y');

    const slow = await post('marta', '/v2/process-instances', {
      processDefinitionId: orders,
      variables: { orderId: 'O-3' },
      awaitCompletion: true,
      requestTimeout: 1500,
    });
    expect(slow.statusCode).toBe(504);
    const running = await eventually(async () => {
      const [found] = (
        (await system.injectAs('marta', { method: 'GET', url: `/process-instances?processId=${orders}&status=RUNNING` })).result as {
          items: Array<{ id: string }>;
        }
      ).items;
      expect(found).toBeDefined();
      return found!.id;
    });

    // Camunda's client cancels it; an agent may not, and a second cancel finds it ended
    const camunda = await camundaClientAs(system, 'marta');
    expect((await post('agne', `/v2/process-instances/${running}/cancellation`, {})).statusCode).toBe(403);
    // an id from Flowdesk's own API is taken where Camunda takes a key
    await camunda.cancelProcessInstance({ processInstanceKey: running as unknown as ProcessInstanceKey });
    await eventually(async () => expect((await detail(running)).status).not.toBe('RUNNING'));
    expect((await post('marta', `/v2/process-instances/${running}/cancellation`, {})).statusCode).toBe(409);
  });

  it('refuses, naming the field, what it cannot do: both a process id and a key, start instructions, tags, an unknown process', async () => {
    const refused = async (payload: object, field: string) => {
      const res = await post('marta', '/v2/process-instances', payload);
      expect(res.statusCode).toBe(400);
      expect(JSON.stringify(JSON.parse(res.payload))).toContain(field);
    };
    await refused({ processDefinitionId: quick, processDefinitionKey: 'x' }, 'processDefinitionId');
    await refused({ processDefinitionId: quick, startInstructions: [{ elementId: 'end' }] }, 'startInstructions');
    await refused({ processDefinitionId: quick, tags: ['vip'] }, 'tags');
    expect((await post('marta', '/v2/process-instances', { processDefinitionId: `nothing_${tag}` })).statusCode).toBe(404);
    expect((await post('marta', '/v2/process-instances', { processDefinitionId: quick, processDefinitionVersion: 9 })).statusCode).toBe(
      404,
    );
    // a requester starts no arbitrary process, as with POST /process-instances
    expect((await post('rita', '/v2/process-instances', { processDefinitionId: quick })).statusCode).toBe(403);
  });

  it("lets a task application built on Camunda's client assign, update, unassign and complete a user task", async () => {
    const id = ((await post('marta', '/v2/process-instances', { processDefinitionId: review })).result as { processInstanceKey: string })
      .processInstanceKey;
    const task = await eventually(async () => {
      const [open] = (await detail(id)).openTasks;
      expect(open).toBeDefined();
      return open!;
    });
    // a task application finds it by the Camunda search, filtered by candidate and process
    const tomas = await camundaClientAs(system, 'tomas');
    const found = await tomas.searchUserTasks(
      { filter: { candidateUser: 'tomas', processDefinitionId: ProcessDefinitionId.assumeExists(review) } },
      { consistency: { waitUpToMs: 0 } },
    );
    const taskKey = await camundaKeyOf(system, task.id);
    expect(found.items).toEqual([
      expect.objectContaining({ userTaskKey: taskKey, elementId: 'review', name: 'Review', state: 'CREATED', processInstanceKey: id }),
    ]);
    expect(found.page.totalItems).toBe(1);
    const none = await post('marta', '/v2/user-tasks/search', { filter: { candidateUser: 'agne', processDefinitionId: review } });
    expect((none.result as { items: unknown[] }).items).toEqual([]);
    // the task's number is its key; Flowdesk's task id is still taken where a key is (below)
    const userTaskKey = found.items[0]!.userTaskKey as UserTaskKey;
    await tomas.assignUserTask({ userTaskKey, assignee: 'tomas' });
    await eventually(async () => expect((await detail(id)).openTasks[0]).toMatchObject({ assignee: 'tomas' }));

    // Nils may not take it over Tomas when he says not to override; a candidate may still change its dates
    const nils = await post('nils', `/v2/user-tasks/${task.id}/assignment`, { assignee: 'nils', allowOverride: false });
    expect(nils.statusCode).toBe(409);
    expect(JSON.parse(nils.payload)).toMatchObject({ code: 'TASK_ALREADY_ASSIGNED' });
    await tomas.updateUserTask({ userTaskKey, changeset: { priority: 80, dueDate: '2026-12-24T12:00:00.000Z' } });
    await eventually(async () =>
      expect((await detail(id)).openTasks[0]).toMatchObject({ priority: 80, dueDate: '2026-12-24T12:00:00.000Z' }),
    );
    await tomas.unassignUserTask({ userTaskKey });
    await eventually(async () => expect((await detail(id)).openTasks[0]?.assignee).toBeUndefined());

    // someone who is no candidate may not complete it; Tomas completes it with his answer
    expect((await post('agne', `/v2/user-tasks/${task.id}/completion`, { variables: { approved: false } })).statusCode).toBe(403);
    await tomas.completeUserTask({ userTaskKey, variables: { approved: true } });
    await eventually(async () => expect(await detail(id)).toMatchObject({ status: 'COMPLETED', variables: { approved: true } }));
    expect((await post('tomas', `/v2/user-tasks/${task.id}/completion`, {})).statusCode).toBe(409);
  });

  it('sets variables where Camunda would and resolves an incident, so the failed job runs again', async () => {
    const id = ((await post('marta', '/v2/process-instances', { processDefinitionId: billing })).result as { processInstanceKey: string })
      .processInstanceKey;
    const first = await activateOneJob(system, 'marta', billingType);
    expect((await post('marta', `/v2/jobs/${first.jobKey}/failure`, { retries: 0, errorMessage: 'no account' })).statusCode).toBe(204);
    const incident = await eventually(async () => {
      const [open] = (await detail(id)).incidents;
      expect(open).toMatchObject({ elementId: 'bill' });
      return open!;
    });
    const bill = (await detail(id)).history.find((h) => h.elementId === 'bill' && h.state === 'active')!;
    const ref = await refOfCamundaKey(system, id);
    const put = (key: string, payload: object) =>
      system.injectAs('marta', { method: 'PUT', url: `/v2/element-instances/${key}/variables`, payload });

    // the process instance's key sets process variables; an element instance's, with local, that scope;
    // without local, a variable goes where it exists, else to the process level
    expect((await put(id, { variables: { account: 'ACC-7' } })).statusCode).toBe(204);
    expect((await put(`${ref}.${bill.key}`, { variables: { attempt: 2 }, local: true })).statusCode).toBe(204);
    expect((await put(`${ref}.${bill.key}`, { variables: { account: 'ACC-8', fixedBy: 'marta' } })).statusCode).toBe(204);
    const after = await detail(id);
    expect(after.variables).toMatchObject({ account: 'ACC-8', fixedBy: 'marta' });
    expect(after.scopes.find((s) => s.elementId === 'bill')?.variables).toEqual({ attempt: 2 });
    const malformed = await put('bill', { variables: { x: 1 } });
    expect(malformed.statusCode).toBe(400);
    expect(JSON.parse(malformed.payload)).toMatchObject({ details: [{ field: 'params.elementInstanceKey' }] });

    // resolving the incident runs the task again: the worker gets its job with the fixed account
    expect((await post('marta', `/v2/incidents/${ref}.${incident.key}/resolution`, {})).statusCode).toBe(204);
    const again = await activateOneJob(system, 'marta', billingType);
    expect(again.variables).toMatchObject({ account: 'ACC-8', attempt: 2 });
    expect((await post('marta', `/v2/jobs/${again.jobKey}/completion`, {})).statusCode).toBe(204);
    await eventually(async () => expect((await detail(id)).status).toBe('COMPLETED'));
    expect((await post('marta', `/v2/incidents/${ref}.${incident.key}/resolution`, {})).statusCode).toBe(409);
  });
});
