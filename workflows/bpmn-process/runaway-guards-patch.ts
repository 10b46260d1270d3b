import { FeelBudget } from '../../engine/feel/feel-budget';
import type { StepResult } from '../../engine/runtime/process-state';
import { RUNAWAY_GUARDS, type StepOptions } from '../../engine/runtime/runaway-guards';
import { LazyPatch } from './lazy-patch';

/**
 * The runaway guards (loop and FEEL budgets, the linear-time regular-expression engine) turn what
 * used to fail the workflow task for ever into an incident, under a lazily asked patch (lazy-patch.ts).
 */
export class RunawayGuardsPatch {
  private readonly patch = new LazyPatch('runaway-guards');

  /** An interpreter step, under the guards unless this run's history predates them. */
  guarded(compute: (options: StepOptions) => StepResult): StepResult {
    return this.patch.step(compute, { guards: RUNAWAY_GUARDS }, (result) => result.guardsAffected === true);
  }

  /** A decision evaluated under the FEEL budget, decided on the same way as a step (see `guarded`). */
  decideGuarded<T>(evaluate: (budget: FeelBudget | undefined) => T): T {
    if (this.patch.refused) return evaluate(undefined);
    const budget = new FeelBudget(RUNAWAY_GUARDS.feelBudget);
    let outcome: { value: T } | { error: unknown };
    try {
      outcome = { value: evaluate(budget) };
    } catch (error) {
      outcome = { error };
    }
    if (budget.affected && !this.patch.applies()) return evaluate(undefined);
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  }
}
