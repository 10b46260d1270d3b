import type { ProcessInstanceView } from '../../../workflows/client';
import { InvalidInput } from '../../errors';
import { camundaVariable, instanceVariables, parseVariableKey, TRUNCATE_AT, variableAt, variableKeyOf } from './camunda-variables';

const ID = '0b7e4a52-93c1-4f0e-8d6a-5a1c9e3b2f70';
const view = (variables: Record<string, unknown>, scopes: ProcessInstanceView['scopes'] = []): ProcessInstanceView => ({
  status: 'active',
  activeElementIds: [],
  openUserTasks: [],
  incidents: [],
  variables,
  history: [],
  scopes,
  startedAt: 0,
});

describe('Camunda variables of an instance', () => {
  it('keys a variable by its scope and name, and takes such a key apart, slashes in the name and all', () => {
    expect(parseVariableKey(variableKeyOf(ID, 'orderId'), 'params.variableKey')).toEqual({
      scopeKey: ID,
      processInstanceId: ID,
      name: 'orderId',
    });
    expect(parseVariableKey(`${ID.toUpperCase()}.7/a/b`, 'params.variableKey')).toEqual({
      scopeKey: `${ID}.7`,
      processInstanceId: ID,
      elementInstanceKey: 7,
      name: 'a/b',
    });
  });

  it('refuses a key that is not <scope>/<name>, naming the field', () => {
    for (const bad of [ID, `${ID}/`, `${ID}.x/name`, 'orderId', `${ID}.1`]) {
      let refused: unknown;
      try {
        parseVariableKey(bad, 'params.variableKey');
      } catch (err) {
        refused = err;
      }
      expect(refused).toBeInstanceOf(InvalidInput);
      expect((refused as InvalidInput).details).toEqual([expect.objectContaining({ field: 'params.variableKey' })]);
    }
  });

  it('lists the instance’s own variables, then each active scope’s local ones, and finds each by its key', () => {
    // given an instance with a variable and a task whose input mapping shadows it
    const v = view({ orderId: 'A-1', amount: 5 }, [{ key: 4, elementId: 'approve', variables: { amount: 7 } }]);
    // when listed / then both amounts are there, each in its scope
    expect(instanceVariables(ID, v)).toEqual([
      { name: 'orderId', value: 'A-1', scopeKey: ID },
      { name: 'amount', value: 5, scopeKey: ID },
      { name: 'amount', value: 7, scopeKey: `${ID}.4` },
    ]);
    expect(variableAt(v, parseVariableKey(`${ID}.4/amount`, 'k'))).toEqual({ name: 'amount', value: 7, scopeKey: `${ID}.4` });
    expect(variableAt(v, parseVariableKey(`${ID}/amount`, 'k'))?.value).toBe(5);
    // a scope that has no such variable, or no scope at all, holds nothing
    expect(variableAt(v, parseVariableKey(`${ID}.4/orderId`, 'k'))).toBeUndefined();
    expect(variableAt(v, parseVariableKey(`${ID}.9/amount`, 'k'))).toBeUndefined();
    expect(variableAt(v, parseVariableKey(`${ID}/toString`, 'k'))).toBeUndefined();
  });

  it('answers the value as JSON text, cut and marked only when truncation is asked for and needed', () => {
    const at = { processInstanceId: ID, tenantId: '<default>' };
    const long = { name: 'notes', value: 'x'.repeat(TRUNCATE_AT + 10), scopeKey: ID };
    expect(camundaVariable({ name: 'n', value: { a: [1] }, scopeKey: `${ID}.2` }, at, true)).toEqual({
      name: 'n',
      value: '{"a":[1]}',
      isTruncated: false,
      tenantId: '<default>',
      variableKey: `${ID}.2/n`,
      scopeKey: `${ID}.2`,
      processInstanceKey: ID,
      rootProcessInstanceKey: ID,
    });
    const cut = camundaVariable(long, at, true);
    expect(cut.value).toHaveLength(TRUNCATE_AT);
    expect(cut.isTruncated).toBe(true);
    expect(camundaVariable(long, at, false)).toMatchObject({ value: JSON.stringify(long.value), isTruncated: false });
    expect(camundaVariable({ name: 'gone', value: undefined, scopeKey: ID }, at, false).value).toBe('null');
  });
});
