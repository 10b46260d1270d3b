import type { ProcessInstanceView } from '../../../workflows/client';
import { InvalidInput } from '../../errors';
import { elementInstanceRef } from './user-task-id';

/** How long a value's JSON may be before `truncateValues` cuts it, as Camunda's variable searches do. */
export const TRUNCATE_AT = 8191;

/** A variable where it lives: `scopeKey` is the process instance's id or `<process instance id>.<element instance key>`. */
export interface ScopedVariable {
  name: string;
  value: unknown;
  scopeKey: string;
}

/** One variable in Camunda 8's `VariableSearchResult` shape; keys are Flowdesk's references. */
export interface CamundaVariable {
  name: string;
  value: string;
  isTruncated: boolean;
  tenantId: string;
  variableKey: string;
  scopeKey: string;
  processInstanceKey: string;
  rootProcessInstanceKey: string;
}

/** A variable's key: its scope and its name, `<scope>/<name>` (one name per scope, so one key per variable). */
export const variableKeyOf = (scopeKey: string, name: string): string => `${scopeKey}/${name}`;

/** A variable key taken apart: the scope (its instance, and its element instance when local) and the name. */
export interface VariableKey {
  scopeKey: string;
  processInstanceId: string;
  /** Absent for a variable of the process instance itself. */
  elementInstanceKey?: number;
  name: string;
}

const KEY = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\.\d{1,9})?\/(.+)$/is;

/**
 * `<process instance id>/<name>` or `<process instance id>.<element instance key>/<name>`; the name is
 * everything after the scope's `/`, slashes and all. Anything else is a 400 naming `field`.
 */
export function parseVariableKey(text: string, field: string): VariableKey {
  const match = KEY.exec(text);
  if (!match) {
    const expected = 'expected <process instance id>[.<element instance key>]/<variable name>';
    throw new InvalidInput('INVALID_VARIABLE_KEY', `"${text}" is not a variable key (${expected})`, [{ field, message: expected }]);
  }
  const processInstanceId = match[1]!.toLowerCase();
  const elementInstanceKey = match[2] ? Number(match[2].slice(1)) : undefined;
  return {
    scopeKey: elementInstanceKey === undefined ? processInstanceId : elementInstanceRef(processInstanceId, elementInstanceKey),
    processInstanceId,
    ...(elementInstanceKey === undefined ? {} : { elementInstanceKey }),
    name: match[3]!,
  };
}

/**
 * Every variable an instance holds now: its own, then the local ones of each active element instance
 * that has any (input mappings, multi-instance items), each in its scope. A local variable of an element
 * instance that has ended is gone, as the workflow keeps none.
 */
export function instanceVariables(processInstanceId: string, view: ProcessInstanceView): ScopedVariable[] {
  return [
    ...Object.entries(view.variables).map(([name, value]) => ({ name, value, scopeKey: processInstanceId })),
    ...(view.scopes ?? []).flatMap((scope) =>
      Object.entries(scope.variables).map(([name, value]) => ({ name, value, scopeKey: elementInstanceRef(processInstanceId, scope.key) })),
    ),
  ];
}

/** The one variable a key names, if the instance holds it now. */
export function variableAt(view: ProcessInstanceView, key: VariableKey): ScopedVariable | undefined {
  const holder =
    key.elementInstanceKey === undefined ? view.variables : view.scopes?.find((s) => s.key === key.elementInstanceKey)?.variables;
  if (!holder || !Object.hasOwn(holder, key.name)) return undefined;
  return { name: key.name, value: holder[key.name], scopeKey: key.scopeKey };
}

/**
 * A variable as Camunda answers it: the value as JSON text, cut at {@link TRUNCATE_AT} characters and
 * marked `isTruncated` when `truncate` asks for it.
 */
export function camundaVariable(
  v: ScopedVariable,
  at: { processInstanceId: string; tenantId: string },
  truncate: boolean,
): CamundaVariable {
  const json = JSON.stringify(v.value ?? null);
  const cut = truncate && json.length > TRUNCATE_AT;
  return {
    name: v.name,
    value: cut ? json.slice(0, TRUNCATE_AT) : json,
    isTruncated: cut,
    tenantId: at.tenantId,
    variableKey: variableKeyOf(v.scopeKey, v.name),
    scopeKey: v.scopeKey,
    processInstanceKey: at.processInstanceId,
    rootProcessInstanceKey: at.processInstanceId,
  };
}
