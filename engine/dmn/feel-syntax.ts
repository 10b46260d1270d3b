import { evaluate, parseUnaryTests } from 'feelin';
import { findFeelSyntaxError } from '../feel/feel';

/**
 * Compile-time FEEL checks for decision tables. Expressions (input expressions, output entries,
 * literal decisions) go through the engine's FEEL module; unary tests (input entries, allowed values)
 * have their own grammar, which feelin parses with `parseUnaryTests`.
 */

/** The DMN default and any FEEL URI (DMN 1.3's, FEEL 2014's, Camunda's "feel"). */
export function isFeelLanguage(language: unknown): boolean {
  return language === undefined || /feel/i.test(String(language));
}

/** An input entry that matches every value: `-`, or an empty cell as dmn-js may write it. */
export function isMatchAny(tests: string): boolean {
  const trimmed = tests.trim();
  return trimmed === '' || trimmed === '-';
}

/**
 * The first syntax error of a FEEL expression, or undefined.
 * @param names variables known at compile time (required decisions): FEEL names may contain spaces
 *   and dashes, and feelin only tokenises such a name as one when it is in the parse context.
 */
export function expressionSyntaxError(expression: string, names: string[]): string | undefined {
  return findFeelSyntaxError(expression, names)?.message;
}

/** The first syntax error of FEEL unary tests, or undefined; `-` is valid. */
export function unaryTestsSyntaxError(tests: string, names: string[]): string | undefined {
  if (tests.trim() === '') return 'the unary tests are empty';
  const context = Object.fromEntries(names.map((n) => [n, null]));
  let errorAt: number | undefined;
  try {
    parseUnaryTests(tests, context, undefined).iterate({
      enter(node) {
        if (errorAt === undefined && node.type.isError) errorAt = node.from;
        return errorAt === undefined;
      },
    });
  } catch (err) {
    return (err as Error).message;
  }
  if (errorAt === undefined) return undefined;
  const near = tests.slice(Math.max(0, errorAt - 10), errorAt + 10);
  return `syntax error at position ${errorAt} (near "${near}")`;
}

/**
 * `"P1","P2","P3"` → `['P1', 'P2', 'P3']`: the values of a list of literal unary tests, in order, or
 * undefined when any test is not a plain string, number or boolean (a range, a comparison…).
 * PRIORITY and OUTPUT ORDER rank results by this order (DMN 1.3 §8.2.11).
 */
export function literalValues(tests: string): Array<string | number | boolean> | undefined {
  if (unaryTestsSyntaxError(tests, []) !== undefined || isMatchAny(tests)) return undefined;
  try {
    const { value, warnings } = evaluate(`[${tests}]`, {});
    if (warnings.length || !Array.isArray(value)) return undefined;
    const literal = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
    return value.every(literal) ? (value as Array<string | number | boolean>) : undefined;
  } catch {
    return undefined;
  }
}
