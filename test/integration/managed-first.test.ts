import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { findByIds } from '../../service-catalog/db/managed-first';
import { createOrm, type Orm } from '../../service-catalog/db/orm';
import { setTenantScope, TenantScope } from '../../service-catalog/db/tenant';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';

/**
 * Presenting a ticket right after creating it reads no row twice: what the request already holds in
 * its identity map comes from there, what it holds only in part (or not at all) is read.
 */
describe('findByIds', () => {
  let orm: Orm;
  const ids: string[] = [];
  const fresh = () => {
    const em = orm.em.fork() as EntityManager;
    setTenantScope(em, TenantScope.all('findByIds test'));
    return em;
  };

  beforeAll(async () => {
    orm = await createOrm({ databaseUrl: process.env.FLOWDESK_TEST_DATABASE_URL!, poolMax: 2 });
    const em = fresh();
    for (let i = 0; i < 3; i++) {
      const id = randomUUID();
      ids.push(id);
      em.create(Organization, { id, name: `managed-first ${id}`, createdAt: new Date() });
    }
    await em.flush();
  });
  afterAll(async () => {
    await fresh().nativeDelete(Organization, { id: { $in: ids } });
    await orm.close();
  });
  afterEach(() => jest.restoreAllMocks());

  it('takes fully loaded entities from the identity map without a query', async () => {
    const em = fresh();
    const held = await em.findOneOrFail(Organization, { id: ids[0]! });
    const find = jest.spyOn(em.getDriver(), 'find');
    const found = await findByIds(em, Organization, [ids[0]!]);
    expect(find).not.toHaveBeenCalled();
    expect(found).toEqual([held]);
    expect(found[0]).toBe(held);
  });

  it('reads only the ids it does not hold, in one query', async () => {
    const em = fresh();
    await em.findOneOrFail(Organization, { id: ids[0]! });
    const find = jest.spyOn(em.getDriver(), 'find');
    const found = await findByIds(em, Organization, ids);
    expect(find).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(find.mock.calls[0]![1])).not.toContain(ids[0]);
    expect(found.map((o) => o.id).sort()).toEqual([...ids].sort());
    expect(found.every((o) => o.name === `managed-first ${o.id}` && o.createdAt instanceof Date)).toBe(true);
  });

  it('reads again an entity loaded with only some of its fields', async () => {
    const em = fresh();
    await em.findOneOrFail(Organization, { id: ids[1]! }, { fields: ['name'] });
    const find = jest.spyOn(em.getDriver(), 'find');
    const [org] = await findByIds(em, Organization, [ids[1]!]);
    expect(find).toHaveBeenCalledTimes(1);
    expect(org!.createdAt).toBeInstanceOf(Date);
  });

  it('returns nothing for nothing asked, without a query', async () => {
    const em = fresh();
    const find = jest.spyOn(em.getDriver(), 'find');
    expect(await findByIds(em, Organization, [])).toEqual([]);
    expect(find).not.toHaveBeenCalled();
  });
});
