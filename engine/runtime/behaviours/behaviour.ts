import type { FlowNode } from '../../compiler/process-graph';
import type { ElementInstance } from '../process-state';
import type { Run } from '../run';

/** How one kind of flow node behaves when a token reaches it. */
export interface Behaviour<N extends FlowNode = FlowNode> {
  /**
   * Runs before an element instance exists; returning false swallows the token (a join still waiting
   * for its other branches).
   */
  arrive?(run: Run, node: N, viaFlowId: string | undefined, scopeKey: number | undefined): boolean;
  /** Either completes the instance at once, or leaves it active as a wait state. */
  execute(run: Run, node: N, instance: ElementInstance): void;
  /** Called once the tokens of a step have settled; returns true when it moved a token (joins that became ready). */
  settle?(run: Run): boolean;
}
