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
  executeChild,
  isCancellation,
  log,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { evaluateDecision } from '../dmn/evaluate-decision';
import { BPMN_ERROR_TYPE } from './bpmn-error';
import { InvalidEngineEventError, requireOpenUserTask, startProcess, step } from './interpreter';
import { migrateState } from './migrate-state';
import {
  cancelProcessUpdate,
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
import type { EngineCommand, EngineEvent, ProcessState } from './process-state';
import { viewProcessInstance } from './process-view';

type ServiceTaskActivity = (input: ServiceTaskInput) => Promise<ServiceTaskOutput>;

const engineActivities = proxyActivities<EngineActivities>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 5 } });
const projectionActivities = proxyActivities<ProjectionActivities>({ startToCloseTimeout: '10 seconds', retry: { maximumAttempts: 3 } });

export async function bpmnProcess(input: ProcessInstanceInput): Promise<ProcessInstanceResult> {
  // `let`: a migration (processInstance.migrate) continues the instance on another version's graph.
  let { graph, definition } = input;
  const inbox: EngineEvent[] = [];
  /** Work started for an element instance, so a boundary event or a cancel can stop it. */
  const running = new Map<number, CancellationScope>();
  let state!: ProcessState;

  const apply = (result: { state: ProcessState; commands: EngineCommand[] }) => {
    state = result.state;
    for (const command of result.commands) dispatch(command);
  };
  const handle = (event: EngineEvent) => {
    try {
      apply(step(graph, state, event, Date.now()));
    } catch (err) {
      throw asRejection(err);
    }
    return viewProcessInstance(graph, state);
  };

  function dispatch(command: EngineCommand): void {
    if (command.type === 'work.cancel') {
      running.get(command.elementInstanceKey)?.cancel();
      return;
    }
    const scope = new CancellationScope();
    running.set(command.elementInstanceKey, scope);
    scope
      .run(() => (command.type === 'serviceTask.execute' ? runServiceTask(command) : command.type === 'callActivity.start' ? runCallActivity(command) : runBusinessRule(command)))
      .then(
        (event) => inbox.push(event),
        (err) => {
          if (!isCancellation(err)) throw err;
        },
      )
      .finally(() => running.delete(command.elementInstanceKey));
  }

  async function runServiceTask(command: Extract<EngineCommand, { type: 'serviceTask.execute' }>): Promise<EngineEvent> {
    const key = command.elementInstanceKey;
    try {
      const result = await activitiesWithRetries(command.retries)[command.taskType]!({
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
      const called = await engineActivities.resolveProcessDefinition({ processId: command.processId });
      const result = await executeChild(bpmnProcess, {
        workflowId: `${workflowInfo().workflowId}:${key}`,
        args: [{ graph: called.graph, definition: called.definition, variables: command.variables, ...(input.businessKey ? { businessKey: input.businessKey } : {}) }],
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
      const { graph: decisions } = await engineActivities.resolveDecisionDefinition({ decisionId: command.decisionId });
      const { result } = evaluateDecision(decisions, command.decisionId, command.variables);
      return { type: 'businessRuleTask.completed', elementInstanceKey: key, result };
    } catch (err) {
      if (isCancellation(err)) throw err;
      const cause = err instanceof ActivityFailure && err.cause ? err.cause : err;
      return { type: 'businessRuleTask.failed', elementInstanceKey: key, message: `decision "${command.decisionId}": ${cause instanceof Error ? cause.message : String(cause)}` };
    }
  }

  apply(startProcess(graph, input.variables, Date.now()));

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
  const projecting = workflowInfo().parent === undefined && patched('instance-projection');
  let projected = '';
  let revision = 0;
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
      await projectionActivities.projectProcessInstance({ ...next, revision: ++revision });
    } catch (err) {
      // A list that lags is better than an instance that fails: the detail view still asks the workflow.
      if (isCancellation(err)) throw err;
      log.warn('instance projection not written', { error: err instanceof Error ? err.message : String(err) });
    }
  };
  const projectionStale = () => projecting && JSON.stringify(projection()) !== projected;

  while (state.status === 'active') {
    await condition(() => inbox.length > 0 || state.status !== 'active' || projectionStale());
    while (inbox.length && state.status === 'active') apply(step(graph, state, inbox.shift()!, Date.now()));
    if (projecting && inbox.length === 0) await project();
  }
  if (projecting) await project();
  await condition(allHandlersFinished);
  return { status: state.status === 'completed' ? 'completed' : 'terminated', view: viewProcessInstance(graph, state) };
}

/** One activity proxy per retry budget, since the budget comes from each task's `zeebe:taskDefinition`. */
const proxiesByRetries = new Map<number, Record<string, ServiceTaskActivity>>();
function activitiesWithRetries(retries: number): Record<string, ServiceTaskActivity> {
  let proxy = proxiesByRetries.get(retries);
  if (!proxy) {
    proxy = proxyActivities<Record<string, ServiceTaskActivity>>({
      startToCloseTimeout: '1 minute',
      retry: { maximumAttempts: retries, initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', nonRetryableErrorTypes: [BPMN_ERROR_TYPE] },
    });
    proxiesByRetries.set(retries, proxy);
  }
  return proxy;
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
