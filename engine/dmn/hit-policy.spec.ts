import { compileDecisions, DecisionEvaluationError, evaluateDecision, type DecisionEvaluation } from '.';
import { decisionTable, dmnDocument, type TableSpec } from './fixtures/make-dmn';

async function decide(spec: TableSpec, variables: Record<string, unknown>): Promise<DecisionEvaluation> {
  const { graph } = await compileDecisions(dmnDocument(decisionTable(spec)));
  return evaluateDecision(graph, spec.id ?? 'spec-decision', variables);
}

async function failure(spec: TableSpec, variables: Record<string, unknown>): Promise<DecisionEvaluationError> {
  try {
    await decide(spec, variables);
  } catch (err) {
    if (err instanceof DecisionEvaluationError) return err;
    throw err;
  }
  throw new Error('expected the decision to fail');
}

// Overlapping rules: 85 matches r1, r2 and r3; 75 matches r1 and r3; 60 only r1; 10 none.
const grades = (hitPolicy: string): TableSpec => ({
  hitPolicy,
  inputs: ['score'],
  outputs: [{ name: 'grade', values: '"A","B","C"' }],
  rules: [
    [['>= 50'], ['"C"']],
    [['>= 80'], ['"A"']],
    [['>= 70'], ['"B"']],
  ],
});

describe('hit policies (DMN 1.3 §8.2.11)', () => {
  const cases: Array<[string, number, unknown, string[]]> = [
    ['UNIQUE', 60, 'C', ['r1']],
    ['UNIQUE', 10, null, []],
    ['FIRST', 85, 'C', ['r1']],
    ['FIRST', 10, null, []],
    ['PRIORITY', 85, 'A', ['r2']],
    ['PRIORITY', 75, 'B', ['r3']],
    ['PRIORITY', 10, null, []],
    ['ANY', 60, 'C', ['r1']],
    ['ANY', 10, null, []],
    ['RULE ORDER', 85, ['C', 'A', 'B'], ['r1', 'r2', 'r3']],
    ['RULE ORDER', 10, [], []],
    ['OUTPUT ORDER', 85, ['A', 'B', 'C'], ['r2', 'r3', 'r1']],
    ['OUTPUT ORDER', 75, ['B', 'C'], ['r3', 'r1']],
    ['OUTPUT ORDER', 10, [], []],
    ['COLLECT', 85, ['C', 'A', 'B'], ['r1', 'r2', 'r3']],
    ['COLLECT', 10, [], []],
  ];

  it.each(cases)('%s with score %d gives %j from rules %j', async (hitPolicy, score, result, matchedRules) => {
    const evaluation = await decide(grades(hitPolicy), { score });
    expect(evaluation.result).toEqual(result);
    expect(evaluation.matchedRules).toEqual(matchedRules);
  });

  it('defaults to UNIQUE when the table names no hit policy', async () => {
    const error = await failure({ ...grades('UNIQUE'), hitPolicy: undefined }, { score: 85 });
    expect(error.ruleIds).toEqual(['r1', 'r2', 'r3']);
  });

  it.each([
    ['UNIQUE', 85, ['r1', 'r2', 'r3'], /UNIQUE allows one matching rule, but 3 rules match/],
    ['ANY', 75, ['r1', 'r3'], /ANY needs every matching rule to produce the same output.*r1 → "C", r3 → "B"/],
  ])('%s with score %d fails naming rules %j', async (hitPolicy, score, ruleIds, message) => {
    const error = await failure(grades(hitPolicy), { score });
    expect(error).toMatchObject({ decisionId: 'spec-decision', ruleIds, field: 'hitPolicy', code: 'DMN_EVALUATION_FAILED' });
    expect(error.message).toMatch(message);
  });

  it('ANY accepts overlapping rules that agree, reporting all of them', async () => {
    const spec: TableSpec = {
      hitPolicy: 'ANY',
      inputs: ['score'],
      outputs: ['passed'],
      rules: [
        [['>= 50'], ['true']],
        [['>= 80'], ['true']],
      ],
    };
    expect(await decide(spec, { score: 85 })).toMatchObject({ result: true, matchedRules: ['r1', 'r2'] });
  });
});

describe('COLLECT aggregations', () => {
  const points = (aggregation?: string): TableSpec => ({
    hitPolicy: 'COLLECT',
    ...(aggregation ? { aggregation } : {}),
    inputs: ['score'],
    outputs: ['points'],
    rules: [
      [['>= 50'], ['10']],
      [['>= 80'], ['5']],
      [['>= 70'], ['20']],
    ],
  });

  const cases: Array<[string | undefined, number, unknown]> = [
    [undefined, 85, [10, 5, 20]],
    ['SUM', 85, 35],
    ['MIN', 85, 5],
    ['MAX', 85, 20],
    ['COUNT', 85, 3],
    ['SUM', 60, 10],
    // No match: FEEL's sum([]), min([]), max([]) are null and count([]) is 0.
    [undefined, 10, []],
    ['SUM', 10, null],
    ['MIN', 10, null],
    ['MAX', 10, null],
    ['COUNT', 10, 0],
  ];

  it.each(cases)('COLLECT %s with score %d gives %j', async (aggregation, score, result) => {
    const evaluation = await decide(points(aggregation), { score });
    expect(evaluation.result).toEqual(result);
    expect(evaluation.matchedRules).toEqual(score === 10 ? [] : score === 60 ? ['r1'] : ['r1', 'r2', 'r3']);
  });

  it('refuses to SUM an output that is not a number, naming the rule', async () => {
    const spec: TableSpec = {
      hitPolicy: 'COLLECT',
      aggregation: 'SUM',
      inputs: ['score'],
      outputs: ['points'],
      rules: [
        [['-'], ['1']],
        [['-'], ['"two"']],
      ],
    };
    const error = await failure(spec, { score: 1 });
    expect(error).toMatchObject({ ruleIds: ['r2'], field: 'outputEntry[1]' });
    expect(error.message).toMatch(/COLLECT SUM needs numbers, but the output is "two"/);
  });
});

describe('result shape (as Camunda 8 returns it)', () => {
  const routing = (hitPolicy: string): TableSpec => ({
    hitPolicy,
    inputs: ['category'],
    outputs: [{ name: 'group', values: '"network-ops","service-desk"' }, { name: 'minutes' }],
    rules: [
      [['"network"'], ['"network-ops"', '30']],
      [['-'], ['"service-desk"', '60']],
    ],
  });

  it.each([
    ['FIRST', 'network', { group: 'network-ops', minutes: 30 }],
    ['PRIORITY', 'printer', { group: 'service-desk', minutes: 60 }],
    [
      'RULE ORDER',
      'network',
      [
        { group: 'network-ops', minutes: 30 },
        { group: 'service-desk', minutes: 60 },
      ],
    ],
    [
      'OUTPUT ORDER',
      'network',
      [
        { group: 'network-ops', minutes: 30 },
        { group: 'service-desk', minutes: 60 },
      ],
    ],
  ])('several outputs under %s (%s) give objects keyed by output name', async (hitPolicy, category, result) => {
    expect((await decide(routing(hitPolicy), { category })).result).toEqual(result);
  });

  it("ranks by the first output's values, then the next output's, keeping rule order on ties", async () => {
    const spec: TableSpec = {
      hitPolicy: 'OUTPUT ORDER',
      inputs: ['x'],
      outputs: [
        { name: 'level', values: '"high","low"' },
        { name: 'team', values: '"a","b"' },
      ],
      rules: [
        [['-'], ['"low"', '"b"']],
        [['-'], ['"low"', '"a"']],
        [['-'], ['"high"', '"b"']],
        [['-'], ['"high"', '"a"']],
        [['-'], ['"high"', '"a"']],
      ],
    };
    expect((await decide(spec, { x: 1 })).matchedRules).toEqual(['r4', 'r5', 'r3', 'r2', 'r1']);
    expect((await decide({ ...spec, hitPolicy: 'PRIORITY' }, { x: 1 })).result).toEqual({ level: 'high', team: 'a' });
  });

  it('an empty output cell produces null', async () => {
    const spec: TableSpec = { inputs: ['x'], outputs: ['a', 'b'], rules: [[['-'], ['1', '']]] };
    expect((await decide(spec, { x: 1 })).result).toEqual({ a: 1, b: null });
  });

  it('uses default output values when no rule matches a single-result table', async () => {
    const spec: TableSpec = { inputs: ['x'], outputs: [{ name: 'group', defaultValue: '"service-desk"' }], rules: [[['1'], ['"one"']]] };
    expect(await decide(spec, { x: 2 })).toMatchObject({ result: 'service-desk', matchedRules: [] });
    expect(await decide(spec, { x: 1 })).toMatchObject({ result: 'one', matchedRules: ['r1'] });
  });
});
