import type { EventSubProcessNode, SubProcessNode } from '../../compiler/process-graph';
import { EventTriggers } from '../event-triggers';
import type { Behaviour } from './behaviour';

/**
 * An embedded subprocess is a scope: its start event gets a token inside it, and it completes when
 * no token is left inside (TokenRun.settleScopes), then leaves like any activity. An event subprocess,
 * once its trigger happened, runs the same way inside its enclosing scope.
 */
export const SubProcessBehaviour: Behaviour<SubProcessNode | EventSubProcessNode> = {
  execute(run, node, instance) {
    // Its event subprocesses listen for as long as the scope is active.
    EventTriggers.armEventSubProcesses(run, node.id, instance);
    run.enter(node.startEventId, undefined, instance.key);
  },
};
