import type { FlowNode, FlowNodeKind } from '../../compiler/process-graph';
import type { Behaviour } from './behaviour';
import { CatchEventBehaviour } from './events/catch-event-behaviour';
import { EndEventBehaviour } from './events/end-event-behaviour';
import { NoneEventBehaviour } from './events/none-event-behaviour';
import { ThrowEventBehaviour } from './events/throw-event-behaviour';
import { EventBasedGatewayBehaviour } from './gateways/event-based-gateway-behaviour';
import { ExclusiveGatewayBehaviour } from './gateways/exclusive-gateway-behaviour';
import { InclusiveGatewayBehaviour } from './gateways/inclusive-gateway-behaviour';
import { ParallelGatewayBehaviour } from './gateways/parallel-gateway-behaviour';
import { SubProcessBehaviour } from './subprocess-behaviour';
import { BusinessRuleTaskBehaviour } from './tasks/business-rule-task-behaviour';
import { CallActivityBehaviour } from './tasks/call-activity-behaviour';
import { PassThroughTaskBehaviour } from './tasks/pass-through-task-behaviour';
import { ScriptTaskBehaviour } from './tasks/script-task-behaviour';
import { ServiceTaskBehaviour } from './tasks/service-task-behaviour';
import { UserTaskBehaviour } from './tasks/user-task-behaviour';

/** Each kind of node with the behaviour written for that kind (`task` and `manualTask` share one node type). */
const behaviours: { [K in FlowNodeKind]: Behaviour<Extract<FlowNode, { kind: K }>> } = {
  startEvent: NoneEventBehaviour,
  endEvent: EndEventBehaviour,
  boundaryEvent: NoneEventBehaviour,
  task: PassThroughTaskBehaviour,
  manualTask: PassThroughTaskBehaviour,
  userTask: UserTaskBehaviour,
  serviceTask: ServiceTaskBehaviour,
  scriptTask: ScriptTaskBehaviour,
  businessRuleTask: BusinessRuleTaskBehaviour,
  exclusiveGateway: ExclusiveGatewayBehaviour,
  parallelGateway: ParallelGatewayBehaviour,
  inclusiveGateway: InclusiveGatewayBehaviour,
  subProcess: SubProcessBehaviour,
  eventSubProcess: SubProcessBehaviour,
  callActivity: CallActivityBehaviour,
  intermediateCatchEvent: CatchEventBehaviour,
  receiveTask: CatchEventBehaviour,
  intermediateThrowEvent: ThrowEventBehaviour,
  eventBasedGateway: EventBasedGatewayBehaviour,
};

export function behaviourFor(kind: FlowNodeKind): Behaviour {
  // The caller passes the node whose kind it looked up, so the pairing above holds; TypeScript cannot follow it.
  return behaviours[kind] as Behaviour;
}
