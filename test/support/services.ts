import type { TestSystem } from './test-system';

/**
 * A provider service named `name`, offered to every organisation there is, for tests that raise tickets
 * on a service of their own: tickets name services of the catalog (issue 18), so a made-up name is a 422.
 * Returns its id; creating it again is not attempted (names are unique), so call it once per name.
 */
export async function offerService(system: TestSystem, name: string): Promise<string> {
  const orgs = await system.injectAs('admin', { method: 'GET', url: '/organizations?limit=100' });
  if (orgs.statusCode !== 200) throw new Error(`GET /organizations answered ${orgs.statusCode}`);
  const customerOrganizationIds = (orgs.result as { items: Array<{ id: string }> }).items.map((o) => o.id);
  const created = await system.injectAs('admin', {
    method: 'POST',
    url: '/services',
    payload: { name, kind: 'technical', customerOrganizationIds },
  });
  if (created.statusCode !== 201) throw new Error(`POST /services answered ${created.statusCode}: ${JSON.stringify(created.result)}`);
  return (created.result as { id: string }).id;
}
