import { evaluate, unaryTest } from 'feelin';
import { boundedEvaluate, boundedUnaryTest } from '../feel/bounded-feel';
import type { FeelBudget } from '../feel/feel-budget';
import { plainExpression, plainUnaryTest } from '../feel/plain-feel';
import { DecisionEvaluationError } from './decision-evaluation-error';
import type { DecisionWarning } from './decision-result';

/** Where a FEEL text sits in a decision, for warnings and errors. */
export interface FeelSite {
  ruleId?: string;
  field: string;
  /** How a person would name it, e.g. `input expression "impact"`. */
  what: string;
}

/**
 * Runs the FEEL of one decision and keeps its warnings. feelin turns most runtime problems into null
 * plus a warning; those are collected so callers can show them. What feelin throws (and a unary test
 * that answers neither true, false nor null) becomes a {@link DecisionEvaluationError}.
 *
 * Values stay feelin values here (a FEEL date stays a date) so input entries compare them correctly;
 * only results are turned into plain JSON, by the caller.
 */
export class FeelRunner {
  readonly warnings: DecisionWarning[] = [];

  constructor(
    readonly decisionId: string,
    /** `decision "Priority matrix" (priority-matrix)`, the start of every message. */
    readonly title: string,
    /** What the decision's FEEL may spend; without it, plain feelin (unbounded). */
    private readonly budget?: FeelBudget,
  ) {}

  expression(expression: string, context: Record<string, unknown>, site: FeelSite): unknown {
    const plain = plainExpression(expression, context);
    if (plain) return plain.value;
    const { budget } = this;
    const { value, warnings } = this.run(
      () => (budget ? boundedEvaluate(expression, context, budget) : evaluate(expression, context)),
      site,
    );
    this.keepWarnings(warnings, site);
    return value ?? null;
  }

  /** DMN unary tests against `input` (FEEL's `?`); null means "no match", as in DMN 1.3 §8.3.3. */
  test(tests: string, input: unknown, context: Record<string, unknown>, site: FeelSite): boolean | null {
    const plain = plainUnaryTest(tests, input);
    if (plain !== undefined) return plain;
    const { budget } = this;
    const { value, warnings } = this.run(
      () => (budget ? boundedUnaryTest(tests, { ...context, '?': input }, budget) : unaryTest(tests, { ...context, '?': input })),
      site,
    );
    this.keepWarnings(warnings, site);
    if (value === null || value === undefined || typeof value === 'boolean') return value ?? null;
    throw this.failure(`${site.what} must be true, false or null but was ${typeof value}`, site);
  }

  /** The warnings already raised at one place, to explain an error that follows from them. */
  warningsAt(field: string, ruleId?: string): DecisionWarning[] {
    return this.warnings.filter((w) => w.field === field && w.ruleId === ruleId);
  }

  failure(reason: string, site: Omit<FeelSite, 'what'> & { ruleIds?: string[] }): DecisionEvaluationError {
    const ruleIds = site.ruleIds ?? (site.ruleId ? [site.ruleId] : []);
    const rules = ruleIds.length ? ` ${ruleIds.length === 1 ? 'rule' : 'rules'} ${ruleIds.join(', ')}:` : '';
    return new DecisionEvaluationError(this.decisionId, `${this.title}:${rules} ${reason}`, ruleIds, site.field);
  }

  private run<T>(call: () => { value: T; warnings: Array<{ message: string }> }, site: FeelSite) {
    try {
      return call();
    } catch (err) {
      throw this.failure(`${site.what} failed: ${(err as Error).message}`, site);
    }
  }

  private keepWarnings(warnings: Array<{ message: string }>, site: FeelSite): void {
    for (const w of warnings) {
      this.warnings.push({
        decisionId: this.decisionId,
        ...(site.ruleId ? { ruleId: site.ruleId } : {}),
        field: site.field,
        message: `${site.what}: ${w.message}`,
      });
    }
  }
}
