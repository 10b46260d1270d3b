/**
 * Task types that are a few short, idempotent statements against our own database. The worker runs
 * them as local activities, inside the workflow task that reaches them: an incident gets from logged
 * to its group's queue in one workflow task instead of one round trip through Temporal per step.
 * Anything that talks to the outside world (mail, other processes) stays a regular activity, with its
 * own timeout and retries on the task queue.
 */
export const LOCAL_TASK_TYPES: readonly string[] = ['audit', 'ticket-update', 'ticket-route', 'sla-deadlines', 'sla-clock', 'business-deadline'];
