import type { TestSystem } from './test-system';
import type { Body } from './json-body';

/** Every day, all day: a calendar whose business time is wall-clock time. */
export const ALWAYS_OPEN_WEEKLY = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ start: '00:00', end: '24:00' }]]));

export interface TestSlaPolicy {
  name: string;
  priority?: string;
  /** The service by id, or (`service`) by name. */
  serviceId?: string;
  service?: string;
  responseTarget: string;
  resolutionTarget: string;
}

/**
 * An SLA policy on a business calendar of its own (named like the policy), created through the API
 * by the process owner, as a desk sets them up. Fails the test when either is refused.
 */
export async function createSlaPolicy(
  system: TestSystem,
  policy: TestSlaPolicy,
  weekly: Record<string, Array<{ start: string; end: string }>> = ALWAYS_OPEN_WEEKLY,
): Promise<void> {
  const as = (url: string, payload: object) => system.injectAs('marta', { method: 'POST', url, payload });
  const calendar = await as('/business-calendars', { name: policy.name, definition: { timeZone: 'UTC', weekly } });
  if (calendar.statusCode !== 201) throw new Error(`POST /business-calendars answered ${calendar.statusCode}: ${calendar.payload}`);
  const created = await as('/sla-policies', { ...policy, calendarId: (calendar.result as Body).id });
  if (created.statusCode !== 201) throw new Error(`POST /sla-policies answered ${created.statusCode}: ${created.payload}`);
}
