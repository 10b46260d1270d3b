import { BpmnValidationError, compileProcess, type ProcessGraph } from '../compiler';
import { bpmnDocument, flow, serviceTask } from '../compiler/fixtures/make-bpmn';
import { describeWait, explainWaits } from './explain-waits';
import { startProcess, step } from './interpreter';
import type { EngineCommand, ProcessState } from './process-state';
import { viewProcessInstance } from './process-view';

type ServiceTaskCommand = Extract<EngineCommand, { type: 'serviceTask.execute' }>;
const jobs = (commands: EngineCommand[]) => commands.filter((c): c is ServiceTaskCommand => c.type === 'serviceTask.execute');
const active = (state: ProcessState) => viewProcessInstance(graphOf.last!, state).activeElementIds.sort();

/**
 * s → tools (ad-hoc: `adHoc` attributes and body) → after → e. Inside by default: three service tasks
 * `a` (→ `a2`), `b`, `c`, each writing what its job answers.
 */
async function graphOf(attributes: { collection?: string; condition?: string; cancel?: boolean; output?: string } = {}, body?: string) {
  const { collection, condition, cancel, output } = attributes;
  const inner =
    body ??
    `${serviceTask('a', 'ja')}${serviceTask('a2', 'ja2')}${flow('fa', 'a', 'a2')}${serviceTask('b', 'jb')}${serviceTask('c', 'jc')}`;
  const attr = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const adHoc = [collection ? `activeElementsCollection="${attr(collection)}"` : '', output ?? ''].filter(Boolean).join(' ');
  const xml = bpmnDocument(
    `<bpmn:startEvent id="s" />` +
      `<bpmn:adHocSubProcess id="tools" name="Tools"${cancel === false ? ' cancelRemainingInstances="false"' : ''}>` +
      `<bpmn:extensionElements><zeebe:adHoc ${adHoc} /></bpmn:extensionElements>${inner}` +
      (condition ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${attr(condition)}</bpmn:completionCondition>` : '') +
      `</bpmn:adHocSubProcess><bpmn:userTask id="after" /><bpmn:endEvent id="e" />` +
      `${flow('f0', 's', 'tools')}${flow('f1', 'tools', 'after')}${flow('f2', 'after', 'e')}`,
  );
  graphOf.last = (await compileProcess(xml)).graph;
  return graphOf.last;
}
graphOf.last = undefined as ProcessGraph | undefined;

/** Answers the job of `type` among `commands` with `variables`. */
function answer(
  graph: ProcessGraph,
  state: ProcessState,
  commands: EngineCommand[],
  type: string,
  variables: Record<string, unknown>,
  now: number,
) {
  const job = jobs(commands).find((c) => c.taskType === type);
  if (!job)
    throw new Error(
      `no job of type ${type} among ${jobs(commands)
        .map((c) => c.taskType)
        .join(', ')}`,
    );
  return step(graph, state, { type: 'serviceTask.completed', elementInstanceKey: job.elementInstanceKey, variables }, now);
}

describe('ad-hoc sub-process (Camunda 8, run by the engine itself)', () => {
  it('activates the elements named by activeElementsCollection, and completes once everything activated is done', async () => {
    // given an ad-hoc sub-process told to activate a and b (a is followed by a2 inside)
    const graph = await graphOf({ collection: '=["a", "b"]' });
    const started = startProcess(graph, {}, 0);
    // then a and b run, c does not, and the elements it may activate are in its scope
    expect(jobs(started.commands).map((c) => c.taskType)).toEqual(['ja', 'jb']);
    const scope = viewProcessInstance(graph, started.state).scopes!.find((x) => x.elementId === 'tools')!;
    expect(scope.variables.adHocSubProcessElements).toEqual([
      { elementId: 'a', elementName: null, documentation: null, properties: {} },
      { elementId: 'b', elementName: null, documentation: null, properties: {} },
      { elementId: 'c', elementName: null, documentation: null, properties: {} },
    ]);
    // when b and a complete, a's flow goes on to a2; only once a2 completes is the sub-process done
    const b = answer(graph, started.state, started.commands, 'jb', { fromB: 1 }, 1);
    const a = answer(graph, b.state, started.commands, 'ja', { fromA: 1 }, 2);
    expect(active(a.state)).toEqual(['a2', 'tools']);
    const a2 = answer(graph, a.state, a.commands, 'ja2', {}, 3);
    expect(active(a2.state)).toEqual(['after']);
    // and what the inner elements wrote stayed inside: Camunda 8.8 hands results out by its output collection
    expect(a2.state.variables).toEqual({});
  });

  it('ends the elements still running once the completion condition holds, and hands out the collected outputs', async () => {
    const graph = await graphOf({
      collection: '=["a", "b", "c"]',
      condition: '=count(results) >= 2',
      output: 'outputCollection="results" outputElement="=answer"',
    });
    const started = startProcess(graph, {}, 0);
    const b = answer(graph, started.state, started.commands, 'jb', { answer: 'from b' }, 1);
    expect(active(b.state)).toEqual(['a', 'c', 'tools']);
    const c = answer(graph, b.state, started.commands, 'jc', { answer: 'from c' }, 2);
    // a was still running: it is ended, its job cancelled, and the process moves on with the two answers
    expect(active(c.state)).toEqual(['after']);
    expect(c.commands).toEqual(
      expect.arrayContaining([{ type: 'work.cancel', elementInstanceKey: jobs(started.commands)[0]!.elementInstanceKey }]),
    );
    expect(c.state.variables).toEqual({ results: ['from b', 'from c'] });
  });

  it('with cancelRemainingInstances="false" waits for the elements still running once the condition holds', async () => {
    const graph = await graphOf({ collection: '=["a", "b"]', condition: '=done = true', cancel: false });
    const started = startProcess(graph, {}, 0);
    const b = answer(graph, started.state, started.commands, 'jb', { done: true }, 1);
    expect(active(b.state)).toEqual(['a', 'tools']);
    const a = answer(graph, b.state, started.commands, 'ja', {}, 2);
    expect(active(a.state)).toEqual(['a2', 'tools']);
    // its condition held: it waits for what runs, and no longer takes activations
    expect(viewProcessInstance(graph, a.state).adHocSubProcesses).toEqual([]);
    const a2 = answer(graph, a.state, a.commands, 'ja2', {}, 3);
    expect(active(a2.state)).toEqual(['after']);
  });

  it('stays active when it activates nothing, as in Camunda', async () => {
    const graph = await graphOf({ collection: '=[]' });
    const started = startProcess(graph, {}, 0);
    expect(jobs(started.commands)).toEqual([]);
    expect(active(started.state)).toEqual(['tools']);
    // and the view offers it for activation, with what it may activate (a2 follows a, so it is not offered)
    expect(viewProcessInstance(graph, started.state).adHocSubProcesses).toEqual([
      {
        key: expect.any(Number),
        elementId: 'tools',
        name: 'Tools',
        activatable: [{ elementId: 'a' }, { elementId: 'b' }, { elementId: 'c' }],
      },
    ]);
    // and what it waits for says so, naming what it may activate
    const [wait] = explainWaits(graph, started.state);
    expect(wait).toMatchObject({ kind: 'adHocActivation', elementId: 'tools', label: 'Tools', activatable: ['a', 'b', 'c'] });
    expect(describeWait(wait!, () => 'then')).toBe(
      'Waiting for “Tools” to be told what to do next: nothing runs in it, and it may activate “a”, “b” or “c” (Camunda’s ad-hoc activation API; since then).',
    );
  });

  it('an id it may not activate is an incident naming it; with the variable fixed and the incident resolved it activates', async () => {
    const graph = await graphOf({ collection: '=tools' });
    const started = startProcess(graph, { tools: ['a', 'after'] }, 0);
    const [incident] = viewProcessInstance(graph, started.state).incidents;
    expect(incident).toMatchObject({ elementId: 'tools', type: 'EXTRACT_VALUE_ERROR' });
    expect(incident!.message).toContain('"after"');
    const fixed = step(graph, started.state, { type: 'variables.set', variables: { tools: ['c'] } }, 1);
    const resolved = step(graph, fixed.state, { type: 'incident.retry', incidentKey: incident!.key }, 2);
    expect(jobs(resolved.commands).map((c) => c.taskType)).toEqual(['jc']);
  });

  it('activates more elements when asked (Camunda 8.8 API), each with its own variables, and refuses what it may not', async () => {
    // given one that activated nothing on entering
    const graph = await graphOf({ collection: '=[]', condition: '=finished = true' });
    const started = startProcess(graph, {}, 0);
    const tools = started.state.elementInstances.find((i) => i.elementId === 'tools')!;
    // when c is asked for with a variable of its own
    const asked = step(
      graph,
      started.state,
      { type: 'adHoc.activate', elementInstanceKey: tools.key, elements: [{ elementId: 'c', variables: { query: 'printers' } }] },
      1,
    );
    const [job] = jobs(asked.commands);
    expect(job).toMatchObject({ taskType: 'jc', variables: expect.objectContaining({ query: 'printers' }) });
    // then the condition decides when it completes
    const done = answer(graph, asked.state, asked.commands, 'jc', { finished: true }, 2);
    expect(active(done.state)).toEqual(['after']);
    // an element it may not activate, or an instance that is not an ad-hoc sub-process, is refused before any step
    const refused = (key: number, elementId: string) => () =>
      step(graph, started.state, { type: 'adHoc.activate', elementInstanceKey: key, elements: [{ elementId }] }, 3);
    expect(refused(tools.key, 'after')).toThrow(expect.objectContaining({ code: 'NOT_ACTIVATABLE' }));
    expect(refused(tools.key, 'a2')).toThrow(expect.objectContaining({ code: 'NOT_ACTIVATABLE' }));
    expect(refused(9999, 'a')).toThrow(expect.objectContaining({ code: 'NOT_AD_HOC_SUB_PROCESS' }));
  });

  it('asked with cancelRemainingInstances, ends what runs inside before activating', async () => {
    const graph = await graphOf({ collection: '=["a"]' });
    const started = startProcess(graph, {}, 0);
    const tools = started.state.elementInstances.find((i) => i.elementId === 'tools')!;
    const asked = step(
      graph,
      started.state,
      { type: 'adHoc.activate', elementInstanceKey: tools.key, elements: [{ elementId: 'b' }], cancelRemainingInstances: true },
      1,
    );
    expect(active(asked.state)).toEqual(['b', 'tools']);
    expect(asked.commands).toEqual(
      expect.arrayContaining([{ type: 'work.cancel', elementInstanceKey: jobs(started.commands)[0]!.elementInstanceKey }]),
    );
  });

  it('refuses at deploy what it cannot run, naming the element: a start event inside', async () => {
    const withStart = graphOf(
      { collection: '=["a"]' },
      `<bpmn:startEvent id="inner_start" />${serviceTask('a')}${flow('fx', 'inner_start', 'a')}`,
    );
    await expect(withStart).rejects.toThrow(BpmnValidationError);
    await expect(withStart).rejects.toMatchObject({
      problems: expect.arrayContaining([expect.objectContaining({ elementId: 'inner_start' })]),
    });
  });
});
