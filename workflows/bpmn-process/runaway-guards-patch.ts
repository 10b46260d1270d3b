import { patched } from '@temporalio/workflow';
import { FeelBudget } from '../../engine/feel/feel-budget';
import type { StepResult } from '../../engine/runtime/process-state';
import { RUNAWAY_GUARDS, type StepOptions } from '../../engine/runtime/runaway-guards';

/**
 * The runaway guards (loop and FEEL budgets, the linear-time regular-expression engine) turn what
 * used to fail the workflow task for ever into an incident. Asking `patched()` up front would add a
 * marker to every instance; it is asked only the first time a guard changes (or may change) an
 * outcome, which a guarded run reports. A history recorded before the guards existed answers false
 * there, and that step (and every later one) runs again as it did then.
 */
export class RunawayGuardsPatch {
  private guardsPatched: boolean | undefined;

  private guardsApply(): boolean {
    return (this.guardsPatched ??= patched('runaway-guards'));
  }

  /** An interpreter step, under the guards unless this run's history predates them. */
  guarded(compute: (options: StepOptions) => StepResult): StepResult {
    if (this.guardsPatched === false) return compute({});
    const result = compute({ guards: RUNAWAY_GUARDS });
    return !result.guardsAffected || this.guardsApply() ? result : compute({});
  }

  /** A decision evaluated under the FEEL budget, decided on the same way as a step (see `guarded`). */
  decideGuarded<T>(evaluate: (budget: FeelBudget | undefined) => T): T {
    if (this.guardsPatched === false) return evaluate(undefined);
    const budget = new FeelBudget(RUNAWAY_GUARDS.feelBudget);
    let outcome: { value: T } | { error: unknown };
    try {
      outcome = { value: evaluate(budget) };
    } catch (error) {
      outcome = { error };
    }
    if (budget.affected && !this.guardsApply()) return evaluate(undefined);
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  }
}
