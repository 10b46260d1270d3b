import { evaluate } from 'feelin';
import { compileDecisions, evaluateDecision } from '../dmn';
import { decisionTable, dmnDocument } from '../dmn/fixtures/make-dmn';
import { evaluateFeel, FeelEvaluationError } from './feel';
import { DEFAULT_FEEL_BUDGET, FeelBudget } from './feel-budget';

const bounded = (expression: string, variables: Record<string, unknown> = {}, budget = new FeelBudget()) =>
  evaluateFeel(expression, variables, budget).value;
const refusal = (expression: string, variables: Record<string, unknown> = {}) => {
  try {
    bounded(expression, variables);
  } catch (err) {
    expect(err).toBeInstanceOf(FeelEvaluationError);
    return (err as Error).message;
  }
  throw new Error(`${expression} was not refused`);
};
const bomb = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!';

describe('the FEEL budget', () => {
  it.each([
    ['a range loop', 'count(for i in 1..n return i)', { n: 10_000_000 }],
    ['nested loops', 'count(for a in 1..n, b in 1..n return 1)', { n: 3_000 }],
    ['a quantifier', 'some x in for i in 1..n return i satisfies x < 0', { n: 1e9 }],
    ['exponential recursion', '{f: function(n) if n = 0 then 1 else f(n - 1) + f(n - 1), r: f(40)}.r', {}],
    ['a filter over a large list', 'count(L[item > 0])', { L: Array.from({ length: 60_000 }, (_, i) => i) }],
    [
      'lists doubled by a built-in',
      '{a: [1,2,3,4,5,6,7,8], b: concatenate(a,a,a,a,a,a,a,a), c: concatenate(b,b,b,b,b,b,b,b), d: concatenate(c,c,c,c,c,c,c,c), e: concatenate(d,d,d,d,d,d,d,d), f: concatenate(e,e,e,e,e,e,e,e)}.f',
      {},
    ],
  ])('stops %s before it does the work, naming the budget', (_what, expression, variables) => {
    expect(refusal(expression, variables)).toContain(`FEEL evaluation budget of ${DEFAULT_FEEL_BUDGET} units per step is exhausted`);
  });

  it('refuses a range feelin would enumerate for ever (it fills memory until the process dies)', () => {
    expect(refusal('for i in 1.5..4 return i')).toContain('the range 1.5..4 cannot be enumerated');
    expect(refusal('for i in x..3 return i', { x: 0.5 })).toContain('cannot be enumerated');
  });

  it('is shared by every evaluation of one step', () => {
    const budget = new FeelBudget(1_000);
    bounded('for i in 1..600 return i', {}, budget);
    expect(budget.spent).toBeGreaterThan(600);
    expect(() => bounded('for i in 1..600 return i', {}, budget)).toThrow(/budget of 1000 units/);
    expect(budget.affected).toBe(true);
  });

  it.each([
    ['priority = "P1" and impact = "high"', { priority: 'P1', impact: 'high' }],
    ['count(for x in items return x.qty * 2)', { items: [{ qty: 1 }, { qty: 2 }] }],
    [
      'items[qty > 1].name',
      {
        items: [
          { qty: 1, name: 'a' },
          { qty: 2, name: 'b' },
        ],
      },
    ],
    ['for i in 5..1 return i', {}],
    ['for i in "a".."d" return i', {}],
    ['for x in 1..3, y in 1..x return x * y', {}],
    ['every x in [1, 2] satisfies x > 0', {}],
    ['sort([3, 1, 2], function(a, b) a < b)', {}],
    ['string join(for s in split("a-b-c", "-") return upper case(s), "+")', {}],
    ['replace("2026-12-03", "(\\\\d+)-(\\\\d+)-(\\\\d+)", "$3.$2.$1")', {}],
    ['matches("INC0001042", "^INC\\\\d{7}$")', {}],
    ['count > 3', { count: 5 }],
    ['{total: sum(for o in orders return o.amount), big: total > 100}.big', { orders: [{ amount: 80 }, { amount: 30 }] }],
    ['date("2026-12-03") + duration("P1D")', {}],
    ['missing + 1', {}],
  ])('answers %s exactly as plain feelin does', (expression, variables) => {
    const plain = evaluate(expression, variables);
    const budget = new FeelBudget();
    expect(evaluateFeel(expression, variables, budget).value).toEqual(evaluateFeel(expression, variables).value);
    expect(evaluateFeel(expression, variables, new FeelBudget()).warnings).toEqual(plain.warnings.map((w) => w.message));
  });

  it('keeps its guard names to itself', () => {
    expect(refusal('{__fd_each: function(l) l}.__fd_each')).toContain('reserved');
    expect(refusal('context put({}, "__fd" + "_call", function() true)')).toContain('reserved');
  });
});

describe('regular expressions under the budget', () => {
  it('refuses the catastrophic shape, naming the regular-expression budget', () => {
    const message = refusal('matches(text, "(a+)+$")', { text: bomb });
    expect(message).toContain('regular-expression budget');
    expect(message).toContain('"(a+)"');
  });

  it('runs other patterns on the linear-time engine, even over long inputs', () => {
    // `(x+x+)y` backtracks on JavaScript's engine; RE2 scans each character once
    expect(bounded('matches(text, "x+x+y")', { text: 'x'.repeat(50_000) })).toBe(false);
    expect(bounded('split("a1b22c333", "[0-9]+")')).toEqual(['a', 'b', 'c', '']);
    expect(bounded('replace("Hello", "L", "_", "i")')).toBe('He__o');
  });

  it('limits pattern and input length, and says what RE2 does not do', () => {
    expect(refusal('matches(text, "a")', { text: 'a'.repeat(100_001) })).toContain('more than 100000');
    expect(refusal('matches("a", p)', { p: 'a'.repeat(1_001) })).toContain('more than 1000');
    expect(refusal('matches("ab", "a(?=b)")')).toContain('no lookaround');
    expect(refusal('matches("a", "a", "x")')).toContain('flag "x" is not supported');
  });

  it('bounds FEEL in decisions too', async () => {
    const { graph } = await compileDecisions(
      dmnDocument(decisionTable({ id: 'check', inputs: ['text'], outputs: ['ok'], rules: [[['matches(?, "(a+)+$")'], ['true']]] })),
    );
    expect(() => evaluateDecision(graph, 'check', { text: bomb }, new FeelBudget())).toThrow(/regular-expression budget/);
  });
});
