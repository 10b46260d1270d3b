import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { JobService } from '../domain/job-service';
import { JOB_WORKER_SCOPES } from '../job-scopes';
import { JOB_LIMITS, activateJobsPayload, activateJobsResponse } from '../schemas';

export const activateJobs: ServerRoute = {
  method: 'POST',
  path: '/v2/jobs/activation',
  options: {
    // A long poll waits up to its requestTimeout for jobs: it must not hold one of the places of admission control.
    plugins: { admission: 'exempt' },
    auth: { access: { scope: JOB_WORKER_SCOPES } },
    tags: ['api', 'jobs'],
    description: 'Activate jobs for an external worker (Camunda 8 REST shape)',
    notes:
      'Waits up to `requestTimeout` ms (long polling) for a job of `type`, then answers the jobs taken (possibly none). A service task whose type no in-process activity serves waits here for a worker. Jobs of one tenant per request: `tenantIds` names an organisation you work for, or `<default>` for internal work (the default, or a requester’s own organisation).' +
      ` Bounds, each refused with a 400 naming its field (\`payload.<field>\`): \`maxJobsToActivate\` 1 to ${JOB_LIMITS.maxJobsToActivate}; \`requestTimeout\` -1 to ${JOB_LIMITS.requestTimeoutMs} ms; \`timeout\` 1 to ${JOB_LIMITS.timeoutMs} ms (a day); at most ${JOB_LIMITS.fetchVariables} names in \`fetchVariable\`.`,
    validate: { payload: activateJobsPayload },
    response: { schema: activateJobsResponse },
  },
  async handler(request) {
    const payload = request.payload as Parameters<JobService['activate']>[1];
    const jobs = await new JobService(request.app.em, request.server.app.jobs).activate(principalOf(request), payload);
    return { jobs };
  },
};
