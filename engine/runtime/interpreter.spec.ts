import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileProcess, type ProcessGraph } from '../compiler';
import { bpmnDocument, flow, serviceTask } from '../compiler/fixtures/make-bpmn';
import { InvalidEngineEventError, startProcess, step } from './interpreter';
import type { EngineCommand, ProcessState } from './process-state';
import { viewProcessInstance } from './process-view';

const incidentXml = readFileSync(join(__dirname, '../../test/fixtures/triage-incident.bpmn'), 'utf8');

/** Drives an instance like the workflow shell does, answering every service task with `results[type]`. */
function runToWait(
  graph: ProcessGraph,
  state: ProcessState,
  commands: EngineCommand[],
  results: Record<string, Record<string, unknown>> = {},
) {
  let now = 1000;
  const pending = commands.filter(isServiceTask);
  while (pending.length) {
    const cmd = pending.shift()!;
    const r = step(
      graph,
      state,
      { type: 'serviceTask.completed', elementInstanceKey: cmd.elementInstanceKey, variables: results[cmd.taskType] ?? {} },
      ++now,
    );
    state = r.state;
    pending.push(...r.commands.filter(isServiceTask));
  }
  return state;
}

type ServiceTaskCommand = Extract<EngineCommand, { type: 'serviceTask.execute' }>;
function isServiceTask(c: EngineCommand): c is ServiceTaskCommand {
  return c.type === 'serviceTask.execute';
}

function trace(state: ProcessState): string[] {
  return state.elementInstances.map((i) => `${i.elementId}:${i.state}`);
}

describe('interpreter', () => {
  let incident: ProcessGraph;
  beforeAll(async () => {
    incident = (await compileProcess(incidentXml)).graph;
  });

  it('moves a new instance to the first wait state and asks for the service task', () => {
    // given the incident process, when it starts
    const { state, commands } = startProcess(incident, { title: 'VPN down' }, 0);
    // then the log task is requested and waits
    expect(commands).toEqual([
      expect.objectContaining({
        type: 'serviceTask.execute',
        elementId: 'LogIncident',
        taskType: 'audit',
        headers: { action: 'incident.logged' },
      }),
    ]);
    expect(viewProcessInstance(incident, state).activeElementIds).toEqual(['LogIncident']);
  });

  it.each([
    ['P1', ['LogIncident', 'Triage', 'PriorityGateway', 'PageOnCall', 'PriorityMerge', 'Resolve']],
    ['P3', ['LogIncident', 'Triage', 'PriorityGateway', 'PriorityMerge', 'Resolve']],
  ])('takes the %s branch of the priority gateway', (priority, path) => {
    const started = startProcess(incident, {}, 0);
    let state = started.state;
    const commands = started.commands;
    state = runToWait(incident, state, commands);
    const triage = viewProcessInstance(incident, state).openUserTasks[0]!;
    expect(triage).toMatchObject({ elementId: 'Triage', candidateGroups: ['service-desk'] });

    const r = step(
      incident,
      state,
      { type: 'userTask.complete', elementInstanceKey: triage.elementInstanceKey, variables: { priority } },
      2000,
    );
    state = runToWait(incident, r.state, r.commands);
    const visited = state.elementInstances.map((i) => i.elementId).filter((id) => id !== 'IncidentReported');
    expect(visited).toEqual(path);
    expect(state.variables.priority).toBe(priority);

    const resolve = viewProcessInstance(incident, state).openUserTasks[0]!;
    const done = step(
      incident,
      state,
      { type: 'userTask.complete', elementInstanceKey: resolve.elementInstanceKey, variables: { resolution: 'fixed' } },
      3000,
    );
    state = runToWait(incident, done.state, done.commands);
    expect(state.status).toBe('completed');
    expect(trace(state).at(-1)).toBe('IncidentClosed:completed');
  });

  it('never mutates the state it is given', () => {
    const { state, commands } = startProcess(incident, {}, 0);
    const before = JSON.stringify(state);
    step(incident, state, { type: 'serviceTask.completed', elementInstanceKey: commands[0]!.elementInstanceKey, variables: { x: 1 } }, 5);
    expect(JSON.stringify(state)).toBe(before);
  });

  it('refuses to complete a task that is not open', () => {
    const { state } = startProcess(incident, {}, 0);
    expect(() => step(incident, state, { type: 'userTask.complete', elementInstanceKey: 999, variables: {} }, 1)).toThrow(
      InvalidEngineEventError,
    );
  });

  it('turns a failed service task into an incident and retries it on request', () => {
    const started = startProcess(incident, {}, 0);
    const state = started.state;
    const commands = started.commands;
    const failed = step(
      incident,
      state,
      { type: 'serviceTask.failed', elementInstanceKey: commands[0]!.elementInstanceKey, message: 'SMTP refused' },
      1,
    );
    expect(failed.state.status).toBe('active');
    expect(failed.state.incidents).toEqual([
      expect.objectContaining({ type: 'JOB_FAILED', elementId: 'LogIncident', message: 'SMTP refused' }),
    ]);
    const retried = step(incident, failed.state, { type: 'incident.retry', incidentKey: failed.state.incidents[0]!.key }, 2);
    expect(retried.commands).toEqual([
      expect.objectContaining({ elementId: 'LogIncident', elementInstanceKey: commands[0]!.elementInstanceKey }),
    ]);
    expect(viewProcessInstance(incident, retried.state).incidents).toEqual([]);
  });

  it('raises an incident when no gateway condition holds and there is no default', async () => {
    const { graph } = await compileProcess(
      bpmnDocument(`<bpmn:startEvent id="s" /><bpmn:exclusiveGateway id="gw" /><bpmn:endEvent id="a" /><bpmn:endEvent id="b" />
        ${flow('f0', 's', 'gw')}${flow('f1', 'gw', 'a', '=x > 10')}${flow('f2', 'gw', 'b', '=x < 0')}`),
    );
    const { state } = startProcess(graph, { x: 5 }, 0);
    expect(state.incidents[0]).toMatchObject({ type: 'CONDITION_ERROR', elementId: 'gw' });
    expect(viewProcessInstance(graph, state).activeElementIds).toEqual(['gw']);
  });

  it('raises an incident when a condition is not boolean instead of treating it as false', async () => {
    const { graph } = await compileProcess(
      bpmnDocument(`<bpmn:startEvent id="s" /><bpmn:exclusiveGateway id="gw" default="f2" /><bpmn:endEvent id="a" /><bpmn:endEvent id="b" />
        ${flow('f0', 's', 'gw')}${flow('f1', 'gw', 'a', '=amount')}${flow('f2', 'gw', 'b')}`),
    );
    const { state } = startProcess(graph, {}, 0);
    expect(state.incidents[0]?.message).toMatch(/must evaluate to a boolean but was null/);
  });

  it('forks and joins parallel branches, completing only after both', async () => {
    const { graph } = await compileProcess(
      bpmnDocument(`<bpmn:startEvent id="s" /><bpmn:parallelGateway id="fork" />${serviceTask('a')}${serviceTask('b')}<bpmn:parallelGateway id="join" /><bpmn:endEvent id="e" />
        ${flow('f0', 's', 'fork')}${flow('f1', 'fork', 'a')}${flow('f2', 'fork', 'b')}${flow('f3', 'a', 'join')}${flow('f4', 'b', 'join')}${flow('f5', 'join', 'e')}`),
    );
    const started = startProcess(graph, {}, 0);
    expect(started.commands.filter(isServiceTask).map((c) => c.elementId)).toEqual(['a', 'b']);
    const afterA = step(
      graph,
      started.state,
      { type: 'serviceTask.completed', elementInstanceKey: started.commands[0]!.elementInstanceKey, variables: { a: 1 } },
      1,
    );
    expect(afterA.state.status).toBe('active');
    expect(afterA.state.elementInstances.filter((i) => i.elementId === 'join')).toHaveLength(0);
    const afterB = step(
      graph,
      afterA.state,
      { type: 'serviceTask.completed', elementInstanceKey: started.commands[1]!.elementInstanceKey, variables: { b: 2 } },
      2,
    );
    expect(afterB.state.status).toBe('completed');
    expect(afterB.state.variables).toEqual({ a: 1, b: 2 });
    expect(afterB.state.elementInstances.filter((i) => i.elementId === 'join')).toHaveLength(1);
  });

  it('applies input and output mappings in the element scope', async () => {
    const { graph } = await compileProcess(
      bpmnDocument(`<bpmn:startEvent id="s" />
        <bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="calc" />
          <zeebe:ioMapping><zeebe:input source="=amount * 2" target="doubled" /><zeebe:output source="=result + doubled" target="total" /></zeebe:ioMapping>
        </bpmn:extensionElements></bpmn:serviceTask><bpmn:endEvent id="e" />${flow('f0', 's', 't')}${flow('f1', 't', 'e')}`),
    );
    const started = startProcess(graph, { amount: 21 }, 0);
    expect((started.commands[0] as ServiceTaskCommand).variables).toEqual({ amount: 21, doubled: 42 });
    const done = step(
      graph,
      started.state,
      { type: 'serviceTask.completed', elementInstanceKey: started.commands[0]!.elementInstanceKey, variables: { result: 8 } },
      1,
    );
    // Only mapped outputs reach the process scope; the local `doubled` and raw `result` do not.
    expect(done.state.variables).toEqual({ amount: 21, total: 50 });
  });

  it('sets variables into a scope, or, propagating, where each exists and else at the process level', async () => {
    const { graph } = await compileProcess(
      bpmnDocument(`<bpmn:startEvent id="s" />
        <bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="calc" />
          <zeebe:ioMapping><zeebe:input source="=amount" target="local" /></zeebe:ioMapping>
        </bpmn:extensionElements></bpmn:serviceTask><bpmn:endEvent id="e" />${flow('f0', 's', 't')}${flow('f1', 't', 'e')}`),
    );
    const started = startProcess(graph, { amount: 1 }, 0);
    const scopeKey = started.commands[0]!.elementInstanceKey;
    const local = step(graph, started.state, { type: 'variables.set', scopeKey, variables: { amount: 2 } }, 1);
    expect(viewProcessInstance(graph, local.state).scopes).toEqual([{ key: scopeKey, elementId: 't', variables: { local: 1, amount: 2 } }]);
    expect(local.state.variables).toEqual({ amount: 1 });
    const spread = step(
      graph,
      started.state,
      { type: 'variables.set', scopeKey, variables: { local: 3, fresh: true }, propagate: true },
      1,
    );
    expect(viewProcessInstance(graph, spread.state).scopes).toEqual([{ key: scopeKey, elementId: 't', variables: { local: 3 } }]);
    expect(spread.state.variables).toEqual({ amount: 1, fresh: true });
  });

  it('evaluates a FEEL script task into its result variable', async () => {
    const { graph } = await compileProcess(
      bpmnDocument(`<bpmn:startEvent id="s" /><bpmn:scriptTask id="t"><bpmn:extensionElements><zeebe:script expression="=upper case(name)" resultVariable="shout" /></bpmn:extensionElements></bpmn:scriptTask>
        <bpmn:endEvent id="e" />${flow('f0', 's', 't')}${flow('f1', 't', 'e')}`),
    );
    expect(startProcess(graph, { name: 'rita' }, 0).state.variables.shout).toBe('RITA');
  });

  it('cancels: every active element is terminated', () => {
    const { state } = startProcess(incident, {}, 0);
    const cancelled = step(incident, state, { type: 'process.cancel' }, 9);
    expect(cancelled.state.status).toBe('terminated');
    expect(cancelled.state.elementInstances.filter((i) => i.state === 'active')).toEqual([]);
  });
});
