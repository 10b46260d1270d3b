import type { ProcessGraph, UserTaskNode } from '../compiler/process-graph';
import { UserTaskBehaviour } from './behaviours/tasks/user-task-behaviour';
import { AdHocSubProcess } from './ad-hoc';
import type { AdHocActivation, ElementInstance, EngineEvent, Instant, ProcessState, StepResult } from './process-state';
import { EventTriggers, ROOT_SCOPE_KEY } from './event-triggers';
import { Listeners } from './listeners';
import { ProcessListeners } from './process-listeners';
import { endsPassThrough, type StepOptions } from './runaway-guards';
import { TaskListeners } from './task-listeners';
import { TokenRun } from './token-run';

/** Thrown for an event that does not fit the state (a task that is not open…); the shell rejects the request. */
export class InvalidEngineEventError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'InvalidEngineEventError';
  }
}

/**
 * A new instance: one token on the none start event (or the message, signal or timer start event that started it),
 * moved until everything waits.
 */
export function startProcess(
  graph: ProcessGraph,
  variables: Record<string, unknown>,
  now: Instant,
  startEventId: string | undefined = graph.startEventIds[0],
  options: StepOptions = {},
): StepResult {
  const known =
    startEventId !== undefined &&
    (graph.startEventIds.includes(startEventId) ||
      graph.messageStartEvents?.some((m) => m.elementId === startEventId) ||
      graph.timerStartEvents?.some((t) => t.elementId === startEventId) ||
      graph.signalStartEvents?.some((t) => t.elementId === startEventId));
  if (!known)
    throw new InvalidEngineEventError(
      `process ${graph.processId} has no start event ${startEventId ?? '(none start event)'}`,
      'NO_START_EVENT',
    );
  const state: ProcessState = {
    status: 'active',
    variables: { ...variables },
    elementInstances: [],
    joins: {},
    incidents: [],
    nextKey: 1,
    startedAt: now,
  };
  return settle(new TokenRun(graph, state, now, options), (run) => {
    if (ProcessListeners.holdAtStart(run, startEventId)) return;
    EventTriggers.armEventSubProcesses(run, undefined, run.owner(ROOT_SCOPE_KEY)!);
    run.enter(startEventId, undefined, undefined);
  });
}

/**
 * The interpreter's one entry point: `(state, event) → (state', commands)`. Pure: the input state is
 * never modified, no clock is read, nothing is awaited.
 */
export function step(graph: ProcessGraph, state: ProcessState, event: EngineEvent, now: Instant, options: StepOptions = {}): StepResult {
  const run = new TokenRun(graph, cloneState(state), now, options);
  if (options.guards && endsPassThrough(event)) run.state.activationsSinceWait = 0;
  const unchanged = { state, commands: [] };
  switch (event.type) {
    case 'userTask.complete': {
      const instance = requireOpenUserTask(run.state, event.elementInstanceKey);
      return settle(run, () => Listeners.completeUserTask(run, instance, event.variables));
    }
    case 'userTask.assign': {
      const instance = requireOpenUserTask(run.state, event.elementInstanceKey);
      return settle(run, () => TaskListeners.assign(run, instance, event.assignee));
    }
    case 'userTask.update': {
      const instance = requireOpenUserTask(run.state, event.elementInstanceKey);
      return settle(run, () => TaskListeners.update(run, instance, event.changes));
    }
    case 'userTask.setVariables': {
      const instance = requireOpenUserTask(run.state, event.elementInstanceKey);
      return settle(run, () => TaskListeners.setVariables(run, instance, event.variables));
    }
    case 'userTask.formResolved': {
      const instance = run.state.elementInstances.find((i) => i.key === event.elementInstanceKey && i.state === 'active' && i.awaitingForm);
      if (!instance) return unchanged; // terminated while its form was looked up
      const node = graph.elements[instance.elementId] as UserTaskNode;
      return settle(run, () => UserTaskBehaviour.formResolved(run, node, instance, event.found, event.message));
    }
    case 'serviceTask.completed':
    case 'callActivity.completed': {
      const adHoc = event.type === 'serviceTask.completed' ? AdHocSubProcess.jobHolder(run, event.elementInstanceKey) : undefined;
      if (adHoc && event.type === 'serviceTask.completed')
        return settle(run, () => AdHocSubProcess.jobCompleted(run, adHoc.node, adHoc.instance, event.variables, event.adHocResult));
      const instance = findActive(
        run.state,
        event.elementInstanceKey,
        event.type === 'serviceTask.completed' ? 'serviceTask' : 'callActivity',
      );
      if (!instance) return unchanged; // a late result for a token that has moved on (terminated by a boundary event…)
      return settle(run, () => run.complete(instance, event.variables));
    }
    case 'serviceTask.failed':
    case 'callActivity.failed': {
      const kind = event.type === 'serviceTask.failed' ? 'serviceTask' : 'callActivity';
      const instance = findActive(run.state, event.elementInstanceKey, kind) ?? jobOfAdHoc(run, event);
      if (!instance) return unchanged;
      return settle(run, () => run.raiseIncident(instance, kind === 'serviceTask' ? 'JOB_FAILED' : 'CALLED_PROCESS_FAILED', event.message));
    }
    case 'listener.completed':
    case 'listener.failed': {
      if (event.elementInstanceKey === ROOT_SCOPE_KEY) {
        if (!run.state.processListener) return unchanged; // the instance was cancelled while it ran
        return settle(run, () =>
          event.type === 'listener.completed'
            ? ProcessListeners.completed(run, event.variables)
            : ProcessListeners.failed(run, event.message),
        );
      }
      const instance = Listeners.waiting(run, event.elementInstanceKey);
      if (!instance) return unchanged; // the element was terminated while its listener ran
      return settle(run, () =>
        event.type === 'listener.completed'
          ? Listeners.completed(run, instance, event.variables, event.result)
          : Listeners.failed(run, instance, event.message),
      );
    }
    case 'businessRuleTask.completed': {
      const instance = findActive(run.state, event.elementInstanceKey, 'businessRuleTask');
      if (!instance) return unchanged;
      const node = graph.elements[instance.elementId] as { resultVariable: string };
      return settle(run, () => run.complete(instance, { [node.resultVariable]: event.result }));
    }
    case 'businessRuleTask.failed': {
      const instance = findActive(run.state, event.elementInstanceKey, 'businessRuleTask');
      if (!instance) return unchanged;
      return settle(run, () => run.raiseIncident(instance, 'DECISION_EVALUATION_ERROR', event.message));
    }
    case 'serviceTask.bpmnError': {
      const instance = findActive(run.state, event.elementInstanceKey, 'serviceTask') ?? jobOfAdHoc(run, event);
      if (!instance) return unchanged;
      return settle(run, () => run.throwError(instance, event.errorCode, event.message));
    }
    case 'incident.retry': {
      const incident = run.state.incidents.find((i) => i.key === event.incidentKey && i.resolvedAt === undefined);
      if (!incident) throw new InvalidEngineEventError(`incident ${event.incidentKey} is not open`, 'INCIDENT_NOT_OPEN');
      incident.resolvedAt = now;
      // A terminated task's canceling listener can fail too: retrying runs it again.
      const instance = run.state.elementInstances.find(
        (i) => i.key === incident.elementInstanceKey && (i.state === 'active' || i.listener?.eventType === 'canceling'),
      );
      return settle(run, () => {
        if (instance) run.reexecute(instance);
        else if (incident.elementInstanceKey === ROOT_SCOPE_KEY && run.state.processListener) ProcessListeners.resend(run);
      });
    }
    case 'timer.fired': {
      if (run.state.status !== 'active') return unchanged;
      let moved = false;
      const result = settle(run, () => (moved = EventTriggers.fireTimer(run, event.timerKey)));
      // A stale timer (its element already left) still leaves a re-armed cycle untouched: nothing changed.
      return moved || result.commands.length ? result : unchanged;
    }
    case 'message.correlate': {
      if (run.state.status !== 'active') throw new InvalidEngineEventError('the process instance is not active', 'NOT_ACTIVE');
      if (!EventTriggers.findMessageSubscription(run.state, event.name, event.correlationKey)) {
        throw new InvalidEngineEventError(
          `no subscription for message "${event.name}" with correlation key "${event.correlationKey}"`,
          'NO_SUBSCRIPTION',
        );
      }
      return settle(run, () => EventTriggers.correlateMessage(run, event.name, event.correlationKey, event.variables));
    }
    case 'signal.broadcast': {
      if (run.state.status !== 'active' || EventTriggers.alreadyDelivered(run.state, event.deliveryId)) return unchanged;
      return settle(run, () => {
        if (EventTriggers.broadcastSignal(run, event.name, event.variables) && event.deliveryId)
          EventTriggers.rememberDelivery(run.state, event.deliveryId);
      });
    }
    case 'variables.set': {
      if (run.state.status !== 'active') throw new InvalidEngineEventError('the process instance is not active', 'NOT_ACTIVE');
      if (event.scopeKey !== undefined && !run.state.elementInstances.some((i) => i.key === event.scopeKey && i.state === 'active')) {
        throw new InvalidEngineEventError(`element instance ${event.scopeKey} is not active`, 'SCOPE_NOT_ACTIVE');
      }
      if (event.propagate) run.variables.propagate(event.scopeKey, event.variables);
      else run.variables.setLocal(event.scopeKey, event.variables);
      return { state: run.state, commands: [] };
    }
    case 'adHoc.activate': {
      const instance = requireActivatable(graph, run.state, event.elementInstanceKey, event.elements);
      return settle(run, () => AdHocSubProcess.activateRequested(run, instance, event.elements, event.cancelRemainingInstances === true));
    }
    case 'process.cancel': {
      if (run.state.status !== 'active') throw new InvalidEngineEventError('the process instance is not active', 'NOT_ACTIVE');
      for (const instance of run.state.elementInstances)
        if (instance.state === 'active' && instance.scopeKey === undefined) run.terminate(instance);
      ProcessListeners.cancel(run);
      EventTriggers.disarm(run, ROOT_SCOPE_KEY);
      run.state.joins = {};
      run.state.status = 'terminated';
      run.state.endedAt = now;
      return { state: run.state, commands: run.commands };
    }
  }
}

/**
 * The active ad-hoc sub-process instance `key`, which may activate every element of `elements`; else an
 * InvalidEngineEventError naming what is wrong (the workflow's validator and the API say it before a step).
 */
export function requireActivatable(graph: ProcessGraph, state: ProcessState, key: number, elements: AdHocActivation[]): ElementInstance {
  const instance = state.status === 'active' ? state.elementInstances.find((i) => i.key === key && i.state === 'active') : undefined;
  const node = instance && graph.elements[instance.elementId];
  if (!instance || !AdHocSubProcess.isAdHoc(node))
    throw new InvalidEngineEventError(`element instance ${key} is not an active ad-hoc sub-process`, 'NOT_AD_HOC_SUB_PROCESS');
  const unknown = AdHocSubProcess.notActivatable(
    node,
    elements.map((e) => e.elementId),
  );
  if (unknown.length)
    throw new InvalidEngineEventError(
      `${node.id} cannot activate ${unknown.map((id) => `"${id}"`).join(', ')}; it may activate ${node.adHoc.activatableIds.join(', ')}`,
      'NOT_ACTIVATABLE',
    );
  if (instance.adHoc?.conditionMet)
    throw new InvalidEngineEventError(`${node.id} is completing: its completion condition holds`, 'AD_HOC_COMPLETING');
  return instance;
}

/** The open user task with this key, or why it cannot be completed. Used by update validators too. */
export function requireOpenUserTask(state: ProcessState, elementInstanceKey: number): ElementInstance {
  if (state.status !== 'active') throw new InvalidEngineEventError('the process instance is not active', 'NOT_ACTIVE');
  const instance = state.elementInstances.find((i) => i.key === elementInstanceKey);
  if (!instance || instance.kind !== 'userTask') {
    throw new InvalidEngineEventError(`user task ${elementInstanceKey} does not exist in this process instance`, 'TASK_NOT_FOUND');
  }
  if (instance.state !== 'active') {
    throw new InvalidEngineEventError(
      `user task ${elementInstanceKey} (${instance.elementId}) is already ${instance.state}`,
      'TASK_NOT_OPEN',
    );
  }
  if (instance.awaitingForm) {
    throw new InvalidEngineEventError(
      `user task ${elementInstanceKey} (${instance.elementId}) is not open yet: its linked form is not resolved`,
      'TASK_NOT_OPEN',
    );
  }
  if (instance.listener) {
    const phase = PHASES[instance.listener.eventType] ?? 'not open yet';
    throw new InvalidEngineEventError(
      `user task ${elementInstanceKey} (${instance.elementId}) is ${phase}: its ${instance.listener.eventType} listener has not completed`,
      'TASK_NOT_OPEN',
    );
  }
  if (state.incidents.some((i) => i.elementInstanceKey === elementInstanceKey && i.resolvedAt === undefined)) {
    throw new InvalidEngineEventError(`user task ${elementInstanceKey} (${instance.elementId}) has an open incident`, 'TASK_HAS_INCIDENT');
  }
  return instance;
}

/** How a task held by a task listener is described when an operation is refused. */
const PHASES: Partial<Record<string, string>> = {
  completing: 'being completed',
  assigning: 'being assigned',
  updating: 'being updated',
};

/** A job-worker ad-hoc sub-process whose job failed or threw: its job is no longer out. */
function jobOfAdHoc(run: TokenRun, event: EngineEvent & { elementInstanceKey: number }): ElementInstance | undefined {
  if (event.type !== 'serviceTask.failed' && event.type !== 'serviceTask.bpmnError') return undefined;
  const holder = AdHocSubProcess.jobHolder(run, event.elementInstanceKey);
  if (holder) delete holder.instance.adHoc!.jobPending;
  return holder?.instance;
}

function findActive(state: ProcessState, key: number, kind: ElementInstance['kind']): ElementInstance | undefined {
  // An element held by a listener has no job, child or decision of its own running to answer.
  return state.elementInstances.find((i) => i.key === key && i.kind === kind && i.state === 'active' && !i.listener);
}

function settle(run: TokenRun, move: (run: TokenRun) => void): StepResult {
  move(run);
  run.settleScopes();
  return {
    state: run.state,
    commands: run.commands,
    ...(run.guardsAffected ? { guardsAffected: true as const } : {}),
    ...(run.soleFlowConditionsAffected ? { soleFlowConditionsAffected: true as const } : {}),
  };
}

/** Variables are JSON by contract (they cross Temporal payloads), so a JSON copy is a faithful deep copy. */
function cloneState(state: ProcessState): ProcessState {
  return JSON.parse(JSON.stringify(state)) as ProcessState;
}
