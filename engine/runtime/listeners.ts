import type { FlowNode } from '../compiler/process-graph';
import { hold, isTaskListener, listenersOf, sendListenerJob } from './listener-jobs';
import type { ElementInstance } from './process-state';
import type { TaskListenerResult } from './task-listener-result';
import { TaskListenerAnswers } from './task-listener-answers';
import { TaskListeners } from './task-listeners';
import type { Run } from './run';

export { pendingListenerJob } from './listener-jobs';

/**
 * Camunda 8's execution and task listeners: each is a job of its type that the element instance
 * waits for, one after the other in model order. Start listeners run after the input mappings and
 * before the element's own work; end listeners after its output mappings and before the token
 * leaves; a user task's `creating` listeners before it is open to anyone, its `completing` listeners
 * between the completion request and the completion (the other task events: task-listeners.ts). A
 * listener's variables merge like a job's result: into the nearest scope, from the element's own,
 * that holds each variable, else the process. A listener that fails with no retries left is an
 * incident; retrying it runs that listener again and the element goes on from there.
 *
 * Nothing here runs for a graph without listeners, so instances of older graphs step as they did.
 */
export const Listeners = {
  /** Before the element's behaviour: true when a start listener now holds it. */
  holdAtStart(run: Run, node: FlowNode, instance: ElementInstance): boolean {
    return hold(run, node, instance, { eventType: 'start', index: 0 });
  },

  /** After the output mappings: true when an end listener now holds the element (a multi-instance body has none of its own). */
  holdAtEnd(run: Run, node: FlowNode, instance: ElementInstance, result: Record<string, unknown>, flowIds?: string[]): boolean {
    if (instance.loop !== undefined) return false;
    return hold(run, node, instance, { eventType: 'end', index: 0, result, ...(flowIds ? { flowIds } : {}) });
  },

  /** A completion request for an open user task: its `completing` listeners first, then the completion. */
  completeUserTask(run: Run, instance: ElementInstance, variables: Record<string, unknown>): void {
    if (!hold(run, run.node(instance.elementId), instance, { eventType: 'completing', index: 0, result: variables }))
      run.complete(instance, variables);
  },

  /**
   * The instance waiting for a listener job with this key, if any (a late answer finds none): an active
   * one, or a terminated user task whose canceling listeners run.
   */
  waiting(run: Run, elementInstanceKey: number): ElementInstance | undefined {
    return run.state.elementInstances.find(
      (i) => i.key === elementInstanceKey && i.listener && (i.state === 'active' || i.listener.eventType === 'canceling'),
    );
  },

  completed(run: Run, instance: ElementInstance, variables: Record<string, unknown>, result?: TaskListenerResult): void {
    let pending = instance.listener!;
    // Task listeners answer with corrections and denials in Camunda 8, never variables, so none merge.
    if (!isTaskListener(pending.eventType)) run.variables.propagate(instance.key, variables);
    else if (result) {
      if (TaskListenerAnswers.denies(pending, result)) return TaskListenerAnswers.deny(instance, pending, result, run.now);
      pending = TaskListenerAnswers.correct(instance, pending, result);
    }
    const node = run.node(instance.elementId);
    if (pending.index + 1 < listenersOf(node, pending.eventType).length) {
      instance.listener = { ...pending, index: pending.index + 1 };
      sendListenerJob(run, node, instance);
      return;
    }
    delete instance.listener;
    TaskListenerAnswers.wentThrough(instance, pending);
    switch (pending.eventType) {
      case 'start':
        run.execute(node, instance);
        return;
      case 'end':
        run.complete(instance, pending.result ?? {}, pending.flowIds, true);
        return;
      case 'creating':
        TaskListeners.created(run, node, instance); // open now, unless it is being assigned
        return;
      case 'assigning':
      case 'updating':
        TaskListeners.apply(run, instance, pending);
        return;
      case 'completing':
        run.complete(instance, pending.result ?? {});
        return;
      case 'canceling':
        return; // the task was terminated already; its scope may end now
    }
  },

  failed(run: Run, instance: ElementInstance, message: string): void {
    const task = isTaskListener(instance.listener!.eventType);
    run.raiseIncident(instance, task ? 'TASK_LISTENER_NO_RETRIES' : 'EXECUTION_LISTENER_NO_RETRIES', message);
  },

  /** After its incident is resolved: the listener that failed runs again. */
  resend(run: Run, instance: ElementInstance): void {
    sendListenerJob(run, run.node(instance.elementId), instance);
  },
};
