import type { FlowNode, FlowNodeKind } from '../../../engine/compiler';

/** Camunda 8's element instance `type`, every value its API names (`ElementInstanceResult.type`). */
export const CAMUNDA_ELEMENT_TYPES = [
  'UNSPECIFIED',
  'PROCESS',
  'SUB_PROCESS',
  'EVENT_SUB_PROCESS',
  'AD_HOC_SUB_PROCESS',
  'AD_HOC_SUB_PROCESS_INNER_INSTANCE',
  'START_EVENT',
  'INTERMEDIATE_CATCH_EVENT',
  'INTERMEDIATE_THROW_EVENT',
  'BOUNDARY_EVENT',
  'END_EVENT',
  'SERVICE_TASK',
  'RECEIVE_TASK',
  'USER_TASK',
  'MANUAL_TASK',
  'TASK',
  'EXCLUSIVE_GATEWAY',
  'INCLUSIVE_GATEWAY',
  'PARALLEL_GATEWAY',
  'EVENT_BASED_GATEWAY',
  'SEQUENCE_FLOW',
  'MULTI_INSTANCE_BODY',
  'CALL_ACTIVITY',
  'BUSINESS_RULE_TASK',
  'SCRIPT_TASK',
  'SEND_TASK',
  'UNKNOWN',
] as const;

export type CamundaElementType = (typeof CAMUNDA_ELEMENT_TYPES)[number];

/**
 * Each compiled BPMN kind by Camunda's name. A send task compiles to a service task (both are jobs), so
 * it is answered as one; a sub-process is `AD_HOC_SUB_PROCESS` when it is ad-hoc.
 */
const TYPE_OF_KIND: Record<FlowNodeKind, CamundaElementType> = {
  startEvent: 'START_EVENT',
  endEvent: 'END_EVENT',
  task: 'TASK',
  manualTask: 'MANUAL_TASK',
  userTask: 'USER_TASK',
  serviceTask: 'SERVICE_TASK',
  scriptTask: 'SCRIPT_TASK',
  businessRuleTask: 'BUSINESS_RULE_TASK',
  exclusiveGateway: 'EXCLUSIVE_GATEWAY',
  parallelGateway: 'PARALLEL_GATEWAY',
  inclusiveGateway: 'INCLUSIVE_GATEWAY',
  eventBasedGateway: 'EVENT_BASED_GATEWAY',
  subProcess: 'SUB_PROCESS',
  eventSubProcess: 'EVENT_SUB_PROCESS',
  callActivity: 'CALL_ACTIVITY',
  boundaryEvent: 'BOUNDARY_EVENT',
  intermediateCatchEvent: 'INTERMEDIATE_CATCH_EVENT',
  intermediateThrowEvent: 'INTERMEDIATE_THROW_EVENT',
  receiveTask: 'RECEIVE_TASK',
};

/**
 * The Camunda type of an element instance of `node`: a multi-instance activity's body (the instance
 * that is not one of its inner ones) is `MULTI_INSTANCE_BODY`, as in Camunda; an element the graph
 * does not have (it cannot be told what it was) is `UNKNOWN`.
 */
export function camundaTypeOf(node: FlowNode | undefined, innerOfBody: boolean): CamundaElementType {
  if (!node) return 'UNKNOWN';
  if (node.multiInstance && !innerOfBody) return 'MULTI_INSTANCE_BODY';
  if (node.kind === 'subProcess' && node.adHoc) return 'AD_HOC_SUB_PROCESS';
  return TYPE_OF_KIND[node.kind];
}
