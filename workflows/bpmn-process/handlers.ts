import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import { EventTriggers } from '../../engine/runtime/event-triggers';
import { requireOpenUserTask } from '../../engine/runtime/interpreter';
import { migrateState } from '../../engine/runtime/migrate-state';
import { viewProcessInstance } from '../../engine/runtime/process-view';
import type { EngineSteps } from './engine-steps';
import {
  broadcastSignalUpdate,
  cancelProcessUpdate,
  completeUserTaskUpdate,
  correlateMessageUpdate,
  migrateProcessUpdate,
  processStateQuery,
  retryIncidentUpdate,
  setVariablesUpdate,
} from './messages';
import type { ProcessRun } from './process-run';
import { asRejection, isPlainObject } from './rejections';

/**
 * The instance's query and updates. Validators refuse a malformed or pointless request before it is
 * accepted, so it leaves no trace in the history; a handler's step runs in `steps.handle`.
 */
export function installHandlers(run: ProcessRun, steps: EngineSteps): void {
  const handle = steps.handle.bind(steps);
  setHandler(processStateQuery, () => viewProcessInstance(run.graph, run.state));
  setHandler(completeUserTaskUpdate, (req) => handle({ type: 'userTask.complete', ...req }), {
    validator: (req) => {
      if (!req || typeof req.elementInstanceKey !== 'number' || !isPlainObject(req.variables)) {
        throw ApplicationFailure.nonRetryable('expected { elementInstanceKey: number, variables: object }', 'INVALID_REQUEST');
      }
      try {
        requireOpenUserTask(run.state, req.elementInstanceKey);
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
      if (run.state.status !== 'active' || !EventTriggers.findMessageSubscription(run.state, req.name, req.correlationKey)) {
        throw ApplicationFailure.nonRetryable(`no subscription for message "${req.name}" with correlation key "${req.correlationKey}"`, 'NO_SUBSCRIPTION');
      }
    },
  });
  setHandler(broadcastSignalUpdate, (req) => {
    const { state } = run;
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
        if (!req || !isPlainObject(req.graph) || !isPlainObject(req.definition)) throw ApplicationFailure.nonRetryable('expected { graph, definition, mappings? }', 'INVALID_REQUEST');
        if (req.graph.processId !== run.graph.processId) throw ApplicationFailure.nonRetryable(`the target is process ${req.graph.processId}, not ${run.graph.processId}`, 'MIGRATION_REFUSED');
      },
    },
  );
}
