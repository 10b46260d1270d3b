/**
 * The Temporal shell around the pure interpreter: the workflow every BPMN process instance runs as.
 * Deterministic by construction: it imports only `@temporalio/workflow` and pure modules, reads time
 * only through the workflow clock, and turns interpreter commands into activities and child workflows,
 * and Temporal messages into events. The pieces live beside this file; this one wires them and runs the
 * main loop.
 *
 * Running instances replay this code: the order of its commands (activities, timers, `patched()`
 * markers) must not change without a new `patched()` id, and test/replay/ proves it.
 */
import { condition, allHandlersFinished, patched } from '@temporalio/workflow';
import { TaskListeners } from '../../engine/runtime/task-listeners';
import { viewProcessInstance } from '../../engine/runtime/process-view';
import { RunActivities } from './activity-proxies';
import { CommandDispatcher } from './command-dispatch';
import { EngineSteps } from './engine-steps';
import { installHandlers } from './handlers';
import { HistoryBudget } from './history-budget';
import type { ProcessInstanceInput, ProcessInstanceResult, ProcessWorkflow } from './messages';
import { ProcessRun } from './process-run';
import { ProjectionWriter } from './projection-writer';
import { RunawayGuardsPatch } from './runaway-guards-patch';
import { SoleFlowConditionsPatch } from './sole-flow-conditions-patch';
import { SubscriptionWriter } from './subscription-writer';
import { TaskRunners } from './task-runners';

export { DEFAULT_HISTORY_BUDGET } from './history-budget';

export async function bpmnProcess(input: ProcessInstanceInput): Promise<ProcessInstanceResult> {
  const run = new ProcessRun(input);
  const activities = new RunActivities(input.localTaskTypes, input.activityTaskQueue);
  const guards = new RunawayGuardsPatch();
  const subscriptions = new SubscriptionWriter(run, activities);
  const dispatcher = new CommandDispatcher(run, activities, subscriptions, new TaskRunners(run, activities, guards));
  const steps = new EngineSteps(run, guards, new SoleFlowConditionsPatch(), dispatcher);

  if (input.resume) steps.resume(input.resume.state);
  else steps.start();
  installHandlers(run, steps);
  // After the start and the handlers: this is where every recorded history asks the projection's patch.
  const projection = new ProjectionWriter(run, activities);
  const budget = new HistoryBudget(run, subscriptions);

  while (run.state.status === 'active') {
    await condition(
      () => run.inbox.length > 0 || run.state.status !== 'active' || projection.isStale() || (budget.wantsNewRun() && budget.atSafePoint()),
    );
    if (run.state.status === 'active' && run.inbox.length === 0 && budget.wantsNewRun() && budget.atSafePoint()) {
      if (!budget.mayContinueAsNew()) continue;
      if (projection.projecting) await projection.project();
      await budget.continueAsNew();
    }
    steps.drainInbox();
    if (projection.projecting && run.inbox.length === 0 && run.localWork.size === 0) await projection.project();
  }
  for (const scope of run.timers.values()) scope.cancel();
  // Only instances whose graph has canceling task listeners ever wait here; no recorded history does.
  if (TaskListeners.cancelingPending(run.state.elementInstances) && patched('canceling-task-listeners')) await steps.finishCanceling();
  await condition(() => subscriptions.pending === 0);
  if (projection.projecting) await projection.project();
  await condition(allHandlersFinished);
  return {
    status: run.state.status === 'completed' ? 'completed' : 'terminated',
    view: viewProcessInstance(run.graph, run.state),
    runs: input.resume?.runs ?? 0,
  };
}

/**
 * Compile time only: the continue-as-new and child starts type themselves by ProcessWorkflow instead of
 * importing this module, so this fails to compile if the workflow's signature and that type part ways.
 */
type Holds<T extends true> = T;
export type ProcessWorkflowSignatureHolds = Holds<
  [typeof bpmnProcess] extends [ProcessWorkflow] ? ([ProcessWorkflow] extends [typeof bpmnProcess] ? true : false) : false
>;
