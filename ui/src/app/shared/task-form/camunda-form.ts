import { Form } from '@bpmn-io/form-js-viewer';
import { ApiProblem } from '../../core/api/api-error';
import { parseJsonObject } from '../../core/util/json-object';

/**
 * A Camunda form (form-js) in a page: rendered, read and told what the server refused. Shared by the
 * task completion form and operate's start form, whose answers the API checks against the same schema.
 */
export async function renderCamundaForm(host: HTMLElement, schema: Record<string, unknown>, data: Record<string, unknown>): Promise<Form> {
  // form-js applies typed text 300 ms late (or on blur) by default: the blur of a click on the button then
  // re-validated the field and moved the button away under the pointer, so the click never landed.
  // Applied at each keystroke, answer and errors are current before anyone reaches for the button.
  const options = { container: host, debounce: false };
  const form = new Form(options);
  await form.importSchema(schema, data);
  return form;
}

/** The form's answers once form-js's own checks passed (it marks each field in its words), else null. */
function answersOf(form: Form, host: HTMLElement | undefined): Record<string, unknown> | null {
  // form-js applies typed text after a pause or when the field loses focus: a field still focused gives it up now.
  const focused = document.activeElement;
  if (focused instanceof HTMLElement && host?.contains(focused)) focused.blur();
  const { data, errors } = form.submit();
  if (Object.keys(errors).length) return null;
  // form-js reports untouched fields as empty strings or null: the API reads those as "not answered" anyway.
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== null && v !== undefined && v !== ''));
}

/**
 * The server's refusal (400 INVALID_FORM_ANSWERS, `payload.variables.<key>`) shown at the fields it names,
 * in form-js's own place for a field's errors, as if form-js had found it.
 */
export function showRefusalAtFields(form: Form, problem: ApiProblem): void {
  if (problem.code !== 'INVALID_FORM_ANSWERS') return;
  const fields = form.get<{ getAll(): { id: string; key?: string }[] }>('formFieldRegistry').getAll();
  const errors: Record<string, string[]> = { ...(form._getState().errors as Record<string, string[]>) };
  for (const detail of problem.details) {
    const key = detail.field?.replace(/^payload\.variables\./, '');
    const field = key && fields.find((f) => f.key === key);
    if (field) errors[field.id] = [...(errors[field.id] ?? []), `The server refused this answer: ${detail.message}.`];
  }
  form._setState({ errors });
}

/**
 * What a form that shows either a Camunda form or a JSON box gives as variables: the form's answers
 * (`json` null), else the JSON object typed (undefined when empty). Null when there is nothing to send
 * yet: form-js marked a field, or the JSON is not an object (`onJsonError` says why).
 */
export function variablesFrom(
  form: Form | undefined,
  host: HTMLElement | undefined,
  json: string | null,
  onJsonError: (error: string) => void,
): Record<string, unknown> | undefined | null {
  if (json === null) return form ? answersOf(form, host) : null;
  const parsed = parseJsonObject(json);
  if (!parsed.ok) {
    onJsonError(parsed.error);
    return null;
  }
  return parsed.value ?? undefined;
}
