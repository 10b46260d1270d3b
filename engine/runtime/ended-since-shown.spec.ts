import { compileProcess } from '../compiler';
import { bpmnDocument, flow } from '../compiler/fixtures/make-bpmn';
import { startProcess, step } from './interpreter';
import type { Incident, ProcessState } from './process-state';
import { closedUserTasks, resolvedIncidents, viewProcessInstance } from './process-view';

/** start → a (for nils) → b (with a boundary message that ends it) → end. */
const twoTasks = async () =>
  (
    await compileProcess(
      bpmnDocument(
        `<bpmn:startEvent id="s" />
         <bpmn:userTask id="a" name="First"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateUsers="nils" /></bpmn:extensionElements></bpmn:userTask>
         <bpmn:userTask id="b" name="Second"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>
         <bpmn:boundaryEvent id="stop" attachedToRef="b"><bpmn:signalEventDefinition signalRef="Signal_1" /></bpmn:boundaryEvent>
         <bpmn:endEvent id="e" /><bpmn:endEvent id="stopped" />
         ${flow('f0', 's', 'a')}${flow('f1', 'a', 'b')}${flow('f2', 'b', 'e')}${flow('f3', 'stop', 'stopped')}`,
      ).replace('</bpmn:definitions>', '<bpmn:signal id="Signal_1" name="stop" /></bpmn:definitions>'),
    )
  ).graph;

describe('the user tasks that ended since a list last showed an instance', () => {
  it('reports a completed task as it stood, once, and a task its boundary event ended as terminated', async () => {
    const graph = await twoTasks();
    const started = startProcess(graph, {}, 1000);
    const [a] = viewProcessInstance(graph, started.state).openUserTasks;
    expect(closedUserTasks(graph, started.state, new Set(), -1)).toEqual([]);

    const assigned = step(
      graph,
      started.state,
      { type: 'userTask.assign', elementInstanceKey: a!.elementInstanceKey, assignee: 'nils' },
      2000,
    );
    const done = step(graph, assigned.state, { type: 'userTask.complete', elementInstanceKey: a!.elementInstanceKey, variables: {} }, 3000);
    const shown = new Set([a!.elementInstanceKey]);
    const newest = Math.max(...started.state.elementInstances.map((i) => i.key));
    expect(closedUserTasks(graph, done.state, shown, newest)).toEqual([
      expect.objectContaining({
        elementId: 'a',
        name: 'First',
        assignee: 'nils',
        candidateUsers: ['nils'],
        state: 'completed',
        createdAt: 1000,
        closedAt: 3000,
      }),
    ]);

    // Shown again after that: the list now has b open and a closed; nothing new has ended.
    const [b] = viewProcessInstance(graph, done.state).openUserTasks;
    const newestNow = Math.max(...done.state.elementInstances.map((i) => i.key));
    expect(closedUserTasks(graph, done.state, new Set([b!.elementInstanceKey]), newestNow)).toEqual([]);

    const stopped = step(graph, done.state, { type: 'signal.broadcast', name: 'stop', variables: {} }, 4000);
    expect(closedUserTasks(graph, stopped.state, new Set([b!.elementInstanceKey]), newestNow)).toEqual([
      expect.objectContaining({ elementId: 'b', state: 'terminated', closedAt: 4000 }),
    ]);
  });

  it('reports a task that ended before any list saw it open, by its key being newer than the newest shown', async () => {
    const graph = await twoTasks();
    const started = startProcess(graph, {}, 1000);
    const [a] = viewProcessInstance(graph, started.state).openUserTasks;
    const done = step(graph, started.state, { type: 'userTask.complete', elementInstanceKey: a!.elementInstanceKey, variables: {} }, 2000);
    expect(closedUserTasks(graph, done.state, new Set(), a!.elementInstanceKey - 1).map((t) => t.elementId)).toEqual(['a']);
    expect(closedUserTasks(graph, done.state, new Set(), a!.elementInstanceKey)).toEqual([]);
  });
});

describe('the incidents resolved since a list last showed an instance', () => {
  const incident = (key: number, resolvedAt?: number): Incident => ({
    key,
    type: 'JOB_FAILED',
    elementInstanceKey: 2,
    elementId: 'bill',
    message: 'no account',
    createdAt: 1000,
    ...(resolvedAt !== undefined ? { resolvedAt } : {}),
  });

  it('reports those shown open that are resolved now, and newer ones raised and resolved unseen, not those still open', () => {
    const state = { incidents: [incident(3, 2000), incident(5), incident(7, 3000), incident(9, 4000)] } as ProcessState;
    expect(resolvedIncidents(state, new Set([3, 5]), 8).map((i) => i.key)).toEqual([3, 9]);
    expect(resolvedIncidents(state, new Set(), 9)).toEqual([]);
  });
});
