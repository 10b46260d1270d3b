import type { ServiceTaskNode } from '../../../compiler/process-graph';
import type { Behaviour } from '../behaviour';

/** A wait state: asks the shell to run the activity named by the task type, then waits for its result. */
export const ServiceTaskBehaviour: Behaviour<ServiceTaskNode> = {
  execute(run, node, instance) {
    run.commands.push({
      type: 'serviceTask.execute',
      elementInstanceKey: instance.key,
      elementId: node.id,
      taskType: node.taskType,
      retries: node.retries,
      headers: node.headers,
      variables: run.variables.visible(instance),
    });
  },
};
