import type { IntermediateThrowEventNode } from '../../../compiler/process-graph';
import { Compensation } from '../../compensation';
import { EventTriggers } from '../../event-triggers';
import type { Behaviour } from '../behaviour';

/**
 * Intermediate throw events. None: passes through. Escalation: offered to the enclosing scopes'
 * boundary events; unless an interrupting one ended this scope, the token carries on. Link: the
 * token continues at the catching link event of the same name (a "go to" inside one scope). Signal:
 * broadcast through the shell, the token does not wait for it (as in Zeebe). Compensation: the
 * token waits until the compensation handlers it started have completed (Compensation).
 */
export const ThrowEventBehaviour: Behaviour<IntermediateThrowEventNode> = {
  execute(run, node, instance) {
    const result = node.result;
    if (result.type === 'link') {
      run.complete(instance, {}, []);
      run.enter(result.targetId, undefined, instance.scopeKey);
      return;
    }
    if (result.type === 'compensation') {
      Compensation.throw(run, instance, result.activityRef);
      return;
    }
    if (result.type === 'escalation') EventTriggers.throwEscalation(run, instance, result.escalationCode ?? '');
    if (result.type === 'signal')
      run.commands.push({
        type: 'signal.throw',
        elementInstanceKey: instance.key,
        name: result.signalName,
        variables: { ...instance.locals },
      });
    if (instance.state === 'active') run.complete(instance);
  },
};
