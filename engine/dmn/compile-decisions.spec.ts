// Over 300 lines because one spec per DMN construct over the same fixtures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileDecisions, DmnParseError, DmnValidationError, MAX_DMN_BYTES, type DecisionProblem } from '.';
import { decisionTable, dmnDocument, literalDecision, type TableSpec } from './fixtures/make-dmn';

const routingXml = readFileSync(join(__dirname, 'fixtures/ticket-routing.dmn'), 'utf8');

async function problemsOf(xml: string): Promise<DecisionProblem[]> {
  try {
    await compileDecisions(xml);
  } catch (err) {
    if (err instanceof DmnValidationError) return err.problems;
    throw err;
  }
  throw new Error('expected the compiler to reject the document');
}

const table = (overrides: Partial<TableSpec>): string =>
  dmnDocument(decisionTable({ id: 'd1', name: 'Spec table', inputs: ['x'], outputs: ['y'], rules: [[['1'], ['"one"']]], ...overrides }));

describe('compileDecisions', () => {
  it('compiles a decision requirements graph written by Camunda Modeler, keeping what evaluation needs', async () => {
    const { graph, contentHash } = await compileDecisions(routingXml);
    expect(Object.keys(graph.decisions)).toEqual(['routing', 'assignment-group', 'customer-tier']);
    expect(graph.decisions.routing).toMatchObject({
      kind: 'decisionTable',
      name: 'Routing',
      resultName: 'routing',
      hitPolicy: 'UNIQUE',
      requiredDecisions: ['assignment-group', 'customer-tier'],
      inputs: [
        {
          id: 'Input_RoutingTier',
          label: 'Customer tier',
          expression: 'customerTier',
          typeRef: 'string',
          allowedValues: '"gold","standard"',
        },
      ],
      outputs: [
        { id: 'Output_Group', name: 'group', label: 'Assignment group', typeRef: 'string' },
        { id: 'Output_ResponseMinutes', name: 'responseMinutes', typeRef: 'number' },
      ],
    });
    expect(graph.decisions.routing!.kind === 'decisionTable' && graph.decisions.routing.rules[0]).toEqual({
      id: 'Rule_Gold',
      inputEntries: ['"gold"'],
      outputEntries: ['assignment-group', '15'],
      annotation: 'Gold customers get a 15-minute response',
    });
    // Required inputs (dmn:InputData) document variables; they are not decisions to evaluate.
    expect(graph.decisions['assignment-group']!.requiredDecisions).toEqual(['customer-tier']);
    expect(graph.decisions['customer-tier']).toEqual({
      id: 'customer-tier',
      name: 'Customer tier',
      resultName: 'customerTier',
      requiredDecisions: [],
      kind: 'literalExpression',
      expression: 'if vip = true then "gold" else "standard"',
    });
    expect(contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps empty input entries as "-" and output values in priority order', async () => {
    const { graph } = await compileDecisions(
      table({
        hitPolicy: 'PRIORITY',
        outputs: [{ name: 'p', values: '"P1", "P2"' }],
        rules: [
          [[''], ['"P1"']],
          [['-'], ['']],
        ],
      }),
    );
    const decision = graph.decisions.d1!;
    expect(decision.kind === 'decisionTable' && decision.rules.map((r) => [r.inputEntries, r.outputEntries])).toEqual([
      [['-'], ['"P1"']],
      [['-'], [null]],
    ]);
    expect(decision.kind === 'decisionTable' && decision.outputs[0]!.priorityValues).toEqual(['P1', 'P2']);
  });

  it('produces a graph that survives JSON unchanged, and the same graph and hash for the same XML', async () => {
    const first = await compileDecisions(routingXml);
    const second = await compileDecisions(routingXml);
    expect(JSON.parse(JSON.stringify(first.graph))).toEqual(first.graph);
    expect(second).toEqual(first);
  });

  // One case per rejection reason, each naming the decision, and the rule and field where there is one.
  const rejections: Array<[string, string, string, { decisionId?: string; ruleId?: string; field?: string }]> = [
    [
      'invalid FEEL in an input expression',
      table({ inputs: ['impact +'] }),
      'INVALID_FEEL',
      { decisionId: 'd1', field: 'input[1].inputExpression' },
    ],
    [
      'invalid FEEL in allowed input values',
      table({ inputs: [{ expression: 'x', values: '"a",' }] }),
      'INVALID_FEEL',
      { decisionId: 'd1', field: 'input[1].inputValues' },
    ],
    [
      'invalid unary tests in an input entry',
      table({ rules: [[['> '], ['"one"']]] }),
      'INVALID_FEEL',
      { decisionId: 'd1', ruleId: 'r1', field: 'inputEntry[1]' },
    ],
    [
      'invalid FEEL in an output entry',
      table({ rules: [[['1'], ['a +']]] }),
      'INVALID_FEEL',
      { decisionId: 'd1', ruleId: 'r1', field: 'outputEntry[1]' },
    ],
    [
      'invalid FEEL in a literal expression',
      dmnDocument(literalDecision('lit', 'if x then')),
      'INVALID_FEEL',
      { decisionId: 'lit', field: 'literalExpression' },
    ],
    [
      'too many input entries',
      table({
        rules: [
          [['1'], ['"one"']],
          [['1', '2'], ['"two"']],
        ],
      }),
      'ENTRY_COUNT',
      { decisionId: 'd1', ruleId: 'r2', field: 'inputEntry' },
    ],
    [
      'too few output entries',
      table({ outputs: ['a', 'b'], rules: [[['1'], ['"one"']]] }),
      'ENTRY_COUNT',
      { decisionId: 'd1', ruleId: 'r1', field: 'outputEntry' },
    ],
    ['an unknown hit policy', table({ hitPolicy: 'SOMETIMES' }), 'UNKNOWN_HIT_POLICY', { decisionId: 'd1', field: 'hitPolicy' }],
    [
      'an unknown aggregation',
      table({ hitPolicy: 'COLLECT', aggregation: 'AVG' }),
      'UNKNOWN_AGGREGATION',
      { decisionId: 'd1', field: 'aggregation' },
    ],
    [
      'an aggregation without COLLECT',
      table({ hitPolicy: 'RULE ORDER', aggregation: 'SUM' }),
      'AGGREGATION_NOT_ALLOWED',
      { decisionId: 'd1', field: 'aggregation' },
    ],
    [
      'a COLLECT aggregation over several outputs',
      table({ hitPolicy: 'COLLECT', aggregation: 'SUM', outputs: ['a', 'b'], rules: [[['1'], ['1', '2']]] }),
      'AGGREGATION_NEEDS_SINGLE_OUTPUT',
      { decisionId: 'd1', field: 'aggregation' },
    ],
    ['PRIORITY without output values', table({ hitPolicy: 'PRIORITY' }), 'MISSING_PRIORITY_VALUES', { decisionId: 'd1', field: 'output' }],
    [
      'several outputs without names',
      table({ outputs: ['a', ''], rules: [[['1'], ['1', '2']]] }),
      'MISSING_OUTPUT_NAME',
      { decisionId: 'd1', field: 'output[2].name' },
    ],
    [
      'several outputs with the same name',
      table({ outputs: ['a', 'a'], rules: [[['1'], ['1', '2']]] }),
      'DUPLICATE_OUTPUT_NAME',
      { decisionId: 'd1', field: 'output[2].name' },
    ],
    ['a table without outputs', table({ outputs: [], rules: [] }), 'NO_OUTPUTS', { decisionId: 'd1', field: 'output' }],
    [
      'a default output on a multiple-result table',
      table({ hitPolicy: 'COLLECT', outputs: [{ name: 'y', defaultValue: '0' }] }),
      'UNSUPPORTED_DEFAULT_OUTPUT',
      { decisionId: 'd1', field: 'output[1].defaultOutputEntry' },
    ],
    ['an empty input expression', table({ inputs: [' '] }), 'MISSING_EXPRESSION', { decisionId: 'd1', field: 'input[1].inputExpression' }],
    ['a rule without id', table({}).replace('<rule id="r1">', '<rule>'), 'MISSING_ID', { decisionId: 'd1', field: 'rule[1]' }],
    [
      'a cycle of required decisions',
      dmnDocument(
        literalDecision('a', 'b + 1', { requires: ['b'] }) +
          literalDecision('b', 'c + 1', { requires: ['c'] }) +
          literalDecision('c', 'a + 1', { requires: ['a'] }),
      ),
      'DECISION_CYCLE',
      { decisionId: 'c', field: 'informationRequirement' },
    ],
    [
      'a missing required decision',
      dmnDocument(literalDecision('a', 'b + 1', { requires: ['b'] })),
      'MISSING_REQUIRED_DECISION',
      { decisionId: 'a', field: 'informationRequirement' },
    ],
    [
      'a required decision in another document',
      dmnDocument(
        literalDecision('a', '1').replace(
          '<literalExpression',
          '<informationRequirement id="ir"><requiredDecision href="other.dmn#b" /></informationRequirement><literalExpression',
        ),
      ),
      'UNSUPPORTED_REQUIREMENT',
      { decisionId: 'a', field: 'informationRequirement' },
    ],
    [
      'a knowledge requirement',
      dmnDocument(
        literalDecision('a', '1').replace(
          '<literalExpression',
          '<knowledgeRequirement id="kr"><requiredKnowledge href="#bkm" /></knowledgeRequirement><literalExpression',
        ) + '<businessKnowledgeModel id="bkm" />',
      ),
      'UNSUPPORTED_REQUIREMENT',
      { decisionId: 'a', field: 'knowledgeRequirement' },
    ],
    [
      'a business knowledge model',
      dmnDocument(literalDecision('a', '1') + '<businessKnowledgeModel id="bkm" name="Fees" />'),
      'UNSUPPORTED_ELEMENT',
      { decisionId: 'bkm' },
    ],
    [
      'a boxed context as decision logic',
      dmnDocument('<decision id="ctx"><context id="c1" /></decision>'),
      'UNSUPPORTED_DECISION_LOGIC',
      { decisionId: 'ctx', field: 'decisionLogic' },
    ],
    [
      'a decision without logic',
      dmnDocument('<decision id="empty" name="Empty" />'),
      'MISSING_DECISION_LOGIC',
      { decisionId: 'empty', field: 'decisionLogic' },
    ],
    [
      'a non-FEEL input entry',
      table({}).replace('<inputEntry id="r1-i1"', '<inputEntry id="r1-i1" expressionLanguage="juel"'),
      'UNSUPPORTED_EXPRESSION_LANGUAGE',
      { decisionId: 'd1', ruleId: 'r1', field: 'inputEntry[1]' },
    ],
    [
      'a non-FEEL literal expression',
      dmnDocument(literalDecision('lit', '1').replace('<literalExpression ', '<literalExpression expressionLanguage="javascript" ')),
      'UNSUPPORTED_EXPRESSION_LANGUAGE',
      { decisionId: 'lit', field: 'literalExpression' },
    ],
    [
      'a non-FEEL default language',
      table({}).replace('<definitions ', '<definitions expressionLanguage="http://www.omg.org/spec/DMN/20151101/juel" '),
      'UNSUPPORTED_EXPRESSION_LANGUAGE',
      { field: 'expressionLanguage' },
    ],
    [
      'a decision without id',
      dmnDocument('<decision name="Anonymous"><literalExpression><text>1</text></literalExpression></decision>'),
      'MISSING_ID',
      {},
    ],
    ['content DMN does not know', table({}).replace('</decisionTable>', '<rules-engine />\n</decisionTable>'), 'DMN_XML_WARNING', {}],
    ['two decisions with one id', dmnDocument(literalDecision('a', '1') + literalDecision('a', '2')), 'DMN_XML_WARNING', {}],
    ['a document without decisions', dmnDocument('<inputData id="in" name="x" />'), 'NO_DECISIONS', {}],
  ];

  it.each(rejections)('rejects %s, naming where', async (_what, xml, code, where) => {
    const problems = await problemsOf(xml);
    const problem = problems.find((p) => p.code === code);
    expect(problem).toBeDefined();
    expect({ decisionId: problem!.decisionId, ruleId: problem!.ruleId, field: problem!.field }).toEqual(where);
    if (where.decisionId) expect(problem!.elementId).toBe(where.decisionId);
    if (where.ruleId) expect(problem!.message).toContain(`rule ${where.ruleId}`);
  });

  it('lists every problem of the document at once, named in the error message', async () => {
    const xml = dmnDocument(
      decisionTable({
        id: 'd1',
        name: 'First',
        hitPolicy: 'SOMETIMES',
        inputs: ['x +'],
        outputs: ['y'],
        rules: [
          [['> '], ['"a"']],
          [['1', '2'], ['"b"']],
        ],
      }) + literalDecision('d2', 'missing + 1', { requires: ['nowhere'] }),
    );
    const error = await compileDecisions(xml).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DmnValidationError);
    const problems = (error as DmnValidationError).problems;
    expect(problems.map((p) => [p.code, p.decisionId, p.ruleId])).toEqual([
      ['UNKNOWN_HIT_POLICY', 'd1', undefined],
      ['INVALID_FEEL', 'd1', undefined],
      ['INVALID_FEEL', 'd1', 'r1'],
      ['ENTRY_COUNT', 'd1', 'r2'],
    ]);
    expect((error as Error).message).toMatch(
      /"First" \(d1\) inputEntry\[1\]: rule r1: input entry ">" for x \+ is not valid FEEL unary tests/,
    );
  });

  it('checks required decisions once each decision compiles', async () => {
    const problems = await problemsOf(dmnDocument(literalDecision('d2', 'missing + 1', { requires: ['nowhere'] })));
    expect(problems).toEqual([
      {
        elementId: 'd2',
        decisionId: 'd2',
        field: 'informationRequirement',
        message: 'requires decision "nowhere", which is not in this document',
        code: 'MISSING_REQUIRED_DECISION',
      },
    ]);
  });

  it('parses FEEL that reads a required decision whose name has dashes or spaces', async () => {
    const xml = dmnDocument(
      literalDecision('customer-tier', '"gold"') +
        literalDecision('tier-label', 'upper case(customer-tier)', { requires: ['customer-tier'] }) +
        literalDecision('spaced', '"x"', { variable: 'customer name' }) +
        literalDecision('greeting', '"hello " + customer name', { requires: ['spaced'] }),
    );
    await expect(compileDecisions(xml)).resolves.toBeDefined();
  });

  it.each([
    ['plain text', 'this is not xml'],
    [
      'a DOCTYPE with an entity',
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" />`,
    ],
    ['XML that is not DMN', '<html><body>hi</body></html>'],
    ['a BPMN document', '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="x" />'],
    [
      'DMN 1.2',
      '<definitions xmlns="https://www.omg.org/spec/DMN/20180521/MODEL/" id="d" name="D" namespace="x" />'.replace('https', 'http'),
    ],
    ['a document over 1 MB', table({}).replace('</definitions>', `<!-- ${'x'.repeat(MAX_DMN_BYTES)} --></definitions>`)],
  ])('refuses %s as unparsable', async (_what, xml) => {
    const error = await compileDecisions(xml).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DmnParseError);
    expect((error as DmnParseError).problems).toEqual([{ message: (error as Error).message, code: 'DMN_PARSE_ERROR' }]);
  });
});
