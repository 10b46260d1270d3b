import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileDecisions, evaluateDecision, type DecisionGraph } from '../../engine/dmn';

const xml = readFileSync(join(__dirname, 'change-risk.dmn'), 'utf8');

describe('change risk (change-risk.dmn)', () => {
  let graph: DecisionGraph;
  beforeAll(async () => {
    ({ graph } = await compileDecisions(xml));
  });

  it.each([
    [{ impact: 'high', likelihood: 'high', affectedServiceCount: 1, windowHours: 1 }, 'high'],
    [{ impact: 'low', likelihood: 'low', affectedServiceCount: 4, windowHours: 1 }, 'high'],
    [{ impact: 'high', likelihood: 'low', affectedServiceCount: 1, windowHours: 12 }, 'high'],
    [{ impact: 'high', likelihood: 'low', affectedServiceCount: 1, windowHours: 2 }, 'medium'],
    [{ impact: 'low', likelihood: 'high', affectedServiceCount: 1, windowHours: 2 }, 'medium'],
    [{ impact: 'medium', likelihood: 'medium', affectedServiceCount: 1, windowHours: 2 }, 'medium'],
    [{ impact: 'low', likelihood: 'low', affectedServiceCount: 2, windowHours: 2 }, 'medium'],
    [{ impact: 'low', likelihood: 'low', affectedServiceCount: 1, windowHours: 6 }, 'medium'],
    [{ impact: 'low', likelihood: 'low', affectedServiceCount: 1, windowHours: 1 }, 'low'],
    [{ impact: 'medium', likelihood: null, affectedServiceCount: 1, windowHours: null }, 'low'],
  ])('%o → %s (first matching rule)', (variables, risk) => {
    expect(evaluateDecision(graph, 'change-risk', variables).result).toBe(risk);
  });
});
