import { randomUUID } from 'node:crypto';
import type { ServerInjectResponse } from '@hapi/hapi';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { TestSystem } from '../support/test-system';
import type { Body } from '../support/json-body';

/**
 * Issue 18, the CMDB: CIs whose attributes their class declares (a violation is a 400 naming the
 * attribute), relations that never join two customers, full-text search, history from the audit log,
 * the CIs tickets touch, and a customer who sees only its own CIs.
 */
describe('CMDB: configuration items, relations, search, history, ticket links', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const orgs = { baltic: '', nordic: '' };
  const as = (user: string, method: string, url: string, payload?: object) =>
    system.injectAs(user, { method, url, ...(payload ? { payload } : {}) });
  const created = (res: ServerInjectResponse): Body => {
    if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.payload}`);
    return res.result as Body;
  };
  const ci = async (organizationId: string | null, classKey: string, name: string, extra: object = {}) =>
    created(await as('tomas', 'POST', '/cmdb/cis', { organizationId, classKey, name, key: `${name}-${tag}`, ...extra }));

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { incident: `none_${tag}`, problem: `none_${tag}`, change: `none_${tag}` } });
    const em = system.adminEm();
    orgs.baltic = (await em.findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
    orgs.nordic = (await em.findOneOrFail(Organization, { name: 'Nordic Logistics AS' })).id;
  });
  afterAll(async () => {
    await system?.close();
  });

  it('refuses attributes that break the class’s schema with a 400 naming each attribute', async () => {
    const res = await as('tomas', 'POST', '/cmdb/cis', {
      organizationId: orgs.baltic,
      classKey: 'server',
      name: `bad-${tag}`,
      attributes: { ramGb: 'lots', ipAddress: '10.0.0.300', colour: 'blue' },
    });
    expect(res.statusCode).toBe(400);
    const fields = (res.result as Body).details.map((d: Body) => d.field).sort();
    expect(fields).toEqual(['payload.attributes.colour', 'payload.attributes.ipAddress', 'payload.attributes.ramGb']);
    // An unknown class is refused by the route's validation, naming the field too.
    const unknown = await as('tomas', 'POST', '/cmdb/cis', { classKey: 'spaceship', name: 'x' });
    expect(unknown.statusCode).toBe(400);
    expect((unknown.result as Body).details[0].field).toBe('payload.classKey');
    // Asset fields only on the classes a technician visits.
    const notAsset = await as('tomas', 'POST', '/cmdb/cis', { classKey: 'application', name: `app-${tag}`, serialNumber: 'SN1' });
    expect(notAsset.statusCode).toBe(400);
    expect((notAsset.result as Body).details[0].field).toBe('payload.serialNumber');
  });

  it('keeps an asset with its site, warranty and maintenance schedule, and refuses another customer’s site (422)', async () => {
    const site = created(await as('admin', 'POST', '/sites', { organizationId: orgs.baltic, name: `Vilnius ${tag}` }));
    const otherSite = created(await as('admin', 'POST', '/sites', { organizationId: orgs.nordic, name: `Oslo ${tag}` }));
    const asset = await ci(orgs.baltic, 'workstation', 'pos-till-1', {
      model: 'HP t640',
      serialNumber: `SN-${tag}`,
      siteId: site.id,
      warrantyUntil: '2028-06-30',
      maintenanceSchedule: { every: 'P6M', nextDueOn: '2027-01-15', task: 'clean and update' },
      attributes: { kind: 'thin_client', os: 'Windows 11 IoT' },
    });
    expect(asset).toMatchObject({ siteId: site.id, warrantyUntil: '2028-06-30', maintenanceSchedule: { every: 'P6M' } });
    const wrongSite = await as('tomas', 'POST', '/cmdb/cis', {
      organizationId: orgs.baltic,
      classKey: 'workstation',
      name: `till-2-${tag}`,
      siteId: otherSite.id,
    });
    expect(wrongSite.statusCode).toBe(422);
    expect((wrongSite.result as Body).details[0].field).toBe('payload.siteId');
    const duplicate = await as('tomas', 'POST', '/cmdb/cis', {
      organizationId: orgs.baltic,
      classKey: 'workstation',
      name: 'x',
      key: asset.key,
    });
    expect(duplicate.statusCode).toBe(409);
  });

  it('keeps an asset under a contract of its own customer, and refuses another customer’s contract (422)', async () => {
    const contract = async (organizationId: string, name: string) =>
      created(await as('admin', 'POST', '/contracts', { organizationId, name: `${name} ${tag}`, validFrom: '2026-01-01' }));
    const own = await contract(orgs.baltic, 'Store hardware care');
    const foreign = await contract(orgs.nordic, 'Warehouse care');
    const asset = await ci(orgs.baltic, 'printer', 'contract-printer', {
      model: 'Zebra ZT411',
      contractId: own.id,
      warrantyUntil: '2027-12-31',
    });
    expect(asset).toMatchObject({ organizationId: orgs.baltic, model: 'Zebra ZT411', contractId: own.id, warrantyUntil: '2027-12-31' });
    expect(((await as('rita', 'GET', `/cmdb/cis/${asset.id}`)).result as Body).contractId).toBe(own.id);
    const refused = await as('tomas', 'PATCH', `/cmdb/cis/${asset.id}`, { contractId: foreign.id });
    expect(refused.statusCode).toBe(422);
    expect((refused.result as Body).details[0].field).toBe('payload.contractId');
    expect(((await as('tomas', 'GET', `/cmdb/cis/${asset.id}`)).result as Body).contractId).toBe(own.id);
    const history = ((await as('tomas', 'GET', `/cmdb/cis/${asset.id}/history`)).result as Body).items;
    expect(history.map((h: Body) => h.action)).toEqual(['ci.created']);
  });

  it('refuses a relation between two customers’ CIs (422) and allows one with an internal CI', async () => {
    const baltic = await ci(orgs.baltic, 'application', 'shop');
    const nordic = await ci(orgs.nordic, 'server', 'nordic-host');
    const internal = await ci(null, 'server', 'shared-host');
    const cross = await as('tomas', 'POST', '/cmdb/relations', { sourceId: baltic.id, type: 'runs_on', targetId: nordic.id });
    expect(cross.statusCode).toBe(422);
    expect((cross.result as Body).details[0].field).toBe('payload.targetId');
    const ok = created(await as('tomas', 'POST', '/cmdb/relations', { sourceId: baltic.id, type: 'runs_on', targetId: internal.id }));
    expect(ok.type).toBe('runs_on');
    const again = await as('tomas', 'POST', '/cmdb/relations', { sourceId: baltic.id, type: 'runs_on', targetId: internal.id });
    expect(again.statusCode).toBe(409);
    const self = await as('tomas', 'POST', '/cmdb/relations', { sourceId: baltic.id, type: 'runs_on', targetId: baltic.id });
    expect(self.statusCode).toBe(400);
    // The customer's requester sees its application, but not the provider's internal host behind it.
    const seen = await as('rita', 'GET', `/cmdb/cis/${baltic.id}/graph?depth=2`);
    expect(seen.statusCode).toBe(200);
    expect((seen.result as Body).nodes.map((n: Body) => n.id)).toEqual([baltic.id]);
    const staff = await as('tomas', 'GET', `/cmdb/cis/${baltic.id}/graph?depth=2`);
    expect((staff.result as Body).nodes.map((n: Body) => n.id).sort()).toEqual([baltic.id, internal.id].sort());
    expect((staff.result as Body).edges).toHaveLength(1);
  });

  it('finds CIs by full text over name and attribute values, within the tenant', async () => {
    const word = `zq${tag}`;
    const mine = await ci(orgs.baltic, 'server', 'db-host', { attributes: { os: `Debian ${word}`, ramGb: 64 } });
    await ci(orgs.nordic, 'server', 'other-db-host', { attributes: { os: `Debian ${word}` } });
    const asRita = await as('rita', 'GET', `/cmdb/cis?q=${word.slice(0, 6)}`);
    expect((asRita.result as Body).items.map((i: Body) => i.id)).toEqual([mine.id]);
    const asTomas = await as('tomas', 'GET', `/cmdb/cis?q=debian%20${word}`);
    expect((asTomas.result as Body).total).toBe(2);
    const byName = await as('tomas', 'GET', `/cmdb/cis?q=db%20host%20${tag}&classKey=server`);
    expect((byName.result as Body).items.length).toBeGreaterThanOrEqual(1);
    // Punctuation only: no words, no match, no 500.
    expect((await as('tomas', 'GET', '/cmdb/cis?q=%26%7C!')).statusCode).toBe(200);
    // Another customer's CI by id is a 404 for a requester, as if it did not exist.
    expect((await as('erik', 'GET', `/cmdb/cis/${mine.id}`)).statusCode).toBe(404);
  });

  it('tells a CI’s history from the audit log and keeps a disposed CI disposed', async () => {
    const host = await ci(orgs.baltic, 'server', 'history-host');
    const app = await ci(orgs.baltic, 'application', 'history-app');
    created(await as('tomas', 'POST', '/cmdb/relations', { sourceId: app.id, type: 'runs_on', targetId: host.id }));
    const patched = await as('tomas', 'PATCH', `/cmdb/cis/${host.id}`, {
      version: 1,
      lifecycleState: 'disposed',
      attributes: { os: 'none' },
    });
    expect(patched.statusCode).toBe(200);
    expect((await as('tomas', 'PATCH', `/cmdb/cis/${host.id}`, { version: 1, name: 'late' })).statusCode).toBe(409);
    const back = await as('tomas', 'PATCH', `/cmdb/cis/${host.id}`, { lifecycleState: 'operational' });
    expect(back.statusCode).toBe(422);
    const history = await as('tomas', 'GET', `/cmdb/cis/${host.id}/history`);
    expect((history.result as Body).items.map((e: Body) => e.action)).toEqual(['ci.updated', 'ciRelation.created', 'ci.created']);
    expect((history.result as Body).items[0]).toMatchObject({
      before: { lifecycleState: 'operational' },
      after: { lifecycleState: 'disposed' },
    });
    expect((await as('rita', 'GET', `/cmdb/cis/${host.id}/history`)).statusCode).toBe(403);
  });

  it('links tickets to CIs of their customer only', async () => {
    const ticket = created(await as('tomas', 'POST', '/tickets', { title: `Till down ${tag}`, organizationId: orgs.baltic }));
    const till = await ci(orgs.baltic, 'workstation', 'linked-till');
    const foreign = await ci(orgs.nordic, 'workstation', 'foreign-till');
    const linked = created(await as('tomas', 'POST', `/tickets/${ticket.number}/configuration-items`, { ciId: till.id }));
    expect(linked.items.map((i: Body) => i.id)).toEqual([till.id]);
    const refused = await as('tomas', 'POST', `/tickets/${ticket.number}/configuration-items`, { ciId: foreign.id });
    expect(refused.statusCode).toBe(422);
    expect((refused.result as Body).details[0].field).toBe('payload.ciId');
    expect(((await as('rita', 'GET', `/tickets/${ticket.number}/configuration-items`)).result as Body).items).toHaveLength(1);
    const tickets = await as('tomas', 'GET', `/cmdb/cis/${till.id}/tickets`);
    expect((tickets.result as Body).items.map((t: Body) => t.number)).toEqual([ticket.number]);
    expect((await as('tomas', 'DELETE', `/tickets/${ticket.number}/configuration-items/${till.id}`)).statusCode).toBe(204);
    expect((await as('tomas', 'DELETE', `/tickets/${ticket.number}/configuration-items/${till.id}`)).statusCode).toBe(404);
  });

  it('links problems and changes to CIs as it links incidents, and lists them on the CI newest first', async () => {
    const router = await ci(orgs.baltic, 'network_device', 'store-router', { attributes: { kind: 'router' } });
    const problem = created(
      await as('tomas', 'POST', '/tickets', {
        type: 'problem',
        title: `Routers drop ${tag}`,
        description: 'recurring',
        organizationId: orgs.baltic,
      }),
    );
    const change = created(
      await as('tomas', 'POST', '/tickets', {
        type: 'change',
        title: `Replace router ${tag}`,
        changeType: 'normal',
        organizationId: orgs.baltic,
      }),
    );
    for (const number of [problem.number, change.number]) {
      const linked = created(await as('tomas', 'POST', `/tickets/${number}/configuration-items`, { ciId: router.id }));
      expect(linked.items.map((i: Body) => i.id)).toEqual([router.id]);
    }
    const onCi = ((await as('tomas', 'GET', `/cmdb/cis/${router.id}/tickets`)).result as Body).items.map((t: Body) => t.number);
    expect(onCi).toEqual([change.number, problem.number]);
    const foreign = await ci(orgs.nordic, 'network_device', 'nordic-router', { attributes: { kind: 'router' } });
    const refused = await as('tomas', 'POST', `/tickets/${problem.number}/configuration-items`, { ciId: foreign.id });
    expect(refused.statusCode).toBe(422);
    expect((refused.result as Body).details[0].field).toBe('payload.ciId');
  });
});
