import { compileProcess, type ProcessGraph } from '../compiler';
import { bpmnDocument, flow } from '../compiler/fixtures/make-bpmn';
import { InvalidEngineEventError, startProcess, step } from './interpreter';
import type { EngineCommand, ProcessState, StepResult } from './process-state';
import { viewProcessInstance } from './process-view';

type ListenerCommand = Extract<EngineCommand, { type: 'listener.execute' }>;
const listenerCommands = (r: StepResult) => r.commands.filter((c): c is ListenerCommand => c.type === 'listener.execute');
const taskListeners = (...items: Array<[string, string]>) =>
  `<zeebe:taskListeners>${items.map(([e, t]) => `<zeebe:taskListener eventType="${e}" type="${t}" />`).join('')}</zeebe:taskListeners>`;
const openTasks = (graph: ProcessGraph, state: ProcessState) => viewProcessInstance(graph, state).openUserTasks;

/** s → x (a user task with the given extension elements) → e, with a timer boundary `b` → e2 when asked. */
async function graphOf(extensions: string, boundary = false): Promise<ProcessGraph> {
  const timer = boundary
    ? `<bpmn:boundaryEvent id="b" attachedToRef="x"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent><bpmn:endEvent id="e2" />${flow('f2', 'b', 'e2')}`
    : '';
  const xml = bpmnDocument(
    `<bpmn:startEvent id="s" /><bpmn:userTask id="x"><bpmn:extensionElements><zeebe:userTask />${extensions}</bpmn:extensionElements></bpmn:userTask><bpmn:endEvent id="e" />${timer}${flow('f0', 's', 'x')}${flow('f1', 'x', 'e')}`,
  );
  return (await compileProcess(xml)).graph;
}

describe('assigning, updating and canceling task listeners in the interpreter', () => {
  it('applies an assignment only after its assigning listeners, which see the new assignee', async () => {
    // given an open task with two assigning listeners
    const graph = await graphOf(taskListeners(['assigning', 'notify'], ['assigning', 'audit']));
    const started = startProcess(graph, {}, 0);
    const key = openTasks(graph, started.state)[0]!.elementInstanceKey;

    // when it is assigned to tomas
    const assigning = step(graph, started.state, { type: 'userTask.assign', elementInstanceKey: key, assignee: 'tomas' }, 1);

    // then the first listener runs with the task as it will be, and the task is neither open nor assigned meanwhile
    expect(listenerCommands(assigning)).toEqual([
      expect.objectContaining({
        eventType: 'assigning',
        listenerKind: 'task',
        jobType: 'notify',
        userTask: { assignee: 'tomas', changedAttributes: ['assignee'] },
      }),
    ]);
    expect(openTasks(graph, assigning.state)).toEqual([]);
    expect(() => step(graph, assigning.state, { type: 'userTask.complete', elementInstanceKey: key, variables: {} }, 2)).toThrow(
      /being assigned/,
    );

    // and after both listeners, in model order, the task is open with its new assignee
    const second = step(graph, assigning.state, { type: 'listener.completed', elementInstanceKey: key, variables: { ignored: 1 } }, 2);
    expect(listenerCommands(second).map((c) => c.jobType)).toEqual(['audit']);
    const done = step(graph, second.state, { type: 'listener.completed', elementInstanceKey: key, variables: {} }, 3);
    expect(openTasks(graph, done.state)).toEqual([expect.objectContaining({ elementId: 'x', assignee: 'tomas' })]);
    expect(done.state.variables).toEqual({});
  });

  it('assigns and unassigns at once when the task has no assigning listener', async () => {
    const graph = await graphOf('<zeebe:assignmentDefinition assignee="marta" />');
    const started = startProcess(graph, {}, 0);
    const key = openTasks(graph, started.state)[0]!.elementInstanceKey;
    const unassigned = step(graph, started.state, { type: 'userTask.assign', elementInstanceKey: key, assignee: null }, 1);
    expect(unassigned.commands).toEqual([]);
    expect(openTasks(graph, unassigned.state)[0]).not.toHaveProperty('assignee');
  });

  it('runs assigning listeners after the creating ones for a task created with an assignee (Camunda 8.8)', async () => {
    const graph = await graphOf(
      `<zeebe:assignmentDefinition assignee="=owner" />${taskListeners(['assigning', 'on-assign'], ['creating', 'on-create'])}`,
    );
    const started = startProcess(graph, { owner: 'marta' }, 0);
    expect(listenerCommands(started).map((c) => [c.eventType, c.jobType])).toEqual([['creating', 'on-create']]);
    const key = listenerCommands(started)[0]!.elementInstanceKey;
    const created = step(graph, started.state, { type: 'listener.completed', elementInstanceKey: key, variables: {} }, 1);
    expect(listenerCommands(created)).toEqual([
      expect.objectContaining({
        eventType: 'assigning',
        jobType: 'on-assign',
        userTask: { assignee: 'marta', changedAttributes: ['assignee'] },
      }),
    ]);
    expect(openTasks(graph, created.state)).toEqual([]);
    const open = step(graph, created.state, { type: 'listener.completed', elementInstanceKey: key, variables: {} }, 2);
    expect(openTasks(graph, open.state)).toEqual([expect.objectContaining({ assignee: 'marta' })]);
  });

  it('applies an update of candidates, dates and priority after its updating listener; null clears a date', async () => {
    const graph = await graphOf(
      `<zeebe:assignmentDefinition candidateGroups="service-desk" /><zeebe:taskSchedule dueDate="2027-01-01T00:00:00Z" />${taskListeners(['updating', 'check'])}`,
    );
    const started = startProcess(graph, {}, 0);
    const key = openTasks(graph, started.state)[0]!.elementInstanceKey;
    const changes = { candidateGroups: ['network'], candidateUsers: ['tomas'], dueDate: null, priority: 80 };
    const updating = step(graph, started.state, { type: 'userTask.update', elementInstanceKey: key, changes }, 1);
    expect(listenerCommands(updating)[0]).toMatchObject({
      eventType: 'updating',
      userTask: { candidateGroups: ['network'], candidateUsers: ['tomas'], priority: 80, changedAttributes: Object.keys(changes) },
    });
    expect(listenerCommands(updating)[0]!.userTask).not.toHaveProperty('dueDate');
    expect(openTasks(graph, updating.state)).toEqual([]);
    const done = step(graph, updating.state, { type: 'listener.completed', elementInstanceKey: key, variables: {} }, 2);
    const [task] = openTasks(graph, done.state);
    expect(task).toMatchObject({ candidateGroups: ['network'], candidateUsers: ['tomas'], priority: 80 });
    expect(task).not.toHaveProperty('dueDate');
  });

  it('sets variables on the task only after its updating listener, which sees them (Camunda 8.8)', async () => {
    // given an open task with an updating listener
    const graph = await graphOf(taskListeners(['updating', 'check']));
    const started = startProcess(graph, { faultCode: 'F-1' }, 0);
    const key = openTasks(graph, started.state)[0]!.elementInstanceKey;
    const local = (state: ProcessState) => viewProcessInstance(graph, state).scopes?.find((s) => s.key === key)?.variables;

    // when variables are set on the task's scope
    const variables = { faultCode: 'F-2', note: 'checked' };
    const updating = step(graph, started.state, { type: 'userTask.setVariables', elementInstanceKey: key, variables }, 1);

    // then the listener runs with them, naming variables as what changes, and nothing is set meanwhile
    expect(listenerCommands(updating)).toEqual([
      expect.objectContaining({
        eventType: 'updating',
        jobType: 'check',
        variables: { faultCode: 'F-2', note: 'checked' },
        userTask: { changedAttributes: ['variables'] },
      }),
    ]);
    expect(openTasks(graph, updating.state)).toEqual([]);
    expect(local(updating.state) ?? {}).toEqual({});

    // and once it completed they are the task's own, the process's stay as they were, and the task is open again
    const done = step(graph, updating.state, { type: 'listener.completed', elementInstanceKey: key, variables: {} }, 2);
    expect(local(done.state)).toEqual(variables);
    expect(done.state.variables).toEqual({ faultCode: 'F-1' });
    expect(openTasks(graph, done.state)).toHaveLength(1);
  });

  it('sets variables on a task without updating listeners at once', async () => {
    const graph = await graphOf(taskListeners(['assigning', 'notify']));
    const started = startProcess(graph, {}, 0);
    const key = openTasks(graph, started.state)[0]!.elementInstanceKey;
    const set = step(graph, started.state, { type: 'userTask.setVariables', elementInstanceKey: key, variables: { a: 1 } }, 1);
    expect(set.commands).toEqual([]);
    expect(viewProcessInstance(graph, set.state).scopes?.find((s) => s.key === key)?.variables).toEqual({ a: 1 });
  });

  it('makes a failed assigning listener a task listener incident; the retry runs it again and the assignment applies', async () => {
    const graph = await graphOf(taskListeners(['assigning', 'flaky']));
    const started = startProcess(graph, {}, 0);
    const key = openTasks(graph, started.state)[0]!.elementInstanceKey;
    const assigning = step(graph, started.state, { type: 'userTask.assign', elementInstanceKey: key, assignee: 'tomas' }, 1);
    const failed = step(graph, assigning.state, { type: 'listener.failed', elementInstanceKey: key, message: 'down' }, 2);
    const [incident] = viewProcessInstance(graph, failed.state).incidents;
    expect(incident).toMatchObject({ type: 'TASK_LISTENER_NO_RETRIES', elementId: 'x' });
    const retried = step(graph, failed.state, { type: 'incident.retry', incidentKey: incident!.key }, 3);
    expect(listenerCommands(retried).map((c) => c.jobType)).toEqual(['flaky']);
    const done = step(graph, retried.state, { type: 'listener.completed', elementInstanceKey: key, variables: {} }, 4);
    expect(openTasks(graph, done.state)[0]).toMatchObject({ assignee: 'tomas' });
  });

  it('refuses to assign a task that is not open', async () => {
    const graph = await graphOf(taskListeners(['creating', 'slow']));
    const started = startProcess(graph, {}, 0);
    const key = listenerCommands(started)[0]!.elementInstanceKey;
    expect(() => step(graph, started.state, { type: 'userTask.assign', elementInstanceKey: key, assignee: 'tomas' }, 1)).toThrow(
      InvalidEngineEventError,
    );
  });

  it('runs canceling listeners when a boundary event interrupts the task; the process ends only after them', async () => {
    // given an open task with a canceling listener and an interrupting timer boundary event
    const graph = await graphOf(taskListeners(['canceling', 'release']), true);
    const started = startProcess(graph, {}, 0);
    const key = openTasks(graph, started.state)[0]!.elementInstanceKey;
    const timerKey = started.state.timers![0]!.key;

    // when the timer fires
    const fired = step(graph, started.state, { type: 'timer.fired', timerKey }, 1);

    // then the task is terminated, its canceling listener runs, and the boundary path waits at the end for it
    expect(listenerCommands(fired)).toEqual([
      expect.objectContaining({ eventType: 'canceling', jobType: 'release', elementInstanceKey: key }),
    ]);
    expect(fired.state.elementInstances.find((i) => i.key === key)!.state).toBe('terminated');
    expect(fired.state.status).toBe('active');
    const done = step(graph, fired.state, { type: 'listener.completed', elementInstanceKey: key, variables: {} }, 2);
    expect(done.state.status).toBe('completed');
    expect(viewProcessInstance(graph, done.state).history.map((h) => h.elementId)).toEqual(['s', 'x', 'b', 'e2']);
  });

  it('runs canceling listeners when the instance is cancelled, and a failed one is an incident a retry runs again', async () => {
    const graph = await graphOf(taskListeners(['canceling', 'release']));
    const started = startProcess(graph, {}, 0);
    const key = openTasks(graph, started.state)[0]!.elementInstanceKey;
    const cancelled = step(graph, started.state, { type: 'process.cancel' }, 1);
    expect(cancelled.state.status).toBe('terminated');
    expect(listenerCommands(cancelled)).toEqual([expect.objectContaining({ eventType: 'canceling', elementInstanceKey: key })]);
    const failed = step(graph, cancelled.state, { type: 'listener.failed', elementInstanceKey: key, message: 'down' }, 2);
    const [incident] = viewProcessInstance(graph, failed.state).incidents;
    expect(incident).toMatchObject({ type: 'TASK_LISTENER_NO_RETRIES', elementId: 'x' });
    const retried = step(graph, failed.state, { type: 'incident.retry', incidentKey: incident!.key }, 3);
    expect(listenerCommands(retried).map((c) => c.eventType)).toEqual(['canceling']);
    const done = step(graph, retried.state, { type: 'listener.completed', elementInstanceKey: key, variables: {} }, 4);
    expect(done.state.elementInstances.some((i) => i.listener)).toBe(false);
  });

  it('does not run canceling listeners for a task that never opened', async () => {
    const graph = await graphOf(taskListeners(['creating', 'slow'], ['canceling', 'release']));
    const started = startProcess(graph, {}, 0);
    const cancelled = step(graph, started.state, { type: 'process.cancel' }, 1);
    expect(listenerCommands(cancelled)).toEqual([]);
    expect(cancelled.commands).toEqual([{ type: 'work.cancel', elementInstanceKey: listenerCommands(started)[0]!.elementInstanceKey }]);
  });
});
