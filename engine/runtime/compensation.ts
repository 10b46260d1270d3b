import type { BoundaryEventNode, CompensationBoundaryTrigger, FlowNode } from '../compiler/process-graph';
import { MultiInstanceBody } from './multi-instance';
import type { ElementInstance } from './process-state';
import type { Run } from './run';

type CompensationBoundary = BoundaryEventNode & { trigger: CompensationBoundaryTrigger };

/**
 * BPMN compensation as Camunda 8 runs it. A completed activity with a compensation boundary event can
 * be undone later by its compensation handler; a compensation throw or end event undoes the completed
 * activities of its scope (and of the completed embedded subprocesses inside it, at any depth), or
 * only `activityRef`, and waits until their handlers have completed. Active, terminated and
 * never-run activities are not compensated, and no activity instance is compensated twice.
 *
 * Two choices where Camunda 8 leaves the order open: the handlers run one at a time, the most
 * recently completed activity first (a saga undoes in reverse), where Camunda starts them all at
 * once; and a handler sees the variables as they are now, not as they were when the activity
 * completed, which is what Camunda does too. A multi-instance activity is compensated once, for the
 * whole body, and only once every inner instance completed (Camunda 8's rule).
 */
export const Compensation = {
  /** The compensation boundary event attached to `node`, if it has one. */
  boundaryOf(run: Run, node: FlowNode | undefined): CompensationBoundary | undefined {
    for (const id of node?.boundaryEventIds ?? []) {
      const boundary = run.graph.elements[id];
      if (boundary?.kind === 'boundaryEvent' && boundary.trigger.type === 'compensation') return boundary as CompensationBoundary;
    }
    return undefined;
  },

  /** From TokenRun.complete: an activity that can be compensated records when it completed. */
  recordCompletion(run: Run, node: FlowNode, instance: ElementInstance): void {
    if (instance.bodyKey === undefined && Compensation.boundaryOf(run, node)) instance.completionKey = run.state.nextKey++;
  },

  /** A compensation throw or end event was reached: queue what it undoes and start the first handler. */
  throw(run: Run, event: ElementInstance, activityRef: string | undefined): void {
    const due = compensable(run, scopeKeyOf(run, event), activityRef).sort((a, b) => b.completionKey! - a.completionKey!);
    for (const activity of due) activity.compensated = true;
    event.compensation = { queue: due.map((a) => a.key) };
    startNext(run, event);
  },

  /** From TokenRun.complete: a handler is done; the event that started it runs the next one, or moves on. */
  handlerCompleted(run: Run, handler: ElementInstance): void {
    const event = run.state.elementInstances.find((i) => i.state === 'active' && i.compensation?.handlerKey === handler.key);
    if (!event) return;
    delete event.compensation!.handlerKey;
    startNext(run, event);
  },
};

/** Inside an event subprocess, compensation reaches the scope around it (Camunda 8). */
function scopeKeyOf(run: Run, event: ElementInstance): number | undefined {
  const scope = event.scopeKey === undefined ? undefined : run.instance(event.scopeKey);
  return scope?.kind === 'eventSubProcess' ? scope.scopeKey : event.scopeKey;
}

/** The completed, not yet compensated activity instances with a handler, in the scope and the completed subprocesses below it. */
function compensable(run: Run, scopeKey: number | undefined, activityRef: string | undefined): ElementInstance[] {
  const found: ElementInstance[] = [];
  const completedIn = (key: number | undefined) =>
    run.state.elementInstances.filter((i) => i.scopeKey === key && i.bodyKey === undefined && i.state === 'completed');
  const visit = (instance: ElementInstance) => {
    // A completed instance may belong to an element a migration removed: there is no handler to run then.
    if (
      instance.completionKey !== undefined &&
      !instance.compensated &&
      Compensation.boundaryOf(run, run.graph.elements[instance.elementId])
    )
      found.push(instance);
    if (instance.kind !== 'subProcess') return;
    // A multi-instance subprocess body: each completed inner instance is a scope of its own.
    const scopes = instance.loop
      ? run.state.elementInstances.filter((i) => i.bodyKey === instance.key && i.state === 'completed')
      : [instance];
    for (const scope of scopes) completedIn(scope.key).forEach(visit);
  };
  completedIn(scopeKey)
    .filter((i) => activityRef === undefined || i.elementId === activityRef)
    .forEach(visit);
  return found;
}

/**
 * The compensation boundary event is entered and left at once (so views show what was compensated),
 * then the handler starts beside the throwing event, seeing the variables of its scope.
 */
function startNext(run: Run, event: ElementInstance): void {
  const progress = event.compensation!;
  const activityKey = progress.queue.shift();
  if (activityKey === undefined) {
    delete event.compensation;
    run.complete(event);
    return;
  }
  const boundary = Compensation.boundaryOf(run, run.node(run.instance(activityKey)!.elementId))!;
  const caught = run.createInstance(boundary, event.scopeKey);
  caught.state = 'completed';
  caught.leftAt = run.now;
  const handlerNode = run.node(boundary.trigger.handlerId);
  const handler = run.createInstance(handlerNode, event.scopeKey);
  // Before it runs: a handler that completes at once (a script, a manual task) reports back through this key.
  progress.handlerKey = handler.key;
  if (handlerNode.multiInstance) MultiInstanceBody.start(run, handlerNode, handler);
  else run.activate(handlerNode, handler);
}
