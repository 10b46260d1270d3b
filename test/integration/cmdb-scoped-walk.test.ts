import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServerInjectResponse } from '@hapi/hapi';
import { walkFrom } from '../../service-catalog/cmdb/domain/impact-analysis';
import { TenantScope, setTenantScope } from '../../service-catalog/db/tenant';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { TestSystem } from '../support/test-system';
import type { Body } from '../support/json-body';

/**
 * The impact and graph endpoints set the tenant scope inside their one statement (cmdb_scoped_walk,
 * cmdb_scoped_graph) instead of a transaction around it: row-level security must bind exactly as
 * before, the scope must not outlive the statement on a pooled connection, and a walk without a scope
 * must refuse to run.
 */
describe('CMDB walk in one statement: tenant scope', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const orgs = { baltic: '', nordic: '' };
  const ids: Record<string, string> = {};
  const as = (user: string, url: string) => system.injectAs(user, { method: 'GET', url });
  const ok = (res: ServerInjectResponse): Body => {
    if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.payload.slice(0, 600)}`);
    return res.result as Body;
  };
  const scoped = (scope: TenantScope) => {
    const em = system.orm.em.fork() as EntityManager;
    setTenantScope(em, scope);
    return em;
  };
  const names = (list: Body[]) => list.map((c) => c.name).sort();

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { incident: `none_${tag}` } });
    const em = system.adminEm();
    orgs.baltic = (await em.findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
    orgs.nordic = (await em.findOneOrFail(Organization, { name: 'Nordic Logistics AS' })).id;
    // shop (Baltic service) → app (Baltic) → host (internal) ← nordic-app (Nordic): the internal host is shared.
    const create = async (key: string, classKey: string, organizationId: string | null) => {
      const res = await system.injectAs('admin', {
        method: 'POST',
        url: '/cmdb/cis',
        payload: { organizationId, classKey, name: `${key} ${tag}`, key: `${key}-${tag}` },
      });
      if (res.statusCode !== 201) throw new Error(res.payload);
      ids[key] = (res.result as Body).id;
    };
    await create('shop', 'business_service', orgs.baltic);
    await create('app', 'application', orgs.baltic);
    await create('host', 'server', null);
    await create('nordic-app', 'application', orgs.nordic);
    for (const [source, type, target] of [
      ['shop', 'depends_on', 'app'],
      ['app', 'runs_on', 'host'],
      ['nordic-app', 'runs_on', 'host'],
    ] as const) {
      const res = await system.injectAs('admin', {
        method: 'POST',
        url: '/cmdb/relations',
        payload: { sourceId: ids[source], type, targetId: ids[target] },
      });
      if (res.statusCode !== 201) throw new Error(res.payload);
    }
  });
  afterAll(async () => {
    await system?.close();
  });

  it('walks within what each caller may see', async () => {
    // Staff see through the internal host to the other customer's application that shares it.
    const staff = ok(await as('admin', `/cmdb/cis/${ids.app}/impact?depth=3`));
    expect(names(staff.upstream)).toEqual([`shop ${tag}`]);
    expect(names(staff.downstream)).toEqual([`host ${tag}`]);
    const fromHost = ok(await as('admin', `/cmdb/cis/${ids.host}/impact?depth=3&direction=upstream`));
    expect(names(fromHost.upstream)).toEqual([`app ${tag}`, `nordic-app ${tag}`, `shop ${tag}`]);
    expect(fromHost.services.map((s: Body) => s.name)).toEqual([`shop ${tag}`]);
    // Baltic's requester: its own CIs only, neither the internal host nor Nordic's application.
    const rita = ok(await as('rita', `/cmdb/cis/${ids.app}/impact?depth=3`));
    expect(rita.ci).toEqual({
      id: ids.app,
      key: `app-${tag}`,
      name: `app ${tag}`,
      classKey: 'application',
      lifecycleState: expect.any(String),
      organizationId: orgs.baltic,
    });
    expect(names(rita.upstream)).toEqual([`shop ${tag}`]);
    expect(rita.downstream).toEqual([]);
    expect((await as('rita', `/cmdb/cis/${ids.host}/impact`)).statusCode).toBe(404);
    expect((await as('erik', `/cmdb/cis/${ids.app}/impact`)).statusCode).toBe(404);
    expect((await as('erik', `/cmdb/cis/${ids.app}/graph`)).statusCode).toBe(404);
    // The graph: the same walk, the relations among what is drawn.
    const graph = ok(await as('admin', `/cmdb/cis/${ids.app}/graph?depth=2`));
    expect(graph.nodes.map((n: Body) => [n.name, n.side, n.depth])).toEqual([
      [`app ${tag}`, 'self', 0],
      [`shop ${tag}`, 'upstream', 1],
      [`host ${tag}`, 'downstream', 1],
    ]);
    expect(graph.edges).toHaveLength(2);
    // From the shared host: both customers' applications, and the service two steps up.
    const hostGraph = ok(await as('admin', `/cmdb/cis/${ids.host}/graph?depth=2`));
    expect(hostGraph.nodes.map((n: Body) => [n.name, n.side, n.depth])).toEqual([
      [`host ${tag}`, 'self', 0],
      [`app ${tag}`, 'upstream', 1],
      [`nordic-app ${tag}`, 'upstream', 1],
      [`shop ${tag}`, 'upstream', 2],
    ]);
    expect(hostGraph.edges).toHaveLength(3);
    const capped = ok(await as('admin', `/cmdb/cis/${ids.app}/graph?depth=2&limit=2`));
    expect(capped.nodes.map((n: Body) => n.name)).toEqual([`app ${tag}`, `shop ${tag}`]);
    expect(capped.edges).toHaveLength(1);
    expect(capped.truncated).toBe(true);
    const ritaGraph = ok(await as('rita', `/cmdb/cis/${ids.app}/graph?depth=2`));
    expect(ritaGraph.nodes.map((n: Body) => n.name)).toEqual([`app ${tag}`, `shop ${tag}`]);
    expect(ritaGraph.edges).toHaveLength(1);
  });

  it('leaves no scope behind on the pooled connection, and puts back a transaction’s own', async () => {
    for (let i = 0; i < 12; i++) {
      const walk = await walkFrom(scoped(TenantScope.of([orgs.nordic], true)), ids['nordic-app']!, { upstream: 2, downstream: 2 }, 100);
      expect(walk.downstream.map((c) => c.id)).toEqual([ids.host]);
      // A bare statement after it, on whichever pooled connection: no scope, so no rows.
      const [seen] = await system.orm.em.getConnection().execute<Array<{ n: number }>>('select count(*)::int as n from configuration_item');
      expect(seen!.n).toBe(0);
    }
    const em = scoped(TenantScope.of([orgs.baltic], false));
    await em.transactional(async (tx) => {
      const walk = await walkFrom(tx, ids.app!, { upstream: 1, downstream: 1 }, 100);
      expect(walk.self?.id).toBe(ids.app);
      // Called with another scope inside this transaction, the function restores the transaction's.
      await tx.execute("select count(*) from cmdb_scoped_walk('', ?, 'on', ?, 1, 1, 10)", [orgs.nordic, ids.host]);
      const [setting] = await tx.execute<Array<{ ids: string; unowned: string }>>(
        "select current_setting('flowdesk.organization_ids') as ids, current_setting('flowdesk.include_unowned') as unowned",
      );
      expect(setting).toEqual({ ids: orgs.baltic, unowned: 'off' });
    });
  });

  it('refuses to walk without a tenant scope', async () => {
    await expect(walkFrom(system.orm.em.fork() as EntityManager, ids.app!, { upstream: 1, downstream: 1 }, 10)).rejects.toThrow(
      /tenant scope/,
    );
  });
});
