import type { SubProcessNode } from '../../compiler/process-graph';
import type { Behaviour } from './behaviour';

/**
 * An embedded subprocess is a scope: its start event gets a token inside it, and it completes when
 * no token is left inside (TokenRun.settleScopes), then leaves like any activity.
 */
export const SubProcessBehaviour: Behaviour<SubProcessNode> = {
  execute(run, node, instance) {
    run.enter(node.startEventId, undefined, instance.key);
  },
};
