import type { Instant } from '../process-state';
import type { ReplaySla } from './recorded-instance';

/** What a what-if replay says about one instance on one graph (replay-instance.ts produces it). */

export type ReplayStatus = 'completed' | 'terminated' | 'waiting' | 'incident' | 'not-started';
export type SlaOutcome = 'met' | 'breached' | 'open';

/** A recorded event the graph had no place for: reported as it was, never bent to fit. */
export interface UnfitEvent {
  /** Its position in the instance's recorded events. */
  index: number;
  event: string;
  /** The element the event was meant for, when it names one (a user task's completion, a timer's firing). */
  elementId?: string;
  at: Instant;
  reason: string;
}

/**
 * A timer that fired in a replay. `recorded`: the record has it fire then (`index` is its recorded event);
 * `new`: the record never fired it, so it fired at its own due time, before the next recorded event;
 * `due`: a record that does not name its firings (recorded-instance.ts), so every timer fires when due.
 */
export interface FiredTimer {
  elementId: string;
  at: Instant;
  /** When the graph replayed had the timer due: for a recorded firing, what the diagram itself would have said. */
  dueAt: Instant;
  source: 'recorded' | 'new' | 'due';
  index?: number;
}

/** Where one instance ends up on one graph when its recorded events are replayed through the interpreter. */
export interface ReplayOutcome {
  status: ReplayStatus;
  /** Element ids in the order the instance entered them. */
  path: string[];
  /** What it still waits for at the end of the replay (explain-waits.ts), in words a list can show. */
  waits: Array<{ elementId: string; kind: string; label: string }>;
  incidents: Array<{ elementId: string; type: string; message: string }>;
  unfit: UnfitEvent[];
  /**
   * Work the record has no answer for on this graph (a service task the recorded diagram did not have):
   * replayed as finishing with no output, and named here so nobody mistakes it for recorded fact.
   */
  assumed: string[];
  timers: FiredTimer[];
  endedAt?: Instant;
  sla?: SlaOutcome;
}

/** Met when the replay ended by the SLA's deadline; an instance still open counts from the horizon. */
export function slaOutcome(startedAt: Instant, endedAt: Instant | undefined, horizon: Instant, sla: ReplaySla): SlaOutcome {
  const deadline = startedAt + sla.resolutionMs;
  if (endedAt !== undefined) return endedAt <= deadline ? 'met' : 'breached';
  return horizon > deadline ? 'breached' : 'open';
}
