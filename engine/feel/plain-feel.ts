import { RESERVED_PREFIX } from './feel-guards';

/**
 * The FEEL texts a diagram evaluates most, answered without feelin, which parses its text again on
 * every call (it keeps no parse tree): a decision table's string entries (`"high"`, `"P1","P2"`), a
 * string result (`"P3"`) and a bare variable (`assignmentGroup`). In the scale-out profile those
 * parses were most of the workflow thread's FEEL time. Only forms whose answer is certain are taken,
 * each exactly what feelin answers and without a warning (plain-feel.spec.ts compares the two); any
 * other text or value returns undefined and goes to feelin.
 */

/** A string literal without escapes: its text is its value. */
const STRING = /^\s*"([^"\\]*)"\s*$/;
/** A comma list of such literals, as a decision table's input entry. */
const STRING_LIST = /^\s*"[^"\\]*"(\s*,\s*"[^"\\]*")*\s*$/;
const LITERAL = /"([^"\\]*)"/g;
const NAME = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/;
/** Names FEEL reads as something else than a variable. */
const KEYWORDS = new Set([
  'true',
  'false',
  'null',
  'not',
  'if',
  'then',
  'else',
  'for',
  'in',
  'return',
  'some',
  'every',
  'satisfies',
  'and',
  'or',
  'between',
  'instance',
  'of',
  'function',
  'external',
]);

/** The value of a plain expression, or undefined when feelin has to answer. */
export function plainExpression(expression: string, variables: Record<string, unknown>): { value: unknown } | undefined {
  // The budget refuses reserved names anywhere in the text; that refusal stays feelin's path.
  if (expression.includes(RESERVED_PREFIX)) return undefined;
  const literal = STRING.exec(expression);
  if (literal) return { value: literal[1] };
  const name = NAME.exec(expression)?.[1];
  if (name === undefined || KEYWORDS.has(name) || !Object.hasOwn(variables, name)) return undefined;
  const value = variables[name];
  return typeof value === 'string' || typeof value === 'boolean' ? { value } : undefined;
}

/** Whether a string input passes unary tests that are string literals, or undefined when feelin has to answer. */
export function plainUnaryTest(tests: string, input: unknown): boolean | undefined {
  if (typeof input !== 'string' || tests.includes(RESERVED_PREFIX) || !STRING_LIST.test(tests)) return undefined;
  for (const [, literal] of tests.matchAll(LITERAL)) if (literal === input) return true;
  return false;
}
