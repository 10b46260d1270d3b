import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { TENANT_TABLES as FIRST_TENANT_TABLES } from '../../migrations/Migration20261217000000_row_level_security';
import { LATER_TENANT_TABLES } from '../../migrations/Migration20261220000000_known_errors';

const TENANT_TABLES = [...FIRST_TENANT_TABLES, ...LATER_TENANT_TABLES];
import { createOrm, type Orm } from '../../service-catalog/db/orm';
import { TenantScope, setTenantScope } from '../../service-catalog/db/tenant';
import type { Body as Row } from '../support/json-body';

/**
 * Issue 14: tenant isolation in PostgreSQL itself. The application's role is bound by row-level
 * security on every tenant-owned table; the scope is set per transaction, so a pooled connection that
 * served one organisation serves the next request with nothing, not with the previous scope.
 */
describe('row-level security', () => {
  let orm: Orm;
  let orgA: string;
  let orgB: string;
  const sites: string[] = [];

  const scoped = (scope: TenantScope): EntityManager => {
    const em = orm.em.fork() as EntityManager;
    setTenantScope(em, scope);
    return em;
  };

  beforeAll(async () => {
    // One connection, so every query below runs on the same pooled backend.
    orm = await createOrm({ databaseUrl: process.env.FLOWDESK_TEST_DATABASE_URL!, poolMax: 1 });
    const admin = scoped(TenantScope.all('test setup'));
    const orgs = (await admin.execute(
      `select id, name from organization where name in ('Baltic Retail UAB', 'Nordic Logistics AS') order by name`,
    )) as Row[];
    [orgA, orgB] = orgs.map((o) => String(o.id)) as [string, string];
    for (const org of [orgA, orgB, null]) {
      const id = randomUUID();
      sites.push(id);
      await admin.execute(`insert into site (id, organization_id, name, created_at) values (?, ?, ?, now())`, [id, org, `rls probe ${id}`]);
    }
  });

  afterAll(async () => {
    await scoped(TenantScope.all('test cleanup')).execute(`delete from site where id in (?)`, [sites]);
    await orm.close();
  });

  const probeSites = async (em: EntityManager | null): Promise<Row[]> => {
    const sql = `select s.organization_id, pg_backend_pid() as pid, current_setting('flowdesk.organization_ids', true) as ids,
                        current_setting('flowdesk.tenant_bypass', true) as bypass
                   from (select 1) one left join site s on s.id in (?)`;
    return (em ? await em.execute(sql, [sites]) : await orm.em.getConnection().execute(sql, [sites])) as Row[];
  };

  it('connects as a role that is neither owner, superuser nor BYPASSRLS, and every tenant table forces its policy', async () => {
    const [role] = (await orm.em
      .getConnection()
      .execute(`select current_user as name, rolsuper, rolbypassrls from pg_roles where rolname = current_user`)) as Row[];
    expect(role).toMatchObject({ rolsuper: false, rolbypassrls: false });
    const tables = (await orm.em.getConnection().execute(
      `select c.relname, c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner) as owner,
              (select count(*) from pg_policy p where p.polrelid = c.oid)::int as policies
         from pg_class c where c.relname in (?) and c.relkind = 'r' order by c.relname`,
      [[...TENANT_TABLES, 'process_instance_projection']],
    )) as Row[];
    expect(tables.map((t) => t.relname).sort()).toEqual([...TENANT_TABLES, 'process_instance_projection'].sort());
    for (const t of tables) {
      expect({ table: t.relname, rls: t.relrowsecurity, force: t.relforcerowsecurity, policies: t.policies }).toEqual({
        table: t.relname,
        rls: true,
        force: true,
        policies: 1,
      });
      expect(t.owner).not.toBe(role!.name);
    }
  });

  it('raw SQL sees only the transaction’s organisations, and a reused pooled connection carries no scope over', async () => {
    const asA = await probeSites(scoped(TenantScope.of([orgA], false)));
    expect(asA.map((r) => r.organization_id)).toEqual([orgA]);
    expect(asA[0]!.ids).toBe(orgA);

    // Same backend, next "request" without any scope: the setting ended with A's transaction.
    const unscoped = await probeSites(null);
    expect(unscoped[0]!.pid).toBe(asA[0]!.pid);
    expect(unscoped).toEqual([{ organization_id: null, pid: asA[0]!.pid, ids: '', bypass: '' }]);

    const asB = await probeSites(scoped(TenantScope.of([orgB], true)));
    expect(asB[0]!.pid).toBe(asA[0]!.pid);
    expect(asB.map((r) => r.organization_id).sort()).toEqual([orgB, null].sort());

    const staffOfBoth = await probeSites(scoped(TenantScope.of([orgA, orgB], false)));
    expect(staffOfBoth.map((r) => r.organization_id).sort()).toEqual([orgA, orgB].sort());

    const bypass = await probeSites(scoped(TenantScope.all('test: named bypass')));
    expect(bypass).toHaveLength(3);
    expect(bypass[0]!.bypass).toBe('test: named bypass');
    expect((await probeSites(null))[0]).toMatchObject({ ids: '', bypass: '', organization_id: null });
  });

  it('refuses to write a row for an organisation outside the scope, and cannot touch another organisation’s rows', async () => {
    const asA = scoped(TenantScope.of([orgA], false));
    await expect(
      asA.execute(`insert into site (id, organization_id, name, created_at) values (?, ?, 'smuggled', now())`, [randomUUID(), orgB]),
    ).rejects.toThrow(/row-level security/);
    const [updated] = (await asA.execute(
      `with u as (update site set name = 'taken over' where id = ? returning 1) select count(*)::int as n from u`,
      [sites[1]],
    )) as Row[];
    expect(updated!.n).toBe(0);
    const [deleted] = (await asA.execute(`with d as (delete from site where id in (?) returning 1) select count(*)::int as n from d`, [
      [sites[1], sites[2]],
    ])) as Row[];
    expect(deleted!.n).toBe(0);
    const all = (await probeSites(scoped(TenantScope.all('test assertions')))).map((r) => r.organization_id);
    expect(all).toHaveLength(3);
    // Moving one's own row to another organisation is a write into that organisation: refused too.
    await expect(asA.execute(`update site set organization_id = ? where id = ?`, [orgB, sites[0]])).rejects.toThrow(/row-level security/);
  });

  it('an unscoped connection sees no tenant rows in any tenant table', async () => {
    for (const table of [...TENANT_TABLES, 'process_instance_projection']) {
      const [row] = (await orm.em.getConnection().execute(`select count(*)::int as n from ${table}`)) as Row[];
      expect({ table, n: row!.n }).toEqual({ table, n: 0 });
    }
  });
});
