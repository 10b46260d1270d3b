import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileDecisions, DecisionEvaluationError, evaluateDecision, type DecisionGraph } from '.';
import { decisionTable, dmnDocument, literalDecision, type TableSpec } from './fixtures/make-dmn';

const routingXml = readFileSync(join(__dirname, 'fixtures/ticket-routing.dmn'), 'utf8');

async function compile(xml: string): Promise<DecisionGraph> {
  return (await compileDecisions(xml)).graph;
}

function failureOf(run: () => unknown): DecisionEvaluationError {
  try {
    run();
  } catch (err) {
    if (err instanceof DecisionEvaluationError) return err;
    throw err;
  }
  throw new Error('expected the decision to fail');
}

const single = (spec: Partial<TableSpec>) =>
  compile(dmnDocument(decisionTable({ id: 'd', name: 'Spec', inputs: ['x'], outputs: ['y'], rules: [], ...spec })));

describe('evaluateDecision with required decisions', () => {
  let graph: DecisionGraph;
  beforeAll(async () => {
    graph = await compile(routingXml);
  });

  // routing ← assignment-group ← customer-tier, and routing ← customer-tier directly.
  it.each([
    [{ vip: true, category: 'network' }, { group: 'vip-desk', responseMinutes: 15 }, ['Rule_Gold'], ['Rule_VipDesk']],
    [{ vip: false, category: 'network' }, { group: 'network-ops', responseMinutes: 60 }, ['Rule_Standard'], ['Rule_Network']],
    [{ vip: false, category: 'password' }, { group: 'identity', responseMinutes: 60 }, ['Rule_Standard'], ['Rule_Access']],
    [{ vip: false, category: 'printer' }, { group: 'service-desk', responseMinutes: 60 }, ['Rule_Standard'], ['Rule_ServiceDesk']],
  ])('routes %j to %j', (variables, result, matchedRules, groupRules) => {
    const evaluation = evaluateDecision(graph, 'routing', variables);
    expect(evaluation).toMatchObject({ decisionId: 'routing', decisionName: 'Routing', result, matchedRules, warnings: [] });
    // Required decisions first, each once although customer-tier is required twice.
    expect(evaluation.evaluatedDecisions.map((d) => [d.decisionId, d.matchedRules])).toEqual([
      ['customer-tier', []],
      ['assignment-group', groupRules],
      ['routing', matchedRules],
    ]);
    expect(evaluation.evaluatedDecisions[0]).toMatchObject({ kind: 'literalExpression', result: variables.vip ? 'gold' : 'standard' });
    expect(evaluation.evaluatedDecisions[1]!.inputs).toEqual([
      { inputId: 'Input_GroupTier', label: 'Customer tier', value: variables.vip ? 'gold' : 'standard' },
      { inputId: 'Input_Category', label: 'Category', value: variables.category },
    ]);
  });

  it('evaluates a required decision on its own', () => {
    expect(evaluateDecision(graph, 'assignment-group', { vip: false, category: 'access' }).result).toBe('identity');
    expect(evaluateDecision(graph, 'customer-tier', { vip: true }).result).toBe('gold');
  });

  it('reports FEEL warnings, such as missing variables, with the decision and field', () => {
    const evaluation = evaluateDecision(graph, 'routing', {});
    expect(evaluation.result).toEqual({ group: 'service-desk', responseMinutes: 60 });
    expect(evaluation.warnings).toEqual(
      expect.arrayContaining([
        { decisionId: 'customer-tier', field: 'literalExpression', message: expect.stringContaining("Variable 'vip' not found") },
        {
          decisionId: 'assignment-group',
          field: 'input[2].inputExpression',
          message: expect.stringContaining("Variable 'category' not found"),
        },
      ]),
    );
  });

  it('names the failed required decision and the path to it', async () => {
    const overlapping = await compile(
      dmnDocument(
        literalDecision('top', 'middle', { requires: ['middle'] }) +
          literalDecision('middle', 'bottom', { requires: ['bottom'] }) +
          decisionTable({
            id: 'bottom',
            inputs: ['x'],
            outputs: ['y'],
            rules: [
              [['-'], ['1']],
              [['-'], ['2']],
            ],
          }),
      ),
    );
    const error = failureOf(() => evaluateDecision(overlapping, 'top', { x: 1 }));
    expect(error).toMatchObject({ decisionId: 'bottom', ruleIds: ['r1', 'r2'], decisionPath: ['top', 'middle', 'bottom'] });
    expect(error.message).toMatch(/^decision \(bottom\): rules r1, r2: hit policy UNIQUE .* \(evaluating top → middle → bottom\)$/);
  });
});

describe('evaluateDecision never fails into a silent null', () => {
  it('refuses an input outside its allowed values, explaining a missing variable', async () => {
    const graph = await single({
      inputs: [{ expression: 'impact', label: 'Impact', values: '"high","medium","low"' }],
      rules: [[['"high"'], ['1']]],
    });
    const typo = failureOf(() => evaluateDecision(graph, 'd', { impact: 'High' }));
    expect(typo).toMatchObject({ decisionId: 'd', ruleIds: [], field: 'input[1].inputExpression' });
    expect(typo.message).toBe(
      'decision "Spec" (d): input "Impact" (impact) is "High", which is not one of its allowed values "high","medium","low"',
    );
    const missing = failureOf(() => evaluateDecision(graph, 'd', {}));
    expect(missing.message).toMatch(/is null, which is not one of its allowed values .*Variable 'impact' not found/);
  });

  it('refuses an output outside its allowed values, naming the rule', async () => {
    const graph = await single({ outputs: [{ name: 'priority', values: '"P1","P2"' }], rules: [[['-'], ['"P6"']]] });
    const error = failureOf(() => evaluateDecision(graph, 'd', { x: 1 }));
    expect(error).toMatchObject({ ruleIds: ['r1'], field: 'outputEntry[1]' });
    expect(error.message).toMatch(/rule r1: output priority is "P6", which is not one of its allowed values/);
  });

  // A graph from storage may have been edited or written by an older compiler: FEEL that feelin
  // cannot run must still become an error with its location.
  it.each([
    ['an input expression', (g: DecisionGraph) => (tableOf(g).inputs[0]!.expression = 'x +'), undefined, 'input[1].inputExpression'],
    ['an input entry', (g: DecisionGraph) => (tableOf(g).rules[0]!.inputEntries[0] = '> '), 'r1', 'inputEntry[1]'],
    ['an output entry', (g: DecisionGraph) => (tableOf(g).rules[0]!.outputEntries[0] = '1 +'), 'r1', 'outputEntry[1]'],
  ])('turns broken FEEL in %s into an error', async (_what, breakIt, ruleId, field) => {
    const graph = await single({ rules: [[['1'], ['"one"']]] });
    breakIt(graph);
    const error = failureOf(() => evaluateDecision(graph, 'd', { x: 1 }));
    expect(error).toMatchObject({ decisionId: 'd', ruleIds: ruleId ? [ruleId] : [], field });
    expect(error.message).toMatch(/failed: /);
  });

  it.each([
    ['hit policy', (g: DecisionGraph) => Object.assign(tableOf(g), { hitPolicy: 'SOMETIMES' })],
    ['aggregation', (g: DecisionGraph) => Object.assign(tableOf(g), { hitPolicy: 'COLLECT', aggregation: 'AVG' })],
  ])('refuses an unknown %s in an edited graph', async (field, breakIt) => {
    const graph = await single({ outputs: ['n'], rules: [[['-'], ['1']]] });
    breakIt(graph);
    expect(failureOf(() => evaluateDecision(graph, 'd', { x: 1 })).message).toMatch(new RegExp(`${field} ".*" is not supported`));
  });

  it('refuses an unknown decision id', async () => {
    const graph = await single({});
    expect(failureOf(() => evaluateDecision(graph, 'nope', {})).message).toBe(
      'decision "nope" is not in the decision graph (decisions: d)',
    );
  });

  it('refuses a cycle in a hand-built graph instead of recursing forever', () => {
    const graph: DecisionGraph = {
      decisions: {
        a: { id: 'a', resultName: 'a', requiredDecisions: ['b'], kind: 'literalExpression', expression: 'b' },
        b: { id: 'b', resultName: 'b', requiredDecisions: ['a'], kind: 'literalExpression', expression: 'a' },
      },
    };
    expect(failureOf(() => evaluateDecision(graph, 'a', {})).message).toMatch(/cycle: a → b → a/);
  });
});

describe('evaluateDecision values and determinism', () => {
  it('compares FEEL dates as dates and returns them as ISO text', async () => {
    const graph = await single({
      inputs: ['date(reported)'],
      outputs: ['due'],
      rules: [
        [['< date("2024-01-01")'], ['date(reported) + duration("P1D")']],
        [['-'], ['null']],
      ],
      hitPolicy: 'FIRST',
    });
    expect(evaluateDecision(graph, 'd', { reported: '2023-12-31' })).toMatchObject({ result: '2024-01-01', matchedRules: ['r1'] });
  });

  it('a literal expression decision returns its value', async () => {
    const graph = await compile(dmnDocument(literalDecision('fee', 'round up(hours * rate, 2)', { variable: 'fee' })));
    expect(evaluateDecision(graph, 'fee', { hours: 1.5, rate: 80 })).toMatchObject({ result: 120, matchedRules: [], warnings: [] });
  });

  it('gives the same result twice, from a JSON copy of the graph, without touching the variables', async () => {
    const graph = await compile(routingXml);
    const variables = Object.freeze({ vip: false, category: 'network' });
    const first = evaluateDecision(graph, 'routing', variables);
    expect(evaluateDecision(graph, 'routing', variables)).toEqual(first);
    expect(evaluateDecision(JSON.parse(JSON.stringify(graph)) as DecisionGraph, 'routing', variables)).toEqual(first);
    expect(JSON.parse(JSON.stringify(first))).toEqual(first);
    expect(variables).toEqual({ vip: false, category: 'network' });
  });
});

function tableOf(graph: DecisionGraph) {
  const decision = graph.decisions.d!;
  if (decision.kind !== 'decisionTable') throw new Error('expected a decision table');
  return decision;
}
