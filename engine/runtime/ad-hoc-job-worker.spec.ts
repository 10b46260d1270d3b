import { compileProcess, type ProcessGraph } from '../compiler';
import { lintDefinitions } from '../compiler/lint-definitions';
import { parseBpmn } from '../compiler/parse-bpmn';
import { bpmnDocument, flow, serviceTask } from '../compiler/fixtures/make-bpmn';
import { describeWait, explainWaits } from './explain-waits';
import { startProcess, step } from './interpreter';
import type { AdHocJobResult, EngineCommand, ProcessState, StepResult } from './process-state';
import { viewProcessInstance } from './process-view';

type JobCommand = Extract<EngineCommand, { type: 'serviceTask.execute' }>;
const jobs = (commands: EngineCommand[]) => commands.filter((c): c is JobCommand => c.type === 'serviceTask.execute');
const agentJob = (commands: EngineCommand[]) => jobs(commands).find((c) => c.adHocJob);

/**
 * s → agent (ad-hoc, run by a job worker of type `ai-agent`) → after → e. Inside: service tasks `search`
 * (→ `summarise`) and `notify`, documented for the worker; `extra` is anything else placed in its body.
 */
function agentXml(extra = '', attributes = '') {
  return bpmnDocument(
    `<bpmn:startEvent id="s" />` +
      `<bpmn:adHocSubProcess id="agent" name="Agent"${attributes}>` +
      `<bpmn:extensionElements><zeebe:taskDefinition type="ai-agent" retries="2" />` +
      `<zeebe:taskHeaders><zeebe:header key="model" value="small" /></zeebe:taskHeaders>` +
      `<zeebe:adHoc outputCollection="results" outputElement="=found" /></bpmn:extensionElements>` +
      `<bpmn:serviceTask id="search" name="Search"><bpmn:documentation>Searches the knowledge base</bpmn:documentation>` +
      `<bpmn:extensionElements><zeebe:taskDefinition type="kb-search" /></bpmn:extensionElements></bpmn:serviceTask>` +
      `${serviceTask('summarise', 'summarise')}${flow('fs', 'search', 'summarise')}${serviceTask('notify', 'notify')}${extra}` +
      `</bpmn:adHocSubProcess><bpmn:userTask id="after" /><bpmn:endEvent id="e" />` +
      `${flow('f0', 's', 'agent')}${flow('f1', 'agent', 'after')}${flow('f2', 'after', 'e')}`,
  );
}

let graph: ProcessGraph;
const active = (state: ProcessState) => viewProcessInstance(graph, state).activeElementIds.sort();
const agentKey = (state: ProcessState) => state.elementInstances.find((i) => i.elementId === 'agent')!.key;

function answerAgent(from: StepResult, variables: Record<string, unknown>, result: AdHocJobResult | undefined, now: number) {
  const job = agentJob(from.commands);
  if (!job) throw new Error('no job of the ad-hoc sub-process was asked for');
  return step(
    graph,
    from.state,
    { type: 'serviceTask.completed', elementInstanceKey: job.elementInstanceKey, variables, ...(result ? { adHocResult: result } : {}) },
    now,
  );
}

function answerTask(from: StepResult, commands: EngineCommand[], type: string, variables: Record<string, unknown>, now: number) {
  const job = jobs(commands).find((c) => c.taskType === type && !c.adHocJob)!;
  return step(graph, from.state, { type: 'serviceTask.completed', elementInstanceKey: job.elementInstanceKey, variables }, now);
}

describe('ad-hoc sub-process run by a job worker (Camunda 8.8, as its AI agent uses it)', () => {
  beforeAll(async () => {
    graph = (await compileProcess(agentXml())).graph;
  });

  it('asks its job worker on entering, with the elements it may activate and their documentation', () => {
    const started = startProcess(graph, { question: 'printer jams' }, 0);
    const job = agentJob(started.commands)!;
    expect(job).toMatchObject({ taskType: 'ai-agent', retries: 2, headers: { model: 'small' }, elementId: 'agent' });
    expect(job.variables).toMatchObject({
      question: 'printer jams',
      results: [],
      adHocSubProcessElements: [
        { elementId: 'search', elementName: 'Search', documentation: 'Searches the knowledge base', properties: {} },
        { elementId: 'notify', elementName: null, documentation: null, properties: {} },
      ],
    });
    // nothing inside runs until the worker says so; what the instance waits for is that job
    expect(jobs(started.commands)).toHaveLength(1);
    const waits = explainWaits(graph, started.state);
    expect(waits).toEqual([expect.objectContaining({ kind: 'job', taskType: 'ai-agent', elementId: 'agent', adHocDecision: true })]);
    expect(describeWait(waits[0]!, () => 'then')).toBe(
      'Waiting for a worker of type “ai-agent” to decide what “Agent” does next (since then).',
    );
  });

  it('activates what the result names, asks again when an inner flow ends, and completes when the result says so', () => {
    const started = startProcess(graph, {}, 0);
    // when the worker activates search with a variable of its own, and merges a variable of its own
    const first = answerAgent(
      started,
      { agentContext: { turn: 1 } },
      { activateElements: [{ elementId: 'search', variables: { query: 'jam' } }] },
      1,
    );
    expect(active(first.state)).toEqual(['agent', 'search']);
    expect(jobs(first.commands).map((c) => [c.taskType, c.variables.query])).toEqual([['kb-search', 'jam']]);
    // then search completing is not the end of its flow (summarise follows): the worker is not asked yet
    const searched = answerTask(first, first.commands, 'kb-search', { found: 'KB-12' }, 2);
    expect(agentJob(searched.commands)).toBeUndefined();
    // once summarise ends the flow, the output is collected and the worker is asked again, seeing it
    const summarised = answerTask(searched, searched.commands, 'summarise', {}, 3);
    const again = agentJob(summarised.commands)!;
    expect(again.variables).toMatchObject({ results: ['KB-12'], agentContext: { turn: 1 } });
    // when the worker says the condition is fulfilled, the sub-process completes and hands out its results
    const done = answerAgent(summarised, { answer: 'restart the printer' }, { isCompletionConditionFulfilled: true }, 4);
    expect(active(done.state)).toEqual(['after']);
    expect(done.state.variables).toMatchObject({ results: ['KB-12'], answer: 'restart the printer', agentContext: { turn: 1 } });
  });

  it('keeps one job at a time: a flow ending while a job is out replaces that job', () => {
    const started = startProcess(graph, {}, 0);
    const both = answerAgent(started, {}, { activateElements: [{ elementId: 'notify' }, { elementId: 'search' }] }, 1);
    const notified = answerTask(both, both.commands, 'notify', {}, 2);
    const firstJob = agentJob(notified.commands)!;
    const searched = answerTask(notified, both.commands, 'kb-search', {}, 3);
    const summarised = answerTask(searched, searched.commands, 'summarise', {}, 4);
    // the job asked when notify ended is cancelled before the newer one goes out
    const cancel = summarised.commands.findIndex((c) => c.type === 'work.cancel' && c.elementInstanceKey === firstJob.elementInstanceKey);
    expect(cancel).toBeGreaterThanOrEqual(0);
    expect(summarised.commands.indexOf(agentJob(summarised.commands)!)).toBeGreaterThan(cancel);
  });

  it('fulfilled without cancelling waits for what still runs; with cancelling ends it at once', () => {
    const started = startProcess(graph, {}, 0);
    const both = answerAgent(started, {}, { activateElements: [{ elementId: 'notify' }, { elementId: 'search' }] }, 1);
    const notified = answerTask(both, both.commands, 'notify', {}, 2);
    const waits = answerAgent(notified, {}, { isCompletionConditionFulfilled: true }, 3);
    expect(active(waits.state)).toEqual(['agent', 'search']);
    const searched = answerTask(waits, both.commands, 'kb-search', {}, 4);
    const summarised = answerTask(searched, searched.commands, 'summarise', {}, 5);
    expect(agentJob(summarised.commands)).toBeUndefined(); // done: the worker is not asked again
    expect(active(summarised.state)).toEqual(['after']);

    const cancels = answerAgent(notified, {}, { isCompletionConditionFulfilled: true, isCancelRemainingInstances: true }, 3);
    expect(active(cancels.state)).toEqual(['after']);
    const search = jobs(both.commands).find((c) => c.taskType === 'kb-search')!;
    expect(cancels.commands).toEqual(expect.arrayContaining([{ type: 'work.cancel', elementInstanceKey: search.elementInstanceKey }]));
  });

  it('a result naming an element it may not activate is an incident; resolved, the worker is asked again', () => {
    const started = startProcess(graph, {}, 0);
    const wrong = answerAgent(started, {}, { activateElements: [{ elementId: 'summarise' }] }, 1);
    const [incident] = viewProcessInstance(graph, wrong.state).incidents;
    expect(incident).toMatchObject({ elementId: 'agent', type: 'EXTRACT_VALUE_ERROR' });
    expect(incident!.message).toContain('"summarise"');
    const retried = step(graph, wrong.state, { type: 'incident.retry', incidentKey: incident!.key }, 2);
    expect(agentJob(retried.commands)).toMatchObject({ taskType: 'ai-agent' });
  });

  it('a job that fails for good is an incident on the sub-process; an error it throws is caught by its boundary', async () => {
    const started = startProcess(graph, {}, 0);
    const key = agentKey(started.state);
    const failed = step(graph, started.state, { type: 'serviceTask.failed', elementInstanceKey: key, message: 'model unavailable' }, 1);
    expect(viewProcessInstance(graph, failed.state).incidents).toEqual([
      expect.objectContaining({ elementId: 'agent', type: 'JOB_FAILED', message: 'model unavailable' }),
    ]);
    expect(explainWaits(graph, failed.state).map((w) => w.kind)).toEqual(['incident']);

    const withBoundary = (
      await compileProcess(
        agentXml().replace(
          '<bpmn:userTask id="after" />',
          '<bpmn:userTask id="after" /><bpmn:boundaryEvent id="giveUp" attachedToRef="agent"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>' +
            '<bpmn:userTask id="byHand" /><bpmn:sequenceFlow id="fb" sourceRef="giveUp" targetRef="byHand" />',
        ),
      )
    ).graph;
    const run = startProcess(withBoundary, {}, 0);
    const thrown = step(
      withBoundary,
      run.state,
      { type: 'serviceTask.bpmnError', elementInstanceKey: agentKey(run.state), errorCode: 'NO_IDEA', message: 'no idea' },
      1,
    );
    expect(viewProcessInstance(withBoundary, thrown.state).activeElementIds).toEqual(['byHand']);
    // the job that threw is answered: no new one goes out
    expect(agentJob(thrown.commands)).toBeUndefined();
  });

  it('deploys a job worker beside activeElementsCollection or a completion condition, and the linter says they are not read', async () => {
    const xml = agentXml('', '').replace(
      '<zeebe:adHoc outputCollection="results" outputElement="=found" />',
      '<zeebe:adHoc activeElementsCollection="=[&quot;notify&quot;]" />',
    );
    const { graph: g } = await compileProcess(xml);
    expect(g.elements.agent).toMatchObject({ adHoc: { jobWorker: { taskType: 'ai-agent' } } });
    // the collection is not evaluated: only the job goes out
    expect(jobs(startProcess(g, {}, 0).commands).map((c) => c.taskType)).toEqual(['ai-agent']);
    const warnings = await lintDefinitions((await parseBpmn(xml)).definitions, g);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          elementId: 'agent',
          code: 'lint/flowdesk/ad-hoc-job-worker-ignores',
          message: expect.stringContaining('never evaluated'),
        }),
      ]),
    );
  });
});
