import type { UserTaskNode } from '../../../compiler/process-graph';
import { evaluateFeel, isFeelExpression, stripFeelMarker } from '../../../feel/feel';
import type { ElementInstance, UserTaskDetails } from '../../process-state';
import type { Run } from '../../run';
import { describeError } from '../../describe-error';
import { TaskListeners } from '../../task-listeners';
import type { Behaviour } from '../behaviour';

/**
 * A wait state: resolves assignment, schedule and form now (Zeebe evaluates them on activation) and
 * waits for `userTask.complete`. A linked form (`zeebe:formDefinition formId`) must be deployed when
 * the task is reached: the shell looks it up (`userTask.resolveForm`), and a missing one is Camunda 8's
 * FORM_NOT_FOUND incident, resolved by deploying the form and retrying (which resolves the task again).
 */
export const UserTaskBehaviour: Behaviour<UserTaskNode> & {
  formResolved(run: Run, node: UserTaskNode, instance: ElementInstance, found: boolean, message?: string): void;
} = {
  execute(run, node, instance) {
    const variables = run.variables.visible(instance);
    try {
      const task: UserTaskDetails = {};
      const text = (raw: string | undefined) => {
        if (raw === undefined || !isFeelExpression(raw)) return raw;
        const { value, warnings } = evaluateFeel(stripFeelMarker(raw), variables, run.feel);
        run.noteFeelWarnings(instance, raw, warnings);
        return value;
      };
      // Camunda 8 raises an incident for a null assignee or candidate groups; Flowdesk keeps the task
      // open to nobody in particular, as routing's `=assigneeUsername` means it, and records the warning.
      const assignee = text(node.assignee);
      if (assignee !== undefined && assignee !== null && assignee !== '') task.assignee = String(assignee);
      const groups = toList(text(node.candidateGroups));
      if (groups.length) task.candidateGroups = groups;
      const users = toList(text(node.candidateUsers));
      if (users.length) task.candidateUsers = users;
      const due = text(node.dueDate);
      if (due) task.dueDate = String(due);
      const followUp = text(node.followUpDate);
      if (followUp) task.followUpDate = String(followUp);
      if (node.formKey) task.formKey = node.formKey;
      const priority = text(node.priority);
      if (priority !== undefined && priority !== null && priority !== '') task.priority = Number(priority);
      instance.task = task;
    } catch (err) {
      run.raiseIncident(instance, 'EXPRESSION_ERROR', describeError(err));
      return;
    }
    if (node.form && 'formId' in node.form) {
      instance.awaitingForm = true;
      run.commands.push({ type: 'userTask.resolveForm', elementInstanceKey: instance.key, elementId: node.id, formId: node.form.formId });
      return;
    }
    TaskListeners.open(run, node, instance);
  },

  /** The shell's answer to `userTask.resolveForm`. */
  formResolved(run: Run, node: UserTaskNode, instance: ElementInstance, found: boolean, message?: string): void {
    if (!found) {
      const formId = node.form && 'formId' in node.form ? node.form.formId : '';
      run.raiseIncident(instance, 'FORM_NOT_FOUND', message ?? `form "${formId}" is not deployed; deploy it and retry the incident`);
      return;
    }
    delete instance.awaitingForm;
    TaskListeners.open(run, node, instance);
  },
};

/** Candidate groups/users come as a FEEL list or as Camunda's comma-separated static text. */
function toList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map(String).filter(Boolean);
  return String(value)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
