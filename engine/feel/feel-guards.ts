import { evaluate, isRange } from 'feelin';
import type { FeelBudget } from './feel-budget';
import { SafeRegex } from './safe-regex';

/**
 * The functions bounded-feel.ts puts into an evaluation: the guards its rewrite calls, and the
 * built-ins that take lists, text or contexts, shadowed by wrappers that charge the budget for what
 * they take in before feelin's own built-in does the work.
 */
export const RESERVED_PREFIX = '__fd_';

/** One unit per this many characters of text a function takes in. */
const CHARS_PER_UNIT = 64;
/**
 * A filter or path visits each item with a fresh copy of the whole context, and a function call
 * copies its closure's context and goes through the guard: measured, an item costs about three `for`
 * iterations and a call about six, and they are charged so.
 */
const SCAN_UNITS_PER_ITEM = 3;
const CALL_UNITS = 6;

/** The work a value stands for: its items, entries, or blocks of characters. */
function size(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (typeof value === 'string') return Math.ceil(value.length / CHARS_PER_UNIT);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.keys(value).length;
  return 0;
}

/** Built-ins that take lists, text or contexts: each call is charged by what it takes in. */
const CHARGED_BUILTINS = [
  'string',
  'substring',
  'string length',
  'upper case',
  'lower case',
  'substring before',
  'substring after',
  'contains',
  'starts with',
  'ends with',
  'string join',
  'list contains',
  'list replace',
  'count',
  'min',
  'max',
  'sum',
  'mean',
  'all',
  'any',
  'sublist',
  'append',
  'concatenate',
  'insert before',
  'remove',
  'reverse',
  'index of',
  'union',
  'distinct values',
  'flatten',
  'product',
  'median',
  'stddev',
  'mode',
  'sort',
  'get value',
  'get entries',
  'context',
  'context merge',
  'context put',
];
/** Built-ins whose work grows with the square of their input (pairwise comparisons of complex values). */
const QUADRATIC_BUILTINS = new Set(['union', 'distinct values']);
/** Built-ins that make contexts whose keys could later be looked up as names (filters merge an item's keys). */
const CONTEXT_BUILDERS = new Set(['context', 'context merge', 'context put']);

type Builtin = ((...args: unknown[]) => unknown) & { $args?: string[] };
const originals = new Map<string, Builtin>(CHARGED_BUILTINS.map((name) => [name, evaluate(name, {}).value as Builtin]));
/** Every built-in name a guard stands in for. */
export const SHADOWED = new Set([...CHARGED_BUILTINS, 'matches', 'replace', 'split']);

/**
 * The start of each `a..b` being evaluated: feelin evaluates `a` (through `__fd_from`) before `b`
 * (through `__fd_upto`), and a range inside `b` completes before `b` does, so a stack pairs them.
 * Evaluation is synchronous, so one stack serves every evaluation; each starts it empty.
 */
const rangeStarts: unknown[] = [];

/**
 * Starts an evaluation with no range pending (one that threw half-way may have left one). Not the
 * array itself: Temporal deep-freezes what a preloaded module exports.
 */
export function resetRangeStarts(): void {
  rangeStarts.length = 0;
}

/** The guard functions and charged built-ins of one budget, made once per budget (one interpreter step). */
const guardSets = new WeakMap<FeelBudget, Record<string, unknown>>();
export function guardsOf(budget: FeelBudget): Record<string, unknown> {
  let set = guardSets.get(budget);
  if (!set) guardSets.set(budget, (set = guards(budget)));
  return set;
}

function guards(budget: FeelBudget): Record<string, unknown> {
  const out: Record<string, unknown> = {
    [`${RESERVED_PREFIX}each`]: named(
      (value: unknown) => {
        budget.charge(1 + iterationLength(budget, value), () => 'an iteration');
        return value;
      },
      ['value'],
    ),
    [`${RESERVED_PREFIX}scan`]: named(
      (value: unknown) => {
        budget.charge(1 + SCAN_UNITS_PER_ITEM * iterationLength(budget, value), () => 'a filter or path over a list');
        return value;
      },
      ['value'],
    ),
    [`${RESERVED_PREFIX}from`]: named(
      (start: unknown) => {
        rangeStarts.push(start);
        return start;
      },
      ['start'],
    ),
    [`${RESERVED_PREFIX}upto`]: named(
      (end: unknown) => {
        const start = rangeStarts.pop();
        budget.charge(1 + rangeLength(budget, start, end), () => `the range ${String(start)}..${String(end)}`);
        return end;
      },
      ['end'],
    ),
    [`${RESERVED_PREFIX}call`]: named(() => {
      budget.charge(CALL_UNITS, () => 'a call of a function the expression defines');
      return true;
    }, []),
    matches: named(
      (input: unknown, pattern: unknown, flags: unknown) => SafeRegex.matches(budget, input, pattern, flags),
      ['input', 'pattern', 'flags'],
    ),
    replace: named(
      (input: unknown, pattern: unknown, replacement: unknown, flags: unknown) =>
        SafeRegex.replace(budget, input, pattern, replacement, flags),
      ['input', 'pattern', 'replacement', 'flags'],
    ),
    split: named((input: unknown, delimiter: unknown) => SafeRegex.split(budget, input, delimiter), ['string', 'delimiter']),
  };
  for (const [name, original] of originals) {
    out[name] = named((...args: unknown[]) => {
      const taken = args.reduce<number>((sum, arg) => sum + size(arg), 0);
      budget.charge(1 + (QUADRATIC_BUILTINS.has(name) ? taken * taken : taken), () => `${name}()`);
      const result = original(...args);
      if (
        CONTEXT_BUILDERS.has(name) &&
        result !== null &&
        typeof result === 'object' &&
        Object.keys(result).some((k) => k.startsWith(RESERVED_PREFIX))
      ) {
        budget.refuse(`${name}(): keys starting with "${RESERVED_PREFIX}" are reserved for the FEEL budget's guards`);
      }
      return result;
    }, original.$args ?? []);
  }
  return out;
}

/** feelin finds a function's parameter names in `$args`; without it, it parses the function's source on every call. */
function named<F extends (...args: never[]) => unknown>(fn: F, parameterNames: string[]): F {
  return Object.assign(fn, { $args: parameterNames });
}

/** How many items iterating `value` visits: a list's length, a range's span (refused when feelin would never stop). */
function iterationLength(budget: FeelBudget, value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (isRange(value)) return rangeLength(budget, value.start, value.end);
  return 0;
}

/**
 * feelin enumerates a range by adding 1 until it meets the end exactly: `1.5..4` and `1..1e20` never
 * meet it (the second because 1e20 + 1 is 1e20), and the loop fills memory until the worker dies.
 */
function rangeLength(budget: FeelBudget, start: unknown, end: unknown): number {
  if (typeof start === 'number' || typeof end === 'number') {
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) {
      budget.refuse(`the range ${String(start)}..${String(end)} cannot be enumerated: its ends must be whole numbers`);
    }
    return Math.abs((end as number) - (start as number)) + 1;
  }
  return 1; // a character range (at most the alphabet), or something feelin refuses itself
}
