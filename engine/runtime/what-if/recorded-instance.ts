import type { DecisionGraph } from '../../dmn/decision-graph';
import type { AdHocActivation, Instant } from '../process-state';

/**
 * One business event as it was recorded for an instance, named by element id (never by the element
 * instance keys of the run that recorded it, which mean nothing on another graph). Results of work
 * (service tasks, decisions, called processes) are recorded too, so a replay reuses what the world
 * answered instead of inventing it.
 */
export type RecordedEvent =
  | { type: 'userTask.completed'; at: Instant; elementId: string; variables: Record<string, unknown> }
  /**
   * A service task's result. A local activity's record names its task type but not its element (Temporal's
   * marker keeps no input), so either may be given: a replay looks for the element first, then the type.
   */
  | { type: 'serviceTask.completed'; at: Instant; elementId?: string; taskType?: string; variables: Record<string, unknown> }
  | { type: 'decision.evaluated'; at: Instant; elementId: string; result: unknown }
  | { type: 'callActivity.completed'; at: Instant; elementId: string; variables: Record<string, unknown> }
  | { type: 'message.correlated'; at: Instant; name: string; correlationKey: string; variables: Record<string, unknown> }
  | { type: 'signal.received'; at: Instant; name: string; variables: Record<string, unknown> }
  | { type: 'variables.set'; at: Instant; variables: Record<string, unknown> }
  | { type: 'instance.cancelled'; at: Instant }
  /** Camunda 8.8's activation API asked an ad-hoc sub-process (named by element) to activate these elements. */
  | { type: 'adHoc.activated'; at: Instant; elementId: string; elements: AdHocActivation[]; cancelRemainingInstances?: boolean }
  /** A timer that really fired, named by its catching element, at the time it fired. */
  | { type: 'timer.fired'; at: Instant; elementId: string };

/**
 * An instance's start and its recorded events, in the order they happened, timer firings among them.
 */
export interface RecordedInstance {
  instanceId: string;
  businessKey: string | null;
  startedAt: Instant;
  /** The message or timer start event it began at; the none start event when absent. */
  startEventId?: string;
  variables: Record<string, unknown>;
  events: RecordedEvent[];
  /**
   * Whether every timer that fired is among the events, named by element. Histories recorded before the
   * shell named its timers fired them unnamed: a replay of those fires its graph's own timers at their
   * due times instead, as it always did.
   */
  timerFiringsRecorded?: boolean;
  /**
   * The decision graphs the instance resolved when it ran: a replay evaluates a business rule task with
   * the decision as it was then, on the variables the replay has.
   */
  decisions?: DecisionGraph[];
}

/** How long an instance may take from start to end before its SLA counts as breached. */
export interface ReplaySla {
  resolutionMs: number;
}
