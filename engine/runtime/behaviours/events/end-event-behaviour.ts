import type { EndEventNode } from '../../../compiler/process-graph';
import { Compensation } from '../../compensation';
import { EventTriggers } from '../../event-triggers';
import type { Behaviour } from '../behaviour';

/**
 * None end: the token is consumed. Terminate end (§10.5.3): every other token in the same scope ends
 * too. Error end: the error is thrown to the enclosing scopes' boundary events.
 * Escalation end: offered to the enclosing scopes' escalation boundary events; uncaught, it is only consumed.
 * Compensation end: the token is consumed once the compensation handlers it started have completed.
 */
export const EndEventBehaviour: Behaviour<EndEventNode> = {
  execute(run, node, instance) {
    const result = node.result;
    if (result.type === 'error') {
      run.throwError(instance, result.errorCode ?? '', result.errorMessage ?? `error end event ${node.id}`);
      if (instance.state === 'active' && !run.hasOpenIncident(instance)) run.complete(instance);
      return;
    }
    if (result.type === 'compensation') {
      Compensation.throw(run, instance, result.activityRef);
      return;
    }
    if (result.type === 'escalation') {
      EventTriggers.throwEscalation(run, instance, result.escalationCode ?? '');
      if (instance.state === 'active') run.complete(instance);
      return;
    }
    if (result.type === 'signal')
      run.commands.push({
        type: 'signal.throw',
        elementInstanceKey: instance.key,
        name: result.signalName,
        variables: { ...instance.locals },
      });
    run.complete(instance);
    if (result.type === 'terminate') {
      for (const other of run.state.elementInstances) {
        if (other.state === 'active' && other.scopeKey === instance.scopeKey && other.bodyKey === undefined) run.terminate(other);
      }
      for (const key of Object.keys(run.state.joins)) if (key.startsWith(`${instance.scopeKey ?? 'root'}/`)) delete run.state.joins[key];
    }
  },
};
