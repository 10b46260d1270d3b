/** The rule id of the check Flowdesk adds to bpmnlint's (the server's is engine/compiler/lint-messages.ts). */
export const UNASSIGNED_USER_TASK_RULE = 'flowdesk/unassigned-user-task';

interface LintNode {
  $type: string;
  id?: string;
  name?: string;
  extensionElements?: { values?: Array<{ $type: string; assignee?: string; candidateGroups?: string; candidateUsers?: string }> };
}

/**
 * A user task with no assignee, candidate group or candidate user reaches nobody's list, as the
 * server warns on deploy; written as a bpmnlint rule so the modeler marks it while it is drawn.
 */
export function unassignedUserTask() {
  return {
    check(node: LintNode, reporter: { report(id: string, message: string): void }) {
      if (node.$type !== 'bpmn:UserTask' || !node.id) return;
      const assignment = node.extensionElements?.values?.find((v) => v.$type === 'zeebe:AssignmentDefinition');
      if (assignment?.assignee || assignment?.candidateGroups || assignment?.candidateUsers) return;
      const name = node.name?.trim() ? `“${node.name.trim()}”` : `“${node.id}”`;
      reporter.report(node.id, `Nobody will see the task ${name}: it has no assignee, candidate group or candidate user.`);
    },
  };
}
