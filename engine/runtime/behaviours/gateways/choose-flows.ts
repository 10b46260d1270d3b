import type { ExclusiveGatewayNode, InclusiveGatewayNode } from '../../../compiler/process-graph';
import { evaluateCondition } from '../../../feel/feel';
import { describeError } from '../../describe-error';
import type { ElementInstance } from '../../process-state';
import type { Run } from '../../run';

/**
 * The outgoing flows a diverging gateway takes: in document order, the first true one (exclusive) or
 * every true one (inclusive); else the default flow. No flow at all, or a condition that is not a
 * boolean, raises an incident on the gateway and returns undefined.
 *
 * Only a gateway's sole flow without a condition (a merge) is taken unasked, as in Camunda 8; a sole
 * flow's condition is evaluated like any other. Instances recorded before `soleFlowConditions` took a
 * sole flow whatever its condition said, and replay so.
 */
export function chooseFlows(
  run: Run,
  node: ExclusiveGatewayNode | InclusiveGatewayNode,
  instance: ElementInstance,
  firstOnly: boolean,
): string[] | undefined {
  if (node.outgoing.length === 0) return node.outgoing; // an implicit end of the scope
  if (node.outgoing.length === 1 && !asksSoleFlow(run, node)) return node.outgoing;
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
  run.raiseIncident(
    instance,
    'CONDITION_ERROR',
    `no outgoing flow condition is true and the gateway has no default flow${soleFlow(run, node)}`,
  );
  return undefined;
}

/** Whether the gateway's only outgoing flow has a condition to evaluate, rather than being taken unasked. */
function asksSoleFlow(run: Run, node: ExclusiveGatewayNode | InclusiveGatewayNode): boolean {
  const flowId = node.outgoing[0]!;
  if (flowId === node.defaultFlowId || run.graph.flows[flowId]!.condition === undefined) return false;
  if (!run.soleFlowConditions) return false;
  // Reported even when the condition holds: the step may differ from before (FEEL warnings, budget spent).
  run.soleFlowConditionsAffected = true;
  return true;
}

/** A gateway with one flow says which condition was false: there is no other to look at. */
function soleFlow(run: Run, node: ExclusiveGatewayNode | InclusiveGatewayNode): string {
  if (node.outgoing.length !== 1) return '';
  const flowId = node.outgoing[0]!;
  return ` (its only outgoing flow ${flowId} has the condition "${run.graph.flows[flowId]!.condition}")`;
}
