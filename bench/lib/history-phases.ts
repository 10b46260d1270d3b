/** The parts of a Temporal history event this breakdown reads (structurally, so no proto import is needed). */
export interface HistoryEventLike {
  eventId?: { toString(): string } | number | null;
  eventTime?: { seconds?: { toString(): string } | number | null; nanos?: number | null } | null;
  eventType?: number | string | null;
  workflowTaskStartedEventAttributes?: { scheduledEventId?: { toString(): string } | number | null } | null;
  workflowTaskCompletedEventAttributes?: { startedEventId?: { toString(): string } | number | null } | null;
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string | null } | null } | null;
  activityTaskStartedEventAttributes?: { scheduledEventId?: { toString(): string } | number | null } | null;
  activityTaskCompletedEventAttributes?: {
    scheduledEventId?: { toString(): string } | number | null;
    startedEventId?: { toString(): string } | number | null;
  } | null;
}

// temporal.api.enums.v1.EventType values (stable wire numbers).
const WORKFLOW_TASK_SCHEDULED = 5;
const WORKFLOW_TASK_STARTED = 6;
const WORKFLOW_TASK_COMPLETED = 7;
const ACTIVITY_TASK_STARTED = 11;
const ACTIVITY_TASK_COMPLETED = 12;

/**
 * Where one instance's time went until a moment (when it was seen in the queue), in ms summed over its
 * tasks: waiting in the task queue for the worker (schedule → start) and running in the worker
 * (start → complete), for workflow tasks and per activity type. Waits overlap when tasks run in
 * parallel, so the sums may exceed the wall time.
 */
export interface Phases {
  events: number;
  workflowTasks: number;
  workflowTaskQueuedMs: number;
  workflowTaskRunningMs: number;
  activityQueuedMs: number;
  /** Running time per activity type, summed over its runs. */
  activityRunningMs: Map<string, number>;
  /** From the first event to the last one before `untilEpochMs`. */
  spanMs: number;
}

const num = (v: { toString(): string } | number | null | undefined): number => (typeof v === 'number' ? v : Number(v?.toString() ?? NaN));
const timeOf = (e: HistoryEventLike): number => num(e.eventTime?.seconds) * 1000 + (e.eventTime?.nanos ?? 0) / 1e6;

export function phasesOf(all: readonly HistoryEventLike[], untilEpochMs = Infinity): Phases {
  const events = all.filter((e) => timeOf(e) <= untilEpochMs);
  const byId = new Map(events.map((e) => [num(e.eventId), e]));
  const phases: Phases = {
    events: events.length,
    workflowTasks: 0,
    workflowTaskQueuedMs: 0,
    workflowTaskRunningMs: 0,
    activityQueuedMs: 0,
    activityRunningMs: new Map(),
    spanMs: 0,
  };
  for (const e of events) {
    const type = num(e.eventType as number);
    if (type === WORKFLOW_TASK_STARTED) {
      const scheduled = byId.get(num(e.workflowTaskStartedEventAttributes?.scheduledEventId));
      if (scheduled && num(scheduled.eventType as number) === WORKFLOW_TASK_SCHEDULED)
        phases.workflowTaskQueuedMs += timeOf(e) - timeOf(scheduled);
    } else if (type === WORKFLOW_TASK_COMPLETED) {
      const started = byId.get(num(e.workflowTaskCompletedEventAttributes?.startedEventId));
      if (started) {
        phases.workflowTasks++;
        phases.workflowTaskRunningMs += timeOf(e) - timeOf(started);
      }
    } else if (type === ACTIVITY_TASK_STARTED) {
      const scheduled = byId.get(num(e.activityTaskStartedEventAttributes?.scheduledEventId));
      if (scheduled) phases.activityQueuedMs += timeOf(e) - timeOf(scheduled);
    } else if (type === ACTIVITY_TASK_COMPLETED) {
      const attrs = e.activityTaskCompletedEventAttributes;
      const started = byId.get(num(attrs?.startedEventId));
      const scheduled = byId.get(num(attrs?.scheduledEventId));
      const name = scheduled?.activityTaskScheduledEventAttributes?.activityType?.name ?? '?';
      if (started) phases.activityRunningMs.set(name, (phases.activityRunningMs.get(name) ?? 0) + timeOf(e) - timeOf(started));
    }
  }
  if (events.length) phases.spanMs = timeOf(events[events.length - 1]!) - timeOf(events[0]!);
  return phases;
}
