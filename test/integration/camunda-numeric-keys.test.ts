import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type IncidentKey,
  ProcessDefinitionId,
  type JobKey,
  type ProcessInstanceKey,
  type UserTaskKey,
} from '@camunda8/orchestration-cluster-api';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { dmnDocument, literalDecision } from '../../engine/dmn/fixtures/make-dmn';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { eventually } from '../support/eventually';
import { camundaClientAs, refOfCamundaKey } from '../support/job-api';
import { TestSystem } from '../support/test-system';

const NOW = { consistency: { waitUpToMs: 0 } };
const LONG = /^\d{1,19}$/;

/**
 * Camunda's clients read every key as a 64-bit integer (Java's `Long.parseLong`; the generated
 * clients check `^-?[0-9]+$`). Camunda's own TypeScript client with its request and response
 * validation on strict, as strict as the Java client, drives a job and a user task through Flowdesk on
 * real servers; the keys it gets are numbers, one per thing, usable wherever Camunda takes a key, and
 * found only within the organisations the caller serves.
 */
describe("Camunda's numeric keys", () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8).replace(/-/g, '');
  const processId = `camunda_keys_${tag}`;
  const type = `keys-${tag}`;
  let nordic: string;

  const strictClientAs = (user: string) => camundaClientAs(system, user, 'req:strict,res:strict');
  const get = (user: string, url: string) => system.injectAs(user, { method: 'GET', url });
  const post = (user: string, url: string, payload: object) => system.injectAs(user, { method: 'POST', url, payload });

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, uiDir: mkdtempSync(join(tmpdir(), 'flowdesk-no-ui-')) });
    nordic = (await system.adminEm().findOneOrFail(Organization, { name: 'Nordic Logistics AS' })).id;
    const xml = bpmnDocument(
      `<bpmn:startEvent id="start" /><bpmn:serviceTask id="price" name="Price"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements></bpmn:serviceTask>` +
        '<bpmn:userTask id="approve" name="Approve"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateUsers="nils" /></bpmn:extensionElements></bpmn:userTask>' +
        `<bpmn:endEvent id="end" />${flow('f1', 'start', 'price')}${flow('f2', 'price', 'approve')}${flow('f3', 'approve', 'end')}`,
      processId,
    );
    expect((await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } })).statusCode).toBe(201);
  }, 300_000);
  afterAll(async () => {
    await system?.close();
  });

  it('gives a strictly validating Camunda client numeric keys it can use for jobs, tasks and instances', async () => {
    const nils = await strictClientAs('nils');
    const created = await nils.createProcessInstance({
      processDefinitionId: ProcessDefinitionId.assumeExists(processId),
      tenantId: nordic as never,
    });
    const instanceKey = String(created.processInstanceKey);
    expect(instanceKey).toMatch(LONG);
    expect(String(created.processDefinitionKey)).toMatch(LONG);

    const { jobs } = await nils.activateJobs({
      type,
      worker: 'keys',
      timeout: 60_000,
      maxJobsToActivate: 1,
      requestTimeout: 20_000,
      tenantIds: [nordic as never],
    });
    expect(jobs).toHaveLength(1);
    const job = jobs[0]!;
    expect(String(job.jobKey)).toMatch(LONG);
    // one thing, one key: the instance and its version are the same numbers in the job as at the start
    expect(String(job.processInstanceKey)).toBe(instanceKey);
    expect(String(job.processDefinitionKey)).toBe(String(created.processDefinitionKey));
    expect(String(job.elementInstanceKey)).toMatch(LONG);
    await nils.completeJob({ jobKey: job.jobKey as JobKey, variables: { price: 120 } });

    const task = await eventually(async () => {
      const { items } = await nils.searchUserTasks({ filter: { processInstanceKey: instanceKey as ProcessInstanceKey } }, NOW);
      expect(items).toHaveLength(1);
      return items[0]!;
    });
    expect(String(task.userTaskKey)).toMatch(LONG);
    expect(String(task.processInstanceKey)).toBe(instanceKey);
    await nils.assignUserTask({ userTaskKey: task.userTaskKey as UserTaskKey, assignee: 'nils' });
    expect(await nils.getUserTask({ userTaskKey: task.userTaskKey as UserTaskKey }, NOW)).toMatchObject({
      assignee: 'nils',
      state: 'CREATED',
    });
    await nils.completeUserTask({ userTaskKey: task.userTaskKey as UserTaskKey, variables: { approved: true } });

    await eventually(async () => {
      const found = await nils.searchProcessInstances({ filter: { processInstanceKey: instanceKey as ProcessInstanceKey } }, NOW);
      expect(found.items).toEqual([expect.objectContaining({ processInstanceKey: instanceKey, state: 'COMPLETED', tenantId: nordic })]);
    });
    expect(await nils.getProcessInstance({ processInstanceKey: instanceKey as ProcessInstanceKey }, NOW)).toMatchObject({
      state: 'COMPLETED',
    });
    expect(await nils.getProcessDefinition({ processDefinitionKey: created.processDefinitionKey }, NOW)).toMatchObject({
      processDefinitionId: processId,
    });

    // Flowdesk's own reference stands behind the key, and is still taken where a key is, answered with the key
    const ref = await refOfCamundaKey(system, instanceKey);
    expect(ref).toMatch(/^[0-9a-f-]{36}$/);
    expect((await get('nils', `/v2/process-instances/${ref}`)).result).toMatchObject({ processInstanceKey: instanceKey });
  });

  it('answers deployments, messages, signals, decisions and incidents as a strictly validating client expects', async () => {
    const marta = await strictClientAs('marta');
    const waiting = `camunda_keys_wait_${tag}`;
    const failing = `keys-fail-${tag}`;
    const bpmn = bpmnDocument(
      `<bpmn:startEvent id="start" /><bpmn:serviceTask id="post" name="Post"><bpmn:extensionElements><zeebe:taskDefinition type="${failing}" retries="1" /></bpmn:extensionElements></bpmn:serviceTask>` +
        '<bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="Message_paid" /></bpmn:intermediateCatchEvent><bpmn:endEvent id="end" />' +
        `${flow('f1', 'start', 'post')}${flow('f2', 'post', 'paid')}${flow('f3', 'paid', 'end')}`,
      waiting,
    ).replace(
      '</bpmn:definitions>',
      `<bpmn:message id="Message_paid" name="paid-${tag}"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message></bpmn:definitions>`,
    );
    const dmn = dmnDocument(literalDecision(`rate-${tag}`, 'amount * 2', { variable: 'rate' }));
    const deployment = await marta.createDeployment({
      resources: [new File([bpmn], `${waiting}.bpmn`), new File([dmn], `rate-${tag}.dmn`)],
    });
    expect(String(deployment.deploymentKey)).toMatch(LONG);
    const [deployedProcess] = deployment.processes;
    expect(String(deployedProcess!.processDefinitionKey)).toMatch(LONG);
    const [deployedDecision] = deployment.decisions;
    expect(String(deployedDecision!.decisionDefinitionKey)).toMatch(LONG);

    const found = await marta.searchProcessDefinitions({ filter: { processDefinitionId: waiting as never } }, NOW);
    expect(found.items.map((d) => String(d.processDefinitionKey))).toEqual([String(deployedProcess!.processDefinitionKey)]);

    const evaluated = await marta.evaluateDecision({
      decisionDefinitionKey: deployedDecision!.decisionDefinitionKey,
      variables: { amount: 21 },
    });
    expect(evaluated).toMatchObject({ output: '42', decisionDefinitionKey: deployedDecision!.decisionDefinitionKey });
    expect(String(evaluated.decisionEvaluationKey)).toMatch(LONG);

    const started = await marta.createProcessInstance({
      processDefinitionKey: deployedProcess!.processDefinitionKey,
      variables: { orderId: `O-${tag}` },
    });
    const { jobs } = await marta.activateJobs({
      type: failing,
      worker: 'keys',
      timeout: 60_000,
      maxJobsToActivate: 1,
      requestTimeout: 20_000,
    });
    await marta.failJob({ jobKey: jobs[0]!.jobKey, retries: 0, errorMessage: 'ledger offline' });
    const incident = await eventually(async () => {
      const { items } = await marta.searchIncidents({ filter: { processInstanceKey: started.processInstanceKey } }, NOW);
      expect(items).toHaveLength(1);
      return items[0]!;
    });
    expect(String(incident.incidentKey)).toMatch(LONG);
    expect(await marta.getIncident({ incidentKey: incident.incidentKey as IncidentKey }, NOW)).toMatchObject({ state: 'ACTIVE' });
    // the same incident within its instance, and on the element it stands at
    const within = await marta.searchProcessInstanceIncidents({ processInstanceKey: started.processInstanceKey }, NOW);
    expect(within.items.map((i) => String(i.incidentKey))).toEqual([String(incident.incidentKey)]);
    const perElement = await marta.getProcessInstanceStatistics({ processInstanceKey: started.processInstanceKey }, NOW);
    expect(perElement.items.find((e) => e.elementId === 'post')).toEqual({
      elementId: 'post',
      active: 1,
      canceled: 0,
      incidents: 1,
      completed: 0,
    });
    await marta.resolveIncident({ incidentKey: incident.incidentKey as IncidentKey });
    const again = await marta.activateJobs({
      type: failing,
      worker: 'keys',
      timeout: 60_000,
      maxJobsToActivate: 1,
      requestTimeout: 20_000,
    });
    await marta.completeJob({ jobKey: again.jobs[0]!.jobKey });

    const correlated = await eventually(() => marta.correlateMessage({ name: `paid-${tag}`, correlationKey: `O-${tag}` }));
    expect(String(correlated.processInstanceKey)).toBe(String(started.processInstanceKey));
    expect(String(correlated.messageKey)).toMatch(LONG);
    const published = await marta.publishMessage({ name: `paid-${tag}`, correlationKey: 'nobody', timeToLive: 0 });
    expect(String(published.messageKey)).toMatch(LONG);
    const broadcast = await marta.broadcastSignal({ signalName: `nothing-waits-${tag}` });
    expect(String(broadcast.signalKey)).toMatch(LONG);
  });

  it('finds a key only within the organisations the caller serves, and names an unknown one', async () => {
    const started = await post('marta', '/v2/process-instances', { processDefinitionId: processId, tenantId: nordic });
    expect(started.statusCode).toBe(200);
    const key = (started.result as { processInstanceKey: string }).processInstanceKey;
    expect(key).toMatch(LONG);
    expect((await get('nils', `/v2/process-instances/${key}`)).statusCode).toBe(200);

    // Agne serves Baltic only: Nordic's key reads as unknown, and narrows her search to nothing
    const hidden = await get('agne', `/v2/process-instances/${key}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.payload).not.toContain(await refOfCamundaKey(system, key));
    const searched = await post('agne', '/v2/process-instances/search', { filter: { processInstanceKey: key } });
    expect(searched.statusCode).toBe(200);
    expect(searched.result).toMatchObject({ items: [] });

    const unknown = await get('nils', '/v2/process-instances/9007199254740000');
    expect(unknown.statusCode).toBe(404);
    expect(JSON.parse(unknown.payload)).toMatchObject({ message: expect.stringContaining('params.processInstanceKey') });
    const nothing = await post('nils', '/v2/process-instances/search', { filter: { processInstanceKey: { $eq: '9007199254740000' } } });
    expect(nothing.result).toMatchObject({ items: [] });
    const noVersion = await post('nils', '/v2/process-instances', { processDefinitionKey: '9007199254740000' });
    expect(noVersion.statusCode).toBe(404);
    expect(JSON.parse(noVersion.payload)).toMatchObject({ message: expect.stringContaining('payload.processDefinitionKey') });

    // a key of another kind names nothing where it stands, as in Camunda: a 404 naming it, not a malformed reference
    for (const [path, field] of [
      [`/v2/user-tasks/${key}`, 'params.userTaskKey'],
      [`/v2/incidents/${key}`, 'params.incidentKey'],
    ] as const) {
      const wrong = await get('nils', path);
      expect(wrong.statusCode).toBe(404);
      expect(JSON.parse(wrong.payload)).toMatchObject({ message: expect.stringContaining(field) });
    }
    const definitionKey = (started.result as { processDefinitionKey: string }).processDefinitionKey;
    expect((await get('nils', `/v2/process-instances/${definitionKey}`)).statusCode).toBe(404);
    // while an instance's key stands for its own scope where an element instance's is asked for
    const scoped = await system.injectAs('marta', {
      method: 'PUT',
      url: `/v2/element-instances/${key}/variables`,
      payload: { variables: { checked: true } },
    });
    expect(scoped.statusCode).toBe(204);

    const cancelled = await post('marta', `/v2/process-instances/${key}/cancellation`, {});
    expect(cancelled.statusCode).toBe(204);
  });
});
