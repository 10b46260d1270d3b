import type { BusinessRuleTaskNode } from '../../../compiler/process-graph';
import type { Behaviour } from '../behaviour';

/**
 * A wait state while the shell evaluates the latest deployed version of the decision (Zeebe's default
 * binding); the decision's result lands in the result variable.
 */
export const BusinessRuleTaskBehaviour: Behaviour<BusinessRuleTaskNode> = {
  execute(run, node, instance) {
    run.commands.push({
      type: 'businessRuleTask.evaluate',
      elementInstanceKey: instance.key,
      elementId: node.id,
      decisionId: node.decisionId,
      variables: run.variables.visible(instance),
    });
  },
};
