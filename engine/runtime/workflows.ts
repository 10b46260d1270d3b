/**
 * The Temporal shell around the pure interpreter. Deterministic by construction: it imports only
 * `@temporalio/workflow` and pure modules, reads time only through the workflow clock, and turns
 * interpreter commands into activities and Temporal messages into interpreter events.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { InvalidEngineEventError, requireOpenUserTask, startProcess, step } from './interpreter';
import {
  cancelProcessUpdate,
  completeUserTaskUpdate,
  processStateQuery,
  retryIncidentUpdate,
  type ProcessInstanceInput,
  type ProcessInstanceResult,
  type ServiceTaskInput,
  type ServiceTaskOutput,
} from './messages';
import type { EngineCommand, EngineEvent, ProcessState } from './process-state';
import { viewProcessInstance } from './process-view';

type ServiceTaskActivity = (input: ServiceTaskInput) => Promise<ServiceTaskOutput>;

export async function bpmnProcess(input: ProcessInstanceInput): Promise<ProcessInstanceResult> {
  const { graph } = input;
  const inbox: EngineEvent[] = [];
  let state!: ProcessState;

  const apply = (result: { state: ProcessState; commands: EngineCommand[] }) => {
    state = result.state;
    for (const command of result.commands) void execute(command).then((event) => inbox.push(event));
  };
  const handle = (event: EngineEvent) => {
    try {
      apply(step(graph, state, event, Date.now()));
    } catch (err) {
      throw asRejection(err);
    }
    return viewProcessInstance(graph, state);
  };

  async function execute(command: EngineCommand): Promise<EngineEvent> {
    const activity = activitiesWithRetries(command.retries)[command.taskType]!;
    try {
      const result = await activity({
        processInstanceId: workflowInfo().workflowId,
        processId: graph.processId,
        elementId: command.elementId,
        elementInstanceKey: command.elementInstanceKey,
        headers: command.headers,
        variables: command.variables,
      });
      return { type: 'serviceTask.completed', elementInstanceKey: command.elementInstanceKey, variables: result ?? {} };
    } catch (err) {
      return { type: 'serviceTask.failed', elementInstanceKey: command.elementInstanceKey, message: failureMessage(err, command) };
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
  setHandler(cancelProcessUpdate, (req) => handle({ type: 'process.cancel', ...(req?.reason ? { reason: req.reason } : {}) }));

  while (state.status === 'active') {
    await condition(() => inbox.length > 0 || state.status !== 'active');
    while (inbox.length && state.status === 'active') apply(step(graph, state, inbox.shift()!, Date.now()));
  }
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
      retry: { maximumAttempts: retries, initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
    });
    proxiesByRetries.set(retries, proxy);
  }
  return proxy;
}

function failureMessage(err: unknown, command: EngineCommand): string {
  const cause = err instanceof ActivityFailure && err.cause ? err.cause : err;
  const message = cause instanceof Error ? cause.message : String(cause);
  return `task type "${command.taskType}" failed after ${command.retries} attempt(s): ${message}`;
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
