import type { ParallelGatewayNode } from '../../../compiler/process-graph';
import type { Behaviour } from '../behaviour';

/**
 * BPMN 2.0 §13.3.4: a join fires once a token has arrived on every incoming flow, consuming one token
 * per flow (extra tokens on the same flow wait for the next firing); a fork sends one token per outgoing flow.
 */
export const ParallelGatewayBehaviour: Behaviour<ParallelGatewayNode> = {
  arrive(run, node, viaFlowId, scopeKey) {
    if (node.incoming.length <= 1 || viaFlowId === undefined) return true;
    const key = run.joinKey(scopeKey, node.id);
    const arrived = (run.state.joins[key] ??= []);
    arrived.push(viaFlowId);
    if (!node.incoming.every((flowId) => arrived.includes(flowId))) return false;
    for (const flowId of node.incoming) arrived.splice(arrived.indexOf(flowId), 1);
    if (arrived.length === 0) delete run.state.joins[key];
    return true;
  },
  execute(run, _node, instance) {
    run.complete(instance);
  },
};
