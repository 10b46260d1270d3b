import { evaluate, parseExpression } from 'feelin';
import { boundedEvaluate } from './bounded-feel';
import type { FeelBudget } from './feel-budget';
import { plainExpression } from './plain-feel';

/**
 * FEEL as Camunda 8 writes it: an expression attribute starts with `=`; without it the value is a
 * static string. Everything here is pure, so the interpreter can call it inside a Temporal workflow.
 */
export function isFeelExpression(raw: string): boolean {
  return raw.trimStart().startsWith('=');
}

/** The FEEL source of an attribute that is always an expression (conditions), with or without `=`. */
export function stripFeelMarker(raw: string): string {
  const trimmed = raw.trim();
  return trimmed.startsWith('=') ? trimmed.slice(1).trim() : trimmed;
}

export interface FeelSyntaxProblem {
  message: string;
  position: number;
}

/** Parses without evaluating; returns the first syntax error, or undefined when the expression parses. */
export function findFeelSyntaxError(expression: string, variableNames: string[] = []): FeelSyntaxProblem | undefined {
  if (expression.trim() === '') return { message: 'the expression is empty', position: 0 };
  const context = Object.fromEntries(variableNames.map((n) => [n, null]));
  let errorAt: number | undefined;
  try {
    const tree = parseExpression(expression, context, undefined);
    tree.iterate({
      enter(node) {
        if (errorAt === undefined && node.type.isError) errorAt = node.from;
        return errorAt === undefined;
      },
    });
  } catch (err) {
    return { message: (err as Error).message, position: 0 };
  }
  if (errorAt === undefined) return undefined;
  const near = expression.slice(Math.max(0, errorAt - 10), errorAt + 10);
  return { message: `syntax error at position ${errorAt} (near "${near}")`, position: errorAt };
}

/** Raised when a FEEL expression cannot be evaluated; the interpreter turns it into an incident. */
export class FeelEvaluationError extends Error {
  constructor(
    readonly expression: string,
    message: string,
  ) {
    super(message);
    this.name = 'FeelEvaluationError';
  }
}

export interface FeelResult {
  value: unknown;
  /** Why a part of the expression became null (unknown variable, wrong type…), so it never fails silently. */
  warnings: string[];
}

/**
 * @param budget what the evaluation may spend (see FeelBudget); without one, plain feelin runs
 *   unbounded, as instances recorded before the budget existed replay.
 */
export function evaluateFeel(expression: string, variables: Record<string, unknown>, budget?: FeelBudget): FeelResult {
  const plain = plainExpression(expression, variables);
  if (plain) return { value: plain.value, warnings: [] };
  try {
    const result = budget ? boundedEvaluate(expression, variables, budget) : evaluate(expression, variables);
    return { value: toPlainValue(result.value), warnings: result.warnings.map((w) => w.message) };
  } catch (err) {
    throw new FeelEvaluationError(expression, `FEEL expression "${expression}" failed: ${(err as Error).message}`);
  }
}

/**
 * A Zeebe-style attribute value: `=expr` is evaluated, anything else is the literal string.
 * Used for assignee, candidate groups, headers and the like.
 */
export function evaluateAttribute(raw: string, variables: Record<string, unknown>, budget?: FeelBudget): unknown {
  return isFeelExpression(raw) ? evaluateFeel(stripFeelMarker(raw), variables, budget).value : raw;
}

/** Condition semantics follow Zeebe: anything but a boolean is an error, never a silent `false`. */
export function evaluateCondition(
  expression: string,
  variables: Record<string, unknown>,
  budget?: FeelBudget,
  /** Receives feelin's warnings (a missing variable read as null…), so a condition that still answered is not silent. */
  onWarnings?: (warnings: string[]) => void,
): boolean {
  const { value, warnings } = evaluateFeel(expression, variables, budget);
  onWarnings?.(warnings);
  if (typeof value === 'boolean') return value;
  const why = warnings.length ? ` (${warnings.join('; ')})` : '';
  throw new FeelEvaluationError(
    expression,
    `condition "${expression}" must evaluate to a boolean but was ${value === null ? 'null' : typeof value}${why}`,
  );
}

/**
 * FEEL dates, times and durations are objects with methods; variables must stay JSON so they
 * survive Temporal payloads and PostgreSQL. They are stored as their ISO-8601 text.
 */
export function toPlainValue(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (Array.isArray(value)) return value.map(toPlainValue);
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toPlainValue(v)]));
    }
    return String(value);
  }
  if (typeof value === 'function') return null;
  return value;
}
