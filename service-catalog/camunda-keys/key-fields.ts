import { organizationOfTenant } from '../identity/domain/camunda-tenant';

/**
 * Which fields of Camunda's REST API hold keys, and how Flowdesk's references in them are found and
 * replaced. Pure: the plugin hands over a request's inputs or a response's body and the lookups.
 */

/** Keys of things every organisation shares: they get no organisation in the key table. */
const SHARED_KEYS = [
  'processDefinitionKey',
  'targetProcessDefinitionKey',
  'decisionDefinitionKey',
  'decisionRequirementsKey',
  'deploymentKey',
  'formKey',
] as const;

/** Keys of one organisation's work: an instance, its elements, tasks, jobs, incidents, variables, messages. */
const OWNED_KEYS = [
  'processInstanceKey',
  'rootProcessInstanceKey',
  'parentProcessInstanceKey',
  'parentElementInstanceKey',
  'elementInstanceKey',
  'adHocSubProcessInstanceKey',
  'scopeKey',
  'elementInstanceScopeKey',
  'userTaskKey',
  'jobKey',
  'incidentKey',
  'variableKey',
  'messageKey',
  'signalKey',
  'decisionInstanceKey',
  'decisionEvaluationKey',
] as const;

/**
 * What a key names, whichever field first carried it: an instance's key is also a root's or a parent's,
 * and a Flowdesk user task is its element instance (`<instance>.<n>` both).
 */
const FAMILIES: Record<string, string> = {
  processDefinitionKey: 'process-definition',
  targetProcessDefinitionKey: 'process-definition',
  processInstanceKey: 'process-instance',
  rootProcessInstanceKey: 'process-instance',
  parentProcessInstanceKey: 'process-instance',
  elementInstanceKey: 'element-instance',
  parentElementInstanceKey: 'element-instance',
  adHocSubProcessInstanceKey: 'element-instance',
  userTaskKey: 'element-instance',
  decisionInstanceKey: 'decision-evaluation',
  decisionEvaluationKey: 'decision-evaluation',
};
const familyOfField = (field: string): string => FAMILIES[field] ?? field;
/** A scope is an instance or one of its elements: a key first answered as a scope may be either. */
const familiesOf = (field: string): string[] =>
  field === 'scopeKey' || field === 'elementInstanceScopeKey' ? ['element-instance', 'process-instance'] : [familyOfField(field)];

/** A key's kind as `camunda_key.kind` stores it: the field that first carried it, kebab-cased (`job` for jobs). */
export const kindOf = (field: string): string =>
  field === 'jobKey'
    ? 'job'
    : field
        .replace(/Key$/, '')
        .replace(/([A-Z])/g, '-$1')
        .toLowerCase();

const SHARED = new Set<string>(SHARED_KEYS);
const KEY_FIELDS = new Set<string>([...SHARED_KEYS, ...OWNED_KEYS]);
const FIELD_OF_KIND = new Map([...KEY_FIELDS].map((field) => [kindOf(field), field]));

/**
 * Whether a key of the stored `kind` may stand in `field` of a request, so that a task's key in a job's
 * path is a 404 (no such job), as in Camunda, instead of a reference the route cannot read. As in
 * Camunda, a process instance's key names its own scope where an element instance key or a scope is
 * asked for (`PUT /v2/element-instances/{key}/variables` on the instance's variables), and a deployment key may be
 * any deployed thing's.
 */
export function fitsField(kind: string, field: string): boolean {
  const carried = FIELD_OF_KIND.get(kind);
  // a kind no field of this release carries: the route judges the reference itself
  if (carried === undefined) return true;
  // a deployment's key is its first resource's: the two are one key, whichever was answered first
  if (field === 'deploymentKey' || carried === 'deploymentKey') return SHARED.has(carried) && SHARED.has(field);
  const wanted = field === 'elementInstanceKey' ? familiesOf('scopeKey') : familiesOf(field);
  return familiesOf(carried).some((family) => wanted.includes(family));
}

/**
 * Camunda's one compound key: a decision evaluated within an evaluation is `<evaluation key>-<n>`
 * (pattern `^[0-9]+-[0-9]+$`); Flowdesk's is `<evaluation ref>.<n>`, so the evaluation gets its key and
 * the number stays.
 */
const COMPOUND = 'decisionEvaluationInstanceKey';
const COMPOUND_REF = /^(.+)\.(\d+)$/;

/**
 * Objects that hold a user's own data, whose property names mean nothing to the API (a variable may
 * well be called `processInstanceKey`): never looked into.
 */
const USER_DATA = new Set(['variables', 'customHeaders']);

/** A key as Camunda's clients send it: digits (a string from 8.7 on, a JSON number before). */
const NUMERIC = /^-?\d{1,19}$/;

export const isNumericKey = (value: unknown): value is string | number =>
  (typeof value === 'string' && NUMERIC.test(value)) || (typeof value === 'number' && Number.isSafeInteger(value));

/** A Flowdesk reference to be given a key: what it is (the field's name) and whose it is. */
export interface KeyedRef {
  ref: string;
  field: string;
  /** The organisation of the item it was found in; null for shared things and internal work. */
  organizationId: string | null;
}

type Json = unknown;
type Slot = { holder: Record<string, Json>; field: string; ref: string; suffix?: string };

function collect(value: Json, organizationId: string | null, slots: Slot[], refs: KeyedRef[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, organizationId, slots, refs);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const holder = value as Record<string, Json>;
  const own = typeof holder['tenantId'] === 'string' ? organizationOfTenant(holder['tenantId']) : organizationId;
  for (const [field, inner] of Object.entries(holder)) {
    if (USER_DATA.has(field)) continue;
    const compound = field === COMPOUND && typeof inner === 'string' ? COMPOUND_REF.exec(inner) : null;
    if (compound && !NUMERIC.test(compound[1]!)) {
      slots.push({ holder, field, ref: compound[1]!, suffix: `-${compound[2]}` });
      refs.push({ ref: compound[1]!, field: 'decisionEvaluationKey', organizationId: own });
    } else if (KEY_FIELDS.has(field) && typeof inner === 'string' && inner !== '' && !NUMERIC.test(inner)) {
      slots.push({ holder, field, ref: inner });
      refs.push({ ref: inner, field, organizationId: SHARED.has(field) ? null : own });
    } else collect(inner, own, slots, refs);
  }
}

/**
 * The references in a response body, and a function that puts the keys found for them in their
 * place (in the body itself: it is the route's own fresh object). A reference without a key stays.
 */
export function keyedRefsOf(body: Json): { refs: KeyedRef[]; replace(keys: ReadonlyMap<string, string>): void } {
  const slots: Slot[] = [];
  const refs: KeyedRef[] = [];
  collect(body, null, slots, refs);
  return {
    refs,
    replace(keys) {
      for (const slot of slots) {
        const key = keys.get(slot.ref);
        if (key !== undefined) slot.holder[slot.field] = key + (slot.suffix ?? '');
      }
    },
  };
}

/** Where a request names keys: path parameters, the query, the body's top level, and its `filter`. */
export interface KeyInputs {
  params: Record<string, Json>;
  query: Record<string, Json>;
  payload: Json;
}

/** A numeric key in a request, with where it was (`params.jobKey`, `payload.filter.processInstanceKey`). */
export interface KeyUse {
  key: string;
  /** The key field's name (`jobKey`). */
  field: string;
  at: string;
  /** A path parameter names one thing (unknown: 404); a filter only narrows a search (unknown: nothing). */
  names: boolean;
  set(ref: string): void;
}

// A filter value: the key itself, or Camunda's advanced filter with $eq, $neq, $in, $notIn.
function filterUses(keyField: string, holder: Record<string, Json>, slot: string, at: string, uses: KeyUse[]): void {
  const value = holder[slot];
  if (isNumericKey(value)) {
    uses.push({ key: String(value), field: keyField, at, names: false, set: (ref) => (holder[slot] = ref) });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (isNumericKey(item)) {
        uses.push({ key: String(item), field: keyField, at: `${at}[${i}]`, names: false, set: (ref) => (value[i] = ref) });
      }
    });
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const op of Object.keys(value)) filterUses(keyField, value as Record<string, Json>, op, `${at}.${op}`, uses);
  }
}

function filterTree(value: Json, at: string, uses: KeyUse[]): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const holder = value as Record<string, Json>;
  for (const field of Object.keys(holder)) {
    if (USER_DATA.has(field)) continue;
    if (KEY_FIELDS.has(field)) filterUses(field, holder, field, `${at}.${field}`, uses);
    else filterTree(holder[field], `${at}.${field}`, uses);
  }
}

/** Every numeric key a request sends where Camunda's API takes a key. */
export function keyUsesOf(inputs: KeyInputs): KeyUse[] {
  const uses: KeyUse[] = [];
  for (const [field, value] of Object.entries(inputs.params)) {
    if (KEY_FIELDS.has(field) && isNumericKey(value)) {
      uses.push({ key: String(value), field, at: `params.${field}`, names: true, set: (ref) => (inputs.params[field] = ref) });
    }
  }
  for (const field of Object.keys(inputs.query)) if (KEY_FIELDS.has(field)) filterUses(field, inputs.query, field, `query.${field}`, uses);
  const payload = inputs.payload;
  if (payload !== null && typeof payload === 'object' && !Array.isArray(payload)) {
    const body = payload as Record<string, Json>;
    for (const field of Object.keys(body)) {
      if (!KEY_FIELDS.has(field)) continue;
      const value = body[field];
      if (isNumericKey(value))
        uses.push({ key: String(value), field, at: `payload.${field}`, names: true, set: (ref) => (body[field] = ref) });
    }
    filterTree(body['filter'], 'payload.filter', uses);
  }
  return uses;
}
