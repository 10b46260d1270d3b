import { compileProcess, type ProcessGraph } from '../../engine/compiler';
import { compileDecisions, evaluateDecision, type DecisionGraph } from '../../engine/dmn';
import { startProcess, step } from '../../engine/runtime/interpreter';
import type { EngineCommand, EngineEvent, ProcessState } from '../../engine/runtime/process-state';
import { viewProcessInstance } from '../../engine/runtime/process-view';
import { conformanceCases, type ConformanceCase } from './cases';
import { conformanceOutcome } from './task-types';

/**
 * The conformance table against the pure interpreter, with the shell's job (activities, child
 * processes, agents completing tasks) simulated. Milliseconds per case; the same table runs on
 * Temporal in conformance.test.ts.
 */
describe('BPMN conformance (interpreter)', () => {
  it.each(conformanceCases.map((c) => [c.id, c] as const))('%s', async (_id, testCase) => {
    const called = new Map<string, ProcessGraph>();
    for (const xml of testCase.called ?? []) {
      const { graph } = await compileProcess(xml);
      called.set(graph.processId, graph);
    }
    const compiledDecisions = await Promise.all((testCase.decisions ?? []).map(async (xml) => (await compileDecisions(xml)).graph));
    const { graph } = await compileProcess(testCase.xml);
    const state = drive(graph, testCase.variables ?? {}, { ...testCase, compiledDecisions }, called);
    const view = viewProcessInstance(graph, state);

    expect(state.elementInstances.map((i) => i.elementId)).toEqual(testCase.expect.trace);
    expect(state.status).toBe(testCase.expect.status);
    if (testCase.expect.variables) expect(state.variables).toMatchObject(testCase.expect.variables);
    expect(view.incidents.map((i) => i.elementId)).toEqual(testCase.expect.incidents ?? []);
  });
});

type SimulatedCase = ConformanceCase & { compiledDecisions?: DecisionGraph[] };

function drive(graph: ProcessGraph, variables: Record<string, unknown>, testCase: SimulatedCase, called: Map<string, ProcessGraph>): ProcessState {
  let now = 0;
  let { state, commands } = startProcess(graph, variables, now);
  const apply = (event: EngineEvent) => {
    const r = step(graph, state, event, ++now);
    state = r.state;
    commands.push(...r.commands);
  };
  for (let guard = 0; guard < 1000 && state.status === 'active'; guard++) {
    const command = commands.shift();
    if (command) {
      const event = simulate(command, testCase, called);
      if (event) apply(event);
      continue;
    }
    const task = viewProcessInstance(graph, state).openUserTasks.find((t) => !state.incidents.some((i) => i.elementInstanceKey === t.elementInstanceKey && i.resolvedAt === undefined));
    if (!task) break;
    apply({ type: 'userTask.complete', elementInstanceKey: task.elementInstanceKey, variables: testCase.userTasks?.[task.elementId] ?? {} });
  }
  return state;
}

function simulate(command: EngineCommand, testCase: SimulatedCase, called: Map<string, ProcessGraph>): EngineEvent | undefined {
  const key = command.elementInstanceKey;
  if (command.type === 'work.cancel') return undefined;
  if (command.type === 'businessRuleTask.evaluate') {
    const decisions = testCase.compiledDecisions?.find((g) => g.decisions[command.decisionId]);
    if (!decisions) return { type: 'businessRuleTask.failed', elementInstanceKey: key, message: `decision "${command.decisionId}" is not deployed` };
    try {
      return { type: 'businessRuleTask.completed', elementInstanceKey: key, result: evaluateDecision(decisions, command.decisionId, command.variables).result };
    } catch (err) {
      return { type: 'businessRuleTask.failed', elementInstanceKey: key, message: (err as Error).message };
    }
  }
  if (command.type === 'callActivity.start') {
    const child = called.get(command.processId);
    if (!child) return { type: 'callActivity.failed', elementInstanceKey: key, message: `process "${command.processId}" is not deployed` };
    const childState = drive(child, command.variables, testCase, called);
    return childState.status === 'completed'
      ? { type: 'callActivity.completed', elementInstanceKey: key, variables: childState.variables }
      : { type: 'callActivity.failed', elementInstanceKey: key, message: 'the child did not complete' };
  }
  const outcome = conformanceOutcome(command.taskType, command.headers);
  if (outcome.kind === 'completed') return { type: 'serviceTask.completed', elementInstanceKey: key, variables: outcome.variables };
  if (outcome.kind === 'failed') return { type: 'serviceTask.failed', elementInstanceKey: key, message: outcome.message };
  return { type: 'serviceTask.bpmnError', elementInstanceKey: key, errorCode: outcome.errorCode, message: outcome.message };
}
