import type { TaskListenerResult } from '../../engine/runtime/task-listener-result';
import { CORRECTABLE_EVENTS, DENIABLE_EVENTS } from '../../engine/runtime/task-listener-answers';

/** A job result Camunda 8.8 would refuse for this job: it names the field and why (a 400 at the API). */
export class JobResultRefused extends Error {
  readonly code = 'INVALID_JOB_RESULT';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'JobResultRefused';
  }
}

/**
 * Checks a completion's `result` against the job it answers (`eventType`: the task listener event of the
 * job, undefined for a service task's or an execution listener's job): only a user task listener's job
 * takes one; a creating or canceling listener cannot deny, a canceling one cannot correct.
 */
export function checkTaskListenerResult(eventType: string | undefined, result: TaskListenerResult): void {
  const denies = result.denied === true;
  const corrects = !!result.corrections && Object.keys(result.corrections).length > 0;
  if (!denies && !corrects) return;
  if (!eventType) throw new JobResultRefused('payload.result', 'only a user task listener’s job takes a denial or corrections');
  if (denies && !DENIABLE_EVENTS.includes(eventType as never))
    throw new JobResultRefused(
      'payload.result.denied',
      `a ${eventType} listener cannot deny; only assigning, updating and completing ones can`,
    );
  if (corrects && !CORRECTABLE_EVENTS.includes(eventType as never))
    throw new JobResultRefused('payload.result.corrections', `a ${eventType} listener cannot correct the task`);
}
