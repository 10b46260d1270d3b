import recommended from 'bpmnlint/config/recommended';
import adHocSubProcess from 'bpmnlint/rules/ad-hoc-sub-process';
import conditionalFlows from 'bpmnlint/rules/conditional-flows';
import endEventRequired from 'bpmnlint/rules/end-event-required';
import eventBasedGateway from 'bpmnlint/rules/event-based-gateway';
import eventSubProcessTypedStartEvent from 'bpmnlint/rules/event-sub-process-typed-start-event';
import fakeJoin from 'bpmnlint/rules/fake-join';
import global from 'bpmnlint/rules/global';
import labelRequired from 'bpmnlint/rules/label-required';
import linkEvent from 'bpmnlint/rules/link-event';
import noBpmndi from 'bpmnlint/rules/no-bpmndi';
import noComplexGateway from 'bpmnlint/rules/no-complex-gateway';
import noDisconnected from 'bpmnlint/rules/no-disconnected';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows';
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork';
import noImplicitEnd from 'bpmnlint/rules/no-implicit-end';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split';
import noImplicitStart from 'bpmnlint/rules/no-implicit-start';
import noInclusiveGateway from 'bpmnlint/rules/no-inclusive-gateway';
import noOverlappingElements from 'bpmnlint/rules/no-overlapping-elements';
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event';
import singleEventDefinition from 'bpmnlint/rules/single-event-definition';
import startEventRequired from 'bpmnlint/rules/start-event-required';
import subProcessBlankStartEvent from 'bpmnlint/rules/sub-process-blank-start-event';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway';
import superfluousLabel from 'bpmnlint/rules/superfluous-label';
import superfluousTermination from 'bpmnlint/rules/superfluous-termination';
import StaticResolver from 'bpmnlint/lib/resolver/static-resolver';
import { AD_HOC_JOB_WORKER_RULE, adHocJobWorkerIgnores } from './ad-hoc-job-worker-ignores';
import { UNASSIGNED_USER_TASK_RULE, unassignedUserTask } from './unassigned-user-task';

/**
 * The rules the server lints a deployment with (engine/compiler/lint-definitions.ts): bpmnlint's
 * recommended set, read from the same bpmnlint release (ui/package.json pins the root's version; a
 * spec checks both and that every rule of the set is bundled here), and Flowdesk's own checks (unassigned
 * user tasks, an ad-hoc sub-process whose job worker ignores its settings). bpmnlint's node resolver finds
 * rules on disk at run time; in the browser each rule module is imported here, so the bundler packs it, and a
 * static resolver hands them to the linter.
 */
export const BUNDLED_RULES: Record<string, unknown> = {
  'ad-hoc-sub-process': adHocSubProcess,
  'conditional-flows': conditionalFlows,
  'end-event-required': endEventRequired,
  'event-based-gateway': eventBasedGateway,
  'event-sub-process-typed-start-event': eventSubProcessTypedStartEvent,
  'fake-join': fakeJoin,
  global,
  'label-required': labelRequired,
  'link-event': linkEvent,
  'no-bpmndi': noBpmndi,
  'no-complex-gateway': noComplexGateway,
  'no-disconnected': noDisconnected,
  'no-duplicate-sequence-flows': noDuplicateSequenceFlows,
  'no-gateway-join-fork': noGatewayJoinFork,
  'no-implicit-end': noImplicitEnd,
  'no-implicit-split': noImplicitSplit,
  'no-implicit-start': noImplicitStart,
  'no-inclusive-gateway': noInclusiveGateway,
  'no-overlapping-elements': noOverlappingElements,
  'single-blank-start-event': singleBlankStartEvent,
  'single-event-definition': singleEventDefinition,
  'start-event-required': startEventRequired,
  'sub-process-blank-start-event': subProcessBlankStartEvent,
  'superfluous-gateway': superfluousGateway,
  'superfluous-label': superfluousLabel,
  'superfluous-termination': superfluousTermination,
};

/** `linting.bpmnlint` for bpmn-js-bpmnlint: `{ config, resolver }`, as bpmnlint-pack-config would emit. */
export function liveLintConfig(): { config: Record<string, unknown>; resolver: unknown } {
  const cache: Record<string, unknown> = {
    'config:bpmnlint/recommended': recommended,
    [`rule:bpmnlint-plugin-flowdesk/${UNASSIGNED_USER_TASK_RULE.slice('flowdesk/'.length)}`]: unassignedUserTask,
    [`rule:bpmnlint-plugin-flowdesk/${AD_HOC_JOB_WORKER_RULE.slice('flowdesk/'.length)}`]: adHocJobWorkerIgnores,
  };
  for (const [name, rule] of Object.entries(BUNDLED_RULES)) cache[`rule:bpmnlint/${name}`] = rule;
  return {
    // Like the server: every finding is advice, never an error that blocks a deploy.
    config: {
      extends: 'bpmnlint:recommended',
      rules: {
        ...Object.fromEntries(Object.keys((recommended as { rules: Record<string, string> }).rules).map((r) => [r, 'warn'])),
        [UNASSIGNED_USER_TASK_RULE]: 'warn',
        [AD_HOC_JOB_WORKER_RULE]: 'warn',
      },
    },
    resolver: new StaticResolver(cache),
  };
}
