import type { FlowNode, InclusiveGatewayNode, ProcessGraph } from '../../../compiler/process-graph';
import type { Run } from '../../run';
import type { Behaviour } from '../behaviour';
import { chooseFlows } from './choose-flows';

/**
 * BPMN 2.0 §13.3.3. Fork: every outgoing flow whose condition is true (else the default).
 * Join: fires once at least one token waits and no other token in the same scope can still reach
 * the gateway on a flow that has none yet; checked on arrival and again whenever tokens settle,
 * since a branch that ends elsewhere can make a waiting join ready.
 */
export const InclusiveGatewayBehaviour: Behaviour<InclusiveGatewayNode> = {
  arrive(run, node, viaFlowId, scopeKey) {
    if (node.incoming.length <= 1 || viaFlowId === undefined) return true;
    (run.state.joins[run.joinKey(scopeKey, node.id)] ??= []).push(viaFlowId);
    return false; // fired by settle(), once the step's other tokens have moved
  },
  execute(run, node, instance) {
    const flows = chooseFlows(run, node, instance, false);
    if (flows) run.complete(instance, {}, flows);
  },
  settle(run) {
    for (const [key, arrived] of Object.entries(run.state.joins)) {
      const slash = key.lastIndexOf('/');
      const gatewayId = key.slice(slash + 1);
      const node = run.graph.elements[gatewayId];
      if (node?.kind !== 'inclusiveGateway' || arrived.length === 0) continue;
      const scopeKey = key.slice(0, slash) === 'root' ? undefined : Number(key.slice(0, slash));
      if (canStillArrive(run, node, scopeKey, arrived)) continue;
      const consumed = [...new Set(arrived)];
      for (const flowId of consumed) arrived.splice(arrived.indexOf(flowId), 1);
      if (arrived.length === 0) delete run.state.joins[key];
      const instance = run.createInstance(node, scopeKey);
      InclusiveGatewayBehaviour.execute(run, node, instance);
      return true;
    }
    return false;
  },
};

/** Is any active token of the scope upstream of the gateway, on a path that avoids it? */
function canStillArrive(run: Run, gateway: FlowNode, scopeKey: number | undefined, arrived: string[]): boolean {
  const waitingFlows = new Set(arrived);
  const sources = run.state.elementInstances
    .filter((i) => i.state === 'active' && i.scopeKey === scopeKey && i.bodyKey === undefined)
    .map((i) => i.elementId);
  // Tokens waiting at other joins of the same scope are upstream too.
  const prefix = `${scopeKey ?? 'root'}/`;
  for (const [key, flows] of Object.entries(run.state.joins)) {
    if (key.startsWith(prefix) && flows.length && key !== `${prefix}${gateway.id}`) sources.push(key.slice(prefix.length));
  }
  return sources.some((source) => reaches(run.graph, source, gateway.id, waitingFlows));
}

function reaches(graph: ProcessGraph, from: string, gatewayId: string, waitingFlows: Set<string>): boolean {
  const seen = new Set<string>([from]);
  const queue = [from];
  while (queue.length) {
    const node = graph.elements[queue.shift()!]!;
    const next = [...node.outgoing, ...(node.boundaryEventIds ?? []).flatMap((b) => graph.elements[b]!.outgoing)];
    for (const flowId of next) {
      const flow = graph.flows[flowId]!;
      if (flow.targetId === gatewayId) {
        if (!waitingFlows.has(flowId)) return true;
        continue;
      }
      if (!seen.has(flow.targetId)) {
        seen.add(flow.targetId);
        queue.push(flow.targetId);
      }
    }
  }
  return false;
}
