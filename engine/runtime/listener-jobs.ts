import type { FlowNode, ListenerJob } from '../compiler/process-graph';
import type { ElementInstance, PendingListener, UserTaskDetails } from './process-state';
import type { Run } from './run';

/** The listener job an element instance waits for now, if any (what explain-waits names). */
export function pendingListenerJob(node: FlowNode, instance: ElementInstance): ListenerJob | undefined {
  return instance.listener ? listenersOf(node, instance.listener.eventType)[instance.listener.index] : undefined;
}

/** An element's listeners of one event, in model order. */
export function listenersOf(node: FlowNode, eventType: PendingListener['eventType']): ListenerJob[] {
  if (eventType === 'start' || eventType === 'end') return (node.executionListeners ?? []).filter((l) => l.eventType === eventType);
  return node.kind === 'userTask' ? (node.taskListeners ?? []).filter((l) => l.eventType === eventType) : [];
}

export function isTaskListener(eventType: PendingListener['eventType']): boolean {
  return eventType !== 'start' && eventType !== 'end';
}

/** True when the element has listeners of the event: the first one now holds it. */
export function hold(run: Run, node: FlowNode, instance: ElementInstance, pending: PendingListener): boolean {
  if (listenersOf(node, pending.eventType).length === 0) return false;
  instance.listener = pending;
  sendListenerJob(run, node, instance);
  return true;
}

/** The job of the listener the instance waits for now. */
export function sendListenerJob(run: Run, node: FlowNode, instance: ElementInstance): void {
  const pending = instance.listener!;
  const listener = listenersOf(node, pending.eventType)[pending.index]!;
  const elementHeaders = node.kind === 'serviceTask' ? node.headers : {};
  // A completing listener sees the completion's variables over the task's, as in Camunda 8; an
  // updating one for a variable update the variables being set, so it can check them.
  const completion = pending.eventType === 'completing' ? pending.result : pending.variables;
  const task = isTaskListener(pending.eventType);
  run.commands.push({
    type: 'listener.execute',
    elementInstanceKey: instance.key,
    elementId: node.id,
    listenerKind: task ? 'task' : 'execution',
    eventType: pending.eventType,
    jobType: listener.type,
    retries: listener.retries,
    headers: { ...elementHeaders, ...listener.headers },
    variables: { ...run.variables.visible(instance), ...completion },
    ...(task ? { userTask: userTaskAsSeen(instance.task ?? {}, pending) } : {}),
  });
}

/**
 * The task an assigning or updating listener sees is the task as it will be (Camunda 8's job carries the
 * new assignee), with the changed attributes named; the other task listeners see it as it is.
 */
function userTaskAsSeen(task: UserTaskDetails, pending: PendingListener): UserTaskDetails & { changedAttributes?: string[] } {
  if (pending.variables) return { ...task, changedAttributes: ['variables'] };
  if (!pending.change) return { ...task };
  return { ...applyTaskChange({ ...task }, pending.change), changedAttributes: Object.keys(pending.change) };
}

/** Applies an assignment or update to the task's details: null (or an empty list) clears a field. */
export function applyTaskChange(task: UserTaskDetails, change: NonNullable<PendingListener['change']>): UserTaskDetails {
  for (const [field, value] of Object.entries(change) as Array<[keyof UserTaskDetails, unknown]>) {
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) delete task[field];
    else (task as Record<string, unknown>)[field] = value;
  }
  return task;
}
