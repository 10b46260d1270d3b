import type { Instant, TimerState } from '../process-state';

/**
 * Which of an element's armed timers a recorded firing was, when several are armed at once (one per
 * inner instance of a multi-instance subprocess): the record names the element only. A firing lands a
 * little after its timer's due time, so it is the timer due last by then, the earlier ones having fired
 * already or left with their instance; none due yet (a clock a little ahead), the one due first. Equal
 * due times cannot be told apart: the one armed first.
 */
export function recordedFiring(armed: TimerState[], at: Instant): TimerState | undefined {
  const byDue = [...armed].sort((a, b) => a.dueAt - b.dueAt || a.key - b.key);
  const due = byDue.filter((t) => t.dueAt <= at);
  if (!due.length) return byDue[0];
  const last = due[due.length - 1]!.dueAt;
  return due.find((t) => t.dueAt === last);
}
