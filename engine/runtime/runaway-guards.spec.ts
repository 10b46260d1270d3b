import { compileProcess, type ProcessGraph } from '../compiler';
import { bpmnDocument, flow, serviceTask } from '../compiler/fixtures/make-bpmn';
import { startProcess, step } from './interpreter';
import type { EngineCommand, EngineEvent, ProcessState, StepResult } from './process-state';
import { RUNAWAY_GUARDS, endsPassThrough, type StepOptions } from './runaway-guards';

const guards: StepOptions = { guards: RUNAWAY_GUARDS };
const LIMIT = RUNAWAY_GUARDS.maxActivationsWithoutWait;

const script = (id: string, expression: string, result: string) =>
  `<bpmn:scriptTask id="${id}"><bpmn:extensionElements><zeebe:script expression="${expression}" resultVariable="${result}" /></bpmn:extensionElements></bpmn:scriptTask>`;
const userTask = (id: string) => `<bpmn:userTask id="${id}" />`;

/** start → [before] → s (i = i + 1) → gw → (i > 0) back to s, else end: a loop with no wait state. */
const scriptLoop = (before = '') =>
  bpmnDocument(
    `<bpmn:startEvent id="start" />${before ? userTask(before) : ''}${script('s', '=i + 1', 'i')}<bpmn:exclusiveGateway id="gw" default="out" /><bpmn:endEvent id="end" />
     ${before ? `${flow('f0', 'start', before)}${flow('f1', before, 's')}` : flow('f0', 'start', 's')}${flow('f2', 's', 'gw')}${flow('back', 'gw', 's', '=i > 0')}${flow('out', 'gw', 'end')}`,
    'script_loop',
  );

/** start → audit (a local task type in the app) → gw → (n < limit) back to audit: each round trip is one activity. */
const serviceLoop = bpmnDocument(
  `<bpmn:startEvent id="start" />${serviceTask('log', 'audit')}<bpmn:exclusiveGateway id="gw" default="out" /><bpmn:endEvent id="end" />
   ${flow('f0', 'start', 'log')}${flow('f1', 'log', 'gw')}${flow('back', 'gw', 'log', '=n < limit')}${flow('out', 'gw', 'end')}`,
  'service_loop',
);

const openIncidents = (state: ProcessState) => state.incidents.filter((i) => i.resolvedAt === undefined);
const serviceCommands = (commands: EngineCommand[]) =>
  commands.filter((c): c is Extract<EngineCommand, { type: 'serviceTask.execute' }> => c.type === 'serviceTask.execute');

/** Answers each service task as the shell would (`local` when it ran as a local activity), until nothing is asked. */
function answerServiceTasks(
  graph: ProcessGraph,
  start: StepResult,
  local: boolean,
  options: StepOptions = guards,
): { state: ProcessState; rounds: number } {
  let { state, commands } = start;
  let rounds = 0;
  for (let next = serviceCommands(commands)[0]; next; next = serviceCommands(commands)[0]) {
    rounds++;
    const n = Number(state.variables.n ?? 0) + 1;
    const event: EngineEvent = {
      type: 'serviceTask.completed',
      elementInstanceKey: next.elementInstanceKey,
      variables: { n },
      ...(local ? { local: true as const } : {}),
    };
    ({ state, commands } = step(graph, state, event, rounds, options));
  }
  return { state, rounds };
}

describe('runaway guards in the interpreter', () => {
  let scriptGraph: ProcessGraph;
  let serviceGraph: ProcessGraph;
  beforeAll(async () => {
    scriptGraph = (await compileProcess(scriptLoop())).graph;
    serviceGraph = (await compileProcess(serviceLoop)).graph;
  });

  it('stops a script and gateway loop at the loop budget with an incident on the element it reached', () => {
    // given a loop with no wait state, when the instance starts
    const result = startProcess(scriptGraph, { i: 0 }, 0, undefined, guards);
    // then it stops at the 1,001st element entered, the gateway, instead of throwing
    expect(result.state.elementInstances).toHaveLength(LIMIT + 1);
    expect(openIncidents(result.state)).toEqual([
      expect.objectContaining({
        type: 'RUNAWAY_LOOP',
        elementId: 'gw',
        message: expect.stringContaining(`more than ${LIMIT} elements entered`),
      }),
    ]);
    expect(result.state.status).toBe('active');
    expect(result.guardsAffected).toBe(true);
  });

  it('still fails the step without the guards, as instances recorded before them did', () => {
    // (the old guard at 10,000 elements is never reached: the call stack overflows first)
    expect(() => startProcess(scriptGraph, { i: 0 }, 0)).toThrow();
  });

  it('gives a retried element a fresh budget, and the loop stops again', () => {
    const first = startProcess(scriptGraph, { i: 0 }, 0, undefined, guards).state;
    const incident = openIncidents(first)[0]!;
    const retried = step(scriptGraph, first, { type: 'incident.retry', incidentKey: incident.key }, 1, guards).state;
    expect(openIncidents(retried)).toEqual([expect.objectContaining({ type: 'RUNAWAY_LOOP' })]);
    expect(openIncidents(retried)[0]!.key).not.toBe(incident.key);
    expect(retried.elementInstances.length).toBe(2 * (LIMIT + 1));
  });

  it('counts across local activities: a loop whose every round trip is one never waits', () => {
    // given a loop through a task type the host runs as a local activity, and a limit it never reaches
    const started = startProcess(serviceGraph, { n: 0, limit: 1_000_000 }, 0, undefined, guards);
    // when each result comes back as a local one
    const { state, rounds } = answerServiceTasks(serviceGraph, started, true);
    // then the instance stops with an incident once 1,000 elements were entered since the start
    expect(openIncidents(state)).toEqual([expect.objectContaining({ type: 'RUNAWAY_LOOP' })]);
    expect(rounds).toBeLessThan(LIMIT);
    expect(state.activationsSinceWait).toBeGreaterThan(LIMIT);
  });

  it('does not count across regular activities: each one is a wait state', () => {
    // 600 rounds enter 1,200 elements, each round through one activity
    const started = startProcess(serviceGraph, { n: 0, limit: 600 }, 0, undefined, guards);
    const { state, rounds } = answerServiceTasks(serviceGraph, started, false);
    expect(openIncidents(state)).toEqual([]);
    expect(state.status).toBe('completed');
    expect(rounds).toBe(600);
  });

  it('starts counting again after the instance waited for a person', async () => {
    const graph = (await compileProcess(scriptLoop('approve'))).graph;
    // 600 rounds (1,200 elements) would be too many without the user task in between
    const { state, commands: _c } = startProcess(graph, { i: -600 }, 0, undefined, guards);
    expect(state.activationsSinceWait).toBe(2);
    const task = state.elementInstances.find((i) => i.elementId === 'approve')!;
    const done = step(graph, state, { type: 'userTask.complete', elementInstanceKey: task.key, variables: { i: -400 } }, 1, guards);
    expect(openIncidents(done.state)).toEqual([]);
    expect(done.state.status).toBe('completed');
    expect(done.guardsAffected).toBeUndefined();
  });

  it('takes only a local result for passing through', () => {
    expect(endsPassThrough({ type: 'serviceTask.completed', elementInstanceKey: 1, variables: {}, local: true })).toBe(false);
    expect(endsPassThrough({ type: 'businessRuleTask.failed', elementInstanceKey: 1, message: 'x', local: true })).toBe(false);
    expect(endsPassThrough({ type: 'serviceTask.completed', elementInstanceKey: 1, variables: {} })).toBe(true);
    expect(endsPassThrough({ type: 'timer.fired', timerKey: 1 })).toBe(true);
    expect(endsPassThrough({ type: 'incident.retry', incidentKey: 1 })).toBe(true);
  });

  it('turns a condition that spends past the FEEL budget into an incident on its gateway', async () => {
    const graph = (
      await compileProcess(
        bpmnDocument(
          `<bpmn:startEvent id="start" /><bpmn:exclusiveGateway id="gw" default="other" /><bpmn:endEvent id="a" /><bpmn:endEvent id="b" />
           ${flow('f0', 'start', 'gw')}${flow('big', 'gw', 'a', '=some x in for i in 1..n return i satisfies x < 0')}${flow('other', 'gw', 'b')}`,
          'feel_budget',
        ),
      )
    ).graph;
    const result = startProcess(graph, { n: 1e9 }, 0, undefined, guards);
    expect(openIncidents(result.state)).toEqual([
      expect.objectContaining({
        type: 'CONDITION_ERROR',
        elementId: 'gw',
        message: expect.stringContaining('FEEL evaluation budget of 50000 units per step is exhausted'),
      }),
    ]);
    expect(result.guardsAffected).toBe(true);
  });
});
