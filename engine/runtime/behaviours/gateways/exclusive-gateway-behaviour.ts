import type { ExclusiveGatewayNode } from '../../../compiler/process-graph';
import type { Behaviour } from '../behaviour';
import { chooseFlows } from './choose-flows';

/**
 * BPMN 2.0 §13.3.2: the first outgoing flow (in document order) whose condition is true is taken,
 * else the default flow. A merging exclusive gateway passes every token straight through.
 */
export const ExclusiveGatewayBehaviour: Behaviour<ExclusiveGatewayNode> = {
  execute(run, node, instance) {
    const flows = chooseFlows(run, node, instance, true);
    if (flows) run.complete(instance, {}, flows);
  },
};
