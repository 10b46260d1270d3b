/**
 * The request form of a catalog item is a @bpmn-io/form-js schema (what the portal renders with
 * form-js), and the server checks the answers against it itself: a browser's checks are a courtesy,
 * not a guarantee. This module reads the parts of the schema that constrain answers — `key`, `type`,
 * `validate` (required, minLength, maxLength, min, max, pattern, validationType) and static `values`
 * — and nothing else; it is pure, so the same checks run at save time (is the schema one we can
 * check?) and at submit time (do the answers pass?).
 */

export interface FormProblem {
  /** `payload.formSchema.components.2` at save time; the component's key at submit time. */
  field: string;
  message: string;
}

interface Component {
  type?: unknown;
  key?: unknown;
  label?: unknown;
  components?: unknown;
  values?: unknown;
  valuesKey?: unknown;
  valuesExpression?: unknown;
  subtype?: unknown;
  conditional?: unknown;
  validate?: {
    required?: unknown;
    minLength?: unknown;
    maxLength?: unknown;
    min?: unknown;
    max?: unknown;
    pattern?: unknown;
    validationType?: unknown;
  };
}

/** Input components and the JSON type of their answer. */
const INPUTS: Record<string, 'string' | 'number' | 'boolean' | 'option' | 'options' | 'datetime'> = {
  textfield: 'string',
  textarea: 'string',
  number: 'number',
  checkbox: 'boolean',
  radio: 'option',
  select: 'option',
  checklist: 'options',
  taglist: 'options',
  datetime: 'datetime',
};
/** Components that show something and take no answer. */
const DISPLAY = new Set(['text', 'html', 'spacer', 'separator', 'image', 'button', 'default', 'iframe', 'table']);
/** Containers whose children answer at the top level (form-js keeps their keys flat unless `path` is set). */
const CONTAINERS = new Set(['group']);

// form-js's own patterns for its validation types (form-js-viewer Validator).
const EMAIL =
  /^(?:[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*)@(?:(?:[a-z\d](?:[a-z\d-]*[a-z\d])?\.)+[a-z\d](?:[a-z\d-]*[a-z\d])?)$/i;
const PHONE = /^\+?\d{1,4}?[-.\s]?\(?\d{1,3}?\)?[-.\s]?\d{1,4}[-.\s]?\d{1,4}[-.\s]?\d{1,9}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?$/;

interface Field {
  key: string;
  kind: (typeof INPUTS)[string];
  component: Component;
  options?: unknown[];
}

/** Problems that make a schema one the server cannot check answers against (empty: fine). */
export function checkFormSchema(schema: unknown): FormProblem[] {
  const problems: FormProblem[] = [];
  fieldsOf(schema, 'payload.formSchema', problems);
  return problems;
}

/** Problems with the answers, one per field, named by the field's key (empty: the answers pass). */
export function checkAnswers(schema: unknown, answers: Record<string, unknown>): FormProblem[] {
  const fields = fieldsOf(schema, 'formSchema', []);
  const problems: FormProblem[] = [];
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(answers)) if (!known.has(key)) problems.push({ field: key, message: 'the form has no such field' });
  for (const field of fields) {
    const message = checkAnswer(field, answers[field.key]);
    if (message) problems.push({ field: field.key, message });
  }
  return problems;
}

function checkAnswer(field: Field, value: unknown): string | undefined {
  const v = field.component.validate ?? {};
  const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
  // A field shown only under a condition may be hidden, so its `required` cannot be enforced here.
  if (empty) return v.required === true && !field.component.conditional ? 'is required' : undefined;
  switch (field.kind) {
    case 'string': {
      if (typeof value !== 'string') return 'must be text';
      const minLength = limitOf(v.minLength);
      const maxLength = limitOf(v.maxLength);
      if (minLength !== undefined && value.length < minLength) return `must be at least ${minLength} characters`;
      if (maxLength !== undefined && value.length > maxLength) return `must be at most ${maxLength} characters`;
      if (v.validationType === 'email' && !EMAIL.test(value)) return 'must be an e-mail address';
      if (v.validationType === 'phone' && !PHONE.test(value)) return 'must be a phone number';
      // form-js anchors the pattern to the whole value.
      if (typeof v.pattern === 'string' && !new RegExp(`^(?:${v.pattern})$`).test(value)) return `must match ${v.pattern}`;
      return undefined;
    }
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) return 'must be a number';
      const min = limitOf(v.min);
      const max = limitOf(v.max);
      if (min !== undefined && n < min) return `must be at least ${min}`;
      if (max !== undefined && n > max) return `must be at most ${max}`;
      return undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'option':
      return field.options!.some((o) => o === value)
        ? undefined
        : `must be one of ${field.options!.map((o) => JSON.stringify(o)).join(', ')}`;
    case 'options': {
      if (!Array.isArray(value)) return 'must be a list';
      const bad = value.filter((x) => !field.options!.some((o) => o === x));
      return bad.length ? `${bad.map((b) => JSON.stringify(b)).join(', ')} is not one of the options` : undefined;
    }
    case 'datetime': {
      if (typeof value !== 'string') return 'must be a date or time as text';
      const subtype = field.component.subtype ?? 'date';
      if (subtype === 'date') return DATE.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : 'must be a date (YYYY-MM-DD)';
      if (subtype === 'time') return TIME.test(value) ? undefined : 'must be a time (HH:mm)';
      return Number.isNaN(Date.parse(value)) ? 'must be a date and time (ISO 8601)' : undefined;
    }
  }
  return undefined;
}

function fieldsOf(schema: unknown, at: string, problems: FormProblem[]): Field[] {
  if (!isObject(schema) || !Array.isArray(schema.components)) {
    problems.push({ field: at, message: 'must be a form-js schema: an object with a components list' });
    return [];
  }
  const fields: Field[] = [];
  walk(schema.components as unknown[], `${at}.components`, fields, problems);
  return fields;
}

function walk(components: unknown[], at: string, fields: Field[], problems: FormProblem[]): void {
  components.forEach((raw, i) => {
    const where = `${at}.${i}`;
    if (!isObject(raw) || typeof raw.type !== 'string') {
      problems.push({ field: where, message: 'a component needs a type' });
      return;
    }
    const c = raw as Component;
    const type = raw.type;
    if (DISPLAY.has(type)) return;
    if (CONTAINERS.has(type)) {
      if (Array.isArray(c.components)) walk(c.components, `${where}.components`, fields, problems);
      return;
    }
    const kind = INPUTS[type];
    if (!kind) {
      problems.push({ field: where, message: `component type "${type}" is not one the server can check` });
      return;
    }
    if (typeof c.key !== 'string' || !/^[A-Za-z_][\w-]*$/.test(c.key)) {
      problems.push({ field: where, message: 'an input component needs a key (letters, digits, _ and -)' });
      return;
    }
    if (fields.some((f) => f.key === c.key)) problems.push({ field: `${where}.key`, message: `key "${c.key}" is used twice` });
    if (typeof c.validate?.pattern === 'string') {
      try {
        new RegExp(c.validate.pattern);
      } catch {
        problems.push({ field: `${where}.validate.pattern`, message: 'is not a regular expression' });
      }
    }
    for (const limit of LIMITS) {
      const value = c.validate?.[limit];
      if (value !== undefined && value !== null && value !== '' && limitOf(value) === undefined)
        problems.push({ field: `${where}.validate.${limit}`, message: 'must be a number (the server does not evaluate expressions)' });
    }
    const field: Field = { key: c.key, kind, component: c };
    if (kind === 'option' || kind === 'options') {
      if (c.valuesKey !== undefined || c.valuesExpression !== undefined || !Array.isArray(c.values)) {
        problems.push({
          field: `${where}.values`,
          message: 'the options must be listed in the form (values), so the server can check answers',
        });
        return;
      }
      field.options = (c.values as unknown[]).map((o) => (isObject(o) ? o.value : o));
    }
    fields.push(field);
  });
}

const LIMITS = ['min', 'max', 'minLength', 'maxLength'] as const;

/**
 * A limit as form-js reads it: a number, or a decimal number as text, which is what the form-js
 * editor's properties panel writes (the viewer compares with big.js, so "5" limits like 5 does).
 * Anything else (an expression, empty) is no limit; a schema with such a limit is refused at save.
 */
function limitOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !/^\s*-?(?:\d+\.?\d*|\.\d+)\s*$/.test(value)) return undefined;
  return Number(value);
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
