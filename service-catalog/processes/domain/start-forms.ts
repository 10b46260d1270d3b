import type { EntityManager } from '@mikro-orm/postgresql';
import { EMBEDDED_FORM_PREFIX, startFormNode } from '../../../engine/compiler/compile-forms';
import { checkAnswers } from '../../../engine/forms/form-schema';
import { InvalidInput } from '../../errors';
import { resolveTaskForm, type ResolvedForm } from './form-definition-service';
import type { ProcessDefinition } from './process-definition.entity';

/** A process version's start form (Camunda 8), as its none start event names it. */
export interface StartForm {
  /** As the diagram names it: a form id, or `camunda-forms:bpmn:<id>` for an embedded one. */
  formKey: string;
  /** The form itself, or null when a linked form is not deployed (nothing to show; the process still starts). */
  form: ResolvedForm | null;
}

/** The start form of a version, or null when its start event has none. */
export async function startFormOf(em: EntityManager, definition: ProcessDefinition): Promise<StartForm | null> {
  const node = startFormNode(definition.graph);
  if (!node) return null;
  const formKey = 'formId' in node.form ? node.form.formId : `${EMBEDDED_FORM_PREFIX}${node.form.embeddedFormId}`;
  return { formKey, form: await resolveTaskForm(em, definition, node) };
}

/**
 * A start through the start form: the variables are its answers, checked against its schema as the
 * browser checks them (required, type, min/max, lengths, pattern, options), a field the form does not
 * have refused too. 400 naming every bad field (or `payload.startForm` when its linked form is not
 * deployed: there is nothing to check against); nothing is started.
 */
export function assertStartAnswers(startForm: StartForm, answers: Record<string, unknown>): void {
  if (!startForm.form) {
    throw new InvalidInput(
      'START_FORM_NOT_DEPLOYED',
      `the start form "${startForm.formKey}" is not deployed: nothing to check the answers against`,
      [{ field: 'payload.startForm', message: 'the version’s start form is not deployed' }],
    );
  }
  const problems = checkAnswers(startForm.form.schema, answers, { camunda: true, variables: {} });
  if (!problems.length) return;
  throw new InvalidInput(
    'INVALID_FORM_ANSWERS',
    `the variables do not fit the start form "${startForm.formKey}": ${problems.map((p) => `payload.variables.${p.field} ${p.message}`).join('; ')}`,
    problems.map((p) => ({ field: `payload.variables.${p.field}`, message: p.message })),
  );
}
