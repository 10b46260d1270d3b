import type { Plugin } from '@hapi/hapi';
import { activateJobs } from './routes/activate-jobs';
import { completeJob, failJob, throwJobError, updateJob } from './routes/answer-job';

/** Camunda 8's job API for external job workers (`/v2/jobs/…`), over Temporal activity tasks. */
export const jobsPlugin: Plugin<void> = {
  name: 'flowdesk-jobs',
  register(server) {
    server.route([activateJobs, completeJob, failJob, throwJobError, updateJob]);
  },
};
