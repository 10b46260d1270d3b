import type { ExclusiveGatewayNode, InclusiveGatewayNode } from '../../../compiler/process-graph';
import { evaluateCondition } from '../../../feel/feel';
import { describeError } from '../../describe-error';
import type { ElementInstance } from '../../process-state';
import type { TokenRun } from '../../token-run';

/**
 * The outgoing flows a diverging gateway takes: in document order, the first true one (exclusive) or
 * every true one (inclusive); else the default flow. No flow at all, or a condition that is not a
 * boolean, raises an incident on the gateway and returns undefined.
 */
export function chooseFlows(
  run: TokenRun,
  node: ExclusiveGatewayNode | InclusiveGatewayNode,
  instance: ElementInstance,
  firstOnly: boolean,
): string[] | undefined {
  if (node.outgoing.length <= 1) return node.outgoing;
  const variables = run.variables.visible(instance);
  const taken: string[] = [];
  for (const flowId of node.outgoing) {
    if (flowId === node.defaultFlowId) continue;
    const flow = run.graph.flows[flowId]!;
    try {
      const condition = flow.condition ?? 'false';
      if (!evaluateCondition(condition, variables, run.feel, (w) => run.noteFeelWarnings(instance, condition, w))) continue;
    } catch (err) {
      run.raiseIncident(instance, 'CONDITION_ERROR', `flow ${flowId}: ${describeError(err)}`);
      return undefined;
    }
    taken.push(flowId);
    if (firstOnly) break;
  }
  if (taken.length) return taken;
  if (node.defaultFlowId) return [node.defaultFlowId];
  run.raiseIncident(instance, 'CONDITION_ERROR', 'no outgoing flow condition is true and the gateway has no default flow');
  return undefined;
}
