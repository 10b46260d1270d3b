/** Who may run job workers: staff and their API tokens (requesters run none). */
export const JOB_WORKER_SCOPES = ['agent', 'technician', 'process-owner', 'admin'];
