import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessDefinitionId, type UserTaskKey } from '@camunda8/orchestration-cluster-api';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { eventually } from '../support/eventually';
import { camundaClientAs } from '../support/job-api';
import { recordHistoryIfAsked } from '../support/record-history';
import { TestSystem } from '../support/test-system';

const NOW = { consistency: { waitUpToMs: 0 } };

interface Problem {
  details: Array<{ field?: string }>;
}

/** A linked Camunda form: the amount to approve and a comment. */
const expenseForm = (id: string) => ({
  id,
  type: 'default',
  schemaVersion: 16,
  components: [
    { type: 'number', key: 'amount', label: 'Amount' },
    { type: 'textfield', key: 'comment', label: 'Comment' },
  ],
});

/**
 * start → approve (linked form `formId`, for nils; its own `limit` mapped in) → review (an application's own
 * form, Camunda 8.5's `externalReference`, for nils) → end.
 */
const expenseProcess = (processId: string, formId: string) =>
  bpmnDocument(
    `<bpmn:startEvent id="start" />
     <bpmn:userTask id="approve" name="Approve expense"><bpmn:extensionElements><zeebe:userTask /><zeebe:formDefinition formId="${formId}" />
       <zeebe:assignmentDefinition candidateUsers="nils" /><zeebe:ioMapping><zeebe:input source="=amount * 2" target="limit" /><zeebe:input source="=&quot;task's own&quot;" target="comment" /></zeebe:ioMapping>
     </bpmn:extensionElements></bpmn:userTask>
     <bpmn:userTask id="review" name="Review"><bpmn:extensionElements><zeebe:userTask /><zeebe:formDefinition externalReference="https://forms.example/review" /><zeebe:assignmentDefinition candidateUsers="nils" /></bpmn:extensionElements></bpmn:userTask>
     <bpmn:endEvent id="end" />
     ${flow('f1', 'start', 'approve')}${flow('f2', 'approve', 'review')}${flow('f3', 'review', 'end')}`,
    processId,
  );

/**
 * What a task application written for Camunda 8 does before it completes a task, through Camunda's own
 * TypeScript client against Flowdesk on real servers: check the connection, read the task, render its
 * linked form, fill it from the variables the task sees.
 */
describe("A task application on Camunda's REST API reads a task, its form and its variables", () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const processId = `camunda_expense_${tag.replace(/-/g, '')}`;
  const formId = `expense-${tag}`;
  let taskKey: string;
  let instanceId: string;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, uiDir: mkdtempSync(join(tmpdir(), 'flowdesk-no-ui-')) });
    const deployed = await system.injectAs('marta', {
      method: 'POST',
      url: '/process-definitions',
      payload: {
        resources: [
          { name: 'expense.bpmn', xml: expenseProcess(processId, formId) },
          { name: 'expense.form', form: expenseForm(formId) },
        ],
      },
    });
    expect(deployed.statusCode).toBe(201);
    const started = await system.injectAs('marta', {
      method: 'POST',
      url: '/v2/process-instances',
      payload: { processDefinitionId: processId, variables: { amount: 120, comment: 'instance', receipt: 'x'.repeat(9000) } },
    });
    expect(started.statusCode).toBe(200);
    instanceId = (started.result as { processInstanceKey: string }).processInstanceKey;
    const camunda = await camundaClientAs(system, 'nils');
    taskKey = await eventually(async () => {
      const { items } = await camunda.searchUserTasks({ filter: { processInstanceKey: instanceId as never } }, NOW);
      expect(items).toHaveLength(1);
      return String(items[0]!.userTaskKey);
    });
  }, 300_000);
  afterAll(async () => {
    await system?.close();
  });

  it('checks the connection with the topology', async () => {
    const topology = await (await camundaClientAs(system, 'nils')).getTopology();
    expect(topology).toMatchObject({
      clusterSize: 1,
      partitionsCount: 1,
      gatewayVersion: '8.8.0',
      brokers: [{ nodeId: 0, partitions: [{ partitionId: 1, role: 'leader', health: 'healthy' }] }],
    });
  });

  it('reads the task by its key, its linked form and the variables it sees', async () => {
    const camunda = await camundaClientAs(system, 'nils');
    const task = await camunda.getUserTask({ userTaskKey: taskKey as UserTaskKey }, NOW);
    expect(task).toMatchObject({
      userTaskKey: taskKey,
      elementId: 'approve',
      name: 'Approve expense',
      state: 'CREATED',
      candidateUsers: ['nils'],
      processDefinitionId: ProcessDefinitionId.assumeExists(processId),
      processInstanceKey: instanceId,
      tenantId: '<default>',
      externalFormReference: null,
    });
    // the linked form's key is a key like any other
    expect(String(task.formKey)).toMatch(/^\d+$/);

    const byKey = (userTaskKey: string) =>
      system.injectAs('nils', { method: 'POST', url: '/v2/user-tasks/search', payload: { filter: { userTaskKey } } });
    expect(((await byKey(taskKey)).result as { items: Array<{ userTaskKey: string }> }).items.map((t) => t.userTaskKey)).toEqual([taskKey]);
    const notAKey = await byKey('approve');
    expect(notAKey.statusCode).toBe(400);
    expect((notAKey.result as Problem).details).toEqual([expect.objectContaining({ field: 'payload.filter.userTaskKey' })]);

    const form = await camunda.getUserTaskForm({ userTaskKey: taskKey as UserTaskKey }, NOW);
    expect(form).toMatchObject({ formId, version: 1, tenantId: '<default>', formKey: expect.any(String) });
    expect(JSON.parse(form!.schema)).toMatchObject({ id: formId, components: [{ key: 'amount' }, { key: 'comment' }] });

    // The task's own input mappings over the instance's variables: `comment` is the task's, not the instance's.
    const seen = await camunda.searchUserTaskVariables({ userTaskKey: taskKey as UserTaskKey, filter: { name: 'comment' } } as never, NOW);
    expect(seen.items).toEqual([
      expect.objectContaining({ name: 'comment', value: JSON.stringify("task's own"), scopeKey: taskKey, processInstanceKey: instanceId }),
    ]);
    const search = (body: object, query = '') =>
      system.injectAs('nils', { method: 'POST', url: `/v2/user-tasks/${taskKey}/variables/search${query}`, payload: body });
    const all = (await search({ sort: [{ field: 'name', order: 'DESC' }] })).result as {
      items: Array<{ name: string; value: string; isTruncated: boolean; scopeKey: string }>;
      page: { totalItems: number };
    };
    expect(all.items.map((v) => [v.name, v.scopeKey === taskKey ? 'task' : 'instance'])).toEqual([
      ['receipt', 'instance'],
      ['limit', 'task'],
      ['comment', 'task'],
      ['amount', 'instance'],
    ]);
    expect(all.page.totalItems).toBe(4);
    expect(JSON.parse(all.items.find((v) => v.name === 'limit')!.value)).toBe(240);
    expect(all.items[0]).toMatchObject({ isTruncated: false, value: JSON.stringify('x'.repeat(9000)) });
    const cut = (await search({ filter: { name: { $in: ['receipt', 'amount'] } } }, '?truncateValues=true')).result as typeof all;
    expect(cut.items.map((v) => [v.name, v.isTruncated, v.value.length])).toEqual([
      ['amount', false, 3],
      ['receipt', true, 8191],
    ]);
    const paged = (await search({ page: { from: 1, limit: 2 } })).result as typeof all;
    expect(paged).toMatchObject({ items: [{ name: 'comment' }, { name: 'limit' }], page: { totalItems: 4 } });
  });

  it('answers 204 for a task without a linked form, and refuses what Camunda would, naming the field', async () => {
    const nils = (method: string, url: string, payload?: object) =>
      system.injectAs('nils', { method, url, ...(payload ? { payload } : {}) });
    // Someone who may not complete the task reads neither its form nor its variables; its listing is for staff who see the instance.
    expect((await system.injectAs('agne', { method: 'GET', url: `/v2/user-tasks/${taskKey}/form` })).statusCode).toBe(403);
    expect(
      (await system.injectAs('agne', { method: 'POST', url: `/v2/user-tasks/${taskKey}/variables/search`, payload: {} })).statusCode,
    ).toBe(403);
    const bad = await nils('GET', '/v2/user-tasks/not-a-key');
    expect(bad.statusCode).toBe(400);
    expect((bad.result as Problem).details).toEqual([expect.objectContaining({ field: 'params.userTaskKey' })]);
    expect((await nils('POST', `/v2/user-tasks/${taskKey}/variables/search`, { filter: { name: { $like: 'a*' } } })).statusCode).toBe(400);

    expect((await nils('POST', `/v2/user-tasks/${taskKey}/assignment`, { assignee: 'nils' })).statusCode).toBe(204);
    expect((await nils('POST', `/v2/user-tasks/${taskKey}/completion`, { variables: { amount: 100, comment: 'ok' } })).statusCode).toBe(
      204,
    );
    expect((await nils('GET', `/v2/user-tasks/${taskKey}/form`)).statusCode).toBe(409);
    const review = await eventually(async () => {
      const found = (await nils('POST', '/v2/user-tasks/search', { filter: { processInstanceKey: instanceId, elementId: 'review' } }))
        .result as { items: Array<{ userTaskKey: string; formKey: string | null; externalFormReference: string | null }> };
      expect(found.items).toHaveLength(1);
      // an application's own form is named as Camunda names it, not as a key
      expect(found.items[0]).toMatchObject({ formKey: null, externalFormReference: 'https://forms.example/review' });
      return found.items[0]!.userTaskKey;
    });
    const none = await nils('GET', `/v2/user-tasks/${review}/form`);
    expect(none.statusCode).toBe(204);
    expect(none.payload).toBe('');
  });

  it('finds ended tasks too: completed as they stood, and cancelled with their instance', async () => {
    const nils = (method: string, url: string, payload?: object) =>
      system.injectAs('nils', { method, url, ...(payload ? { payload } : {}) });
    type Found = { userTaskKey: string; elementId: string; state: string; assignee: string | null; completionDate: string | null };
    const search = async (filter: object, sort?: object) =>
      (
        (
          await nils('POST', '/v2/user-tasks/search', {
            filter: { processInstanceKey: instanceId, ...filter },
            ...(sort ? { sort: [sort] } : {}),
          })
        ).result as { items: Found[] }
      ).items;
    const approved = await eventually(async () => {
      const task = (await nils('GET', `/v2/user-tasks/${taskKey}`)).result as Found;
      expect(task).toMatchObject({ elementId: 'approve', state: 'COMPLETED', assignee: 'nils', completionDate: expect.any(String) });
      return task;
    });
    expect(Date.parse(approved.completionDate!)).toBeGreaterThan(Date.now() - 120_000);
    // Camunda's client asks for done work the same way.
    const done = await (
      await camundaClientAs(system, 'nils')
    ).searchUserTasks({ filter: { state: 'COMPLETED', processInstanceKey: instanceId as never } }, NOW);
    expect(done.items.map((t) => [t.elementId, t.state])).toEqual([['approve', 'COMPLETED']]);
    expect((await search({ state: 'CREATED' })).map((t) => t.elementId)).toEqual(['review']);

    const cancel = await system.injectAs('marta', { method: 'POST', url: `/v2/process-instances/${instanceId}/cancellation`, payload: {} });
    expect(cancel.statusCode).toBe(204);
    await eventually(async () =>
      expect((await search({}, { field: 'creationDate' })).map((t) => [t.elementId, t.state])).toEqual([
        ['approve', 'COMPLETED'],
        ['review', 'CANCELED'],
      ]),
    );
    await recordHistoryIfAsked(system, instanceId, 'user_task_history');
    const ended = await search({ state: { $in: ['COMPLETED', 'CANCELED'] } }, { field: 'completionDate', order: 'DESC' });
    expect(ended.map((t) => t.elementId)).toEqual(['review', 'approve']);
    expect(await search({ state: 'CREATED' })).toEqual([]);
    expect(await search({ state: 'FAILED' })).toEqual([]);
    const unknown = await nils('POST', '/v2/user-tasks/search', { filter: { state: 'DONE' } });
    expect(unknown.statusCode).toBe(400);
    expect((unknown.result as Problem).details).toEqual([
      expect.objectContaining({ field: expect.stringContaining('payload.filter.state') }),
    ]);
  });
});
