import { compileProcess, type ProcessGraph } from '../compiler';
import { bpmnDocument, flow } from '../compiler/fixtures/make-bpmn';
import { startProcess, step } from './interpreter';
import type { EngineCommand, ProcessState, StepResult } from './process-state';
import { viewProcessInstance } from './process-view';

type ListenerCommand = Extract<EngineCommand, { type: 'listener.execute' }>;
const listenerCommands = (r: StepResult) => r.commands.filter((c): c is ListenerCommand => c.type === 'listener.execute');
const openTasks = (graph: ProcessGraph, state: ProcessState) => viewProcessInstance(graph, state).openUserTasks;

/** s → x (a user task with these task listeners, each `[eventType, jobType]`) → e. */
async function graphOf(...listeners: Array<[string, string]>): Promise<ProcessGraph> {
  const items = listeners.map(([e, t]) => `<zeebe:taskListener eventType="${e}" type="${t}" />`).join('');
  const xml = bpmnDocument(
    `<bpmn:startEvent id="s" /><bpmn:userTask id="x"><bpmn:extensionElements><zeebe:userTask /><zeebe:taskListeners>${items}</zeebe:taskListeners></bpmn:extensionElements></bpmn:userTask><bpmn:endEvent id="e" />${flow('f0', 's', 'x')}${flow('f1', 'x', 'e')}`,
  );
  return (await compileProcess(xml)).graph;
}

describe('task listener denials and corrections (Camunda 8.8 job results)', () => {
  it('a denied completion leaves the task open with the reason, skips the later listeners, and a second try completes it', async () => {
    // given an open task with two completing listeners
    const graph = await graphOf(['completing', 'check'], ['completing', 'audit']);
    const started = startProcess(graph, {}, 0);
    const key = openTasks(graph, started.state)[0]!.elementInstanceKey;
    const completing = step(graph, started.state, { type: 'userTask.complete', elementInstanceKey: key, variables: { ok: true } }, 1);

    // when the first one denies it
    const denied = step(
      graph,
      completing.state,
      {
        type: 'listener.completed',
        elementInstanceKey: key,
        variables: {},
        result: { denied: true, deniedReason: 'attach the report first' },
      },
      2,
    );

    // then the task is open again, says why, the second listener never ran, and nothing was set
    expect(listenerCommands(denied)).toEqual([]);
    expect(openTasks(graph, denied.state)).toEqual([
      expect.objectContaining({ elementId: 'x', denial: { eventType: 'completing', reason: 'attach the report first', deniedAt: 2 } }),
    ]);
    expect(denied.state.status).toBe('active');
    expect(denied.state.variables).toEqual({});

    // and a second completion, which both listeners let through, completes the process and clears the reason
    const again = step(graph, denied.state, { type: 'userTask.complete', elementInstanceKey: key, variables: { ok: true } }, 3);
    const first = step(
      graph,
      again.state,
      { type: 'listener.completed', elementInstanceKey: key, variables: {}, result: { denied: false } },
      4,
    );
    expect(listenerCommands(first).map((c) => c.jobType)).toEqual(['audit']);
    const done = step(graph, first.state, { type: 'listener.completed', elementInstanceKey: key, variables: {} }, 5);
    expect(done.state.status).toBe('completed');
    expect(done.state.variables).toEqual({ ok: true });
  });

  it('a denied assignment keeps the assignee it had; without a reason the denial names the listener event', async () => {
    const graph = await graphOf(['assigning', 'policy']);
    const started = startProcess(graph, {}, 0);
    const key = openTasks(graph, started.state)[0]!.elementInstanceKey;
    const assigning = step(graph, started.state, { type: 'userTask.assign', elementInstanceKey: key, assignee: 'tomas' }, 1);
    const denied = step(
      graph,
      assigning.state,
      { type: 'listener.completed', elementInstanceKey: key, variables: {}, result: { denied: true } },
      2,
    );
    const [task] = openTasks(graph, denied.state);
    expect(task!.assignee).toBeUndefined();
    expect(task!.denial).toEqual({ eventType: 'assigning', reason: 'the assigning listener denied it', deniedAt: 2 });
  });

  it('a second denial with the same reason is told apart from the first by when it happened', async () => {
    const graph = await graphOf(['completing', 'check']);
    const started = startProcess(graph, {}, 0);
    const key = openTasks(graph, started.state)[0]!.elementInstanceKey;
    const deny = (state: ProcessState, at: number) => {
      const completing = step(graph, state, { type: 'userTask.complete', elementInstanceKey: key, variables: {} }, at);
      const result = { denied: true, deniedReason: 'attach the report first' };
      return step(graph, completing.state, { type: 'listener.completed', elementInstanceKey: key, variables: {}, result }, at + 1).state;
    };
    const first = deny(started.state, 10);
    const second = deny(first, 20);
    expect(openTasks(graph, first)[0]!.denial).toMatchObject({ reason: 'attach the report first', deniedAt: 11 });
    expect(openTasks(graph, second)[0]!.denial).toMatchObject({ reason: 'attach the report first', deniedAt: 21 });
  });

  it('corrections join an assignment: the next listener sees them and they apply with it', async () => {
    // given two assigning listeners, the first of which corrects the assignee and adds a due date
    const graph = await graphOf(['assigning', 'balance'], ['assigning', 'audit']);
    const started = startProcess(graph, {}, 0);
    const key = openTasks(graph, started.state)[0]!.elementInstanceKey;
    const assigning = step(graph, started.state, { type: 'userTask.assign', elementInstanceKey: key, assignee: 'tomas' }, 1);
    const corrected = step(
      graph,
      assigning.state,
      {
        type: 'listener.completed',
        elementInstanceKey: key,
        variables: {},
        result: { corrections: { assignee: 'rita', dueDate: '2026-12-10T16:00:00.000Z' } },
      },
      2,
    );
    // then the audit listener sees the corrected task
    expect(listenerCommands(corrected)[0]!.userTask).toMatchObject({ assignee: 'rita', dueDate: '2026-12-10T16:00:00.000Z' });
    // and once it completed, the task has them
    const done = step(graph, corrected.state, { type: 'listener.completed', elementInstanceKey: key, variables: {} }, 3);
    expect(openTasks(graph, done.state)[0]).toMatchObject({ assignee: 'rita', dueDate: '2026-12-10T16:00:00.000Z' });
  });

  it('a creating listener corrects the task at once; its denial is ignored, not guessed at', async () => {
    const graph = await graphOf(['creating', 'triage']);
    const started = startProcess(graph, {}, 0);
    const key = started.state.elementInstances.find((i) => i.elementId === 'x')!.key;
    const created = step(
      graph,
      started.state,
      { type: 'listener.completed', elementInstanceKey: key, variables: {}, result: { denied: true, corrections: { priority: 80 } } },
      1,
    );
    expect(openTasks(graph, created.state)).toEqual([expect.objectContaining({ elementId: 'x', priority: 80 })]);
    expect(openTasks(graph, created.state)[0]!.denial).toBeUndefined();
  });
});
