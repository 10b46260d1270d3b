import type { StepResult } from '../../engine/runtime/process-state';
import type { StepOptions } from '../../engine/runtime/runaway-guards';
import { LazyPatch } from './lazy-patch';

/**
 * A gateway's only outgoing flow used to be taken without evaluating its condition; now a false or
 * non-boolean condition there is an incident, as in Camunda 8. Asked lazily (lazy-patch.ts): only the
 * first time a step evaluated such a condition, so instances that never meet one carry no marker.
 */
export class SoleFlowConditionsPatch {
  private readonly patch = new LazyPatch('sole-flow-conditions');

  /** An interpreter step that evaluates sole flows' conditions, unless this run's history predates that. */
  applied(compute: (options: StepOptions) => StepResult): StepResult {
    return this.patch.step(compute, { soleFlowConditions: true }, (result) => result.soleFlowConditionsAffected === true);
  }
}
