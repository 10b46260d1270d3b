import { readFileSync } from 'node:fs';
import { repoFile } from './repo-root';
import type { TestSystem } from './test-system';

/** Open around the clock in UTC, so SLA targets in tests are plain durations. */
export const ALWAYS_OPEN = {
  timeZone: 'UTC',
  weekly: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
};

export interface IncidentDeskOptions {
  /** Keeps the calendar's and the policy's names unique in the shared database. */
  tag: string;
  /** The shipped incident diagram is deployed under this process id (the system's incident process). */
  processId: string;
  /** The service the P3 policy is for (offered with offerService first). */
  service: string;
  responseTarget?: string;
  resolutionTarget?: string;
}

/**
 * The shipped incident desk, as a process owner sets it up: the priority matrix, an always-open
 * calendar, a P3 policy for `service`, and workflows/processes/incident.bpmn under `processId`.
 * Throws with the API's answer when a step is refused.
 */
export async function deployIncidentDesk(system: TestSystem, opts: IncidentDeskOptions): Promise<void> {
  const as = async (method: string, url: string, payload: object, expected: (status: number) => boolean) => {
    const res = await system.injectAs('marta', { method, url, payload });
    if (!expected(res.statusCode)) throw new Error(`${method} ${url} answered ${res.statusCode}: ${JSON.stringify(res.result)}`);
    return res.result as { id: string };
  };
  const dmn = readFileSync(repoFile('workflows/decisions/priority-matrix.dmn'), 'utf8');
  await as('POST', '/decision-definitions', { xml: dmn }, (s) => s < 300);
  const calendar = await as('POST', '/business-calendars', { name: `Always ${opts.tag}`, definition: ALWAYS_OPEN }, (s) => s === 201);
  await as(
    'POST',
    '/sla-policies',
    {
      name: `P3 ${opts.service}`,
      priority: 'P3',
      service: opts.service,
      calendarId: calendar.id,
      responseTarget: opts.responseTarget ?? 'PT2H',
      resolutionTarget: opts.resolutionTarget ?? 'PT8H',
    },
    (s) => s === 201,
  );
  const incident = readFileSync(repoFile('workflows/processes/incident.bpmn'), 'utf8').replace(/"incident"/g, `"${opts.processId}"`);
  await as('POST', '/process-definitions', { xml: incident }, (s) => s === 201);
}
