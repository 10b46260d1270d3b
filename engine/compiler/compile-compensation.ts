import type { CompileProblem } from './compile-problem';
import type { FlowNode, FlowNodeKind } from './process-graph';

/** A `bpmn:association` as the compiler needs it: how a compensation boundary event names its handler. */
export interface Association {
  id?: string;
  sourceId?: string;
  targetId?: string;
}

/** What may be compensated and what may compensate (Camunda 8: tasks, embedded subprocesses, call activities). */
const ACTIVITY_KINDS = new Set<FlowNodeKind>([
  'task',
  'manualTask',
  'userTask',
  'serviceTask',
  'scriptTask',
  'businessRuleTask',
  'receiveTask',
  'subProcess',
  'callActivity',
]);

/**
 * Compensation wiring, once every element and sequence flow is known: each compensation boundary
 * event gets the handler its association points to, and every way a diagram could compensate nothing
 * or start a handler nobody can reach is refused, naming the element.
 */
export function linkCompensation(elements: Record<string, FlowNode>, associations: Association[], problems: CompileProblem[]): void {
  const at = (node: FlowNode, message: string, code: string, field?: string) =>
    problems.push({ elementId: node.id, elementName: node.name, message, code, ...(field ? { field } : {}) });
  const boundariesOf = new Map<string, string[]>();

  for (const node of Object.values(elements)) {
    if (node.kind !== 'boundaryEvent' || node.trigger.type !== 'compensation') continue;
    if (node.outgoing.length)
      at(
        node,
        'a compensation boundary event cannot have outgoing sequence flows: connect it to its compensation handler with an association',
        'COMPENSATION_BOUNDARY_FLOWS',
      );
    const host = elements[node.attachedToId];
    const siblings = (host?.boundaryEventIds ?? []).filter((id) => {
      const b = elements[id];
      return b?.kind === 'boundaryEvent' && b.trigger.type === 'compensation';
    });
    if (siblings.length > 1 && siblings[0] !== node.id)
      at(
        node,
        `activity ${node.attachedToId} already has compensation boundary event ${siblings[0]}; an activity has at most one`,
        'MULTIPLE_COMPENSATION_BOUNDARIES',
      );
    const targets = associations.filter((a) => a.sourceId === node.id && a.targetId).map((a) => a.targetId!);
    const handlers = targets.filter((id) => elements[id]?.forCompensation);
    if (handlers.length !== 1) {
      const notMarked = targets.filter((id) => elements[id] && !elements[id]!.forCompensation);
      at(
        node,
        handlers.length > 1
          ? `is associated with ${handlers.length} compensation handlers (${handlers.join(', ')}); keep one`
          : notMarked.length
            ? `its association leads to ${notMarked.join(', ')}, which is not marked as a compensation handler (isForCompensation="true")`
            : 'a compensation boundary event needs an association to its compensation handler (an activity marked isForCompensation="true")',
        'COMPENSATION_WITHOUT_HANDLER',
      );
      continue;
    }
    const handler = elements[handlers[0]!]!;
    node.trigger.handlerId = handler.id;
    boundariesOf.set(handler.id, [...(boundariesOf.get(handler.id) ?? []), node.id]);
    if (handler.scopeId !== node.scopeId)
      at(
        handler,
        `a compensation handler must be in the same (sub)process as the activity it compensates (${node.attachedToId})`,
        'COMPENSATION_HANDLER_SCOPE',
      );
  }

  for (const node of Object.values(elements)) {
    if (node.forCompensation) checkHandler(node, boundariesOf.get(node.id) ?? [], at);
    const result = node.kind === 'intermediateThrowEvent' || node.kind === 'endEvent' ? node.result : undefined;
    if (result?.type === 'compensation' && result.activityRef) checkActivityRef(elements, node, result.activityRef, at);
  }
}

type Report = (node: FlowNode, message: string, code: string, field?: string) => void;

function checkHandler(node: FlowNode, boundaries: string[], at: Report): void {
  if (!ACTIVITY_KINDS.has(node.kind)) {
    at(
      node,
      `a ${node.kind} cannot be a compensation handler; use a task, an embedded subprocess or a call activity`,
      'COMPENSATION_HANDLER_KIND',
    );
    return;
  }
  if (boundaries.length === 0)
    at(
      node,
      'a compensation handler needs an association from a compensation boundary event; without one nothing ever starts it',
      'COMPENSATION_HANDLER_WITHOUT_BOUNDARY',
    );
  if (boundaries.length > 1)
    at(
      node,
      `a compensation handler serves one compensation boundary event, not ${boundaries.length} (${boundaries.join(', ')})`,
      'COMPENSATION_HANDLER_SHARED',
    );
  if (node.incoming.length || node.outgoing.length)
    at(
      node,
      'a compensation handler cannot have incoming or outgoing sequence flows; only compensation starts it',
      'COMPENSATION_HANDLER_FLOWS',
    );
  if (node.boundaryEventIds?.length) at(node, 'a compensation handler cannot have boundary events', 'COMPENSATION_HANDLER_BOUNDARY');
}

/** Camunda 8: the referenced activity is in the thrower's scope and has a compensation boundary event or is a subprocess. */
function checkActivityRef(elements: Record<string, FlowNode>, thrower: FlowNode, activityRef: string, at: Report): void {
  const field = 'compensateEventDefinition.activityRef';
  const target = elements[activityRef];
  const scopeId = compensationScopeId(elements, thrower);
  if (!target) {
    at(thrower, `activityRef "${activityRef}" is not an element of this process`, 'COMPENSATION_ACTIVITY_REF', field);
  } else if (!ACTIVITY_KINDS.has(target.kind) || target.forCompensation) {
    at(
      thrower,
      `activityRef "${activityRef}" is a ${target.forCompensation ? 'compensation handler' : target.kind}, not an activity that can be compensated`,
      'COMPENSATION_ACTIVITY_REF',
      field,
    );
  } else if (target.scopeId !== scopeId) {
    const where = target.scopeId ? `in subprocess ${target.scopeId}` : 'at the process level';
    at(
      thrower,
      `activityRef "${activityRef}" is ${where}, but this event compensates ${scopeId ? `subprocess ${scopeId}` : 'the process level'}; it can only name an activity of its own scope`,
      'COMPENSATION_ACTIVITY_REF',
      field,
    );
  } else if (target.kind !== 'subProcess' && !hasCompensationBoundary(elements, target)) {
    at(
      thrower,
      `activityRef "${activityRef}" has no compensation boundary event, so there is nothing to compensate`,
      'COMPENSATION_ACTIVITY_REF',
      field,
    );
  }
}

/**
 * The scope a compensation event compensates: its own (sub)process, except inside an event
 * subprocess, where it is the scope around the event subprocess (as in Camunda 8).
 */
export function compensationScopeId(elements: Record<string, FlowNode>, thrower: FlowNode): string | undefined {
  const scope = thrower.scopeId ? elements[thrower.scopeId] : undefined;
  return scope?.kind === 'eventSubProcess' ? scope.scopeId : thrower.scopeId;
}

export function hasCompensationBoundary(elements: Record<string, FlowNode>, node: FlowNode): boolean {
  return (node.boundaryEventIds ?? []).some((id) => {
    const b = elements[id];
    return b?.kind === 'boundaryEvent' && b.trigger.type === 'compensation';
  });
}
