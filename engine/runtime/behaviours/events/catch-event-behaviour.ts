import type { IntermediateCatchEventNode, ReceiveTaskNode } from '../../../compiler/process-graph';
import { EventTriggers } from '../../event-triggers';
import type { Behaviour } from '../behaviour';

/**
 * Intermediate timer, message and signal catch events and receive tasks: a wait state until the
 * trigger happens (EventTriggers). Reached from an event-based gateway, the event has already
 * happened and completes at once. A link catch event is only a landing point: it passes through.
 */
export const CatchEventBehaviour: Behaviour<IntermediateCatchEventNode | ReceiveTaskNode> = {
  execute(run, node, instance) {
    const pending = run.pendingTrigger;
    if (pending?.elementId === node.id) {
      run.pendingTrigger = undefined;
      run.complete(instance, pending.variables);
      return;
    }
    if (node.trigger.type === 'link') {
      run.complete(instance);
      return;
    }
    EventTriggers.arm(run, instance, node.id, node.trigger);
  },
};
