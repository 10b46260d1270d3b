import type { EventBasedGatewayNode } from '../../../compiler/process-graph';
import { EventTriggers } from '../../event-triggers';
import type { Behaviour } from '../behaviour';

/**
 * BPMN §13.3.5: the gateway waits on every catch event its flows lead to. The first one triggered
 * wins: the gateway completes along that flow only, which withdraws the other timers and
 * subscriptions in the same step, so a second event arriving later finds nothing to trigger.
 */
export const EventBasedGatewayBehaviour: Behaviour<EventBasedGatewayNode> = {
  execute(run, node, instance) {
    for (const flowId of node.outgoing) {
      const target = run.node(run.graph.flows[flowId]!.targetId);
      const trigger = target.kind === 'intermediateCatchEvent' || target.kind === 'receiveTask' ? target.trigger : undefined;
      if (!trigger || trigger.type === 'link') continue; // refused by the compiler
      if (!EventTriggers.arm(run, instance, target.id, trigger)) return;
    }
  },
};
