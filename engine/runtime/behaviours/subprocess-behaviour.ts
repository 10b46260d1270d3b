import type { EventSubProcessNode, SubProcessNode } from '../../compiler/process-graph';
import { AdHocSubProcess } from '../ad-hoc';
import { EventTriggers } from '../event-triggers';
import type { Behaviour } from './behaviour';

/**
 * An embedded subprocess is a scope: its start event gets a token inside it, and it completes when
 * no token is left inside (TokenRun.settleScopes), then leaves like any activity. An event subprocess,
 * once its trigger happened, runs the same way inside its enclosing scope. An ad-hoc one activates the
 * inner elements it names instead (engine/runtime/ad-hoc.ts).
 */
export const SubProcessBehaviour: Behaviour<SubProcessNode | EventSubProcessNode> = {
  execute(run, node, instance) {
    // Run again once an incident of its own was resolved: an ad-hoc one that activated its elements
    // evaluates its completion condition again, or asks its job worker again; nothing is activated twice.
    if (AdHocSubProcess.isAdHoc(node) && instance.adHoc) return AdHocSubProcess.resume(run, node, instance);
    // Its event subprocesses listen for as long as the scope is active.
    EventTriggers.armEventSubProcesses(run, node.id, instance);
    if (AdHocSubProcess.isAdHoc(node)) AdHocSubProcess.activate(run, node, instance);
    else run.enter(node.startEventId, undefined, instance.key);
  },
};
