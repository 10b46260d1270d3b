import { createCamundaClient } from '@camunda8/orchestration-cluster-api';
import type { TestSystem } from './test-system';

/** What the tests read of an activated job (Camunda 8's `ActivatedJobResult`). */
export interface ActivatedJob {
  jobKey: string;
  type: string;
  kind: string;
  listenerEventType: string;
  elementId: string;
  retries: number;
  tenantId: string;
  processInstanceKey: string;
  customHeaders: Record<string, string>;
  variables: Record<string, unknown>;
}

/**
 * Takes exactly one job of `type` through Camunda's REST job API as `user` (long-polling up to 20 s), as an
 * external worker would; fails the test when the activation is refused or no job comes.
 */
export async function activateOneJob(
  system: TestSystem,
  user: string,
  type: string,
  extra: { tenantIds?: string[]; worker?: string } = {},
): Promise<ActivatedJob> {
  const res = await system.injectAs(user, {
    method: 'POST',
    url: '/v2/jobs/activation',
    payload: { type, worker: 'test-worker', timeout: 60_000, maxJobsToActivate: 1, requestTimeout: 20_000, ...extra },
  });
  expect(res.statusCode).toBe(200);
  const [job] = (res.result as { jobs: ActivatedJob[] }).jobs;
  expect(job).toBeDefined();
  return job!;
}

/** Camunda's own TypeScript client pointed at the test system's listening API, signed in as `user`. */
export async function camundaClientAs(system: TestSystem, user: string) {
  const token = await system.tokenFor(user);
  return createCamundaClient({
    config: { CAMUNDA_REST_ADDRESS: system.server.info.uri, CAMUNDA_AUTH_STRATEGY: 'NONE' },
    fetch: (input: string | URL | Request, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    },
  });
}
