import type { CallActivityNode } from '../../../compiler/process-graph';
import { isFeelExpression, stripFeelMarker } from '../../../feel/feel';
import type { Behaviour } from '../behaviour';

/**
 * A wait state: the shell starts a child process instance of the called process (its latest
 * version, as Zeebe's default binding) and reports its end as `callActivity.completed`.
 */
export const CallActivityBehaviour: Behaviour<CallActivityNode> = {
  execute(run, node, instance) {
    let processId = node.calledProcessId;
    if (isFeelExpression(processId)) {
      const result = run.evaluate(instance, stripFeelMarker(processId));
      if (!result.ok) return;
      if (typeof result.value !== 'string' || !result.value) {
        run.raiseIncident(instance, 'EXPRESSION_ERROR', `called process id "${node.calledProcessId}" must evaluate to a non-empty string`);
        return;
      }
      processId = result.value;
    }
    const variables = node.propagateAllParentVariables ? run.variables.visible(instance) : { ...instance.locals };
    run.commands.push({ type: 'callActivity.start', elementInstanceKey: instance.key, elementId: node.id, processId, variables });
  },
};
