/**
 * Camunda 8's job model on Temporal: a service task whose type no activity of ours serves becomes an
 * activity on a task queue of its own, per organisation and type, that no worker of ours polls. The
 * job API (workflows/client/job-client.ts) takes it from that queue for an external worker and
 * completes it asynchronously with its task token; Temporal's timeouts and retries make a job whose
 * worker went silent available again. Pure names only: the workflow and the client share them.
 */

/** Organisation of an instance without one (internal work), as a queue segment. */
export const INTERNAL_JOB_SCOPE = 'internal';

/** How long an activated job may run before it is made available again, unless the worker asks otherwise. */
export const DEFAULT_JOB_TIMEOUT_MS = 5 * 60_000;

/** The task queue external workers of `jobType` in `scope` (an organisation id or `internal`) take jobs from. */
export function jobTaskQueue(mainTaskQueue: string, scope: string, jobType: string): string {
  return `${mainTaskQueue}/jobs/${scope}/${jobType}`;
}

/**
 * The key under which an external task listener job's completion carries its Camunda 8.8 job result
 * (denial, corrections). A task listener's variables are never merged, so nothing a worker set under
 * this name was ever read: histories from before the results existed replay as they ran.
 */
export const TASK_LISTENER_RESULT_KEY = '$flowdeskTaskListenerResult';

/**
 * The key under which an ad-hoc sub-process's job completion carries the worker's variables and its
 * Camunda 8.8 job result (`adHocSubProcess`), wrapped, so no variable a worker sets can pass for a result.
 */
export const AD_HOC_JOB_ANSWER_KEY = '$flowdeskAdHocJobAnswer';
