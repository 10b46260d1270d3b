import { evaluate, parseExpression, parseUnaryTests, unaryTest } from 'feelin';
import type { FeelBudget } from './feel-budget';
import { RESERVED_PREFIX, SHADOWED, guardsOf, resetRangeStarts } from './feel-guards';

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
export { RESERVED_PREFIX };

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
  resetRangeStarts();
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
  const tree =
    mode === 'expression' ? parseExpression(expression, variables, undefined) : parseUnaryTests(expression, variables, undefined);
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
