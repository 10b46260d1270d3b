import { RE2JS } from 're2js';
import type { FeelBudget } from './feel-budget';

/**
 * FEEL's regular-expression functions (`matches`, `replace`, `split`) on RE2JS, a pure-JavaScript
 * port of RE2: it matches in time linear in the input, where JavaScript's backtracking RegExp takes
 * exponential time on patterns like `(a+)+$` (a 37-character input held a worker thread for minutes).
 * It is deterministic and has no native code, so it runs inside the Temporal workflow sandbox.
 * What RE2 does not have is refused, not emulated: lookaround and backreferences.
 *
 * On top of the engine, the budget limits what one call may take on: the pattern's length, the
 * input's length, and patterns that repeat a group without bound when the group itself can end in an
 * unbounded repetition (`(a+)+`, `(\w+\s?)*`). RE2 runs those in linear time too, but they are the
 * shape of catastrophic backtracking on every other engine (Camunda's, a browser's), so a diagram
 * should never rely on them; the incident says which part to rewrite.
 */
export const REGEX_LIMITS = { patternChars: 1_000, inputChars: 100_000 } as const;

const FLAGS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, s: RE2JS.DOTALL, m: RE2JS.MULTILINE };
const compiled = new Map<string, RE2JS>();

export const SafeRegex = {
  /** FEEL `matches(input, pattern, flags?)`: whether the pattern matches anywhere in the input. */
  matches(budget: FeelBudget, input: unknown, pattern: unknown, flags?: unknown): boolean | null {
    if (typeof input !== 'string' || typeof pattern !== 'string' || !optionalString(flags)) return null;
    return prepare(budget, 'matches', input, pattern, flags).matcher(input).find();
  },

  /** FEEL `replace(input, pattern, replacement, flags?)`: every match replaced; `$1`… name groups, `$0` the match. */
  replace(budget: FeelBudget, input: unknown, pattern: unknown, replacement: unknown, flags?: unknown): string | null {
    if (typeof input !== 'string' || typeof pattern !== 'string' || typeof replacement !== 'string' || !optionalString(flags)) return null;
    // As feelin does: FEEL's `$0` is the whole match, JavaScript's `$&`.
    return prepare(budget, 'replace', input, pattern, flags).matcher(input).replaceAll(replacement.replace(/\$0/g, '$$&'));
  },

  /** FEEL `split(string, delimiter)`: the parts between matches of the delimiter pattern, empty ones kept. */
  split(budget: FeelBudget, input: unknown, delimiter: unknown): string[] | null {
    if (typeof input !== 'string' || typeof delimiter !== 'string') return null;
    return prepare(budget, 'split', input, delimiter, undefined).split(input, -1);
  },
};

function prepare(budget: FeelBudget, fn: string, input: string, pattern: string, flags: string | null | undefined): RE2JS {
  budget.affected = true;
  const refuse = (why: string): never => budget.refuse(`the FEEL regular-expression budget refuses ${fn}(): ${why}`);
  if (pattern.length > REGEX_LIMITS.patternChars)
    refuse(`the pattern has ${pattern.length} characters, more than ${REGEX_LIMITS.patternChars}`);
  if (input.length > REGEX_LIMITS.inputChars) refuse(`the input has ${input.length} characters, more than ${REGEX_LIMITS.inputChars}`);
  const nested = findNestedRepetition(pattern);
  if (nested) {
    refuse(
      `pattern "${pattern}" repeats "${nested}" without bound although each repetition can itself end in an unbounded repetition, the shape of catastrophic backtracking; write it so that each repetition ends in something mandatory`,
    );
  }
  const re = compile(fn, pattern, flags ?? '');
  // RE2 simulates the pattern's program over the input once: the work grows with both.
  budget.charge(1 + Math.ceil(input.length / 64) * Math.ceil(re.programSize() / 16), () => `${fn}("…", "${pattern}")`);
  return re;
}

function compile(fn: string, pattern: string, flags: string): RE2JS {
  const key = `${flags}/${pattern}`;
  let re = compiled.get(key);
  if (re) return re;
  let bits = 0;
  for (const flag of flags) {
    if (flag === 'x') throw new Error(`${fn}(): flag "x" is not supported`);
    if (!(flag in FLAGS)) throw new Error(`${fn}(): illegal flag "${flag}"`);
    bits |= FLAGS[flag]!;
  }
  try {
    re = RE2JS.compile(pattern, bits);
  } catch (err) {
    throw new Error(
      `${fn}(): pattern "${pattern}" is not supported (RE2 syntax: no lookaround, no backreferences): ${(err as Error).message}`,
    );
  }
  // Compiled patterns are pure values; a bounded cache keeps a loop from compiling the same one again.
  if (compiled.size >= 500) compiled.clear();
  compiled.set(key, re);
  return re;
}

function optionalString(value: unknown): value is string | undefined | null {
  return value === undefined || value === null || typeof value === 'string';
}

interface Group {
  start: number;
  /** Some earlier alternative can end in an unbounded repetition followed only by optional parts. */
  altEndsFree: boolean;
  /** The current alternative can. */
  endsFree: boolean;
  /** `endsFree` before the last atom, for when a `?` makes that atom optional. */
  beforeAtom: boolean;
}

const ZERO_WIDTH_ESCAPES = new Set(['b', 'B', 'A', 'z']);

/**
 * The first group repeated without bound (`*`, `+`, `{n,}`) whose content can end in an unbounded
 * repetition followed only by optional parts, e.g. `(a+)` in `(a+)+$` or `(\w+\s?)` in `(\w+\s?)*`:
 * text can then be split between the repetitions in exponentially many ways. `([\w-]+\.)+` is fine:
 * each repetition ends in a mandatory dot.
 */
export function findNestedRepetition(pattern: string): string | undefined {
  const stack: Group[] = [{ start: 0, altEndsFree: false, endsFree: false, beforeAtom: false }];
  /** The atom a following quantifier applies to: where it starts and whether it can end free itself. */
  let atom: { start: number; endsFree: boolean } | undefined;
  const take = (group: Group, start: number, endsFree: boolean) => {
    group.beforeAtom = group.endsFree;
    group.endsFree = endsFree;
    atom = { start, endsFree };
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    const group = stack[stack.length - 1]!;
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      const start = i;
      if (next === 'Q') {
        const quoted = pattern.indexOf('\\E', i + 2);
        i = quoted >= 0 ? quoted + 1 : pattern.length;
      } else {
        i++;
        if (ZERO_WIDTH_ESCAPES.has(next)) {
          atom = undefined;
          continue;
        }
      }
      take(group, start, false);
      continue;
    }
    if (c === '[') {
      const start = i;
      i = classEnd(pattern, i);
      take(group, start, false);
      continue;
    }
    if (c === '(') {
      stack.push({ start: i, altEndsFree: false, endsFree: false, beforeAtom: false });
      atom = undefined;
      continue;
    }
    if (c === ')') {
      if (stack.length === 1) continue; // unbalanced: RE2 refuses it when compiling
      const closed = stack.pop()!;
      take(stack[stack.length - 1]!, closed.start, closed.altEndsFree || closed.endsFree);
      continue;
    }
    if (c === '|') {
      group.altEndsFree ||= group.endsFree;
      group.endsFree = false;
      atom = undefined;
      continue;
    }
    if (c === '^' || c === '$') {
      atom = undefined;
      continue;
    }
    const quantifier = readQuantifier(pattern, i);
    if (quantifier) {
      if (quantifier.unbounded && atom?.endsFree) return pattern.slice(atom.start, i);
      if (quantifier.unbounded) group.endsFree = true;
      // An optional atom may be absent: what came before it can still end the text.
      else if (quantifier.min === 0) group.endsFree ||= group.beforeAtom;
      i = quantifier.end;
      // `a+?` and `a++`: a lazy or possessive mark belongs to the quantifier, not a new one.
      if (pattern[i + 1] === '?' || pattern[i + 1] === '+') i++;
      atom = undefined;
      continue;
    }
    take(group, i, false);
  }
  return undefined;
}

function readQuantifier(pattern: string, i: number): { unbounded: boolean; min: number; end: number } | undefined {
  const c = pattern[i];
  if (c === '*') return { unbounded: true, min: 0, end: i };
  if (c === '+') return { unbounded: true, min: 1, end: i };
  if (c === '?') return { unbounded: false, min: 0, end: i };
  if (c !== '{') return undefined;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
  if (!m) return undefined;
  return { unbounded: m[2] !== undefined && m[3] === '', min: Number(m[1]), end: i + m[0].length - 1 };
}

/** The index of the `]` closing the character class that opens at `start` (POSIX classes like `[:alpha:]` inside). */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  for (; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === '[' && pattern[i + 1] === ':') {
      const close = pattern.indexOf(':]', i + 2);
      if (close >= 0) i = close + 1;
    } else if (pattern[i] === ']') return i;
  }
  return pattern.length;
}
