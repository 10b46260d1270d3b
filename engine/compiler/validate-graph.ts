import { findFeelSyntaxError, isFeelExpression, stripFeelMarker } from '../feel/feel';
import type { CompileProblem } from './compile-problem';
import type { FlowNode, ProcessGraph } from './process-graph';

/**
 * Structural and expression checks on a compiled graph: what would make an instance get stuck or
 * fail in ways the process owner can fix before deploying.
 */
export function validateGraph(graph: ProcessGraph): CompileProblem[] {
  const problems: CompileProblem[] = [];
  const at = (node: FlowNode | undefined, message: string, code: string, field?: string) =>
    problems.push({ elementId: node?.id, elementName: node?.name, message, code, ...(field ? { field } : {}) });

  if (
    graph.startEventIds.length === 0 &&
    !graph.messageStartEvents?.length &&
    !graph.signalStartEvents?.length &&
    !graph.timerStartEvents?.length
  ) {
    problems.push({
      message: 'the process has no none, message, signal or timer start event, so no instance can be started',
      code: 'NO_START_EVENT',
    });
  }
  const messageNames = (graph.messageStartEvents ?? []).map((m) => m.messageName);
  if (new Set(messageNames).size !== messageNames.length) {
    problems.push({
      message: 'two message start events wait for the same message; a message must choose one',
      code: 'DUPLICATE_MESSAGE_START',
    });
  }
  if (graph.startEventIds.length > 1) {
    problems.push({
      message: `the process has ${graph.startEventIds.length} none start events (${graph.startEventIds.join(', ')}); keep one`,
      code: 'MULTIPLE_START_EVENTS',
    });
  }

  for (const node of Object.values(graph.elements)) {
    if (node.kind === 'startEvent' && node.incoming.length)
      at(node, 'a start event cannot have incoming sequence flows', 'START_WITH_INCOMING');
    if (node.kind === 'endEvent' && node.outgoing.length) at(node, 'an end event cannot have outgoing sequence flows', 'END_WITH_OUTGOING');
    checkExpressions(node, at);
    if (node.kind === 'exclusiveGateway' || node.kind === 'inclusiveGateway') checkDivergingGateway(graph, node, at);
    if (node.kind === 'eventSubProcess' && (node.incoming.length || node.outgoing.length)) {
      at(node, 'an event subprocess cannot have incoming or outgoing sequence flows', 'EVENT_SUBPROCESS_FLOWS');
    }
    if (node.kind === 'eventBasedGateway') {
      if (node.outgoing.length < 2) at(node, 'an event-based gateway needs at least two outgoing flows', 'EVENT_GATEWAY_FLOWS');
      for (const flowId of node.outgoing) {
        const target = graph.elements[graph.flows[flowId]!.targetId];
        const waits = target?.kind === 'receiveTask' || (target?.kind === 'intermediateCatchEvent' && target.trigger.type !== 'link');
        if (!waits)
          at(node, `outgoing flow ${flowId} must lead to a timer, message or signal catch event or a receive task`, 'EVENT_GATEWAY_TARGET');
        else if (target.incoming.length > 1)
          at(target, 'an event after an event-based gateway must have only that incoming flow', 'EVENT_GATEWAY_TARGET');
      }
    }
    if (node.kind === 'parallelGateway') {
      for (const flowId of node.outgoing) {
        const flow = graph.flows[flowId]!;
        if (flow.condition)
          at(
            node,
            `outgoing flow ${flowId} of a parallel gateway cannot have a condition`,
            'CONDITION_ON_PARALLEL_FLOW',
            'conditionExpression',
          );
      }
    }
    if (node.kind !== 'exclusiveGateway' && node.kind !== 'inclusiveGateway') {
      for (const flowId of node.outgoing) {
        const flow = graph.flows[flowId]!;
        if (flow.condition && node.kind !== 'parallelGateway') {
          problems.push({
            elementId: flowId,
            message: 'conditional sequence flows are only supported after an exclusive or inclusive gateway',
            code: 'UNSUPPORTED_CONDITIONAL_FLOW',
            field: 'conditionExpression',
          });
        }
      }
    }
  }

  for (const id of unreachable(graph)) {
    at(graph.elements[id], 'cannot be reached from the start event', 'UNREACHABLE_ELEMENT');
  }
  return problems;
}

type Report = (node: FlowNode | undefined, message: string, code: string, field?: string) => void;

function checkDivergingGateway(graph: ProcessGraph, gw: Extract<FlowNode, { kind: 'exclusiveGateway' | 'inclusiveGateway' }>, at: Report) {
  if (gw.defaultFlowId && !gw.outgoing.includes(gw.defaultFlowId)) {
    at(gw, `default flow ${gw.defaultFlowId} is not an outgoing flow of this gateway`, 'INVALID_DEFAULT_FLOW', 'default');
  }
  if (gw.outgoing.length < 2) {
    // A sole flow with a condition is evaluated like any other (Camunda 8); without one it is simply taken.
    const soleFlowId = gw.outgoing[0];
    const condition = soleFlowId === undefined || soleFlowId === gw.defaultFlowId ? undefined : graph.flows[soleFlowId]!.condition;
    if (condition !== undefined) checkConditionSyntax(gw, soleFlowId!, condition, at);
    return;
  }
  for (const flowId of gw.outgoing) {
    const flow = graph.flows[flowId]!;
    if (flowId === gw.defaultFlowId) {
      if (flow.condition) at(gw, `default flow ${flowId} must not have a condition`, 'CONDITION_ON_DEFAULT_FLOW', 'conditionExpression');
      continue;
    }
    if (!flow.condition) {
      const label = flow.name ? `"${flow.name}" (${flowId})` : flowId;
      at(
        gw,
        `outgoing flow ${label} to ${graph.elements[flow.targetId]?.name ?? flow.targetId} has no condition and is not the default flow`,
        'MISSING_CONDITION',
        'conditionExpression',
      );
      continue;
    }
    checkConditionSyntax(gw, flowId, flow.condition, at);
  }
}

function checkConditionSyntax(gw: FlowNode, flowId: string, condition: string, at: Report) {
  const error = findFeelSyntaxError(condition);
  if (error) at(gw, `the condition of outgoing flow ${flowId} is not valid FEEL: ${error.message}`, 'INVALID_FEEL', 'conditionExpression');
}

function checkExpressions(node: FlowNode, at: Report) {
  const check = (raw: string | undefined, field: string, alwaysExpression = false) => {
    if (raw === undefined) return;
    if (!alwaysExpression && !isFeelExpression(raw)) return;
    const error = findFeelSyntaxError(stripFeelMarker(raw));
    if (error) at(node, `${field} is not valid FEEL: ${error.message}`, 'INVALID_FEEL', field);
  };
  for (const m of node.inputs ?? []) {
    check(m.source, `zeebe:input ${m.target}`, true);
    if (!m.target) at(node, 'an input mapping has no target variable', 'INVALID_MAPPING', 'zeebe:input.target');
  }
  for (const m of node.outputs ?? []) {
    check(m.source, `zeebe:output ${m.target}`, true);
    if (!m.target) at(node, 'an output mapping has no target variable', 'INVALID_MAPPING', 'zeebe:output.target');
  }
  if (node.kind === 'scriptTask') check(node.expression, 'zeebe:script.expression', true);
  const trigger =
    node.kind === 'intermediateCatchEvent' || node.kind === 'receiveTask' || node.kind === 'boundaryEvent' ? node.trigger : undefined;
  if (trigger?.type === 'message') check(trigger.correlationKey, 'zeebe:subscription.correlationKey', true);
  if (trigger?.type === 'timer') check(trigger.timer.expression, `timerEventDefinition.${trigger.timer.kind}`);
  if (node.kind === 'userTask') {
    check(node.assignee, 'zeebe:assignmentDefinition.assignee');
    check(node.candidateGroups, 'zeebe:assignmentDefinition.candidateGroups');
    check(node.candidateUsers, 'zeebe:assignmentDefinition.candidateUsers');
    check(node.dueDate, 'zeebe:taskSchedule.dueDate');
    check(node.followUpDate, 'zeebe:taskSchedule.followUpDate');
  }
}

function unreachable(graph: ProcessGraph): string[] {
  // Event subprocesses are started by their trigger, not by a flow.
  const roots = [
    ...graph.startEventIds,
    ...(graph.messageStartEvents ?? []).map((m) => m.elementId),
    ...(graph.timerStartEvents ?? []).map((t) => t.elementId),
    ...(graph.signalStartEvents ?? []).map((t) => t.elementId),
    ...Object.values(graph.elements)
      .filter((n) => n.kind === 'eventSubProcess')
      .map((n) => n.id),
  ];
  const seen = new Set<string>(roots);
  const queue = [...roots];
  while (queue.length) {
    const node = graph.elements[queue.shift()!]!;
    // A subprocess reaches its start event, an activity its boundary events.
    const next = [
      ...node.outgoing.map((flowId) => graph.flows[flowId]!.targetId),
      ...((node.kind === 'subProcess' || node.kind === 'eventSubProcess') && node.startEventId ? [node.startEventId] : []),
      // An ad-hoc sub-process reaches the inner elements it may activate.
      ...(node.kind === 'subProcess' && node.adHoc ? node.adHoc.activatableIds : []),
      ...(node.boundaryEventIds ?? []),
      ...(node.kind === 'boundaryEvent' && node.trigger.type === 'compensation' && node.trigger.handlerId ? [node.trigger.handlerId] : []),
      ...(node.kind === 'intermediateThrowEvent' && node.result.type === 'link' && node.result.targetId ? [node.result.targetId] : []),
    ];
    for (const target of next) {
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  if (roots.length === 0) return [];
  return Object.keys(graph.elements).filter((id) => !seen.has(id));
}
