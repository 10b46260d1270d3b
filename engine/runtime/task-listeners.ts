import type { FlowNode } from '../compiler/process-graph';
import { applyTaskChange, hold, listenersOf } from './listener-jobs';
import type { ElementInstance, PendingListener, UserTaskChange, UserTaskChanges } from './process-state';
import type { Run } from './run';

/**
 * Camunda 8's user task listeners around the task's life (creating and completing run as in
 * listeners.ts): each event's listeners are blocking jobs, one after the other in model order, and the
 * task takes no other operation until the last one completed.
 * - `assigning`: an assignment or unassignment through the API, and a task created with an assignee
 *   (after its creating listeners, as Camunda 8.8 does); the new assignee applies once they completed.
 * - `updating`: a change of candidate groups or users, due or follow-up date, or priority; likewise. And,
 *   as in Camunda 8.8, variables set on the task's own scope: they are set once the listeners completed.
 * - `canceling`: the task was terminated (an interrupting boundary or event subprocess, a terminate end
 *   event, the instance cancelled). The token has moved on already; the scope, and the process, end
 *   only once these listeners completed. They cannot deny anything.
 */
export const TaskListeners = {
  /** After the task's details (and linked form) are resolved: its creating listeners, then its assigning ones. */
  open(run: Run, node: FlowNode, instance: ElementInstance): void {
    if (!hold(run, node, instance, { eventType: 'creating', index: 0 })) TaskListeners.created(run, node, instance);
  },

  /** The creating listeners completed (or there were none): a task created with an assignee is being assigned. */
  created(run: Run, node: FlowNode, instance: ElementInstance): void {
    const assignee = instance.task?.assignee;
    if (assignee) hold(run, node, instance, { eventType: 'assigning', index: 0, change: { assignee } });
  },

  assign(run: Run, instance: ElementInstance, assignee: string | null): void {
    change(run, instance, 'assigning', { assignee });
  },

  update(run: Run, instance: ElementInstance, changes: UserTaskChanges): void {
    change(run, instance, 'updating', changes);
  },

  /** Variables set on the open task's own scope (not the process's): after its updating listeners. */
  setVariables(run: Run, instance: ElementInstance, variables: Record<string, unknown>): void {
    if (!hold(run, run.node(instance.elementId), instance, { eventType: 'updating', index: 0, variables }))
      run.variables.setLocal(instance.key, variables);
  },

  /** The last assigning or updating listener completed: the change applies (and the variables it held are set). */
  apply(run: Run, instance: ElementInstance, pending: Pick<PendingListener, 'change' | 'variables'>): void {
    if (pending.change) instance.task = applyTaskChange({ ...instance.task }, pending.change);
    if (pending.variables) run.variables.setLocal(instance.key, pending.variables);
  },

  /**
   * Called once a user task was terminated. A task that never opened (its creating listener or its form
   * still pending) was never created in Camunda's sense, so it has nothing to cancel.
   */
  canceled(run: Run, instance: ElementInstance): void {
    if (instance.kind !== 'userTask' || instance.loop !== undefined || instance.awaitingForm) return;
    if (instance.listener?.eventType === 'creating') return;
    const node = run.node(instance.elementId);
    if (listenersOf(node, 'canceling').length === 0) return;
    delete instance.listener; // whatever ran was cancelled with the task (work.cancel)
    hold(run, node, instance, { eventType: 'canceling', index: 0 });
  },

  /** A terminated task whose canceling listeners still run holds the end of its scope and of the process. */
  cancelingPending(instances: ElementInstance[], scopeKey?: number): boolean {
    return instances.some((i) => i.listener?.eventType === 'canceling' && (scopeKey === undefined || i.scopeKey === scopeKey));
  },
};

function change(run: Run, instance: ElementInstance, eventType: 'assigning' | 'updating', taskChange: UserTaskChange): void {
  if (!hold(run, run.node(instance.elementId), instance, { eventType, index: 0, change: taskChange })) {
    TaskListeners.apply(run, instance, { change: taskChange });
  }
}
