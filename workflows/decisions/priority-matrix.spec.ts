import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileDecisions, DecisionEvaluationError, evaluateDecision, type DecisionGraph } from '../../engine/dmn';

const xml = readFileSync(join(__dirname, 'priority-matrix.dmn'), 'utf8');

describe('ITIL priority matrix (priority-matrix.dmn)', () => {
  let graph: DecisionGraph;
  beforeAll(async () => {
    ({ graph } = await compileDecisions(xml));
  });

  it('is one UNIQUE table over impact and urgency with the P1..P5 output values', () => {
    expect(graph.decisions['priority-matrix']).toMatchObject({
      name: 'Priority matrix',
      kind: 'decisionTable',
      hitPolicy: 'UNIQUE',
      inputs: [
        { expression: 'impact', allowedValues: '"high","medium","low"' },
        { expression: 'urgency', allowedValues: '"high","medium","low"' },
      ],
      outputs: [{ name: 'priority', priorityValues: ['P1', 'P2', 'P3', 'P4', 'P5'] }],
    });
  });

  const matrix: Array<[string, string, string]> = [
    ['high', 'high', 'P1'],
    ['high', 'medium', 'P2'],
    ['medium', 'high', 'P2'],
    ['high', 'low', 'P3'],
    ['medium', 'medium', 'P3'],
    ['low', 'high', 'P3'],
    ['medium', 'low', 'P4'],
    ['low', 'medium', 'P4'],
    ['low', 'low', 'P5'],
  ];

  it.each(matrix)('impact %s × urgency %s → %s, from exactly one rule', (impact, urgency, priority) => {
    const evaluation = evaluateDecision(graph, 'priority-matrix', { impact, urgency });
    expect(evaluation.result).toBe(priority);
    expect(evaluation.matchedRules).toHaveLength(1);
    expect(evaluation.warnings).toEqual([]);
  });

  it('has one rule per combination, none left over', () => {
    const table = graph.decisions['priority-matrix']!;
    expect(table.kind === 'decisionTable' && table.rules).toHaveLength(matrix.length);
  });

  it.each([
    ['a value outside the scale', { impact: 'critical', urgency: 'high' }, /input "Impact.*" \(impact\) is "critical"/],
    ['a missing urgency', { impact: 'high' }, /input "Urgency" \(urgency\) is null.*Variable 'urgency' not found/],
  ])('raises an incident-ready error for %s', (_what, variables, message) => {
    expect(() => evaluateDecision(graph, 'priority-matrix', variables)).toThrow(DecisionEvaluationError);
    expect(() => evaluateDecision(graph, 'priority-matrix', variables)).toThrow(message);
  });
});
