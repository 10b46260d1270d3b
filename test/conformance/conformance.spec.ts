import { compileProcess, type ProcessGraph } from '../../engine/compiler';
import { compileDecisions, evaluateDecision, type DecisionGraph } from '../../engine/dmn';
import { FeelBudget } from '../../engine/feel/feel-budget';
import { startProcess, step } from '../../engine/runtime/interpreter';
import type { EngineCommand, EngineEvent, ProcessState } from '../../engine/runtime/process-state';
import { viewProcessInstance } from '../../engine/runtime/process-view';
import { NEW_INSTANCE_OPTIONS, RUNAWAY_GUARDS, type StepOptions } from '../../engine/runtime/runaway-guards';
import { conformanceCases, type ConformanceCase } from './cases';
import { conformanceOutcome } from './task-types';

/**
 * The conformance table against the pure interpreter, with the shell's job (activities, child
 * processes, timers, the subscription table, agents completing tasks) simulated. Milliseconds per
 * case; the same table runs on Temporal in conformance.test.ts.
 *
 * When nothing is in flight, the simulated world acts in this order: an agent completes a user task,
 * a waited-for message is published, a waited-for signal is broadcast, and only then does time pass
 * to the earliest timer, as it would on a real server where timers take seconds and the rest milliseconds.
 *
 * It runs as every new instance does (NEW_INSTANCE_OPTIONS); and every case that is not about the runaway
 * guards also runs without them, and must come out the same, so the guards change nothing a process relies
 * on. Likewise without evaluating a gateway's sole flow condition: only the cases about it may differ.
 */
describe('BPMN conformance (interpreter)', () => {
  it.each(conformanceCases.map((c) => [c.id, c] as const))('%s', async (_id, testCase) => {
    const { state, view } = await run(testCase, NEW_INSTANCE_OPTIONS);

    expect(state.elementInstances.map((i) => i.elementId)).toEqual(testCase.expect.trace);
    expect(state.status).toBe(testCase.expect.status);
    if (testCase.expect.variables) expect(state.variables).toMatchObject(testCase.expect.variables);
    expect(view.incidents.map((i) => i.elementId)).toEqual(testCase.expect.incidents ?? []);
    for (const incident of view.incidents) expect(incident.message).toContain(testCase.expect.incidentMessage ?? '');
    if (testCase.expect.status === 'completed') {
      expect(state.timers ?? []).toEqual([]);
      expect(state.subscriptions ?? []).toEqual([]);
    }
  });

  it.each(conformanceCases.filter((c) => !c.guard).map((c) => [c.id, c] as const))(
    '%s runs the same without the runaway guards',
    async (_id, testCase) => {
      const guarded = await run(testCase, NEW_INSTANCE_OPTIONS);
      const plain = await run(testCase, { soleFlowConditions: true });
      const { activationsSinceWait: _counted, ...rest } = guarded.state;
      expect(rest).toEqual(plain.state);
    },
  );

  it.each(conformanceCases.filter((c) => !c.soleFlowCondition).map((c) => [c.id, c] as const))(
    '%s runs the same when a sole flow is taken unasked',
    async (_id, testCase) => {
      const asked = await run(testCase, NEW_INSTANCE_OPTIONS);
      const unasked = await run(testCase, { guards: RUNAWAY_GUARDS });
      expect(asked.state).toEqual(unasked.state);
    },
  );
});

async function run(
  testCase: ConformanceCase,
  options: StepOptions,
): Promise<{ state: ProcessState; view: ReturnType<typeof viewProcessInstance> }> {
  const called = new Map<string, ProcessGraph>();
  for (const xml of testCase.called ?? []) {
    const { graph } = await compileProcess(xml);
    called.set(graph.processId, graph);
  }
  const compiledDecisions = await Promise.all((testCase.decisions ?? []).map(async (xml) => (await compileDecisions(xml)).graph));
  const { graph } = await compileProcess(testCase.xml);
  const startEventId = testCase.startMessage
    ? graph.messageStartEvents?.find((m) => m.messageName === testCase.startMessage!.name)?.elementId
    : testCase.startSignal
      ? graph.signalStartEvents?.find((s) => s.signalName === testCase.startSignal!.name)?.elementId
      : testCase.startedByTimer
        ? graph.timerStartEvents?.[0]?.elementId
        : undefined;
  const variables = { ...testCase.variables, ...testCase.startMessage?.variables, ...testCase.startSignal?.variables };
  const state = drive(graph, variables, { ...testCase, compiledDecisions, options }, called, startEventId);
  return { state, view: viewProcessInstance(graph, state) };
}

type SimulatedCase = ConformanceCase & { compiledDecisions?: DecisionGraph[]; options: StepOptions };

function drive(
  graph: ProcessGraph,
  variables: Record<string, unknown>,
  testCase: SimulatedCase,
  called: Map<string, ProcessGraph>,
  startEventId?: string,
): ProcessState {
  let now = 0;
  const { options } = testCase;
  const started = startProcess(graph, variables, now, startEventId ?? graph.startEventIds[0], options);
  let state = started.state;
  const commands = started.commands;
  const timers = new Map<number, number>();
  const messages = (testCase.messages ?? []).map((m) => ({ ...m }));
  /** Early messages sit in the "buffer" until a subscription for them opens. */
  const buffered = messages.filter((m) => m.early);
  const signals = [...(testCase.signals ?? [])];
  /** User tasks whose assignment or update (taskChanges) was made. */
  const changed = new Set<string>();
  const apply = (event: EngineEvent, at = now + 1) => {
    now = at;
    const r = step(graph, state, event, now, options);
    state = r.state;
    commands.push(...r.commands);
  };
  for (let guard = 0; guard < 1000 && state.status === 'active'; guard++) {
    const command = commands.shift();
    if (command) {
      if (command.type === 'timer.start') timers.set(command.timerKey, command.dueAt);
      else if (command.type === 'timer.cancel') timers.delete(command.timerKey);
      else if (command.type === 'subscription.open') {
        const early = buffered.findIndex((m) => m.name === command.name && m.correlationKey === command.correlationKey);
        if (early >= 0) {
          const [m] = buffered.splice(early, 1);
          messages.splice(messages.indexOf(m!), 1);
          apply({ type: 'message.correlate', name: m!.name, correlationKey: m!.correlationKey, variables: m!.variables ?? {} });
        }
      } else if (command.type === 'signal.throw') {
        // The simulated world holds this one instance: a thrown signal reaches its own waiting events.
        if (state.subscriptions?.some((s) => s.eventType === 'signal' && s.name === command.name))
          apply({ type: 'signal.broadcast', name: command.name, variables: command.variables });
      } else {
        const event = simulate(command, testCase, called);
        if (event) apply(event);
      }
      continue;
    }
    const task = viewProcessInstance(graph, state).openUserTasks.find(
      (t) =>
        !testCase.leaveOpen?.includes(t.elementId) &&
        !state.incidents.some((i) => i.elementInstanceKey === t.elementInstanceKey && i.resolvedAt === undefined),
    );
    const change = task && !changed.has(task.elementId) ? testCase.taskChanges?.[task.elementId] : undefined;
    if (task && change) {
      changed.add(task.elementId);
      const key = task.elementInstanceKey;
      apply(
        'assignee' in change
          ? { type: 'userTask.assign', elementInstanceKey: key, assignee: change.assignee }
          : 'changes' in change
            ? { type: 'userTask.update', elementInstanceKey: key, changes: change.changes }
            : { type: 'userTask.setVariables', elementInstanceKey: key, variables: change.variables },
      );
      continue;
    }
    if (task) {
      apply({
        type: 'userTask.complete',
        elementInstanceKey: task.elementInstanceKey,
        variables: testCase.userTasks?.[task.elementId] ?? {},
      });
      continue;
    }
    const message = messages.find(
      (m) => !m.early && state.subscriptions?.some((s) => s.name === m.name && s.correlationKey === m.correlationKey),
    );
    if (message) {
      messages.splice(messages.indexOf(message), 1);
      apply({ type: 'message.correlate', name: message.name, correlationKey: message.correlationKey, variables: message.variables ?? {} });
      continue;
    }
    const signal = signals[0];
    if (signal && state.subscriptions?.some((s) => s.eventType === 'signal' && s.name === signal.name)) {
      signals.shift();
      apply({ type: 'signal.broadcast', name: signal.name, variables: signal.variables ?? {} });
      continue;
    }
    const next = [...timers.entries()].sort(([ka, a], [kb, b]) => a - b || ka - kb)[0];
    if (!next) break;
    timers.delete(next[0]);
    apply({ type: 'timer.fired', timerKey: next[0] }, Math.max(now, next[1]));
  }
  return state;
}

function simulate(command: EngineCommand, testCase: SimulatedCase, called: Map<string, ProcessGraph>): EngineEvent | undefined {
  const key = command.elementInstanceKey;
  switch (command.type) {
    case 'work.cancel':
    case 'timer.start':
    case 'timer.cancel':
    case 'subscription.open':
    case 'subscription.close':
    case 'signal.throw':
      return undefined;
    case 'businessRuleTask.evaluate': {
      const decisions = testCase.compiledDecisions?.find((g) => g.decisions[command.decisionId]);
      if (!decisions)
        return { type: 'businessRuleTask.failed', elementInstanceKey: key, message: `decision "${command.decisionId}" is not deployed` };
      try {
        const budget = testCase.options.guards ? new FeelBudget(testCase.options.guards.feelBudget) : undefined;
        return {
          type: 'businessRuleTask.completed',
          elementInstanceKey: key,
          result: evaluateDecision(decisions, command.decisionId, command.variables, budget).result,
        };
      } catch (err) {
        return { type: 'businessRuleTask.failed', elementInstanceKey: key, message: (err as Error).message };
      }
    }
    case 'callActivity.start': {
      const child = called.get(command.processId);
      if (!child)
        return { type: 'callActivity.failed', elementInstanceKey: key, message: `process "${command.processId}" is not deployed` };
      const childState = drive(child, command.variables, testCase, called);
      return childState.status === 'completed'
        ? { type: 'callActivity.completed', elementInstanceKey: key, variables: childState.variables }
        : { type: 'callActivity.failed', elementInstanceKey: key, message: 'the child did not complete' };
    }
    case 'userTask.resolveForm':
      // The simulated world deploys no forms: every linked form is missing, as on the server.
      return { type: 'userTask.formResolved', elementInstanceKey: key, found: false, message: `form "${command.formId}" is not deployed` };
    case 'listener.execute': {
      const outcome = conformanceOutcome(command.jobType, command.headers, command.variables);
      if (outcome.kind === 'completed') return { type: 'listener.completed', elementInstanceKey: key, variables: outcome.variables };
      return { type: 'listener.failed', elementInstanceKey: key, message: outcome.kind === 'failed' ? outcome.message : outcome.errorCode };
    }
    case 'serviceTask.execute': {
      const outcome = conformanceOutcome(command.taskType, command.headers, command.variables);
      if (outcome.kind === 'completed') return { type: 'serviceTask.completed', elementInstanceKey: key, variables: outcome.variables };
      if (outcome.kind === 'failed') return { type: 'serviceTask.failed', elementInstanceKey: key, message: outcome.message };
      return { type: 'serviceTask.bpmnError', elementInstanceKey: key, errorCode: outcome.errorCode, message: outcome.message };
    }
  }
}
