import { patched } from '@temporalio/workflow';
import type { StepResult } from '../../engine/runtime/process-state';
import type { StepOptions } from '../../engine/runtime/runaway-guards';

/**
 * A behaviour added to the interpreter after instances were already running, decided by `patched(id)`.
 * Asking up front would add a marker to every instance; it is asked only the first time a step reports
 * that the behaviour changed (or may have changed) its outcome. A history recorded before the behaviour
 * existed answers false there, and that step (and every later one) runs again as it did then.
 */
export class LazyPatch {
  private answer: boolean | undefined;

  constructor(private readonly id: string) {}

  /** The history has said no: compute as before the behaviour, without asking again. */
  get refused(): boolean {
    return this.answer === false;
  }

  /** Asks `patched()` once; later calls repeat its answer. */
  applies(): boolean {
    return (this.answer ??= patched(this.id));
  }

  /** A step computed with `options`, kept unless `touched` says it met the behaviour and the history predates it. */
  step(compute: (options: StepOptions) => StepResult, options: StepOptions, touched: (result: StepResult) => boolean): StepResult {
    if (this.refused) return compute({});
    const result = compute(options);
    return !touched(result) || this.applies() ? result : compute({});
  }
}
