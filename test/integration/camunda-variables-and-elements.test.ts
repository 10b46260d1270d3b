import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ElementInstanceKey,
  ProcessDefinitionId,
  type ProcessInstanceKey,
  type ScopeKey,
  type VariableKey,
} from '@camunda8/orchestration-cluster-api';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { eventually } from '../support/eventually';
import { camundaClientAs, refOfCamundaKey } from '../support/job-api';
import { TestSystem } from '../support/test-system';

const NOW = { consistency: { waitUpToMs: 0 } };
const LONG = /^\d{1,19}$/;
/** What Camunda's variable searches cut a value's JSON at, with `truncateValues`. */
const TRUNCATE_AT = 8191;

/**
 * Camunda 8.8's variable and element instance reads, as Camunda's own TypeScript client makes them with
 * strict validation of every request and answer, against Flowdesk on real servers: an instance's
 * variables (its own and a user task's input mapping), its element instances (the process, the start
 * event it passed, the task it waits in), each by its key, and the refusals that name what was wrong.
 */
describe("Camunda's variable and element instance reads", () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8).replace(/-/g, '');
  const processId = `camunda_reads_${tag}`;
  const notes = 'n'.repeat(TRUNCATE_AT + 100);
  let nordic: string;
  let instanceKey: string;
  let taskKey: string;

  const strictClientAs = (user: string) => camundaClientAs(system, user, 'req:strict,res:strict');
  const get = (user: string, url: string) => system.injectAs(user, { method: 'GET', url });
  const post = (user: string, url: string, payload: object) => system.injectAs(user, { method: 'POST', url, payload });
  const refusal = (res: { payload: string }) => JSON.parse(res.payload) as { message: string; details: Array<{ field: string }> };

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, uiDir: mkdtempSync(join(tmpdir(), 'flowdesk-no-ui-')) });
    nordic = (await system.adminEm().findOneOrFail(Organization, { name: 'Nordic Logistics AS' })).id;
    const xml = bpmnDocument(
      '<bpmn:startEvent id="start" name="Order received" /><bpmn:userTask id="approve" name="Approve"><bpmn:extensionElements><zeebe:userTask />' +
        '<zeebe:assignmentDefinition candidateUsers="nils" /><zeebe:ioMapping><zeebe:input source="=amount * 2" target="limit" /></zeebe:ioMapping>' +
        `</bpmn:extensionElements></bpmn:userTask><bpmn:endEvent id="end" />${flow('f1', 'start', 'approve')}${flow('f2', 'approve', 'end')}`,
      processId,
    );
    expect((await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } })).statusCode).toBe(201);
    const nils = await strictClientAs('nils');
    const created = await nils.createProcessInstance({
      processDefinitionId: ProcessDefinitionId.assumeExists(processId),
      tenantId: nordic as never,
      variables: { orderId: 'A-1', amount: 60, notes },
    });
    instanceKey = String(created.processInstanceKey);
    taskKey = await eventually(async () => {
      const { items } = await nils.searchUserTasks({ filter: { processInstanceKey: instanceKey as ProcessInstanceKey } }, NOW);
      expect(items).toHaveLength(1);
      return String(items[0]!.userTaskKey);
    });
  }, 300_000);
  afterAll(async () => {
    await system?.close();
  });

  it('lists an instance’s variables and a task’s local one, each readable by its key', async () => {
    const nils = await strictClientAs('nils');
    const { items, page } = await nils.searchVariables({ filter: { processInstanceKey: instanceKey as ProcessInstanceKey } }, NOW);
    expect(page.totalItems).toBe(4);
    // sorted by name; the task's input mapping is a variable of its own scope, the task's element instance
    expect(items.map((v) => [v.name, v.value, String(v.scopeKey)])).toEqual([
      ['amount', '60', instanceKey],
      ['limit', '120', taskKey],
      ['notes', JSON.stringify(notes), instanceKey],
      ['orderId', '"A-1"', instanceKey],
    ]);
    for (const v of items) {
      expect(String(v.variableKey)).toMatch(LONG);
      expect(v).toMatchObject({
        processInstanceKey: instanceKey,
        rootProcessInstanceKey: instanceKey,
        tenantId: nordic,
        isTruncated: false,
      });
    }
    const limit = items.find((v) => v.name === 'limit')!;
    expect(await nils.getVariable({ variableKey: limit.variableKey as VariableKey }, NOW)).toMatchObject({
      name: 'limit',
      value: '120',
      scopeKey: taskKey,
      processInstanceKey: instanceKey,
    });

    // Flowdesk's reference behind the key is <scope>/<name>, taken as the key too (its slash escaped in a path)
    const ref = await refOfCamundaKey(system, String(limit.variableKey));
    expect(ref).toBe(`${await refOfCamundaKey(system, taskKey)}/limit`);
    expect((await get('nils', `/v2/variables/${encodeURIComponent(ref)}`)).result).toMatchObject({ name: 'limit', value: '120' });
  });

  it('filters variables by name, value and scope, and truncates long values when asked', async () => {
    const nils = await strictClientAs('nils');
    const search = (filter: object, extra: object = {}) =>
      nils.searchVariables({ filter: { processInstanceKey: instanceKey as ProcessInstanceKey, ...filter }, ...extra }, NOW);
    expect((await search({ name: { $like: 'order*' } })).items.map((v) => v.name)).toEqual(['orderId']);
    // values are JSON text and sort as text, as Camunda's do: "60" after "120"
    const byValue = await search({ name: { $in: ['amount', 'limit'] } }, { sort: [{ field: 'value', order: 'DESC' }] });
    expect(byValue.items.map((v) => v.name)).toEqual(['amount', 'limit']);
    expect((await search({ value: '"A-1"' })).items.map((v) => v.name)).toEqual(['orderId']);
    // a scope alone names its instance
    const local = await nils.searchVariables({ filter: { scopeKey: taskKey as ScopeKey } }, NOW);
    expect(local.items.map((v) => v.name)).toEqual(['limit']);
    // offset paging, sent as is: the strict client reads {from, limit} as Camunda's limit-only page and drops `from`
    const paged = await post('nils', '/v2/variables/search', { filter: { processInstanceKey: instanceKey }, page: { from: 1, limit: 2 } });
    expect(paged.result).toMatchObject({ items: [{ name: 'limit' }, { name: 'notes' }], page: { totalItems: 4 } });

    const truncated = await search({ name: 'notes' }, { truncateValues: true });
    expect(truncated.items[0]).toMatchObject({ isTruncated: true });
    expect(truncated.items[0]!.value).toBe(JSON.stringify(notes).slice(0, TRUNCATE_AT));
    expect((await search({ isTruncated: true }, { truncateValues: true })).items.map((v) => v.name)).toEqual(['notes']);
    // one variable by its key is whole
    const whole = await nils.getVariable({ variableKey: truncated.items[0]!.variableKey }, NOW);
    expect(whole.value).toBe(JSON.stringify(notes));
  });

  it('lists the element instances: the process, the start event passed and the task waited in', async () => {
    const nils = await strictClientAs('nils');
    const { items, page } = await nils.searchElementInstances({ filter: { processInstanceKey: instanceKey as ProcessInstanceKey } }, NOW);
    expect(page.totalItems).toBe(3);
    expect(items.map((e) => [e.elementId, e.elementName, e.type, e.state])).toEqual([
      [processId, processId, 'PROCESS', 'ACTIVE'],
      ['start', 'Order received', 'START_EVENT', 'COMPLETED'],
      ['approve', 'Approve', 'USER_TASK', 'ACTIVE'],
    ]);
    const [process, start, task] = items;
    // the process is the element instance keyed by the instance; the task's element instance is the task
    expect(String(process!.elementInstanceKey)).toBe(instanceKey);
    expect(String(task!.elementInstanceKey)).toBe(taskKey);
    expect(start).toMatchObject({ processInstanceKey: instanceKey, tenantId: nordic, hasIncident: false, incidentKey: null });
    expect(start!.endDate).not.toBeNull();
    expect(task!.endDate).toBeNull();

    const active = await nils.searchElementInstances(
      { filter: { processInstanceKey: instanceKey as ProcessInstanceKey, state: 'ACTIVE', type: 'USER_TASK' } },
      NOW,
    );
    expect(active.items.map((e) => e.elementId)).toEqual(['approve']);
    const byStart = await nils.searchElementInstances(
      { filter: { processInstanceKey: instanceKey as ProcessInstanceKey }, sort: [{ field: 'elementId', order: 'DESC' }] },
      NOW,
    );
    expect(byStart.items.map((e) => e.elementId)).toEqual(['start', processId, 'approve']);

    // what runs directly in the process: the start event and the task, not the process itself
    const topLevel = await nils.searchElementInstances(
      { filter: { processInstanceKey: instanceKey as ProcessInstanceKey, elementInstanceScopeKey: instanceKey as ElementInstanceKey } },
      NOW,
    );
    expect(topLevel.items.map((e) => e.elementId)).toEqual(['start', 'approve']);
    const inTask = await nils.searchElementInstances(
      { filter: { processInstanceKey: instanceKey as ProcessInstanceKey, elementInstanceScopeKey: taskKey as ElementInstanceKey } },
      NOW,
    );
    expect(inTask.items).toEqual([]);

    // per element, as a tool paints the diagram; no incident in this instance
    const statistics = await nils.getProcessInstanceStatistics({ processInstanceKey: instanceKey as ProcessInstanceKey }, NOW);
    expect(statistics.items).toEqual([
      { elementId: 'approve', active: 1, canceled: 0, incidents: 0, completed: 0 },
      { elementId: 'start', active: 0, canceled: 0, incidents: 0, completed: 1 },
    ]);
    const incidents = await nils.searchProcessInstanceIncidents({ processInstanceKey: instanceKey as ProcessInstanceKey }, NOW);
    expect(incidents.items).toEqual([]);

    expect(await nils.getElementInstance({ elementInstanceKey: start!.elementInstanceKey }, NOW)).toEqual(start);
    // as in Camunda, a process instance's key names its PROCESS element instance
    expect(await nils.getElementInstance({ elementInstanceKey: instanceKey as ElementInstanceKey }, NOW)).toEqual(process);
  });

  it('refuses a search without its instance, a filter it cannot evaluate and a malformed key, naming each', async () => {
    for (const url of ['/v2/variables/search', '/v2/element-instances/search']) {
      const bare = await post('nils', url, { filter: {} });
      expect(bare.statusCode).toBe(400);
      expect(refusal(bare).details).toEqual([expect.objectContaining({ field: 'payload.filter.processInstanceKey' })]);
      expect(refusal(bare).message).toContain('within one process instance');
      const many = await post('nils', url, { filter: { processInstanceKey: { $in: [instanceKey] } } });
      expect(many.statusCode).toBe(400);
      expect(refusal(many).details).toEqual([expect.objectContaining({ field: 'payload.filter.processInstanceKey' })]);
    }
    const unknownFilter = await post('nils', '/v2/variables/search', { filter: { processInstanceKey: instanceKey, scope: 'local' } });
    expect(unknownFilter.statusCode).toBe(400);
    expect(refusal(unknownFilter).details).toEqual([expect.objectContaining({ field: 'payload.filter.scope' })]);

    const badVariable = await get('nils', '/v2/variables/not-a-variable-key');
    expect(badVariable.statusCode).toBe(400);
    expect(refusal(badVariable).details).toEqual([expect.objectContaining({ field: 'params.variableKey' })]);
    const badElement = await get('nils', '/v2/element-instances/not-an-element');
    expect(badElement.statusCode).toBe(400);
    expect(refusal(badElement).details).toEqual([expect.objectContaining({ field: 'params.elementInstanceKey' })]);
  });

  it('finds nothing of another organisation’s instance, and nothing under an unknown key', async () => {
    const nils = await strictClientAs('nils');
    const { items } = await nils.searchVariables({ filter: { processInstanceKey: instanceKey as ProcessInstanceKey } }, NOW);
    const variableKey = String(items[0]!.variableKey);
    const instanceRef = await refOfCamundaKey(system, instanceKey);

    // Agne serves Baltic only: Nordic's instance, its variables and its element instances are not there for her
    for (const url of [
      `/v2/variables/${variableKey}`,
      `/v2/element-instances/${instanceKey}`,
      `/v2/element-instances/${taskKey}`,
      `/v2/process-instances/${instanceKey}/statistics/element-instances`,
    ]) {
      const hidden = await get('agne', url);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.payload).not.toContain(instanceRef);
    }
    for (const url of ['/v2/variables/search', '/v2/element-instances/search']) {
      const searched = await post('agne', url, { filter: { processInstanceKey: instanceKey } });
      expect(searched.statusCode).toBe(200);
      expect(searched.result).toMatchObject({ items: [], page: { totalItems: 0 } });
    }

    const incidents = await post('agne', `/v2/process-instances/${instanceKey}/incidents/search`, {});
    expect(incidents.statusCode).toBe(404);
    expect(incidents.payload).not.toContain(instanceRef);

    expect((await get('nils', '/v2/variables/9007199254740000')).statusCode).toBe(404);
    expect((await get('nils', '/v2/element-instances/9007199254740000')).statusCode).toBe(404);
    // a well-formed key of a variable or element instance the instance does not have
    expect((await get('nils', `/v2/variables/${encodeURIComponent(`${instanceRef}/noSuchVariable`)}`)).statusCode).toBe(404);
    expect((await get('nils', `/v2/element-instances/${instanceRef}.999`)).statusCode).toBe(404);
  });
});
