import { UNASSIGNED_USER_TASK_RULE } from './lint-messages';

export { UNASSIGNED_USER_TASK_RULE };

interface LintNode {
  $type: string;
  id?: string;
  name?: string;
  extensionElements?: { values?: Array<{ $type: string; assignee?: string; candidateGroups?: string; candidateUsers?: string }> };
}

/**
 * A user task with no assignee, candidate group or candidate user reaches nobody's list, as the
 * server warns on deploy; written as a bpmnlint rule so the modeler marks it while it is drawn. The
 * words the modeler shows come from the server's table (lint-in-words.ts), like every rule's.
 */
export function unassignedUserTask() {
  return {
    check(node: LintNode, reporter: { report(id: string, message: string): void }) {
      if (node.$type !== 'bpmn:UserTask' || !node.id) return;
      const assignment = node.extensionElements?.values?.find((v) => v.$type === 'zeebe:AssignmentDefinition');
      if (assignment?.assignee || assignment?.candidateGroups || assignment?.candidateUsers) return;
      reporter.report(node.id, 'User task has no assignee, candidate group or candidate user');
    },
  };
}
