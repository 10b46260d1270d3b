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

/**
 * Camunda's own TypeScript client pointed at the test system's listening API, signed in as `user`.
 * `validation` is the client's CAMUNDA_SDK_VALIDATION (none by default; `req:strict,res:strict` checks
 * every request and answer against Camunda's schemas, as strictly as its Java client reads them).
 */
export async function camundaClientAs(system: TestSystem, user: string, validation = 'req:none,res:none') {
  const token = await system.tokenFor(user);
  return createCamundaClient({
    config: { CAMUNDA_REST_ADDRESS: system.server.info.uri, CAMUNDA_AUTH_STRATEGY: 'NONE', CAMUNDA_SDK_VALIDATION: validation },
    // The client hands over a Request whose headers (a multipart boundary among them) must be kept.
    fetch: (input: string | URL | Request, init?: RequestInit) => {
      const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
      headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    },
  });
}

/**
 * The Flowdesk reference (uuid, `<uuid>.<n>`, job token) behind a numeric key of Camunda's API, for a test
 * that goes on with Flowdesk's own API or the workflow (recording its history); a reference stays itself.
 */
export async function refOfCamundaKey(system: TestSystem, key: string): Promise<string> {
  if (!/^\d+$/.test(key)) return key;
  const rows = await system.adminEm().execute<Array<{ ref: string }>>('select ref from camunda_key where key = ?::bigint', [key]);
  expect(rows).toHaveLength(1);
  return rows[0]!.ref;
}

/** The numeric key Camunda's API answers for a Flowdesk reference it has already answered with (a uuid, `<uuid>.<n>`). */
export async function camundaKeyOf(system: TestSystem, ref: string): Promise<string> {
  const rows = await system.adminEm().execute<Array<{ key: string }>>('select key::text as key from camunda_key where ref = ?', [ref]);
  expect(rows).toHaveLength(1);
  return rows[0]!.key;
}
