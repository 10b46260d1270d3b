import { DEFAULT_FEEL_BUDGET } from '../feel/feel-budget';
import type { EngineEvent } from './process-state';

/**
 * Budgets that keep one instance from holding a worker thread, or looping, for ever. Each overrun
 * becomes an incident on the element where it happened, never a failed workflow task (which Temporal
 * would retry for ever, starving every other instance on the worker).
 */
export interface RunawayGuards {
  /** Elements a token may enter since the instance last waited for the world. */
  maxActivationsWithoutWait: number;
  /** FEEL units (see FeelBudget) one interpreter step may spend. */
  feelBudget: number;
}

/**
 * 1,000 activations: the shipped processes enter at most a few dozen elements between two wait states,
 * and a diagram that walks a list with a gateway and a script or local task takes two or three per
 * item, so hundreds of items still fit. Every activation adds an element instance to the state that
 * queries, the projection and continue-as-new carry: a script-and-gateway runaway stops with about
 * 100 KB of state (Temporal refuses payloads over 2 MB) after 120–270 ms of interpreter time on the
 * project's 2-core machine under load, or, through a local task type, after 500 local activities.
 */
export const RUNAWAY_GUARDS: RunawayGuards = { maxActivationsWithoutWait: 1_000, feelBudget: DEFAULT_FEEL_BUDGET };

/**
 * What the interpreter runs with. Each option is a behaviour added after instances were already running:
 * left out, the interpreter behaves as before it existed (for replays of older histories).
 */
export interface StepOptions {
  guards?: RunawayGuards;
  /**
   * A diverging gateway whose only outgoing flow has a condition evaluates it (BPMN, Camunda 8): false
   * with no default flow, or not a boolean, is an incident. Before, the token took that flow unasked.
   */
  soleFlowConditions?: boolean;
}

/** How every new instance runs: all the behaviours above. */
export const NEW_INSTANCE_OPTIONS: StepOptions = { guards: RUNAWAY_GUARDS, soleFlowConditions: true };

/**
 * Whether the event means the instance waited for the world: a person, a clock, a message, a signal,
 * a job on the task queue or a called process. The result of a local activity does not: it arrives in
 * the same workflow task, so a loop through local tasks never waits.
 */
export function endsPassThrough(event: EngineEvent): boolean {
  return !('local' in event && event.local);
}

export function runawayLoopMessage(limit: number): string {
  return (
    `the runaway-loop budget is exhausted: more than ${limit} elements entered since the instance last waited ` +
    '(for a user task, timer, message, signal, regular activity or called process), so the diagram loops without a wait state; ' +
    'fix the loop (its condition or the variables it reads), then retry'
  );
}
