/**
 * What FEEL may spend in one interpreter step. FEEL runs inside the Temporal workflow, where there is
 * no wall clock (Date.now() is workflow time) and where a different answer on replay would break the
 * instance, so the budget counts work deterministically instead of timing it (bounded-feel.ts says
 * what costs how much). The same expression over the same variables spends the same on every machine
 * and on every replay.
 *
 * 50,000 units: spending all of them took 110–380 ms on the project's 2-core machine with a load of 3
 * (a `for` over 50,000 numbers, 8,000 calls of a recursive function, a filter over 16,000 items, a
 * 220 × 220 nested loop): far more than any condition, mapping or script of a service-desk process
 * spends (tens of units), and well under Temporal's 2-second deadlock detector.
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
      this.refuse(
        `the FEEL evaluation budget of ${this.limit} units per step is exhausted at ${what()}: the expression loops or works on too much data`,
      );
    }
  }

  /** Refuses the evaluation with a message naming the limit. */
  refuse(message: string): never {
    this.affected = true;
    throw new FeelBudgetExceeded(message);
  }
}
