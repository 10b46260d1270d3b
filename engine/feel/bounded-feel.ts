import { evaluate, isRange, parseExpression, parseUnaryTests, unaryTest } from 'feelin';
import type { FeelBudget } from './feel-budget';
import { SafeRegex } from './safe-regex';

/**
 * FEEL evaluation that spends from a {@link FeelBudget}. feelin has no hook to stop an evaluation (its
 * loops run to the end, and `for i in 1.5..4` never ends at all), so the expression is rewritten
 * before feelin sees it: every place where feelin's work is not bounded by the expression's length
 * passes through a guard function first, which charges the budget and refuses before the work starts:
 *
 * - iteration domains of `for`, `some` and `every`: `x in L` → `x in __fd_each(L)`, `i in a..b` →
 *   `i in __fd_from(a)..__fd_upto(b)` (charges the range's length; refuses ends it cannot enumerate);
 * - filter and path targets: `L[c]` → `__fd_scan(L)[c]`, `L.name` → `__fd_scan(L).name`;
 * - user-defined functions: `function(n) body` → `function(n) if __fd_call() then (body) else null`,
 *   so recursion is charged per call;
 * - the built-in functions that take lists, text or contexts are shadowed by charging wrappers, and
 *   `matches`, `replace` and `split` run on the linear-time regular-expression engine.
 *
 * The guards return their argument unchanged, so an expression within budget answers exactly as
 * before. The guard names are reserved: an expression that mentions one, or builds a context with
 * such a key, is refused, so no expression can put its own function in a guard's place.
 */
export const RESERVED_PREFIX = '__fd_';

type Mode = 'expression' | 'unaryTests';

export function boundedEvaluate(expression: string, variables: Record<string, unknown>, budget: FeelBudget) {
  return guarded(budget, () => {
    const { text, names } = rewrite(expression, 'expression', variables, budget);
    return evaluate(text, withGuards(variables, names, budget));
  });
}

/** DMN unary tests (`< 10`, `"a", "b"`) against the input value `?`, bounded the same way. */
export function boundedUnaryTest(tests: string, variables: Record<string, unknown>, budget: FeelBudget) {
  return guarded(budget, () => {
    const { text, names } = rewrite(tests, 'unaryTests', variables, budget);
    return unaryTest(text, withGuards(variables, names, budget));
  });
}

/**
 * The evaluation context: the charged built-ins the text names, under the variables (a variable named
 * `count` still means the variable, as in feelin), and the reserved guards over everything.
 */
function withGuards(variables: Record<string, unknown>, names: readonly string[], budget: FeelBudget): Record<string, unknown> {
  const all = guardsOf(budget);
  const builtins: Record<string, unknown> = {};
  const reserved: Record<string, unknown> = {};
  for (const name of names) (name.startsWith(RESERVED_PREFIX) ? reserved : builtins)[name] = all[name];
  return { ...builtins, ...variables, ...reserved };
}

function guarded<T>(budget: FeelBudget, run: () => T): T {
  rangeStarts.length = 0;
  try {
    return run();
  } catch (err) {
    // Plain feelin might have answered where this threw (a guard, a stack overflow): let the shell decide which applies.
    budget.affected = true;
    throw err;
  }
}

/** Text inserted at `at`: the opening or closing half of a guard call around a node `depth` deep. */
interface Edit {
  at: number;
  text: string;
  closing: boolean;
  depth: number;
}

interface Rewritten {
  text: string;
  /** The guards and charged built-ins the text calls. */
  names: readonly string[];
}

/**
 * The expression with its guards in; cached, since a process evaluates the same texts over and over.
 * It is parsed with the variables as feelin will parse it: a name with spaces or operators in it
 * (`order items`) is one name only when the context has it, so such names are part of the cache key.
 */
function rewrite(expression: string, mode: Mode, variables: Record<string, unknown>, budget: FeelBudget): Rewritten {
  if (expression.includes(RESERVED_PREFIX)) {
    budget.refuse(`names starting with "${RESERVED_PREFIX}" are reserved for the FEEL budget's guards`);
  }
  const spelled = Object.keys(variables).filter((name) => /[^\w?]/.test(name));
  const key = `${mode}:${spelled.join('\u0000')}:${expression}`;
  const cached = rewrites.get(key);
  if (cached !== undefined) return cached;
  const tree = mode === 'expression' ? parseExpression(expression, variables, undefined) : parseUnaryTests(expression, variables, undefined);
  const edits: Edit[] = [];
  const names = new Set<string>();
  const wrap = (from: number, to: number, guard: string, depth: number) => {
    names.add(`${RESERVED_PREFIX}${guard}`);
    edits.push({ at: from, text: `${RESERVED_PREFIX}${guard}(`, closing: false, depth });
    edits.push({ at: to, text: ')', closing: true, depth });
  };
  let depth = 0;
  let broken = false;
  tree.iterate({
    enter(node) {
      depth++;
      if (node.type.isError) broken = true;
      const first = node.node.firstChild;
      switch (node.name) {
        case 'IterationContext': {
          const dots = first?.nextSibling;
          const end = dots?.nextSibling;
          if (first && dots?.name === '..' && end) {
            wrap(first.from, first.to, 'from', depth + 1);
            wrap(end.from, end.to, 'upto', depth + 1);
          } else {
            wrap(node.from, node.to, 'each', depth);
          }
          break;
        }
        case 'FilterExpression':
        case 'PathExpression':
          if (first) wrap(first.from, first.to, 'scan', depth + 1);
          break;
        case 'FunctionBody':
          names.add(`${RESERVED_PREFIX}call`);
          edits.push({ at: node.from, text: `if ${RESERVED_PREFIX}call() then (`, closing: false, depth });
          edits.push({ at: node.to, text: ') else null', closing: true, depth });
          break;
        case 'VariableName': {
          const name = expression.slice(node.from, node.to).replace(/\s+/g, ' ');
          if (SHADOWED.has(name)) names.add(name);
          break;
        }
      }
    },
    leave() {
      depth--;
    },
  });
  // A text feelin cannot parse is left as it is: feelin reports the syntax error itself.
  const rewritten: Rewritten = broken ? { text: expression, names: [] } : { text: applyEdits(expression, edits), names: [...names] };
  if (rewrites.size >= 2_000) rewrites.clear();
  rewrites.set(key, rewritten);
  return rewritten;
}

const rewrites = new Map<string, Rewritten>();

/** At one position, nodes that end close (innermost first) before nodes that start open (outermost first). */
function applyEdits(text: string, edits: Edit[]): string {
  const rank = (e: Edit) => (e.closing ? -1_000_000 - e.depth : e.depth);
  const sorted = [...edits].sort((a, b) => a.at - b.at || rank(a) - rank(b));
  let out = '';
  let pos = 0;
  for (const edit of sorted) {
    out += text.slice(pos, edit.at) + edit.text;
    pos = edit.at;
  }
  return out + text.slice(pos);
}

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
  'string', 'substring', 'string length', 'upper case', 'lower case', 'substring before', 'substring after', 'contains',
  'starts with', 'ends with', 'string join', 'list contains', 'list replace', 'count', 'min', 'max', 'sum', 'mean', 'all', 'any',
  'sublist', 'append', 'concatenate', 'insert before', 'remove', 'reverse', 'index of', 'union', 'distinct values', 'flatten',
  'product', 'median', 'stddev', 'mode', 'sort', 'get value', 'get entries', 'context', 'context merge', 'context put',
];
/** Built-ins whose work grows with the square of their input (pairwise comparisons of complex values). */
const QUADRATIC_BUILTINS = new Set(['union', 'distinct values']);
/** Built-ins that make contexts whose keys could later be looked up as names (filters merge an item's keys). */
const CONTEXT_BUILDERS = new Set(['context', 'context merge', 'context put']);

type Builtin = ((...args: unknown[]) => unknown) & { $args?: string[] };
const originals = new Map<string, Builtin>(CHARGED_BUILTINS.map((name) => [name, evaluate(name, {}).value as Builtin]));
/** Every built-in name a guard stands in for. */
const SHADOWED = new Set([...CHARGED_BUILTINS, 'matches', 'replace', 'split']);

/**
 * The start of each `a..b` being evaluated: feelin evaluates `a` (through `__fd_from`) before `b`
 * (through `__fd_upto`), and a range inside `b` completes before `b` does, so a stack pairs them.
 * Evaluation is synchronous, so one stack serves every evaluation; each starts it empty.
 */
const rangeStarts: unknown[] = [];

/** The guard functions and charged built-ins of one budget, made once per budget (one interpreter step). */
const guardSets = new WeakMap<FeelBudget, Record<string, unknown>>();
function guardsOf(budget: FeelBudget): Record<string, unknown> {
  let set = guardSets.get(budget);
  if (!set) guardSets.set(budget, (set = guards(budget)));
  return set;
}

function guards(budget: FeelBudget): Record<string, unknown> {
  const out: Record<string, unknown> = {
    [`${RESERVED_PREFIX}each`]: named((value: unknown) => {
      budget.charge(1 + iterationLength(budget, value), () => 'an iteration');
      return value;
    }, ['value']),
    [`${RESERVED_PREFIX}scan`]: named((value: unknown) => {
      budget.charge(1 + SCAN_UNITS_PER_ITEM * iterationLength(budget, value), () => 'a filter or path over a list');
      return value;
    }, ['value']),
    [`${RESERVED_PREFIX}from`]: named((start: unknown) => {
      rangeStarts.push(start);
      return start;
    }, ['start']),
    [`${RESERVED_PREFIX}upto`]: named((end: unknown) => {
      const start = rangeStarts.pop();
      budget.charge(1 + rangeLength(budget, start, end), () => `the range ${String(start)}..${String(end)}`);
      return end;
    }, ['end']),
    [`${RESERVED_PREFIX}call`]: named(() => {
      budget.charge(CALL_UNITS, () => 'a call of a function the expression defines');
      return true;
    }, []),
    matches: named((input: unknown, pattern: unknown, flags: unknown) => SafeRegex.matches(budget, input, pattern, flags), ['input', 'pattern', 'flags']),
    replace: named(
      (input: unknown, pattern: unknown, replacement: unknown, flags: unknown) => SafeRegex.replace(budget, input, pattern, replacement, flags),
      ['input', 'pattern', 'replacement', 'flags'],
    ),
    split: named((input: unknown, delimiter: unknown) => SafeRegex.split(budget, input, delimiter), ['string', 'delimiter']),
  };
  for (const [name, original] of originals) {
    out[name] = named((...args: unknown[]) => {
      const taken = args.reduce<number>((sum, arg) => sum + size(arg), 0);
      budget.charge(1 + (QUADRATIC_BUILTINS.has(name) ? taken * taken : taken), () => `${name}()`);
      const result = original(...args);
      if (CONTEXT_BUILDERS.has(name) && result !== null && typeof result === 'object' && Object.keys(result).some((k) => k.startsWith(RESERVED_PREFIX))) {
        budget.refuse(`${name}(): keys starting with "${RESERVED_PREFIX}" are reserved for the FEEL budget's guards`);
      }
      return result;
    }, original.$args ?? []);
  }
  return out;
}

/** feelin finds a function's parameter names in `$args`; without it, it parses the function's source on every call. */
function named<F extends (...args: any[]) => unknown>(fn: F, parameterNames: string[]): F {
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
