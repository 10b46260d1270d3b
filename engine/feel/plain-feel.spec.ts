import { evaluate, unaryTest } from 'feelin';
import { boundedEvaluate, boundedUnaryTest } from './bounded-feel';
import { FeelBudget } from './feel-budget';
import { plainExpression, plainUnaryTest } from './plain-feel';

const variables = { impact: 'high', urgency: 'low', vip: true, count: 'a variable', amount: 3, due: '2026-12-05T10:00:00Z', note: null };

describe('FEEL answered without feelin', () => {
  const expressions = [
    '"P3"',
    ' "P3" ',
    '""',
    '"a, b"',
    'impact',
    ' urgency ',
    'vip',
    'count',
    'amount',
    'due',
    'note',
    'missing',
    'true',
    'null',
    '"a\\"b"',
    '"P1" + "x"',
    'impact = "high"',
    '"__fd_each"',
  ];
  // Every text the fast path takes must answer as feelin and the bounded feelin do.
  const taken = expressions.filter((e) => plainExpression(e, variables) !== undefined);
  it.each(taken)('answers %j as feelin does', (expression) => {
    const plain = plainExpression(expression, variables)!;
    const feelin = evaluate(expression, variables);
    const bounded = boundedEvaluate(expression, variables, new FeelBudget());
    expect(feelin.warnings).toEqual([]);
    expect(plain.value).toEqual(feelin.value);
    expect(bounded.warnings).toEqual([]);
    expect(plain.value).toEqual(bounded.value);
  });

  it('takes the forms it is for and nothing else', () => {
    expect(taken).toEqual(['"P3"', ' "P3" ', '""', '"a, b"', 'impact', ' urgency ', 'vip', 'count', 'due']);
    expect(plainExpression('"P3"', {})).toEqual({ value: 'P3' });
    expect(plainExpression('impact', variables)).toEqual({ value: 'high' });
    expect(plainExpression('vip', variables)).toEqual({ value: true });
    for (const other of ['amount', 'note', 'missing', 'true', '"a\\"b"', 'impact = "high"', '"__fd_each"'])
      expect(plainExpression(other, variables)).toBeUndefined();
  });

  const tests = [
    '"high"',
    '"high","medium","low"',
    ' "low" , "medium" ',
    '"P1","P2","P3","P4","P5"',
    '""',
    '"a\\"b"',
    'not("high")',
    '< "m"',
  ];
  const inputs: unknown[] = ['high', 'low', 'medium', 'P3', '', 'other', 3, null, true];
  const cases = tests
    .flatMap((t) => inputs.map((input) => [t, input] as const))
    .filter(([t, input]) => plainUnaryTest(t, input) !== undefined);
  it.each(cases)('tests %j against %j as feelin does', (tests, input) => {
    const plain = plainUnaryTest(tests, input);
    const feelin = unaryTest(tests, { ...variables, '?': input });
    const bounded = boundedUnaryTest(tests, { ...variables, '?': input }, new FeelBudget());
    expect(feelin.warnings).toEqual([]);
    expect(plain).toBe(feelin.value);
    expect(bounded.warnings).toEqual([]);
    expect(plain).toBe(bounded.value);
  });

  it('tests only string inputs against string literals', () => {
    expect(cases).toHaveLength(5 * 6);
    expect(plainUnaryTest('"high","low"', 'low')).toBe(true);
    expect(plainUnaryTest('"high","low"', 'medium')).toBe(false);
    for (const input of [3, null, true, undefined]) expect(plainUnaryTest('"high"', input)).toBeUndefined();
    for (const other of ['not("high")', '< "m"', '"a\\"b"', '"__fd_x"']) expect(plainUnaryTest(other, 'high')).toBeUndefined();
  });
});
