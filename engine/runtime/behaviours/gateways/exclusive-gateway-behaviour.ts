import type { ExclusiveGatewayNode } from '../../../compiler/process-graph';
import { evaluateCondition } from '../../../feel/feel';
import { describeError } from '../../describe-error';
import type { Behaviour } from '../behaviour';

/**
 * BPMN 2.0 §13.3.2: the first outgoing flow (in document order) whose condition is true is taken,
 * else the default flow. No match and no default is an incident, as in Zeebe, not a silent stop.
 * A merging exclusive gateway passes every token straight through.
 */
export const ExclusiveGatewayBehaviour: Behaviour<ExclusiveGatewayNode> = {
  execute(run, node, instance) {
    if (node.outgoing.length <= 1) {
      run.complete(instance);
      return;
    }
    const variables = run.visibleVariables(instance);
    for (const flowId of node.outgoing) {
      if (flowId === node.defaultFlowId) continue;
      const flow = run.graph.flows[flowId]!;
      let taken: boolean;
      try {
        taken = evaluateCondition(flow.condition ?? 'false', variables);
      } catch (err) {
        run.raiseIncident(instance, 'CONDITION_ERROR', `flow ${flowId}: ${describeError(err)}`);
        return;
      }
      if (taken) {
        run.complete(instance, {}, [flowId]);
        return;
      }
    }
    if (node.defaultFlowId) {
      run.complete(instance, {}, [node.defaultFlowId]);
      return;
    }
    run.raiseIncident(instance, 'CONDITION_ERROR', 'no outgoing flow condition is true and the gateway has no default flow');
  },
};
