import { compileProcess, type ProcessGraph } from '../compiler';
import { bpmnDocument, flow } from '../compiler/fixtures/make-bpmn';
import { InvalidEngineEventError, startProcess, step } from './interpreter';
import type { EngineCommand, StepResult } from './process-state';
import { viewProcessInstance } from './process-view';

type ListenerCommand = Extract<EngineCommand, { type: 'listener.execute' }>;
const listenerCommands = (r: StepResult) => r.commands.filter((c): c is ListenerCommand => c.type === 'listener.execute');

const listeners = (tag: string, ...items: Array<[string, string]>) =>
  `<zeebe:${tag}s>${items.map(([eventType, type]) => `<zeebe:${tag} eventType="${eventType}" type="${type}" retries="2" />`).join('')}</zeebe:${tag}s>`;

async function graphOf(element: string): Promise<ProcessGraph> {
  const xml = bpmnDocument(`<bpmn:startEvent id="s" />${element}<bpmn:endEvent id="e" />${flow('f0', 's', 'x')}${flow('f1', 'x', 'e')}`);
  return (await compileProcess(xml)).graph;
}

describe('execution and task listeners in the interpreter', () => {
  it('runs a start listener after the input mappings, and its variables update the mapped local before the job sees it', async () => {
    // given a service task whose input mapping makes a local `limit`, and a start listener
    const graph = await graphOf(
      `<bpmn:serviceTask id="x"><bpmn:extensionElements><zeebe:taskDefinition type="work" /><zeebe:ioMapping><zeebe:input source="=10" target="limit" /></zeebe:ioMapping>${listeners('executionListener', ['start', 'raise-limit'])}</bpmn:extensionElements></bpmn:serviceTask>`,
    );
    const started = startProcess(graph, {}, 0);
    const [listener] = listenerCommands(started);
    expect(listener).toMatchObject({
      jobType: 'raise-limit',
      eventType: 'start',
      listenerKind: 'execution',
      retries: 2,
      variables: { limit: 10 },
    });
    expect(started.commands.some((c) => c.type === 'serviceTask.execute')).toBe(false);

    // when the listener completes with a new limit
    const r = step(
      graph,
      started.state,
      { type: 'listener.completed', elementInstanceKey: listener!.elementInstanceKey, variables: { limit: 20 } },
      1,
    );

    // then the task's own job starts and sees it, and the process scope is untouched
    expect(r.commands).toEqual([expect.objectContaining({ type: 'serviceTask.execute', variables: { limit: 20 } })]);
    expect(r.state.variables).toEqual({});
  });

  it('makes a failed listener an incident, and a retry runs that listener again', async () => {
    const graph = await graphOf(
      `<bpmn:task id="x"><bpmn:extensionElements>${listeners('executionListener', ['end', 'first'], ['end', 'second'])}</bpmn:extensionElements></bpmn:task>`,
    );
    const started = startProcess(graph, {}, 0);
    const first = listenerCommands(started)[0]!;
    const afterFirst = step(
      graph,
      started.state,
      { type: 'listener.completed', elementInstanceKey: first.elementInstanceKey, variables: { a: 1 } },
      1,
    );
    const second = listenerCommands(afterFirst)[0]!;
    expect(second.jobType).toBe('second');

    const failed = step(
      graph,
      afterFirst.state,
      { type: 'listener.failed', elementInstanceKey: second.elementInstanceKey, message: 'boom' },
      2,
    );
    const [incident] = viewProcessInstance(graph, failed.state).incidents;
    expect(incident).toMatchObject({ type: 'EXECUTION_LISTENER_NO_RETRIES', elementId: 'x', message: 'boom' });

    const retried = step(graph, failed.state, { type: 'incident.retry', incidentKey: incident!.key }, 3);
    expect(listenerCommands(retried).map((c) => c.jobType)).toEqual(['second']);
    const done = step(
      graph,
      retried.state,
      { type: 'listener.completed', elementInstanceKey: second.elementInstanceKey, variables: {} },
      4,
    );
    expect(done.state.status).toBe('completed');
    expect(done.state.variables).toEqual({ a: 1 });
  });

  it('keeps a user task closed while its creating listener runs, and completes it only after its completing listener', async () => {
    const graph = await graphOf(
      `<bpmn:userTask id="x"><bpmn:extensionElements><zeebe:userTask />${listeners('taskListener', ['creating', 'route'], ['completing', 'check'])}</bpmn:extensionElements></bpmn:userTask>`,
    );
    const started = startProcess(graph, {}, 0);
    const creating = listenerCommands(started)[0]!;
    expect(creating).toMatchObject({ listenerKind: 'task', eventType: 'creating' });
    expect(viewProcessInstance(graph, started.state).openUserTasks).toEqual([]);
    expect(viewProcessInstance(graph, started.state).waits).toEqual([
      expect.objectContaining({ kind: 'job', elementId: 'x', taskType: 'route' }),
    ]);
    const key = creating.elementInstanceKey;
    expect(() => step(graph, started.state, { type: 'userTask.complete', elementInstanceKey: key, variables: {} }, 1)).toThrow(
      InvalidEngineEventError,
    );

    const open = step(graph, started.state, { type: 'listener.completed', elementInstanceKey: key, variables: {} }, 1);
    expect(viewProcessInstance(graph, open.state).openUserTasks.map((t) => t.elementId)).toEqual(['x']);

    const completing = step(graph, open.state, { type: 'userTask.complete', elementInstanceKey: key, variables: { approved: true } }, 2);
    expect(listenerCommands(completing)[0]).toMatchObject({ eventType: 'completing', variables: { approved: true } });
    expect(completing.state.status).toBe('active');
    expect(() => step(graph, completing.state, { type: 'userTask.complete', elementInstanceKey: key, variables: {} }, 3)).toThrow(
      /being completed/,
    );

    const done = step(graph, completing.state, { type: 'listener.completed', elementInstanceKey: key, variables: { ignored: 1 } }, 3);
    expect(done.state.status).toBe('completed');
    expect(done.state.variables).toEqual({ approved: true });
  });

  it('ignores a listener result for an element that was terminated meanwhile', async () => {
    const graph = await graphOf(
      `<bpmn:task id="x"><bpmn:extensionElements>${listeners('executionListener', ['start', 'slow'])}</bpmn:extensionElements></bpmn:task>`,
    );
    const started = startProcess(graph, {}, 0);
    const key = listenerCommands(started)[0]!.elementInstanceKey;
    const cancelled = step(graph, started.state, { type: 'process.cancel' }, 1);
    expect(cancelled.commands).toContainEqual({ type: 'work.cancel', elementInstanceKey: key });
    const late = step(graph, cancelled.state, { type: 'listener.completed', elementInstanceKey: key, variables: {} }, 2);
    expect(late.state).toBe(cancelled.state);
  });
});
