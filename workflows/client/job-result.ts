import type { AdHocJobResult } from '../../engine/runtime/process-state';
import type { TaskListenerResult } from '../../engine/runtime/task-listener-result';
import { checkTaskListenerResult, JobResultRefused } from './task-listener-result';

/**
 * Camunda 8.8's job result, by its `type`: a user task listener's answer (`userTask`, the default), or an
 * ad-hoc sub-process's job's decision (`adHocSubProcess`).
 */
export type JobResult = ({ type?: 'userTask' } & TaskListenerResult) | ({ type: 'adHocSubProcess' } & AdHocJobResult);

/** The job kind a job key carries beside its token: a task listener's event, or an ad-hoc sub-process's job. */
export type JobTag = { taskListener: string } | { adHocSubProcess: { definitionId: string; elementId: string } };

/**
 * Checks a completion's `result` against the job it answers, as Camunda 8.8 refuses it: an ad-hoc
 * sub-process's result only on that sub-process's job, and never activating elements and fulfilling the
 * condition at once; a user task listener's result as checkTaskListenerResult says. Each refusal names the field.
 */
export function checkJobResult(tag: JobTag | undefined, result: JobResult): void {
  const adHocJob = tag !== undefined && 'adHocSubProcess' in tag;
  if (result.type === 'adHocSubProcess') {
    if (!adHocJob) throw new JobResultRefused('payload.result.type', 'only an ad-hoc sub-process’s job takes an adHocSubProcess result');
    if (result.isCompletionConditionFulfilled && result.activateElements?.length)
      throw new JobResultRefused(
        'payload.result.activateElements',
        'a result cannot activate elements and fulfil the completion condition at once',
      );
    return;
  }
  const denies = result.denied === true;
  const corrects = !!result.corrections && Object.keys(result.corrections).length > 0;
  if (adHocJob && (denies || corrects))
    throw new JobResultRefused('payload.result.type', 'an ad-hoc sub-process’s job takes a result of type adHocSubProcess');
  checkTaskListenerResult(tag && 'taskListener' in tag ? tag.taskListener : undefined, result);
}
