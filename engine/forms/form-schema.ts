// Over 300 lines because both readers of a form-js schema (catalog and Camunda forms) must share one set of checks.
/**
 * A @bpmn-io/form-js schema, read by the server for the parts that constrain answers: `key`, `type`,
 * `validate` (required, minLength, maxLength, min, max, pattern, validationType) and the options of
 * selects, radios, checklists and taglists. A browser's checks are a courtesy, not a guarantee: the
 * same pure checks run when a schema is saved or deployed (can the server check answers against it?)
 * and when answers arrive (do they pass?).
 *
 * Two readers share it. A catalog item's request form (the default) is held to what the server can
 * check completely. A Camunda form (`camunda: true`, issue 16: a `.form` file or a
 * `zeebe:userTaskForm` that a user task shows) is read as Camunda Modeler writes it, so every form
 * Camunda deploys deploys here: options from a process variable (`valuesKey`, read from the
 * instance's variables when answers arrive), limits as FEEL expressions (evaluated against them),
 * nested keys (`a.b`, groups with a `path`) and components the server has no rules for (file
 * pickers, dynamic lists: their answers are accepted as they are).
 */
import { RE2JS } from 're2js';
import { evaluateFeel } from '../feel/feel';
import { FeelBudget } from '../feel/feel-budget';

export interface FormProblem {
  /** `payload.formSchema.components.2` at save time; the component's key at submit time. */
  field: string;
  message: string;
}

export interface FormReadOptions {
  /** A Camunda form: read as Camunda Modeler writes it (see the module comment). */
  camunda?: boolean;
}

export interface AnswerCheckOptions extends FormReadOptions {
  /** The process instance's variables: where `valuesKey` options and `=` limits of a Camunda form come from. */
  variables?: Record<string, unknown>;
}

interface Component {
  type?: unknown;
  key?: unknown;
  path?: unknown;
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

type Kind = 'string' | 'number' | 'boolean' | 'option' | 'options' | 'datetime' | 'any';

/** Input components and the JSON type of their answer. */
const INPUTS: Record<string, Kind> = {
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
const DISPLAY = new Set([
  'text',
  'html',
  'spacer',
  'separator',
  'image',
  'button',
  'default',
  'iframe',
  'table',
  'documentPreview',
  'expression',
]);
/** Containers whose children answer at the top level unless the container sets a `path`. */
const CONTAINERS = new Set(['group']);

// form-js's own patterns for its validation types (form-js-viewer Validator).
const EMAIL =
  /^(?:[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*)@(?:(?:[a-z\d](?:[a-z\d-]*[a-z\d])?\.)+[a-z\d](?:[a-z\d-]*[a-z\d])?)$/i;
const PHONE = /^\+?\d{1,4}?[-.\s]?\(?\d{1,3}?\)?[-.\s]?\d{1,4}[-.\s]?\d{1,4}[-.\s]?\d{1,9}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?$/;
const KEY = /^[A-Za-z_][\w-]*$/;
const NESTED_KEY = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*$/;

interface Field {
  /** The answer's path: `costCentre`, or `address.city` for a nested key or a group with a path. */
  key: string;
  kind: Kind;
  component: Component;
  /** Options listed in the form; absent when they come from a variable or an expression. */
  options?: unknown[];
}

/**
 * Problems that make a schema one the server cannot check answers against (empty: fine).
 * @param at how problems name the schema: `payload.formSchema`, `payload.resources[1]`…
 */
export function checkFormSchema(schema: unknown, at = 'payload.formSchema', options: FormReadOptions = {}): FormProblem[] {
  const problems: FormProblem[] = [];
  fieldsOf(schema, at, problems, options);
  return problems;
}

/** The answer paths the form asks for, in form order: what a task form is prefilled from. */
export function formFieldKeys(schema: unknown, options: FormReadOptions = {}): string[] {
  return fieldsOf(schema, 'form', [], options).map((f) => f.key);
}

/** Problems with the answers, one per field, named by the field's key (empty: the answers pass). */
export function checkAnswers(schema: unknown, answers: Record<string, unknown>, options: AnswerCheckOptions = {}): FormProblem[] {
  const fields = fieldsOf(schema, 'formSchema', [], options);
  const problems: FormProblem[] = [];
  const known = new Set(fields.map((f) => f.key.split('.')[0]!));
  for (const key of Object.keys(answers)) if (!known.has(key)) problems.push({ field: key, message: 'the form has no such field' });
  // Only a Camunda form reads variables (its `valuesKey` options and `=` limits); a catalog form lists everything.
  const variables = options.camunda ? (options.variables ?? {}) : undefined;
  for (const field of fields) {
    const message = checkAnswer(field, valueAt(answers, field.key), variables);
    if (message) problems.push({ field: field.key, message });
  }
  return problems;
}

/** The value at a dotted path of an object (form-js's nested keys). */
export function valueAt(data: Record<string, unknown>, path: string): unknown {
  let at: unknown = data;
  for (const part of path.split('.')) {
    if (!isObject(at)) return undefined;
    at = at[part];
  }
  return at;
}

function checkAnswer(field: Field, value: unknown, variables: Record<string, unknown> | undefined): string | undefined {
  const v = field.component.validate ?? {};
  const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
  // A field shown only under a condition may be hidden, so its `required` cannot be enforced here.
  if (empty) return v.required === true && !field.component.conditional ? 'is required' : undefined;
  switch (field.kind) {
    case 'string': {
      if (typeof value !== 'string') return 'must be text';
      const minLength = limitOf(v.minLength, variables);
      const maxLength = limitOf(v.maxLength, variables);
      if (minLength !== undefined && value.length < minLength) return `must be at least ${minLength} characters`;
      if (maxLength !== undefined && value.length > maxLength) return `must be at most ${maxLength} characters`;
      if (v.validationType === 'email' && !EMAIL.test(value)) return 'must be an e-mail address';
      if (v.validationType === 'phone' && !PHONE.test(value)) return 'must be a phone number';
      // The whole value must fit, as an HTML pattern does (form-js 2.0 in the browser finds it anywhere in the
      // value, so this is the stricter of the two); RE2 matches in linear time whatever the pattern.
      if (typeof v.pattern === 'string' && !RE2JS.compile(`^(?:${v.pattern})$`).matches(value)) return `must match ${v.pattern}`;
      return undefined;
    }
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) return 'must be a number';
      const min = limitOf(v.min, variables);
      const max = limitOf(v.max, variables);
      if (min !== undefined && n < min) return `must be at least ${min}`;
      if (max !== undefined && n > max) return `must be at most ${max}`;
      return undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'option': {
      const options = optionsOf(field, variables);
      if (!options) return undefined;
      return options.some((o) => o === value) ? undefined : `must be one of ${options.map((o) => JSON.stringify(o)).join(', ')}`;
    }
    case 'options': {
      if (!Array.isArray(value)) return 'must be a list';
      const options = optionsOf(field, variables);
      if (!options) return undefined;
      const bad = value.filter((x) => !options.some((o) => o === x));
      return bad.length ? `${bad.map((b) => JSON.stringify(b)).join(', ')} is not one of the options` : undefined;
    }
    case 'datetime': {
      if (typeof value !== 'string') return 'must be a date or time as text';
      const subtype = field.component.subtype ?? 'date';
      if (subtype === 'date') return isCalendarDate(value) ? undefined : 'must be a date (YYYY-MM-DD)';
      if (subtype === 'time') return TIME.test(value) ? undefined : 'must be a time (HH:mm)';
      return Number.isNaN(Date.parse(value)) ? 'must be a date and time (ISO 8601)' : undefined;
    }
  }
  return undefined;
}

/** Listed options, or those of the `valuesKey` variable; undefined when the server cannot know them (an expression). */
function optionsOf(field: Field, variables: Record<string, unknown> | undefined): unknown[] | undefined {
  if (field.options) return field.options;
  const key = field.component.valuesKey;
  if (typeof key !== 'string' || !variables) return undefined;
  const listed = valueAt(variables, key);
  return Array.isArray(listed) ? listed.map((o) => (isObject(o) ? o.value : o)) : undefined;
}

function fieldsOf(schema: unknown, at: string, problems: FormProblem[], options: FormReadOptions): Field[] {
  if (!isObject(schema) || !Array.isArray(schema.components)) {
    problems.push({ field: at, message: 'must be a form-js schema: an object with a components list' });
    return [];
  }
  const fields: Field[] = [];
  walk(schema.components as unknown[], `${at}.components`, '', fields, problems, options);
  return fields;
}

function walk(components: unknown[], at: string, prefix: string, fields: Field[], problems: FormProblem[], options: FormReadOptions): void {
  const camunda = options.camunda === true;
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
      const path = camunda && typeof c.path === 'string' && NESTED_KEY.test(c.path) ? `${prefix}${c.path}.` : prefix;
      if (Array.isArray(c.components)) walk(c.components, `${where}.components`, path, fields, problems, options);
      return;
    }
    // A Camunda form may hold components the server has no rules for (file picker, dynamic list…): their answers pass as they are.
    const kind = INPUTS[type] ?? (camunda ? 'any' : undefined);
    if (!kind) {
      problems.push({ field: where, message: `component type "${type}" is not one the server can check` });
      return;
    }
    if (typeof c.key !== 'string' || !(camunda ? NESTED_KEY : KEY).test(c.key)) {
      const dots = camunda ? ', parts joined by .' : '';
      problems.push({ field: where, message: `an input component needs a key (letters, digits, _ and -${dots})` });
      return;
    }
    const key = `${prefix}${c.key}`;
    if (fields.some((f) => f.key === key)) problems.push({ field: `${where}.key`, message: `key "${key}" is used twice` });
    if (typeof c.validate?.pattern === 'string') {
      try {
        RE2JS.compile(c.validate.pattern);
      } catch {
        problems.push({
          field: `${where}.validate.pattern`,
          message: 'is not a regular expression (RE2 syntax: no lookaround or backreferences)',
        });
      }
    }
    for (const limit of LIMITS) {
      const value = c.validate?.[limit];
      if (value === undefined || value === null || value === '' || limitOf(value, undefined) !== undefined) continue;
      if (camunda && typeof value === 'string' && value.trimStart().startsWith('=')) continue;
      problems.push({
        field: `${where}.validate.${limit}`,
        message: camunda ? 'must be a number or a FEEL expression (=…)' : 'must be a number (the server does not evaluate expressions)',
      });
    }
    const field: Field = { key, kind, component: c };
    if (kind === 'option' || kind === 'options') {
      const dynamic = c.valuesKey !== undefined || c.valuesExpression !== undefined;
      if (camunda && dynamic) {
        if (c.valuesKey !== undefined && (typeof c.valuesKey !== 'string' || !NESTED_KEY.test(c.valuesKey)))
          problems.push({ field: `${where}.valuesKey`, message: 'must name a variable' });
      } else if (dynamic || !Array.isArray(c.values)) {
        problems.push({
          field: `${where}.values`,
          message: 'the options must be listed in the form (values), so the server can check answers',
        });
        return;
      } else {
        field.options = (c.values as unknown[]).map((o) => (isObject(o) ? o.value : o));
      }
    }
    fields.push(field);
  });
}

const LIMITS = ['min', 'max', 'minLength', 'maxLength'] as const;

/**
 * A limit as form-js reads it: a number, or a decimal number as text, which is what the form-js
 * editor's properties panel writes (the viewer compares with big.js, so "5" limits like 5 does).
 * With variables (a Camunda form's answers), `=expr` is FEEL evaluated against them, as the viewer
 * does; an expression that yields no number is no limit. Anything else is no limit either; a schema
 * with such a limit is refused when it is saved or deployed.
 */
function limitOf(value: unknown, variables: Record<string, unknown> | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  if (variables && value.trimStart().startsWith('=')) {
    try {
      const result = evaluateFeel(value.trimStart().slice(1), variables, new FeelBudget()).value;
      return typeof result === 'number' && Number.isFinite(result) ? result : undefined;
    } catch {
      return undefined;
    }
  }
  if (!/^\s*-?(?:\d+\.?\d*|\.\d+)\s*$/.test(value)) return undefined;
  return Number(value);
}

/** YYYY-MM-DD naming a day the calendar has (JavaScript's Date.parse takes 2027-02-30 as 2 March). */
function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
