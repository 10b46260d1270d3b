import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ElementId } from '@camunda8/orchestration-cluster-api';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { eventually } from '../support/eventually';
import { activateOneJob, camundaClientAs, type ActivatedJob } from '../support/job-api';
import { recordHistoryIfAsked } from '../support/record-history';
import { TestSystem } from '../support/test-system';

interface Detail {
  status: string;
  variables: Record<string, unknown>;
  history: Array<{ key: number; elementId: string; state: string }>;
  openTasks: Array<{ id: string; elementId: string }>;
  incidents: Array<{ elementId: string; message: string }>;
  waits: Array<{ kind: string; elementId: string; taskType?: string }>;
}

/**
 * Camunda 8.8's ad-hoc sub-process run by a job worker (the implementation its AI agent uses), on real
 * servers: the sub-process's job hands the worker the elements it may activate; its result (type
 * `adHocSubProcess`) activates them with variables of their own or says the work is done; every inner flow
 * that ends asks the worker again. Results Camunda refuses are refused here too, naming the field.
 */
describe('ad-hoc sub-process run by a job worker', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const agentType = `triage-agent-${tag}`;
  const lookupType = `kb-lookup-${tag}`;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, uiDir: mkdtempSync(join(tmpdir(), 'flowdesk-no-ui-')) });
  }, 300_000);
  afterAll(async () => {
    await system?.close();
  });

  const as = (user: string, method: string, url: string, payload?: object) =>
    system.injectAs(user, { method, url, ...(payload !== undefined ? { payload } : {}) });
  const detail = async (id: string) => (await as('marta', 'GET', `/process-instances/${id}`)).result as Detail;
  const activate = (type: string) => activateOneJob(system, 'marta', type);
  const complete = (job: ActivatedJob, payload: object) => as('marta', 'POST', `/v2/jobs/${job.jobKey}/completion`, payload);

  /** s → triage (ad-hoc, job worker `agentType`: lookup → note, and escalate) → e. */
  const deploy = async (processId: string) => {
    const xml = bpmnDocument(
      '<bpmn:startEvent id="s" />' +
        `<bpmn:adHocSubProcess id="triage" name="Triage agent"><bpmn:extensionElements><zeebe:taskDefinition type="${agentType}" retries="1" />` +
        '<zeebe:adHoc outputCollection="findings" outputElement="=finding" /></bpmn:extensionElements>' +
        '<bpmn:serviceTask id="lookup" name="Look up the knowledge base"><bpmn:documentation>Finds articles for a query</bpmn:documentation>' +
        `<bpmn:extensionElements><zeebe:taskDefinition type="${lookupType}" /></bpmn:extensionElements></bpmn:serviceTask>` +
        `<bpmn:serviceTask id="note" name="Note"><bpmn:extensionElements><zeebe:taskDefinition type="${lookupType}-note" /></bpmn:extensionElements></bpmn:serviceTask>` +
        '<bpmn:userTask id="escalate" name="Escalate to a person"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>' +
        flow('fl', 'lookup', 'note') +
        '</bpmn:adHocSubProcess><bpmn:endEvent id="e" />' +
        flow('f0', 's', 'triage') +
        flow('f1', 'triage', 'e'),
      processId,
    );
    expect((await as('marta', 'POST', '/process-definitions', { xml })).statusCode).toBe(201);
    const started = await as('marta', 'POST', '/process-instances', { processId, variables: { question: 'printer jams' } });
    expect(started.statusCode).toBe(201);
    return (started.result as { id: string }).id;
  };

  it('hands the worker its elements, activates what it decides, asks again after each flow, and completes when told', async () => {
    const id = await deploy(`ad_hoc_agent_${tag.replace(/-/g, '')}`);

    // the sub-process's job carries Camunda's kind and the elements it may activate, documented
    const first = await activate(agentType);
    expect(first).toMatchObject({ kind: 'AD_HOC_SUB_PROCESS', elementId: 'triage' });
    expect(first.variables).toMatchObject({
      question: 'printer jams',
      findings: [],
      adHocSubProcessElements: [
        { elementId: 'lookup', elementName: 'Look up the knowledge base', documentation: 'Finds articles for a query' },
        { elementId: 'escalate', elementName: 'Escalate to a person', documentation: null },
      ],
    });
    expect((await detail(id)).waits).toEqual([expect.objectContaining({ kind: 'job', elementId: 'triage', taskType: agentType })]);

    // results Camunda refuses are refused, naming the field, and the job stays the worker's
    const activateNote = await complete(first, { result: { type: 'adHocSubProcess', activateElements: [{ elementId: 'note' }] } });
    expect(activateNote.statusCode).toBe(400);
    expect(JSON.parse(activateNote.payload)).toMatchObject({ details: [{ field: 'payload.result.activateElements[0].elementId' }] });
    const both = await complete(first, {
      result: { type: 'adHocSubProcess', activateElements: [{ elementId: 'lookup' }], isCompletionConditionFulfilled: true },
    });
    expect(JSON.parse(both.payload)).toMatchObject({ details: [{ field: 'payload.result.activateElements' }] });
    const denial = await complete(first, { result: { type: 'userTask', denied: true } });
    expect(JSON.parse(denial.payload)).toMatchObject({ details: [{ field: 'payload.result.type' }] });

    // when the worker activates the lookup with a query of its own and keeps a variable of its own
    const decided = await complete(first, {
      variables: { agentContext: { turn: 1 } },
      result: { type: 'adHocSubProcess', activateElements: [{ elementId: 'lookup', variables: { query: 'paper jam' } }] },
    });
    expect(decided.statusCode).toBe(204);
    const lookup = await activate(lookupType);
    expect(lookup).toMatchObject({ kind: 'BPMN_ELEMENT', elementId: 'lookup', variables: expect.objectContaining({ query: 'paper jam' }) });
    // a plain task's job takes no ad-hoc result
    const wrongKind = await complete(lookup, { result: { type: 'adHocSubProcess', isCompletionConditionFulfilled: true } });
    expect(JSON.parse(wrongKind.payload)).toMatchObject({ details: [{ field: 'payload.result.type' }] });
    expect((await complete(lookup, { variables: { finding: 'KB-12: clear the rollers' } })).statusCode).toBe(204);
    expect((await complete(await activate(`${lookupType}-note`), {})).statusCode).toBe(204);

    // then the flow that ended asks the worker again, with what was found
    const second = await activate(agentType);
    expect(second.variables).toMatchObject({ findings: ['KB-12: clear the rollers'], agentContext: { turn: 1 } });
    expect(
      (
        await complete(second, {
          variables: { answer: 'clear the rollers' },
          result: { type: 'adHocSubProcess', isCompletionConditionFulfilled: true },
        })
      ).statusCode,
    ).toBe(204);
    await eventually(async () => expect((await detail(id)).status).toBe('COMPLETED'));
    expect((await detail(id)).variables).toMatchObject({
      question: 'printer jams',
      findings: ['KB-12: clear the rollers'],
      answer: 'clear the rollers',
      agentContext: { turn: 1 },
    });
    await recordHistoryIfAsked(system, id, 'ad_hoc_job_worker');
  });

  it('replaces a job still out when an inner flow ends: the older job’s late answer changes nothing', async () => {
    const id = await deploy(`ad_hoc_replaced_${tag.replace(/-/g, '')}`);
    const older = await activate(agentType);
    // while the worker still holds its job, a process owner activates the escalation through Camunda's API
    const triage = (await detail(id)).history.find((h) => h.elementId === 'triage' && h.state === 'active')!;
    const activation = await as('marta', 'POST', `/v2/element-instances/ad-hoc-activities/${id}.${triage.key}/activation`, {
      elements: [{ elementId: 'escalate' }],
    });
    expect(activation.statusCode).toBe(204);
    const escalation = await eventually(async () => {
      const [open] = (await detail(id)).openTasks;
      expect(open).toMatchObject({ elementId: 'escalate' });
      return open!;
    });
    // its flow ends: a newer job asks the worker, and the older one is cancelled
    expect((await as('marta', 'POST', `/tasks/${escalation.id}/complete`, { variables: {} })).statusCode).toBeLessThan(300);
    const newer = await activate(agentType);
    expect(newer.jobKey).not.toBe(older.jobKey);
    // the older job's answer arrives late: whatever the job API says, nothing is activated by it
    const late = await complete(older, { result: { type: 'adHocSubProcess', activateElements: [{ elementId: 'lookup' }] } });
    expect([204, 404]).toContain(late.statusCode);
    // an update after it is handled after it (Temporal delivers the history in order): then nothing was activated
    const marked = await as('marta', 'PUT', `/process-instances/${id}/variables`, {
      variables: { checked: true },
      reason: 'after the late answer',
    });
    expect(marked.statusCode).toBe(200);
    expect((await detail(id)).history.filter((h) => h.elementId === 'lookup')).toEqual([]);
    expect((await complete(newer, { result: { type: 'adHocSubProcess', isCompletionConditionFulfilled: true } })).statusCode).toBe(204);
    await eventually(async () => expect((await detail(id)).status).toBe('COMPLETED'));
    expect((await detail(id)).history.filter((h) => h.elementId === 'lookup')).toEqual([]);
  });

  it("serves Camunda's own client as the sub-process's worker", async () => {
    const id = await deploy(`ad_hoc_client_${tag.replace(/-/g, '')}`);
    const camunda = await camundaClientAs(system, 'marta');

    const workers = [
      camunda.createJobWorker({
        jobType: agentType,
        jobTimeoutMs: 30_000,
        maxParallelJobs: 1,
        pollTimeoutMs: 2000,
        jobHandler: async (job) => {
          const findings = (job.variables as { findings: string[] }).findings;
          if (findings.length)
            return job.complete(
              { answer: findings[0] },
              { type: 'adHocSubProcess', isCompletionConditionFulfilled: true, isCancelRemainingInstances: false },
            );
          return job.complete(
            {},
            {
              type: 'adHocSubProcess',
              activateElements: [{ elementId: ElementId.assumeExists('lookup'), variables: { query: 'toner' } }],
              isCompletionConditionFulfilled: false,
              isCancelRemainingInstances: false,
            },
          );
        },
      }),
      camunda.createJobWorker({
        jobType: lookupType,
        jobTimeoutMs: 30_000,
        maxParallelJobs: 1,
        pollTimeoutMs: 2000,
        jobHandler: async (job) => job.complete({ finding: `found for ${(job.variables as { query: string }).query}` }),
      }),
      camunda.createJobWorker({
        jobType: `${lookupType}-note`,
        jobTimeoutMs: 30_000,
        maxParallelJobs: 1,
        pollTimeoutMs: 2000,
        jobHandler: async (job) => job.complete({}),
      }),
    ];
    try {
      await eventually(async () => expect((await detail(id)).status).toBe('COMPLETED'), 60_000);
      expect((await detail(id)).variables).toMatchObject({ findings: ['found for toner'], answer: 'found for toner' });
    } finally {
      for (const w of workers) w.stop();
    }
  });
});
