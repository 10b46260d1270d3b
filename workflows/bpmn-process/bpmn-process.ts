/**
 * The Temporal shell around the pure interpreter. Deterministic by construction: it imports only
 * `@temporalio/workflow` and pure modules, reads time only through the workflow clock, and turns
 * interpreter commands into activities and child workflows, and Temporal messages into events.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  executeChild,
  isCancellation,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import { evaluateDecision } from '../../engine/dmn/evaluate-decision';
import { FeelBudget } from '../../engine/feel/feel-budget';
import { BPMN_ERROR_TYPE } from './bpmn-error';
import { EventTriggers } from '../../engine/runtime/event-triggers';
import { InvalidEngineEventError, requireOpenUserTask, startProcess, step } from '../../engine/runtime/interpreter';
import { migrateState } from '../../engine/runtime/migrate-state';
import {
  broadcastSignalUpdate,
  cancelProcessUpdate,
  correlateMessageUpdate,
  completeUserTaskUpdate,
  migrateProcessUpdate,
  processStateQuery,
  retryIncidentUpdate,
  setVariablesUpdate,
  type EngineActivities,
  type InstanceProjection,
  type ProjectionActivities,
  type ProcessInstanceInput,
  type ProcessInstanceResult,
  type ServiceTaskInput,
  type ServiceTaskOutput,
} from './messages';
import type { EngineCommand, EngineEvent, ProcessState, StepResult } from '../../engine/runtime/process-state';
import { viewProcessInstance } from '../../engine/runtime/process-view';
import { RUNAWAY_GUARDS, type StepOptions } from '../../engine/runtime/runaway-guards';


type ServiceTaskActivity = (input: ServiceTaskInput) => Promise<ServiceTaskOutput>;

const ENGINE_ACTIVITY_OPTIONS = { startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 5 } } as const;
const PROJECTION_ACTIVITY_OPTIONS = { startToCloseTimeout: '10 seconds', retry: { maximumAttempts: 3 } } as const;
/** Subscriptions must reach the table eventually, or a publisher cannot find the instance: retry until they do. */
const SUBSCRIPTION_ACTIVITY_OPTIONS = { startToCloseTimeout: '30 seconds', retry: { maximumInterval: '1 minute' } } as const;

/**
 * The engine's own short database steps, as activities and as local activities. A local activity runs
 * in the worker inside the workflow task that asked for it: no task queue round trip, no extra workflow
 * task, two history events fewer. Instances started before local activities existed keep the remote
 * ones (see `patched('local-activities')` below), so their histories replay.
 */
const remote = {
  engine: proxyActivities<EngineActivities>(ENGINE_ACTIVITY_OPTIONS),
  projection: proxyActivities<ProjectionActivities>(PROJECTION_ACTIVITY_OPTIONS),
  subscription: proxyActivities<EngineActivities>(SUBSCRIPTION_ACTIVITY_OPTIONS),
};
const localProxies = {
  engine: proxyLocalActivities<EngineActivities>(ENGINE_ACTIVITY_OPTIONS),
  projection: proxyLocalActivities<ProjectionActivities>(PROJECTION_ACTIVITY_OPTIONS),
  subscription: proxyLocalActivities<EngineActivities>(SUBSCRIPTION_ACTIVITY_OPTIONS),
};

/** Default history budget: well under Temporal's 10,240-event warning, leaving room for a burst of events. */
export const DEFAULT_HISTORY_BUDGET = 8_000;

export async function bpmnProcess(input: ProcessInstanceInput): Promise<ProcessInstanceResult> {
  // `let`: a migration (processInstance.migrate) continues the instance on another version's graph.
  let { graph, definition } = input;
  const inbox: EngineEvent[] = [];
  /** Work started for an element instance, so a boundary event or a cancel can stop it. */
  const running = new Map<number, CancellationScope>();
  /** Armed timers by timer key; each is a `sleep` in its own scope, so leaving the element cancels it. */
  const timers = new Map<number, CancellationScope>();
  /** Subscription table writes run one after the other, so a close never overtakes its open. */
  let subscriptionWrites: Promise<void> = Promise.resolve();
  let pendingSubscriptionWrites = 0;
  let state!: ProcessState;

  /**
   * Decided once per run, at the first activity: from then on the engine's steps and the host's local
   * task types (`input.localTaskTypes`) run as local activities. A history recorded before the patch
   * replays with remote activities throughout.
   */
  let localActivities: boolean | undefined;
  const runsLocally = () => (localActivities ??= patched('local-activities'));
  /**
   * Local activities run one at a time. Live, each result arrives in an activation of its own; in a
   * replay they come from the history's markers, several in one activation. With two in flight the
   * code after them could interleave differently and issue its next commands in another order, which
   * is a determinism break (the replay of the incident process caught it). One at a time, the order
   * is the same both ways.
   */
  let localTail: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(call: () => Promise<T>): Promise<T> => {
    const result = localTail.then(call, call);
    localTail = result.catch(() => undefined);
    return result;
  };
  const local = {
    engine: serialized(localProxies.engine, oneAtATime),
    projection: serialized(localProxies.projection, oneAtATime),
    subscription: serialized(localProxies.subscription, oneAtATime),
  };
  const localServiceTasks = new Map<number, Record<string, ServiceTaskActivity>>();
  const localActivitiesWithRetries = (retries: number) => {
    let proxy = localServiceTasks.get(retries);
    if (!proxy) localServiceTasks.set(retries, (proxy = serialized(localProxiesWithRetries(retries), oneAtATime)));
    return proxy;
  };
  const engineActivities = () => (runsLocally() ? local.engine : remote.engine);
  const subscriptionActivities = () => (runsLocally() ? local.subscription : remote.subscription);
  const projectionActivities = () => (runsLocally() ? local.projection : remote.projection);
  const localTaskTypes = new Set(input.localTaskTypes ?? []);
  /**
   * Element instances whose work is a local activity in flight: the instance is passing through, not
   * waiting, so its projection is written once the chain of local steps has run (one write per wait
   * state, not one per step).
   */
  const localWork = new Set<number>();
  const runsLocallyNow = (command: EngineCommand) =>
    (command.type === 'serviceTask.execute' && localTaskTypes.has(command.taskType) && runsLocally()) ||
    (command.type === 'businessRuleTask.evaluate' && runsLocally());
  const serviceTaskActivities = (taskType: string, retries: number) =>
    localTaskTypes.has(taskType) && runsLocally() ? localActivitiesWithRetries(retries) : activitiesWithRetries(retries);

  /**
   * The runaway guards (loop and FEEL budgets, the linear-time regular-expression engine) turn what
   * used to fail the workflow task for ever into an incident. Asking `patched()` up front would add a
   * marker to every instance; it is asked only the first time a guard changes (or may change) an
   * outcome, which a guarded run reports. A history recorded before the guards existed answers false
   * there, and that step (and every later one) runs again as it did then.
   */
  let guardsPatched: boolean | undefined;
  const guardsApply = () => (guardsPatched ??= patched('runaway-guards'));
  const guarded = (compute: (options: StepOptions) => StepResult): StepResult => {
    if (guardsPatched === false) return compute({});
    const result = compute({ guards: RUNAWAY_GUARDS });
    return !result.guardsAffected || guardsApply() ? result : compute({});
  };
  const apply = (result: { state: ProcessState; commands: EngineCommand[] }) => {
    state = result.state;
    for (const command of result.commands) dispatch(command);
  };
  const stepWith = (event: EngineEvent) => guarded((options) => step(graph, state, event, Date.now(), options));
  const handle = (event: EngineEvent) => {
    try {
      apply(stepWith(event));
    } catch (err) {
      throw asRejection(err);
    }
    return viewProcessInstance(graph, state);
  };

  function dispatch(command: EngineCommand): void {
    switch (command.type) {
      case 'work.cancel':
        running.get(command.elementInstanceKey)?.cancel();
        return;
      case 'timer.start':
        startTimer(command.timerKey, command.dueAt);
        return;
      case 'timer.cancel':
        timers.get(command.timerKey)?.cancel();
        return;
      case 'subscription.open':
      case 'subscription.close':
      case 'signal.throw':
        writeSubscription(command);
        return;
    }
    const scope = new CancellationScope();
    running.set(command.elementInstanceKey, scope);
    const local = runsLocallyNow(command);
    if (local) localWork.add(command.elementInstanceKey);
    scope
      .run(() => (command.type === 'serviceTask.execute' ? runServiceTask(command) : command.type === 'callActivity.start' ? runCallActivity(command) : runBusinessRule(command)))
      .then(
        // A local result arrives without the instance having waited: the loop budget keeps counting.
        (event) => inbox.push(local ? ({ ...event, local: true } as EngineEvent) : event),
        (err) => {
          if (!isCancellation(err)) throw err;
        },
      )
      .finally(() => {
        running.delete(command.elementInstanceKey);
        localWork.delete(command.elementInstanceKey);
      });
  }

  /** Sleeps on the workflow clock until the absolute due time, which survives restarts and continue-as-new. */
  function startTimer(timerKey: number, dueAt: number): void {
    const scope = new CancellationScope();
    timers.set(timerKey, scope);
    scope
      .run(() => sleep(Math.max(1, dueAt - Date.now())))
      .then(
        () => inbox.push({ type: 'timer.fired', timerKey }),
        (err) => {
          if (!isCancellation(err)) throw err;
        },
      )
      .finally(() => timers.delete(timerKey));
  }

  /** Table writes and signal broadcasts, in order: a signal thrown after a catch event opened reaches it. */
  function writeSubscription(command: Extract<EngineCommand, { type: 'subscription.open' | 'subscription.close' | 'signal.throw' }>): void {
    const processInstanceId = workflowInfo().workflowId;
    pendingSubscriptionWrites++;
    subscriptionWrites = subscriptionWrites
      .then(async () => {
        if (command.type === 'signal.throw') {
          // The element instance throws once, so this id names the delivery on every attempt of the activity.
          const deliveryId = `${processInstanceId}/${command.elementInstanceKey}`;
          await remote.subscription.broadcastSignal({ name: command.name, variables: command.variables, deliveryId });
          return;
        }
        if (command.type === 'subscription.close') {
          await subscriptionActivities().closeEventSubscription({ processInstanceId, subscriptionKey: command.subscriptionKey });
          return;
        }
        const { subscriptionKey, elementId, eventType, name, correlationKey } = command;
        const { buffered } = await subscriptionActivities().openEventSubscription({
          processInstanceId, processId: graph.processId, subscriptionKey, elementId, eventType, name, ...(correlationKey !== undefined ? { correlationKey } : {}),
        });
        // A message published before anyone waited, still within its time to live.
        if (buffered && correlationKey !== undefined) inbox.push({ type: 'message.correlate', name, correlationKey, variables: buffered.variables });
      })
      .finally(() => pendingSubscriptionWrites--);
  }

  async function runServiceTask(command: Extract<EngineCommand, { type: 'serviceTask.execute' }>): Promise<EngineEvent> {
    const key = command.elementInstanceKey;
    try {
      const result = await serviceTaskActivities(command.taskType, command.retries)[command.taskType]!({
        processInstanceId: workflowInfo().workflowId,
        processId: graph.processId,
        elementId: command.elementId,
        elementInstanceKey: key,
        headers: command.headers,
        variables: command.variables,
      });
      return { type: 'serviceTask.completed', elementInstanceKey: key, variables: result ?? {} };
    } catch (err) {
      if (isCancellation(err)) throw err;
      const cause = err instanceof ActivityFailure && err.cause ? err.cause : err;
      if (cause instanceof ApplicationFailure && cause.type === BPMN_ERROR_TYPE) {
        const errorCode = String((cause.details?.[0] as { errorCode?: string } | undefined)?.errorCode ?? '');
        return { type: 'serviceTask.bpmnError', elementInstanceKey: key, errorCode, message: cause.message };
      }
      const message = cause instanceof Error ? cause.message : String(cause);
      return { type: 'serviceTask.failed', elementInstanceKey: key, message: `task type "${command.taskType}" failed after ${command.retries} attempt(s): ${message}` };
    }
  }

  async function runCallActivity(command: Extract<EngineCommand, { type: 'callActivity.start' }>): Promise<EngineEvent> {
    const key = command.elementInstanceKey;
    try {
      const called = await engineActivities().resolveProcessDefinition({ processId: command.processId });
      const result = await executeChild(bpmnProcess, {
        workflowId: `${workflowInfo().workflowId}:${key}`,
        args: [{
          graph: called.graph, definition: called.definition, variables: command.variables,
          ...(input.businessKey ? { businessKey: input.businessKey } : {}),
          ...(input.localTaskTypes ? { localTaskTypes: input.localTaskTypes } : {}),
        }],
      });
      return { type: 'callActivity.completed', elementInstanceKey: key, variables: result.status === 'completed' ? result.view.variables : {} };
    } catch (err) {
      if (isCancellation(err)) throw err;
      const cause = (err instanceof ActivityFailure || err instanceof ChildWorkflowFailure) && err.cause ? err.cause : err;
      return { type: 'callActivity.failed', elementInstanceKey: key, message: `called process "${command.processId}": ${cause instanceof Error ? cause.message : String(cause)}` };
    }
  }

  /** The decision graph comes from an activity; evaluating it is pure, so it runs here in the workflow. */
  async function runBusinessRule(command: Extract<EngineCommand, { type: 'businessRuleTask.evaluate' }>): Promise<EngineEvent> {
    const key = command.elementInstanceKey;
    try {
      const { graph: decisions } = await engineActivities().resolveDecisionDefinition({ decisionId: command.decisionId });
      const { result } = decideGuarded((budget) => evaluateDecision(decisions, command.decisionId, command.variables, budget));
      return { type: 'businessRuleTask.completed', elementInstanceKey: key, result };
    } catch (err) {
      if (isCancellation(err)) throw err;
      const cause = err instanceof ActivityFailure && err.cause ? err.cause : err;
      return { type: 'businessRuleTask.failed', elementInstanceKey: key, message: `decision "${command.decisionId}": ${cause instanceof Error ? cause.message : String(cause)}` };
    }
  }

  /** A decision evaluated under the FEEL budget, decided on the same way as a step (see `guarded`). */
  function decideGuarded<T>(evaluate: (budget: FeelBudget | undefined) => T): T {
    if (guardsPatched === false) return evaluate(undefined);
    const budget = new FeelBudget(RUNAWAY_GUARDS.feelBudget);
    let outcome: { value: T } | { error: unknown };
    try {
      outcome = { value: evaluate(budget) };
    } catch (error) {
      outcome = { error };
    }
    if (budget.affected && !guardsApply()) return evaluate(undefined);
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  }

  if (input.resume) {
    // A continued run: same state, timers re-armed on their original due times; subscription rows outlive runs.
    state = input.resume.state;
    for (const timer of state.timers ?? []) startTimer(timer.key, timer.dueAt);
  } else {
    apply(guarded((options) => startProcess(graph, input.variables, Date.now(), input.startEventId ?? graph.startEventIds[0], options)));
  }

  setHandler(processStateQuery, () => viewProcessInstance(graph, state));
  setHandler(completeUserTaskUpdate, (req) => handle({ type: 'userTask.complete', ...req }), {
    validator: (req) => {
      if (!req || typeof req.elementInstanceKey !== 'number' || !isPlainObject(req.variables)) {
        throw ApplicationFailure.nonRetryable('expected { elementInstanceKey: number, variables: object }', 'INVALID_REQUEST');
      }
      try {
        requireOpenUserTask(state, req.elementInstanceKey);
      } catch (err) {
        throw asRejection(err);
      }
    },
  });
  setHandler(retryIncidentUpdate, (req) => handle({ type: 'incident.retry', incidentKey: req.incidentKey }));
  setHandler(setVariablesUpdate, (req) => handle({ type: 'variables.set', variables: req.variables, ...(req.scopeKey !== undefined ? { scopeKey: req.scopeKey } : {}) }), {
    validator: (req) => {
      if (!req || !isPlainObject(req.variables)) throw ApplicationFailure.nonRetryable('expected { variables: object }', 'INVALID_REQUEST');
    },
  });
  setHandler(correlateMessageUpdate, (req) => {
    handle({ type: 'message.correlate', name: req.name, correlationKey: req.correlationKey, variables: req.variables ?? {} });
    return { correlated: true as const };
  }, {
    validator: (req) => {
      if (!req || typeof req.name !== 'string' || typeof req.correlationKey !== 'string') throw ApplicationFailure.nonRetryable('expected { name, correlationKey, variables? }', 'INVALID_REQUEST');
      // Rejected in the validator, so a message nobody here waits for leaves no trace in the history.
      if (state.status !== 'active' || !EventTriggers.findMessageSubscription(state, req.name, req.correlationKey)) {
        throw ApplicationFailure.nonRetryable(`no subscription for message "${req.name}" with correlation key "${req.correlationKey}"`, 'NO_SUBSCRIPTION');
      }
    },
  });
  setHandler(broadcastSignalUpdate, (req) => {
    const waiting = (state.subscriptions?.some((s) => s.eventType === 'signal' && s.name === req.name) ?? false) && !EventTriggers.alreadyDelivered(state, req.deliveryId);
    if (waiting) handle({ type: 'signal.broadcast', name: req.name, variables: req.variables ?? {}, ...(req.deliveryId !== undefined ? { deliveryId: req.deliveryId } : {}) });
    return { triggered: waiting };
  }, {
    validator: (req) => {
      if (!req || typeof req.name !== 'string') throw ApplicationFailure.nonRetryable('expected { name, variables? }', 'INVALID_REQUEST');
      if (req.deliveryId !== undefined && typeof req.deliveryId !== 'string') throw ApplicationFailure.nonRetryable('deliveryId must be a string', 'INVALID_REQUEST');
    },
  });
  setHandler(cancelProcessUpdate, (req) => handle({ type: 'process.cancel', ...(req?.reason ? { reason: req.reason } : {}) }));
  setHandler(
    migrateProcessUpdate,
    (req) => {
      try {
        state = migrateState(state, graph, req.graph, req.mappings ?? []);
      } catch (err) {
        throw asRejection(err);
      }
      graph = req.graph;
      definition = req.definition;
      return viewProcessInstance(graph, state);
    },
    {
      validator: (req) => {
        if (!req || !isPlainObject(req.graph) || !isPlainObject(req.definition)) throw ApplicationFailure.nonRetryable('expected { graph, definition, mappings? }', 'INVALID_REQUEST');
        if (req.graph.processId !== graph.processId) throw ApplicationFailure.nonRetryable(`the target is process ${req.graph.processId}, not ${graph.processId}`, 'MIGRATION_REFUSED');
      },
    },
  );

  // Instances started before the projection existed replay without it (no activity in their history).
  // Child workflows of call activities are not API instances (no row to project to), so they skip it.
  const projecting = workflowInfo().parent === undefined && input.projection !== false && patched('instance-projection');
  let projected = '';
  // Revisions keep rising across continue-as-new, so the first write of a new run is not refused as older.
  let revision = (input.resume?.runs ?? 0) * 1_000_000;
  const projection = (): Omit<InstanceProjection, 'revision'> => {
    const view = viewProcessInstance(graph, state);
    return {
      instanceId: workflowInfo().workflowId,
      definitionId: definition.id,
      version: definition.version,
      status: view.status,
      activeElementIds: view.activeElementIds,
      openTasks: view.openUserTasks,
      incidents: view.incidents,
      ...(view.endedAt !== undefined ? { endedAt: view.endedAt } : {}),
    };
  };
  const project = async () => {
    const next = projection();
    const signature = JSON.stringify(next);
    if (signature === projected) return;
    projected = signature;
    try {
      await projectionActivities().projectProcessInstance({ ...next, revision: ++revision });
    } catch (err) {
      // A list that lags is better than an instance that fails: the detail view still asks the workflow.
      if (isCancellation(err)) throw err;
      log.warn('instance projection not written', { error: err instanceof Error ? err.message : String(err) });
    }
  };
  // Conditions are re-checked after every activation; the view is only rebuilt when the state changed.
  let checked: { state: ProcessState; projected: string } | undefined;
  let stale = false;
  const projectionStale = () => {
    if (!projecting || localWork.size > 0) return false;
    if (state !== checked?.state || projected !== checked.projected) {
      checked = { state, projected };
      stale = JSON.stringify(projection()) !== projected;
    }
    return stale;
  };

  const budget = input.historyBudget ?? DEFAULT_HISTORY_BUDGET;
  /**
   * The patch is checked only once an instance is over budget, where behaviour diverges: a history
   * from before continue-as-new existed replays without it there, and every other instance is spared
   * the marker events a check at the start would write.
   */
  let continueAsNewRefused = false;
  const wantsNewRun = () => !continueAsNewRefused && (workflowInfo().historyLength >= budget || workflowInfo().continueAsNewSuggested);
  /** Nothing in flight that a new run could not pick up from the state: no activity, child, table write, event or handler. */
  const atSafePoint = () => running.size === 0 && pendingSubscriptionWrites === 0 && inbox.length === 0 && allHandlersFinished();

  while (state.status === 'active') {
    await condition(() => inbox.length > 0 || state.status !== 'active' || projectionStale() || (wantsNewRun() && atSafePoint()));
    if (state.status === 'active' && inbox.length === 0 && wantsNewRun() && atSafePoint()) {
      if (!patched('continue-as-new-on-history-budget')) {
        continueAsNewRefused = true;
        continue;
      }
      if (projecting) await project();
      log.info('continuing as new', { historyLength: workflowInfo().historyLength, budget });
      // The current graph and definition, not the input's: a migration may have moved the instance.
      await continueAsNew<typeof bpmnProcess>({ ...input, graph, definition, variables: {}, resume: { state, runs: (input.resume?.runs ?? 0) + 1 } });
    }
    while (inbox.length && state.status === 'active') {
      const event = inbox.shift()!;
      try {
        apply(stepWith(event));
      } catch (err) {
        // Only a buffered message can be refused here (its subscription closed meanwhile): drop it.
        if (!(err instanceof InvalidEngineEventError)) throw err;
        log.warn('dropped an event the instance no longer waits for', { event: event.type, reason: err.message });
      }
    }
    if (projecting && inbox.length === 0 && localWork.size === 0) await project();
  }
  for (const scope of timers.values()) scope.cancel();
  await condition(() => pendingSubscriptionWrites === 0);
  if (projecting) await project();
  await condition(allHandlersFinished);
  return { status: state.status === 'completed' ? 'completed' : 'terminated', view: viewProcessInstance(graph, state), runs: input.resume?.runs ?? 0 };
}

/** One activity proxy per retry budget, since the budget comes from each task's `zeebe:taskDefinition`. */
const proxiesByRetries = new Map<number, Record<string, ServiceTaskActivity>>();
const localProxiesByRetries = new Map<number, Record<string, ServiceTaskActivity>>();
const serviceTaskOptions = (retries: number) => ({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: retries, initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', nonRetryableErrorTypes: [BPMN_ERROR_TYPE] },
});
function activitiesWithRetries(retries: number): Record<string, ServiceTaskActivity> {
  let proxy = proxiesByRetries.get(retries);
  if (!proxy) proxiesByRetries.set(retries, (proxy = proxyActivities<Record<string, ServiceTaskActivity>>(serviceTaskOptions(retries))));
  return proxy;
}
function localProxiesWithRetries(retries: number): Record<string, ServiceTaskActivity> {
  let proxy = localProxiesByRetries.get(retries);
  if (!proxy) localProxiesByRetries.set(retries, (proxy = proxyLocalActivities<Record<string, ServiceTaskActivity>>(serviceTaskOptions(retries))));
  return proxy;
}

/** The same activities, each call queued behind the previous one (see `oneAtATime`). */
function serialized<T extends object>(proxy: T, queue: <R>(call: () => Promise<R>) => Promise<R>): T {
  return new Proxy(proxy, {
    get: (target, name) => (...args: unknown[]) => queue(() => (target as Record<string | symbol, (...a: unknown[]) => Promise<unknown>>)[name]!(...args)),
  });
}

/**
 * Any error inside a handler becomes a failed request, never a failed workflow task: the step is pure
 * and the state is only replaced after it succeeds, so nothing was half-applied.
 */
function asRejection(err: unknown): Error {
  if (err instanceof InvalidEngineEventError) return ApplicationFailure.nonRetryable(err.message, err.code);
  if (err instanceof ApplicationFailure) return err;
  return ApplicationFailure.nonRetryable(err instanceof Error ? err.message : String(err), 'ENGINE_ERROR');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
