/**
 * What FEEL may spend in one interpreter step. FEEL runs inside the Temporal workflow, where there is
 * no wall clock (Date.now() is workflow time) and where a different answer on replay would break the
 * instance, so the budget counts work deterministically instead of timing it: one unit per loop
 * iteration (`for`, `some`, `every`, filter), user function call, list item, context entry or 64
 * characters a built-in function takes in, and per 64 characters × pattern size a regular
 * expression scans. The same expression over the same variables spends the same on every machine
 * and on every replay.
 *
 * 100,000 units take about 50–150 ms on a 2-core machine (measured in feel-budget.spec.ts): far
 * more than any condition, mapping or script of a service-desk process needs (they spend tens), and
 * far less than Temporal's 2-second deadlock detector and the time a worker thread may be held before
 * other instances starve.
 */
export const DEFAULT_FEEL_BUDGET = 50_000;

/** The evaluation would spend more than its budget; the interpreter raises it as an incident. */
export class FeelBudgetExceeded extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeelBudgetExceeded';
  }
}

/** One step's FEEL budget, shared by every expression the step evaluates. */
export class FeelBudget {
  private spentUnits = 0;
  /**
   * Set once a guarded evaluation may have answered differently from plain feelin: the budget or a
   * limit refused it, it failed, or a regular expression ran on the linear-time engine. The workflow
   * shell asks its `patched()` marker only then, so instances that never meet a guard carry no marker.
   */
  affected = false;

  constructor(readonly limit: number = DEFAULT_FEEL_BUDGET) {}

  get spent(): number {
    return this.spentUnits;
  }

  /** Adds `units` of work about to be done at `what`; throws before doing it when that is over budget. */
  charge(units: number, what: () => string): void {
    this.spentUnits += units;
    if (this.spentUnits > this.limit) {
      this.refuse(`the FEEL evaluation budget of ${this.limit} units per step is exhausted at ${what()}: the expression loops or works on too much data`);
    }
  }

  /** Refuses the evaluation with a message naming the limit. */
  refuse(message: string): never {
    this.affected = true;
    throw new FeelBudgetExceeded(message);
  }
}
