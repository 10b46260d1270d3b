import { checkFormSchema } from '../forms/form-schema';
import type { CompileProblem } from './compile-problem';
import type { ModdleElement } from './parse-bpmn';
import type { FlowNode, ProcessGraph, StartEventNode, TaskForm } from './process-graph';
import { zeebeExtension } from './zeebe-extensions';

/** Camunda 8's prefix of an embedded form's key: `camunda-forms:bpmn:<zeebe:userTaskForm id>`. */
export const EMBEDDED_FORM_PREFIX = 'camunda-forms:bpmn:';
const BINDING_TYPES = new Set(['latest', 'deployment', 'versionTag']);
type Problem = (message: string, code: string, field?: string) => void;

/**
 * A user task's Camunda form, the two ways Camunda 8 names one (issue 16):
 * - linked: `zeebe:formDefinition formId="…"` with `bindingType` latest (the newest deployed version
 *   when the task is shown), deployment (the version deployed with the process; checked at deploy)
 *   or versionTag (the newest version carrying `versionTag`);
 * - embedded: `formKey="camunda-forms:bpmn:<id>"`, the JSON of a `zeebe:userTaskForm` of the process.
 * Any other `formKey`, and an `externalReference` (Camunda 8.5+), is a custom form of the application's
 * own: kept as the task's form key, answered to task applications as its external reference, not rendered.
 */
export function compileTaskForm(el: ModdleElement, problem: Problem): TaskForm | undefined {
  const definition = zeebeExtension(el, 'zeebe:FormDefinition');
  if (!definition) return undefined;
  const formId = typeof definition.formId === 'string' ? definition.formId.trim() : '';
  const formKey = typeof definition.formKey === 'string' ? definition.formKey.trim() : '';
  const external = typeof definition.externalReference === 'string' ? definition.externalReference.trim() : '';
  const named = [formId && 'a formId', formKey && 'a formKey', external && 'an externalReference'].filter(Boolean);
  if (named.length > 1) {
    problem(`names ${named.join(' and ')}; Camunda takes one of them`, 'AMBIGUOUS_FORM', 'zeebe:formDefinition');
    return undefined;
  }
  if (formKey) {
    if (!formKey.startsWith(EMBEDDED_FORM_PREFIX)) return undefined;
    const embeddedFormId = formKey.slice(EMBEDDED_FORM_PREFIX.length);
    if (!embeddedFormId)
      problem(`the formKey names no zeebe:userTaskForm after "${EMBEDDED_FORM_PREFIX}"`, 'UNKNOWN_FORM', 'zeebe:formDefinition.formKey');
    return { embeddedFormId };
  }
  if (!formId) return undefined;
  const rawBinding = typeof definition.bindingType === 'string' && definition.bindingType !== '' ? definition.bindingType : 'latest';
  if (!BINDING_TYPES.has(rawBinding)) {
    problem(
      `bindingType "${rawBinding}" is not one of latest, deployment, versionTag`,
      'INVALID_BINDING_TYPE',
      'zeebe:formDefinition.bindingType',
    );
    return undefined;
  }
  const bindingType = rawBinding as 'latest' | 'deployment' | 'versionTag';
  const versionTag = typeof definition.versionTag === 'string' ? definition.versionTag.trim() : '';
  if (bindingType === 'versionTag' && !versionTag) {
    problem('bindingType versionTag needs a versionTag', 'MISSING_VERSION_TAG', 'zeebe:formDefinition.versionTag');
    return undefined;
  }
  return { formId, bindingType, ...(bindingType === 'versionTag' ? { versionTag } : {}) };
}

/**
 * The process's `zeebe:userTaskForm` elements (form-js JSON in the element's body), each checked as a
 * Camunda form; and every user task's embedded form key must name one of them.
 */
export function collectEmbeddedForms(
  process: ModdleElement,
  elements: Record<string, FlowNode>,
  problems: CompileProblem[],
): Record<string, Record<string, unknown>> | undefined {
  const ext = process.extensionElements as { values?: ModdleElement[] } | undefined;
  const forms: Record<string, Record<string, unknown>> = {};
  for (const form of (ext?.values ?? []).filter((v) => v.$type === 'zeebe:UserTaskForm')) {
    const id = typeof form.id === 'string' ? form.id : '';
    const field = `zeebe:userTaskForm${id ? `(${id})` : ''}`;
    const problem = (message: string, code: string, at = field) => problems.push({ elementId: process.id, message, code, field: at });
    if (!id) {
      problem('a zeebe:userTaskForm needs an id', 'INVALID_FORM');
      continue;
    }
    let schema: unknown;
    try {
      schema = JSON.parse(typeof form.body === 'string' ? form.body : '');
    } catch (err) {
      problem(`the form body is not JSON: ${(err as Error).message}`, 'INVALID_FORM');
      continue;
    }
    const schemaProblems = checkFormSchema(schema, field, { camunda: true });
    for (const p of schemaProblems) problem(p.message, 'INVALID_FORM', p.field);
    if (!schemaProblems.length) forms[id] = schema as Record<string, unknown>;
  }
  for (const node of Object.values(elements)) {
    if (
      (node.kind !== 'userTask' && node.kind !== 'startEvent') ||
      !node.form ||
      !('embeddedFormId' in node.form) ||
      !node.form.embeddedFormId
    )
      continue;
    const id = node.form.embeddedFormId;
    if (forms[id] || problems.some((p) => p.field === `zeebe:userTaskForm(${id})` || p.field?.startsWith(`zeebe:userTaskForm(${id}).`)))
      continue;
    problems.push({
      elementId: node.id,
      elementName: node.name,
      message: `the formKey names zeebe:userTaskForm "${id}", which the process does not have`,
      code: 'UNKNOWN_FORM',
      field: 'zeebe:formDefinition.formKey',
    });
  }
  return Object.keys(forms).length ? forms : undefined;
}

/** The process's start form: its none start event's (only the top-level one can have one), if any. */
export function startFormNode(graph: Pick<ProcessGraph, 'elements' | 'startEventIds'>): (StartEventNode & { form: TaskForm }) | undefined {
  for (const id of graph.startEventIds) {
    const node = graph.elements[id];
    if (node?.kind === 'startEvent' && node.form && !node.trigger) return node as StartEventNode & { form: TaskForm };
  }
  return undefined;
}
