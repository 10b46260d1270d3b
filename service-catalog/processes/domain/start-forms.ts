import type { EntityManager } from '@mikro-orm/postgresql';
import { EMBEDDED_FORM_PREFIX, startFormNode } from '../../../engine/compiler/compile-forms';
import { InvalidInput } from '../../errors';
import { resolveTaskForm, type ResolvedForm } from './form-definition-service';
import type { ProcessDefinition } from './process-definition.entity';
import { assertAnswersFit } from './task-forms';

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
 * A start through the start form (`startForm: true`): the version must have one, deployed, and the
 * variables are its answers, checked as a task form's are. 400 naming `payload.startForm` (no start form,
 * or its linked form not deployed: nothing to check against) or every bad field; nothing is started.
 */
export async function assertStartAnswers(
  em: EntityManager,
  definition: ProcessDefinition,
  answers: Record<string, unknown>,
): Promise<void> {
  const startForm = await startFormOf(em, definition);
  if (!startForm) {
    throw new InvalidInput('NO_START_FORM', `process "${definition.processId}" version ${definition.version} has no start form`, [
      { field: 'payload.startForm', message: 'the version has no start form' },
    ]);
  }
  if (!startForm.form) {
    throw new InvalidInput(
      'START_FORM_NOT_DEPLOYED',
      `the start form "${startForm.formKey}" is not deployed: nothing to check the answers against`,
      [{ field: 'payload.startForm', message: 'the version’s start form is not deployed' }],
    );
  }
  assertAnswersFit(startForm.form.schema, answers, {}, `the start form "${startForm.formKey}"`);
}
