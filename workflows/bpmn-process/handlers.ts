import { ApplicationFailure, patched, setHandler } from '@temporalio/workflow';
import { EventTriggers } from '../../engine/runtime/event-triggers';
import { requireActivatable, requireOpenUserTask } from '../../engine/runtime/interpreter';
import { listenersOf } from '../../engine/runtime/listener-jobs';
import { migrateState } from '../../engine/runtime/migrate-state';
import { viewProcessInstance } from '../../engine/runtime/process-view';
import type { EngineSteps } from './engine-steps';
import {
  activateAdHocElementsUpdate,
  assignUserTaskUpdate,
  broadcastSignalUpdate,
  cancelProcessUpdate,
  completeUserTaskUpdate,
  correlateMessageUpdate,
  migrateProcessUpdate,
  processStateQuery,
  retryIncidentUpdate,
  setVariablesUpdate,
  updateUserTaskUpdate,
} from './messages';
import type { ProcessRun } from './process-run';
import { asRejection, isPlainObject } from './rejections';

/**
 * The instance's query and updates. Validators refuse a malformed or pointless request before it is
 * accepted, so it leaves no trace in the history; a handler's step runs in `steps.handle`.
 */
export function installHandlers(run: ProcessRun, steps: EngineSteps): void {
  const handle = steps.handle.bind(steps);
  const openTask = (elementInstanceKey: number) => {
    try {
      requireOpenUserTask(run.state, elementInstanceKey);
    } catch (err) {
      throw asRejection(err);
    }
  };
  setHandler(processStateQuery, () => viewProcessInstance(run.graph, run.state));
  setHandler(completeUserTaskUpdate, (req) => handle({ type: 'userTask.complete', ...req }), {
    validator: (req) => {
      if (!req || typeof req.elementInstanceKey !== 'number' || !isPlainObject(req.variables)) {
        throw ApplicationFailure.nonRetryable('expected { elementInstanceKey: number, variables: object }', 'INVALID_REQUEST');
      }
      openTask(req.elementInstanceKey);
    },
  });
  // Camunda 8's assign/unassign and update: refused in the validator when the task is not open (or a
  // listener holds it), so a refused request leaves no trace; the change applies after its listeners.
  setHandler(
    assignUserTaskUpdate,
    (req) => handle({ type: 'userTask.assign', elementInstanceKey: req.elementInstanceKey, assignee: req.assignee }),
    {
      validator: (req) => {
        if (!req || typeof req.elementInstanceKey !== 'number' || (req.assignee !== null && typeof req.assignee !== 'string'))
          throw ApplicationFailure.nonRetryable('expected { elementInstanceKey: number, assignee: string | null }', 'INVALID_REQUEST');
        openTask(req.elementInstanceKey);
      },
    },
  );
  setHandler(
    updateUserTaskUpdate,
    (req) => handle({ type: 'userTask.update', elementInstanceKey: req.elementInstanceKey, changes: req.changes }),
    {
      validator: (req) => {
        if (!req || typeof req.elementInstanceKey !== 'number' || !isPlainObject(req.changes))
          throw ApplicationFailure.nonRetryable('expected { elementInstanceKey: number, changes: object }', 'INVALID_REQUEST');
        openTask(req.elementInstanceKey);
      },
    },
  );
  setHandler(retryIncidentUpdate, (req) => handle({ type: 'incident.retry', incidentKey: req.incidentKey }));
  setHandler(
    setVariablesUpdate,
    (req) =>
      // Variables set on a user task with updating listeners wait for them (Camunda 8.8); histories
      // from before set them at once, so the patch is asked only where the behaviour differs.
      req.scopeKey !== undefined && !req.propagate && hasUpdatingListeners(run, req.scopeKey) && patched('task-variables-updating')
        ? handle({ type: 'userTask.setVariables', elementInstanceKey: req.scopeKey, variables: req.variables })
        : handle({
            type: 'variables.set',
            variables: req.variables,
            ...(req.scopeKey !== undefined ? { scopeKey: req.scopeKey } : {}),
            ...(req.propagate ? { propagate: true as const } : {}),
          }),
    {
      validator: (req) => {
        if (!req || !isPlainObject(req.variables))
          throw ApplicationFailure.nonRetryable('expected { variables: object }', 'INVALID_REQUEST');
      },
    },
  );
  setHandler(
    correlateMessageUpdate,
    (req) => {
      handle({ type: 'message.correlate', name: req.name, correlationKey: req.correlationKey, variables: req.variables ?? {} });
      return { correlated: true as const };
    },
    {
      validator: (req) => {
        if (!req || typeof req.name !== 'string' || typeof req.correlationKey !== 'string')
          throw ApplicationFailure.nonRetryable('expected { name, correlationKey, variables? }', 'INVALID_REQUEST');
        // Rejected in the validator, so a message nobody here waits for leaves no trace in the history.
        if (run.state.status !== 'active' || !EventTriggers.findMessageSubscription(run.state, req.name, req.correlationKey)) {
          throw ApplicationFailure.nonRetryable(
            `no subscription for message "${req.name}" with correlation key "${req.correlationKey}"`,
            'NO_SUBSCRIPTION',
          );
        }
      },
    },
  );
  setHandler(
    broadcastSignalUpdate,
    (req) => {
      const { state } = run;
      const waiting =
        (state.subscriptions?.some((s) => s.eventType === 'signal' && s.name === req.name) ?? false) &&
        !EventTriggers.alreadyDelivered(state, req.deliveryId);
      if (waiting)
        handle({
          type: 'signal.broadcast',
          name: req.name,
          variables: req.variables ?? {},
          ...(req.deliveryId !== undefined ? { deliveryId: req.deliveryId } : {}),
        });
      return { triggered: waiting };
    },
    {
      validator: (req) => {
        if (!req || typeof req.name !== 'string') throw ApplicationFailure.nonRetryable('expected { name, variables? }', 'INVALID_REQUEST');
        if (req.deliveryId !== undefined && typeof req.deliveryId !== 'string')
          throw ApplicationFailure.nonRetryable('deliveryId must be a string', 'INVALID_REQUEST');
      },
    },
  );
  setHandler(cancelProcessUpdate, (req) => handle({ type: 'process.cancel', ...(req?.reason ? { reason: req.reason } : {}) }));
  // Camunda 8.8's ad-hoc activation; refused in the validator (not an active ad-hoc sub-process, an element
  // it may not activate, its condition already held), so a refused request leaves no trace in the history.
  setHandler(activateAdHocElementsUpdate, (req) => handle({ type: 'adHoc.activate', ...req }), {
    validator: (req) => {
      const wellFormed =
        req &&
        typeof req.elementInstanceKey === 'number' &&
        Array.isArray(req.elements) &&
        req.elements.length > 0 &&
        req.elements.every(
          (e: { elementId?: unknown; variables?: unknown } | null) =>
            e && typeof e.elementId === 'string' && (e.variables === undefined || isPlainObject(e.variables)),
        );
      if (!wellFormed)
        throw ApplicationFailure.nonRetryable(
          'expected { elementInstanceKey: number, elements: [{ elementId, variables? }], cancelRemainingInstances? }',
          'INVALID_REQUEST',
        );
      try {
        requireActivatable(run.graph, run.state, req.elementInstanceKey, req.elements);
      } catch (err) {
        throw asRejection(err);
      }
    },
  });
  setHandler(
    migrateProcessUpdate,
    (req) => {
      try {
        run.state = migrateState(run.state, run.graph, req.graph, req.mappings ?? []);
      } catch (err) {
        throw asRejection(err);
      }
      run.graph = req.graph;
      run.definition = req.definition;
      return viewProcessInstance(run.graph, run.state);
    },
    {
      validator: (req) => {
        if (!req || !isPlainObject(req.graph) || !isPlainObject(req.definition))
          throw ApplicationFailure.nonRetryable('expected { graph, definition, mappings? }', 'INVALID_REQUEST');
        if (req.graph.processId !== run.graph.processId)
          throw ApplicationFailure.nonRetryable(
            `the target is process ${req.graph.processId}, not ${run.graph.processId}`,
            'MIGRATION_REFUSED',
          );
      },
    },
  );
}

/** Whether the element instance is a user task of this run whose diagram gives it `updating` listeners. */
function hasUpdatingListeners(run: ProcessRun, elementInstanceKey: number): boolean {
  const instance = run.state.elementInstances.find((i) => i.key === elementInstanceKey && i.kind === 'userTask' && i.state === 'active');
  const node = instance && run.graph.elements[instance.elementId];
  return !!node && listenersOf(node, 'updating').length > 0;
}
