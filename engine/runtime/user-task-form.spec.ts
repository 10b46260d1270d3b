import { compileProcess, type ProcessGraph } from '../compiler';
import { bpmnDocument, flow } from '../compiler/fixtures/make-bpmn';
import { InvalidEngineEventError, startProcess, step } from './interpreter';
import type { EngineCommand, StepResult } from './process-state';
import { viewProcessInstance } from './process-view';

type ResolveForm = Extract<EngineCommand, { type: 'userTask.resolveForm' }>;
const resolveCommands = (r: StepResult) => r.commands.filter((c): c is ResolveForm => c.type === 'userTask.resolveForm');

async function graphOf(formDefinition: string, listeners = ''): Promise<ProcessGraph> {
  const xml = bpmnDocument(
    `<bpmn:startEvent id="s" /><bpmn:userTask id="x"><bpmn:extensionElements><zeebe:userTask />${formDefinition}${listeners}</bpmn:extensionElements></bpmn:userTask><bpmn:endEvent id="e" />${flow('f0', 's', 'x')}${flow('f1', 'x', 'e')}`,
  );
  return (await compileProcess(xml)).graph;
}

describe('a user task with a linked Camunda form', () => {
  it('asks for its form when reached and opens once it is found', async () => {
    const graph = await graphOf('<zeebe:formDefinition formId="leave-request" />');
    const started = startProcess(graph, {}, 0);
    const [resolve] = resolveCommands(started);
    expect(resolve).toEqual({
      type: 'userTask.resolveForm',
      elementInstanceKey: resolve!.elementInstanceKey,
      elementId: 'x',
      formId: 'leave-request',
    });
    expect(viewProcessInstance(graph, started.state).openUserTasks).toEqual([]);
    expect(() =>
      step(graph, started.state, { type: 'userTask.complete', elementInstanceKey: resolve!.elementInstanceKey, variables: {} }, 1),
    ).toThrow(InvalidEngineEventError);
    const open = step(
      graph,
      started.state,
      { type: 'userTask.formResolved', elementInstanceKey: resolve!.elementInstanceKey, found: true },
      1,
    );
    expect(viewProcessInstance(graph, open.state).openUserTasks.map((t) => t.elementId)).toEqual(['x']);
  });

  it('raises FORM_NOT_FOUND when the form is not deployed; retrying looks it up again', async () => {
    // given a task whose form is missing, and a creating listener that must wait for the form
    const graph = await graphOf(
      '<zeebe:formDefinition formId="leave-request" />',
      '<zeebe:taskListeners><zeebe:taskListener eventType="creating" type="route" /></zeebe:taskListeners>',
    );
    const started = startProcess(graph, {}, 0);
    const key = resolveCommands(started)[0]!.elementInstanceKey;
    expect(started.commands.some((c) => c.type === 'listener.execute')).toBe(false);

    // when the lookup finds nothing
    const missing = step(
      graph,
      started.state,
      { type: 'userTask.formResolved', elementInstanceKey: key, found: false, message: 'no form' },
      1,
    );

    // then there is an incident on the task, and a retry (after deploying the form) asks again
    const [incident] = viewProcessInstance(graph, missing.state).incidents;
    expect(incident).toMatchObject({ type: 'FORM_NOT_FOUND', elementId: 'x', message: 'no form' });
    const retried = step(graph, missing.state, { type: 'incident.retry', incidentKey: incident!.key }, 2);
    expect(resolveCommands(retried).map((c) => c.elementInstanceKey)).toEqual([key]);
    const found = step(graph, retried.state, { type: 'userTask.formResolved', elementInstanceKey: key, found: true }, 3);
    expect(found.commands).toEqual([expect.objectContaining({ type: 'listener.execute', eventType: 'creating' })]);
  });

  it('cancels the lookup of a task that is terminated, and ignores its late answer', async () => {
    const graph = await graphOf('<zeebe:formDefinition formId="leave-request" />');
    const started = startProcess(graph, {}, 0);
    const key = resolveCommands(started)[0]!.elementInstanceKey;
    const cancelled = step(graph, started.state, { type: 'process.cancel' }, 1);
    expect(cancelled.commands).toEqual([{ type: 'work.cancel', elementInstanceKey: key }]);
    expect(step(graph, cancelled.state, { type: 'userTask.formResolved', elementInstanceKey: key, found: true }, 2).state).toBe(
      cancelled.state,
    );
  });

  it('asks nothing for an embedded form or a custom form key', async () => {
    const custom = await graphOf('<zeebe:formDefinition formKey="app:leave" />');
    expect(resolveCommands(startProcess(custom, {}, 0))).toEqual([]);
  });
});
