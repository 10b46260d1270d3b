import type { FlowNode, ListenerJob } from '../compiler/process-graph';
import type { ElementInstance, PendingListener } from './process-state';
import type { TokenRun } from './token-run';

/**
 * Camunda 8's execution and task listeners: each is a job of its type that the element instance
 * waits for, one after the other in model order. Start listeners run after the input mappings and
 * before the element's own work; end listeners after its output mappings and before the token
 * leaves; a user task's `creating` listeners before it is open to anyone, its `completing` listeners
 * between the completion request and the completion. A listener's variables merge like a job's
 * result: into the nearest scope, from the element's own, that holds each variable, else the
 * process. A listener that fails with no retries left is an incident; retrying it runs that listener
 * again and the element goes on from there.
 *
 * Nothing here runs for a graph without listeners, so instances of older graphs step as they did.
 */
export const Listeners = {
  /** Before the element's behaviour: true when a start listener now holds it. */
  holdAtStart(run: TokenRun, node: FlowNode, instance: ElementInstance): boolean {
    return hold(run, node, instance, { eventType: 'start', index: 0 });
  },

  /** After the output mappings: true when an end listener now holds the element (a multi-instance body has none of its own). */
  holdAtEnd(run: TokenRun, node: FlowNode, instance: ElementInstance, result: Record<string, unknown>, flowIds?: string[]): boolean {
    if (instance.loop !== undefined) return false;
    return hold(run, node, instance, { eventType: 'end', index: 0, result, ...(flowIds ? { flowIds } : {}) });
  },

  /** After a user task's details are resolved: true when a `creating` listener keeps it from opening. */
  holdCreating(run: TokenRun, node: FlowNode, instance: ElementInstance): boolean {
    return hold(run, node, instance, { eventType: 'creating', index: 0 });
  },

  /** A completion request for an open user task: its `completing` listeners first, then the completion. */
  completeUserTask(run: TokenRun, instance: ElementInstance, variables: Record<string, unknown>): void {
    if (!hold(run, run.node(instance.elementId), instance, { eventType: 'completing', index: 0, result: variables }))
      run.complete(instance, variables);
  },

  /** The active instance waiting for a listener job with this key, if any (a late answer finds none). */
  waiting(run: TokenRun, elementInstanceKey: number): ElementInstance | undefined {
    return run.state.elementInstances.find((i) => i.key === elementInstanceKey && i.state === 'active' && i.listener);
  },

  completed(run: TokenRun, instance: ElementInstance, variables: Record<string, unknown>): void {
    const pending = instance.listener!;
    // Task listeners answer with corrections and denials in Camunda 8, never variables, so none merge.
    if (pending.eventType === 'start' || pending.eventType === 'end') run.variables.propagate(instance.key, variables);
    const node = run.node(instance.elementId);
    if (pending.index + 1 < listenersOf(node, pending.eventType).length) {
      instance.listener = { ...pending, index: pending.index + 1 };
      send(run, node, instance);
      return;
    }
    delete instance.listener;
    switch (pending.eventType) {
      case 'start':
        run.execute(node, instance);
        return;
      case 'end':
        run.complete(instance, pending.result ?? {}, pending.flowIds, true);
        return;
      case 'creating':
        return; // the task is open now
      case 'completing':
        run.complete(instance, pending.result ?? {});
        return;
    }
  },

  failed(run: TokenRun, instance: ElementInstance, message: string): void {
    const task = instance.listener!.eventType === 'creating' || instance.listener!.eventType === 'completing';
    run.raiseIncident(instance, task ? 'TASK_LISTENER_NO_RETRIES' : 'EXECUTION_LISTENER_NO_RETRIES', message);
  },

  /** After its incident is resolved: the listener that failed runs again. */
  resend(run: TokenRun, instance: ElementInstance): void {
    send(run, run.node(instance.elementId), instance);
  },
};

/** The listener job an element instance waits for now, if any (what explain-waits names). */
export function pendingListenerJob(node: FlowNode, instance: ElementInstance): ListenerJob | undefined {
  return instance.listener ? listenersOf(node, instance.listener.eventType)[instance.listener.index] : undefined;
}

function listenersOf(node: FlowNode, eventType: PendingListener['eventType']): ListenerJob[] {
  if (eventType === 'start' || eventType === 'end') return (node.executionListeners ?? []).filter((l) => l.eventType === eventType);
  return node.kind === 'userTask' ? (node.taskListeners ?? []).filter((l) => l.eventType === eventType) : [];
}

function hold(run: TokenRun, node: FlowNode, instance: ElementInstance, pending: PendingListener): boolean {
  if (listenersOf(node, pending.eventType).length === 0) return false;
  instance.listener = pending;
  send(run, node, instance);
  return true;
}

function send(run: TokenRun, node: FlowNode, instance: ElementInstance): void {
  const pending = instance.listener!;
  const listener = listenersOf(node, pending.eventType)[pending.index]!;
  const elementHeaders = node.kind === 'serviceTask' ? node.headers : {};
  // A completing listener sees the completion's variables over the task's, as in Camunda 8.
  const completion = pending.eventType === 'completing' ? pending.result : undefined;
  run.commands.push({
    type: 'listener.execute',
    elementInstanceKey: instance.key,
    elementId: node.id,
    listenerKind: pending.eventType === 'start' || pending.eventType === 'end' ? 'execution' : 'task',
    eventType: pending.eventType,
    jobType: listener.type,
    retries: listener.retries,
    headers: { ...elementHeaders, ...listener.headers },
    variables: { ...run.variables.visible(instance), ...completion },
  });
}
