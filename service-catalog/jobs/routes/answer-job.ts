import type { Request, ServerRoute } from '@hapi/hapi';
import type { JobResult } from '../../../workflows/client';
import { JobService } from '../domain/job-service';
import { JOB_WORKER_SCOPES } from '../job-scopes';
import { JOB_LIMITS, completeJobPayload, failJobPayload, jobErrorPayload, jobKeyParam, updateJobPayload } from '../schemas';

const service = (request: Request) => new JobService(request.app.em, request.server.app.jobs);
const NOT_FOUND = '404 when the job does not exist, belongs to an instance you may not see, or was already completed, failed or timed out.';
const VARIABLE_LIMITS = ` 400 naming \`payload.variables\` when the variables have more than ${JOB_LIMITS.variableKeys} keys or take more than ${JOB_LIMITS.variablesBytes} bytes as JSON.`;

/** The worker's answers to an activated job: Camunda 8's completion, failure, error and update. */
export const completeJob: ServerRoute = {
  method: 'POST',
  path: '/v2/jobs/{jobKey}/completion',
  options: {
    auth: { access: { scope: JOB_WORKER_SCOPES } },
    tags: ['api', 'jobs'],
    description: 'Complete a job; its variables are merged into the process',
    notes:
      NOT_FOUND +
      VARIABLE_LIMITS +
      ' A user task listener’s job may send `result` (Camunda 8.8): `denied` (with `deniedReason`) drops the assignment, update or completion its listeners ran for, and the task says why; `corrections` change the task’s assignee, dates, candidates or priority. An ad-hoc sub-process’s job (kind `AD_HOC_SUB_PROCESS`) sends `result` of type `adHocSubProcess`: `activateElements` (each with its own variables) or `isCompletionConditionFulfilled` (with `isCancelRemainingInstances`), never both; its variables merge from the sub-process. 400 naming `payload.result` for a result on another job, a denial from a creating or canceling listener, corrections from a canceling one, an element the sub-process may not activate, or activating and completing at once.',
    validate: { params: jobKeyParam, payload: completeJobPayload },
  },
  async handler(request, h) {
    const payload = (request.payload ?? {}) as { variables?: Record<string, unknown> | null; result?: JobResult | null };
    await service(request).complete(request.params.jobKey as string, payload.variables ?? {}, payload.result);
    return h.response().code(204);
  },
};

export const failJob: ServerRoute = {
  method: 'POST',
  path: '/v2/jobs/{jobKey}/failure',
  options: {
    auth: { access: { scope: JOB_WORKER_SCOPES } },
    tags: ['api', 'jobs'],
    description: 'Fail a job: with retries left it is available again after retryBackOff; at 0 the task becomes an incident',
    notes: NOT_FOUND + VARIABLE_LIMITS,
    validate: { params: jobKeyParam, payload: failJobPayload },
  },
  async handler(request, h) {
    const payload = (request.payload ?? { retries: 0 }) as { retries: number; errorMessage?: string; retryBackOff?: number };
    await service(request).fail(request.params.jobKey as string, {
      retries: payload.retries ?? 0,
      ...(payload.errorMessage ? { errorMessage: payload.errorMessage } : {}),
      ...(payload.retryBackOff ? { retryBackOff: payload.retryBackOff } : {}),
    });
    return h.response().code(204);
  },
};

export const throwJobError: ServerRoute = {
  method: 'POST',
  path: '/v2/jobs/{jobKey}/error',
  options: {
    auth: { access: { scope: JOB_WORKER_SCOPES } },
    tags: ['api', 'jobs'],
    description: 'Throw a BPMN error from a job: a matching error boundary or event subprocess catches it, else an incident',
    notes: NOT_FOUND + VARIABLE_LIMITS,
    validate: { params: jobKeyParam, payload: jobErrorPayload },
  },
  async handler(request, h) {
    const payload = request.payload as { errorCode: string; errorMessage?: string | null };
    await service(request).throwError(request.params.jobKey as string, {
      errorCode: payload.errorCode,
      ...(payload.errorMessage ? { errorMessage: payload.errorMessage } : {}),
    });
    return h.response().code(204);
  },
};

export const updateJob: ServerRoute = {
  method: 'PATCH',
  path: '/v2/jobs/{jobKey}',
  options: {
    auth: { access: { scope: JOB_WORKER_SCOPES } },
    tags: ['api', 'jobs'],
    description: 'Change a job’s retries or give it a new timeout from now',
    notes: NOT_FOUND,
    validate: { params: jobKeyParam, payload: updateJobPayload },
  },
  async handler(request, h) {
    const { changeset } = request.payload as { changeset: { retries?: number | null; timeout?: number | null } };
    await service(request).update(request.params.jobKey as string, {
      ...(changeset.retries != null ? { retries: changeset.retries } : {}),
      ...(changeset.timeout != null ? { timeout: changeset.timeout } : {}),
    });
    return h.response().code(204);
  },
};
