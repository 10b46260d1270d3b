import type { ScriptTaskNode } from '../../../compiler/process-graph';
import type { Behaviour } from '../behaviour';

/** Zeebe's FEEL script task: evaluate the expression, store it as the result variable, move on. */
export const ScriptTaskBehaviour: Behaviour<ScriptTaskNode> = {
  execute(run, node, instance) {
    const result = run.evaluate(instance, node.expression);
    if (!result.ok) return;
    run.complete(instance, { [node.resultVariable]: result.value });
  },
};
