import { fitsField, isNumericKey, keyUsesOf, keyedRefsOf, kindOf } from './key-fields';

const ORG = '6f1c2b9e-0d1a-4c3e-9a57-2f7d1e0b4c11';
const INSTANCE = '0b7e4a52-93c1-4f0e-8d6a-5a1c9e3b2f70';
const DEFINITION = 'c3a9d1f4-2b6e-4e8a-9f10-7d5b3c2a1e08';

describe('Camunda key fields', () => {
  it('finds the references in key fields, each with the organisation of its item, shared things with none', () => {
    const body = {
      jobs: [
        {
          jobKey: 'tok.abc',
          processInstanceKey: INSTANCE,
          processDefinitionKey: DEFINITION,
          tenantId: ORG,
          variables: { processInstanceKey: 'a variable, not a key' },
          customHeaders: { jobKey: 'a header' },
        },
      ],
    };
    const found = keyedRefsOf(body);
    expect(found.refs).toEqual([
      { ref: 'tok.abc', field: 'jobKey', organizationId: ORG },
      { ref: INSTANCE, field: 'processInstanceKey', organizationId: ORG },
      { ref: DEFINITION, field: 'processDefinitionKey', organizationId: null },
    ]);
    found.replace(
      new Map([
        ['tok.abc', '2251799813685249'],
        [INSTANCE, '2251799813685250'],
      ]),
    );
    expect(body.jobs[0]).toMatchObject({
      jobKey: '2251799813685249',
      processInstanceKey: '2251799813685250',
      processDefinitionKey: DEFINITION,
      variables: { processInstanceKey: 'a variable, not a key' },
      customHeaders: { jobKey: 'a header' },
    });
  });

  it('reads the default tenant as internal work, inherits an enclosing tenant, and leaves numbers and nulls alone', () => {
    const found = keyedRefsOf({
      tenantId: '<default>',
      items: [{ userTaskKey: `${INSTANCE}.7`, parentProcessInstanceKey: null, incidentKey: '2251799813685251' }],
      page: { totalItems: 1 },
    });
    expect(found.refs).toEqual([{ ref: `${INSTANCE}.7`, field: 'userTaskKey', organizationId: null }]);
    expect(keyedRefsOf({ tenantId: ORG, items: [{ scopeKey: INSTANCE }] }).refs).toEqual([
      { ref: INSTANCE, field: 'scopeKey', organizationId: ORG },
    ]);
  });

  it("gives a decision's evaluation instance Camunda's compound key: the evaluation's key and its number", () => {
    const body = { decisionEvaluationKey: INSTANCE, evaluatedDecisions: [{ decisionEvaluationInstanceKey: `${INSTANCE}.2` }] };
    const found = keyedRefsOf(body);
    expect(found.refs.map((r) => r.ref)).toEqual([INSTANCE, INSTANCE]);
    found.replace(new Map([[INSTANCE, '2251799813685260']]));
    expect(body).toEqual({
      decisionEvaluationKey: '2251799813685260',
      evaluatedDecisions: [{ decisionEvaluationInstanceKey: '2251799813685260-2' }],
    });
  });

  it('finds numeric keys in path parameters, the body and its filter, strings and JSON numbers alike', () => {
    const inputs = {
      params: { userTaskKey: '2251799813685249', other: '12' },
      query: {},
      payload: {
        processDefinitionKey: 2251799813685250,
        variables: { processInstanceKey: '42' },
        filter: {
          processInstanceKey: { $in: ['2251799813685251', INSTANCE] },
          incidentKey: '2251799813685252',
          state: 'ACTIVE',
        },
      },
    };
    const uses = keyUsesOf(inputs);
    expect(uses.map(({ key, field, at, names }) => ({ key, field, at, names }))).toEqual([
      { key: '2251799813685249', field: 'userTaskKey', at: 'params.userTaskKey', names: true },
      { key: '2251799813685250', field: 'processDefinitionKey', at: 'payload.processDefinitionKey', names: true },
      { key: '2251799813685251', field: 'processInstanceKey', at: 'payload.filter.processInstanceKey.$in[0]', names: false },
      { key: '2251799813685252', field: 'incidentKey', at: 'payload.filter.incidentKey', names: false },
    ]);
    uses.forEach((use, i) => use.set(`ref-${i}`));
    expect(inputs).toEqual({
      params: { userTaskKey: 'ref-0', other: '12' },
      query: {},
      payload: {
        processDefinitionKey: 'ref-1',
        variables: { processInstanceKey: '42' },
        filter: { processInstanceKey: { $in: ['ref-2', INSTANCE] }, incidentKey: 'ref-3', state: 'ACTIVE' },
      },
    });
  });

  it('takes digits up to a 64-bit length, and safe integers, as keys; uuids and element refs are not', () => {
    expect(isNumericKey('2251799813685249')).toBe(true);
    expect(isNumericKey(2251799813685249)).toBe(true);
    expect(isNumericKey('12345678901234567890')).toBe(false);
    expect(isNumericKey(1.5)).toBe(false);
    expect(isNumericKey(INSTANCE)).toBe(false);
    expect(isNumericKey(`${INSTANCE}.3`)).toBe(false);
  });

  it('lets a key stand only where a key of its kind is asked for, whichever field first carried it', () => {
    const kind = (field: string) => kindOf(field);
    expect(kind('jobKey')).toBe('job');
    expect(kind('rootProcessInstanceKey')).toBe('root-process-instance');
    // an instance's key first answered as a root's, a parent's or a scope's is still an instance's
    expect(fitsField(kind('rootProcessInstanceKey'), 'processInstanceKey')).toBe(true);
    expect(fitsField(kind('scopeKey'), 'processInstanceKey')).toBe(true);
    // a Flowdesk task is its element instance; an instance names its own scope
    expect(fitsField(kind('userTaskKey'), 'elementInstanceKey')).toBe(true);
    expect(fitsField(kind('elementInstanceKey'), 'userTaskKey')).toBe(true);
    expect(fitsField(kind('processInstanceKey'), 'elementInstanceKey')).toBe(true);
    // a deployment's key is its first resource's
    expect(fitsField(kind('formKey'), 'deploymentKey')).toBe(true);
    expect(fitsField(kind('deploymentKey'), 'processDefinitionKey')).toBe(true);
    // and nowhere else
    expect(fitsField(kind('processInstanceKey'), 'userTaskKey')).toBe(false);
    expect(fitsField(kind('processInstanceKey'), 'jobKey')).toBe(false);
    expect(fitsField(kind('userTaskKey'), 'incidentKey')).toBe(false);
    expect(fitsField(kind('processDefinitionKey'), 'processInstanceKey')).toBe(false);
    expect(fitsField(kind('jobKey'), 'deploymentKey')).toBe(false);
    expect(fitsField(kind('deploymentKey'), 'jobKey')).toBe(false);
    expect(fitsField(kind('decisionDefinitionKey'), 'decisionRequirementsKey')).toBe(false);
    // a migration's target is a process version like any other
    expect(fitsField(kind('processDefinitionKey'), 'targetProcessDefinitionKey')).toBe(true);
    expect(fitsField(kind('incidentKey'), 'elementInstanceKey')).toBe(false);
    // a kind this release does not know is left to the route to judge
    expect(fitsField('retired-kind', 'jobKey')).toBe(true);
  });
});
