import { evaluateFeel } from '../../engine/feel/feel';
import { DEFAULT_FEEL_BUDGET, FeelBudget } from '../../engine/feel/feel-budget';

/**
 * Issue 14, hostile input: FEEL that reaches for JavaScript's globals, prototypes or the process, or
 * that would backtrack for ever. Each either evaluates to plain data (null, a string, a number) or
 * fails as a FEEL error the interpreter turns into an incident; none hands back a function, the
 * process object or a polluted prototype, and none runs away.
 */
const REACHING: string[] = [
  'constructor',
  'constructor.constructor',
  'constructor.constructor("return process")()',
  '"".constructor.constructor("return process")()',
  '__proto__',
  '{a: 1}.__proto__',
  '{"__proto__": {"polluted": true}}',
  'x.__proto__.polluted',
  'process',
  'process.env',
  'process.mainModule.require("child_process")',
  'globalThis',
  'this',
  'require("fs")',
  'Function("return process")()',
  'eval("1+1")',
  'import("fs")',
  'toString.constructor("return process")()',
  'valueOf',
  'hasOwnProperty("x")',
  'string(constructor)',
  'get value({a: 1}, "__proto__")',
  'get value({a: 1}, "constructor")',
  'context put({}, "__proto__", {polluted: true})',
  'context merge([{}, {"__proto__": {"polluted": true}}])',
  '[1,2,3].constructor',
  'date("2020-01-01").constructor',
  'x.constructor.constructor("return process")()',
];

const BACKTRACKING: string[] = [
  'matches("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "(a+)+$")',
  'matches("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "(a|aa)+$")',
  'matches("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "(\\\\w+\\\\s?)*$")',
  'replace("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "(a*)*b", "c")',
  'split("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "(a+)+b")',
  'matches(string join(for i in 1..5000 return "a"), "(.*a){20}")',
  'count(for i in 1..1000000 return i)',
  'for a in 1..1000, b in 1..1000 return a * b',
  'some x in 1..100000000 satisfies x < 0',
  'string join(for i in 1..100000 return "xxxxxxxxxx")',
];

function outcome(expression: string): { kind: 'value'; value: unknown } | { kind: 'error'; name: string } {
  try {
    return { kind: 'value', value: evaluateFeel(expression, { x: { a: 1 } }, new FeelBudget(DEFAULT_FEEL_BUDGET)).value };
  } catch (err) {
    return { kind: 'error', name: (err as Error).name };
  }
}

/** Plain data only: what JSON can carry, nothing with behaviour. */
function isPlainData(value: unknown, depth = 0): boolean {
  if (depth > 20) return false;
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
  if (Array.isArray(value)) return value.every((v) => isPlainData(v, depth + 1));
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return false;
    return Object.values(value as object).every((v) => isPlainData(v, depth + 1));
  }
  return false;
}

describe('hostile FEEL', () => {
  it.each(REACHING)('%s gives plain data or a FEEL error, never a global', (expression) => {
    const result = outcome(expression);
    if (result.kind === 'value') {
      expect(isPlainData(result.value)).toBe(true);
      expect(result.value).not.toBe(process);
      expect(JSON.stringify(result.value ?? null)).not.toMatch(/"(PATH|HOME|NODE_OPTIONS)"/);
    } else {
      expect(result.name).toBe('FeelEvaluationError');
    }
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect((Object.prototype as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it.each(BACKTRACKING)('%s is refused or answered within the budget', (expression) => {
    const started = performance.now();
    const result = outcome(expression);
    const elapsed = performance.now() - started;
    if (result.kind === 'value') expect(isPlainData(result.value)).toBe(true);
    else expect(result.name).toBe('FeelEvaluationError');
    // Time is a figure for the note, not an assertion: the budget (counted, not timed) is what bounds it.
    console.log(`FEEL ${expression.slice(0, 60)}: ${result.kind} in ${elapsed.toFixed(1)} ms`);
  });
});
