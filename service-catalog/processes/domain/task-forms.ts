import type { EntityManager } from '@mikro-orm/postgresql';
import { checkAnswers, formFieldKeys, valueAt } from '../../../engine/forms/form-schema';
import type { OpenUserTask, ProcessInstanceView } from '../../../workflows/client';
import { InvalidInput } from '../../errors';
import { resolveTaskForm, type ResolvedForm } from './form-definition-service';
import { ProcessDefinition } from './process-definition.entity';

/** A user task's Camunda form (issue 16) with the variables the task sees. */
export interface TaskForm {
  form: ResolvedForm;
  /** The instance's variables, the task's own (input mappings) over them. */
  variables: Record<string, unknown>;
}

/** The Camunda form an open task shows, or null when it has none (or its linked form is not deployed). */
export async function formOfTask(
  em: EntityManager,
  definitionId: string,
  task: OpenUserTask,
  view: ProcessInstanceView,
): Promise<TaskForm | null> {
  const definition = await em.findOne(ProcessDefinition, { id: definitionId });
  const node = definition?.graph.elements[task.elementId];
  if (!definition || node?.kind !== 'userTask') return null;
  const form = await resolveTaskForm(em, definition, node);
  if (!form) return null;
  return { form, variables: Object.fromEntries(variablesSeenBy(task, view).map((v) => [v.name, v.value])) };
}

/** A variable an open task sees: its own (an input mapping, `local`) or its instance's. */
export interface TaskVariable {
  name: string;
  value: unknown;
  local: boolean;
}

/** The variables an open task sees, by name: its own over its instance's, as its form is filled with them. */
export function variablesSeenBy(task: OpenUserTask, view: ProcessInstanceView): TaskVariable[] {
  const local = view.scopes?.find((s) => s.key === task.elementInstanceKey)?.variables ?? {};
  return [
    ...Object.entries(view.variables)
      .filter(([name]) => !Object.hasOwn(local, name))
      .map(([name, value]) => ({ name, value, local: false })),
    ...Object.entries(local).map(([name, value]) => ({ name, value, local: true })),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Answers to a Camunda form, checked against its schema as the browser checks them (required, type,
 * min/max, lengths, pattern, options), a field the form does not have refused too; `variables` are what
 * the form may read besides (options from a variable). 400 naming every bad field, `which` naming the form.
 */
export function assertAnswersFit(
  schema: Record<string, unknown>,
  answers: Record<string, unknown>,
  variables: Record<string, unknown>,
  which: string,
): void {
  const problems = checkAnswers(schema, answers, { camunda: true, variables });
  if (!problems.length) return;
  throw new InvalidInput(
    'INVALID_FORM_ANSWERS',
    `the variables do not fit ${which}: ${problems.map((p) => `payload.variables.${p.field} ${p.message}`).join('; ')}`,
    problems.map((p) => ({ field: `payload.variables.${p.field}`, message: p.message })),
  );
}

/** Completing a task that shows a Camunda form: the variables are the form's answers; nothing is completed when they do not fit. */
export function assertFormAnswers(taskForm: TaskForm, answers: Record<string, unknown>): void {
  const which = taskForm.form.formId ? `form "${taskForm.form.formId}" version ${taskForm.form.version}` : 'the task’s embedded form';
  assertAnswersFit(taskForm.form.schema, answers, taskForm.variables, which);
}

/** What the form is prefilled with: the values of the variables its fields name (nested keys nested), nothing else. */
export function prefillOf(taskForm: TaskForm): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const key of formFieldKeys(taskForm.form.schema, { camunda: true })) {
    const value = valueAt(taskForm.variables, key);
    if (value === undefined) continue;
    const parts = key.split('.');
    let at = data;
    for (const part of parts.slice(0, -1)) {
      if (typeof at[part] !== 'object' || at[part] === null) at[part] = {};
      at = at[part] as Record<string, unknown>;
    }
    at[parts[parts.length - 1]!] = value;
  }
  return data;
}
