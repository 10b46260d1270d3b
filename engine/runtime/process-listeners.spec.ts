import { compileProcess, type ProcessGraph } from '../compiler';
import { bpmnDocument, flow } from '../compiler/fixtures/make-bpmn';
import { ROOT_SCOPE_KEY } from './event-triggers';
import { startProcess, step } from './interpreter';
import type { EngineCommand, StepResult } from './process-state';
import { viewProcessInstance } from './process-view';

type ListenerCommand = Extract<EngineCommand, { type: 'listener.execute' }>;
const listenerCommands = (r: StepResult) => r.commands.filter((c): c is ListenerCommand => c.type === 'listener.execute');
const done = (key: number, variables: Record<string, unknown> = {}) => ({
  type: 'listener.completed' as const,
  elementInstanceKey: key,
  variables,
});

/** A process with the given execution listeners of its own around s → (task x) → e. */
async function graphOf(listeners: Array<[string, string]>, task = '<bpmn:task id="x" />'): Promise<ProcessGraph> {
  const xml = bpmnDocument(
    `<bpmn:startEvent id="s" />${task}<bpmn:endEvent id="e" />${flow('f0', 's', 'x')}${flow('f1', 'x', 'e')}`,
  ).replace(
    'isExecutable="true">',
    `isExecutable="true"><bpmn:extensionElements><zeebe:executionListeners>${listeners
      .map(([e, t]) => `<zeebe:executionListener eventType="${e}" type="${t}" retries="1" />`)
      .join('')}</zeebe:executionListeners></bpmn:extensionElements>`,
  );
  return (await compileProcess(xml)).graph;
}

describe('execution listeners on the process itself', () => {
  it('runs start listeners before the start event and end listeners after the last token ended; their variables go to the process', async () => {
    // given a process with two start listeners and one end listener
    const graph = await graphOf([
      ['start', 'open-case'],
      ['end', 'close-case'],
      ['start', 'stamp'],
    ]);

    // when it starts, the first start listener holds it: nothing was entered yet
    const started = startProcess(graph, { who: 'marta' }, 0);
    expect(listenerCommands(started)).toEqual([
      expect.objectContaining({
        elementInstanceKey: ROOT_SCOPE_KEY,
        elementId: 'spec_process',
        listenerKind: 'execution',
        eventType: 'start',
        jobType: 'open-case',
        variables: { who: 'marta' },
      }),
    ]);
    expect(started.state.elementInstances).toEqual([]);
    expect(started.state.status).toBe('active');
    expect(viewProcessInstance(graph, started.state).waits).toEqual([
      expect.objectContaining({ kind: 'job', elementId: 'spec_process', taskType: 'open-case' }),
    ]);

    // then, in model order, the second start listener, then the tokens, then the end listener
    const second = step(graph, started.state, done(ROOT_SCOPE_KEY, { caseId: 7 }), 1);
    expect(listenerCommands(second).map((c) => c.jobType)).toEqual(['stamp']);
    const ran = step(graph, second.state, done(ROOT_SCOPE_KEY), 2);
    expect(viewProcessInstance(graph, ran.state).history.map((h) => h.elementId)).toEqual(['s', 'x', 'e']);
    expect(listenerCommands(ran)).toEqual([
      expect.objectContaining({ eventType: 'end', jobType: 'close-case', variables: { who: 'marta', caseId: 7 } }),
    ]);
    expect(ran.state.status).toBe('active');
    const ended = step(graph, ran.state, done(ROOT_SCOPE_KEY, { closed: true }), 3);
    expect(ended.state.status).toBe('completed');
    expect(ended.state.endedAt).toBe(3);
    expect(ended.state.variables).toEqual({ who: 'marta', caseId: 7, closed: true });
  });

  it('makes a failed process listener an incident on the process; the retry runs it again', async () => {
    const graph = await graphOf([['start', 'flaky']]);
    const started = startProcess(graph, {}, 0);
    const failed = step(graph, started.state, { type: 'listener.failed', elementInstanceKey: ROOT_SCOPE_KEY, message: 'down' }, 1);
    const [incident] = viewProcessInstance(graph, failed.state).incidents;
    expect(incident).toMatchObject({
      type: 'EXECUTION_LISTENER_NO_RETRIES',
      elementId: 'spec_process',
      elementInstanceKey: ROOT_SCOPE_KEY,
    });
    const retried = step(graph, failed.state, { type: 'incident.retry', incidentKey: incident!.key }, 2);
    expect(listenerCommands(retried).map((c) => c.jobType)).toEqual(['flaky']);
    expect(step(graph, retried.state, done(ROOT_SCOPE_KEY), 3).state.status).toBe('completed');
  });

  it('stops a running process listener when the instance is cancelled, and ignores its late answer', async () => {
    const graph = await graphOf([['start', 'slow']]);
    const started = startProcess(graph, {}, 0);
    const cancelled = step(graph, started.state, { type: 'process.cancel' }, 1);
    expect(cancelled.commands).toEqual([{ type: 'work.cancel', elementInstanceKey: ROOT_SCOPE_KEY }]);
    expect(cancelled.state.status).toBe('terminated');
    const late = step(graph, cancelled.state, done(ROOT_SCOPE_KEY), 2);
    expect(late.state).toBe(cancelled.state);
  });

  it('leaves an instance of a graph without process listeners exactly as before', async () => {
    const graph = await graphOf([]);
    expect(graph.executionListeners).toBeUndefined();
    const started = startProcess(graph, {}, 0);
    expect(started.state.status).toBe('completed');
    expect('processListener' in started.state).toBe(false);
  });
});
