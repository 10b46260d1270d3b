// Over 300 lines because each policy is proven with the rows it needs, set up and removed beside the checks that use them.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { TENANT_TABLES as FIRST_TENANT_TABLES } from '../../migrations/Migration20261217000000_row_level_security';
import { CONFIGURATION_TABLES, DEPENDENT_TABLES } from '../../migrations/Migration20261218000000_row_level_security_configuration';
import { APPROVAL_AND_CHANGE_TENANT_TABLES } from '../../migrations/Migration20261219000000_approvals_and_changes';
import { LATER_TENANT_TABLES } from '../../migrations/Migration20261220000000_known_errors';
import { FIELD_SERVICE_TENANT_TABLES } from '../../migrations/Migration20261226000000_field_service';
import { FIELD_SERVICE_CATALOGUE_TENANT_TABLES } from '../../migrations/Migration20261231000000_field_service_catalogue';
import { KNOWLEDGE_TENANT_TABLES } from '../../migrations/Migration20261227000000_knowledge_and_surveys';
import { WEBHOOK_TENANT_TABLES } from '../../migrations/Migration20270106000000_webhooks';
import { MIGRATION_BATCH_TENANT_TABLES } from '../../migrations/Migration20270106010000_migration_batches';
import { WHAT_IF_TENANT_TABLES } from '../../migrations/Migration20270201000000_what_if_runs';
import { MESSAGING_TENANT_TABLES } from '../../migrations/Migration20270316000000_messaging_bridge';
import { KPI_ROLLUP_TENANT_TABLES } from '../../migrations/Migration20270305000000_ticket_kpi_daily';
import { BACKLOG_AND_DEFLECTION_TENANT_TABLES } from '../../migrations/Migration20270503000000_backlog_and_deflection_daily';
import { BACKLOG_OPEN_MONTHLY_TENANT_TABLES } from '../../migrations/Migration20270510000001_backlog_open_monthly';
import { BOOKKEEPING_TENANT_TABLES } from '../../migrations/Migration20261229000000_bookkeeping_row_level_security';

/** Every table under the tenant policy, from each migration that added some. */
const TENANT_TABLES = [
  ...FIRST_TENANT_TABLES,
  ...APPROVAL_AND_CHANGE_TENANT_TABLES,
  ...LATER_TENANT_TABLES,
  ...FIELD_SERVICE_TENANT_TABLES,
  ...FIELD_SERVICE_CATALOGUE_TENANT_TABLES,
  ...KNOWLEDGE_TENANT_TABLES,
  ...WEBHOOK_TENANT_TABLES,
  ...MIGRATION_BATCH_TENANT_TABLES,
  ...WHAT_IF_TENANT_TABLES,
  ...KPI_ROLLUP_TENANT_TABLES,
  ...BACKLOG_AND_DEFLECTION_TENANT_TABLES,
  ...BACKLOG_OPEN_MONTHLY_TENANT_TABLES,
  ...MESSAGING_TENANT_TABLES,
  // Process keys (`process:<id>`) are read by scopes acting as no user: tenant-table-coverage.test.ts proves that table.
  ...BOOKKEEPING_TENANT_TABLES.filter((t) => t !== 'idempotency_record'),
];
import { createOrm, type Orm } from '../../service-catalog/db/orm';
import { POSITIONS_LOCK } from '../../service-catalog/routing/domain/routing-rule-service';
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

  describe('configuration naming a customer, and rows that belong to another row’s customer', () => {
    const made: Array<[table: string, id: string]> = [];
    let calendarId: string;
    const ids = {} as Record<'ruleA' | 'ruleB' | 'ruleDesk' | 'policyA' | 'policyDesk' | 'ticketA' | 'instanceA' | 'definitionA', string>;
    const admin = () => scoped(TenantScope.all('test setup'));
    const asB = () => scoped(TenantScope.of([orgB], false));
    const count = async (em: EntityManager, sql: string, params: unknown[]) => Number(((await em.execute(sql, params)) as Row[])[0]!.n);

    beforeAll(async () => {
      const em = admin();
      const group = String(((await em.execute('select key from assignment_group order by key limit 1')) as Row[])[0]!.key);
      calendarId = randomUUID();
      await em.execute(`insert into business_calendar (id, name, definition, created_at) values (?, ?, '{}', now())`, [
        calendarId,
        `rls ${calendarId}`,
      ]);
      made.push(['business_calendar', calendarId]);
      for (const [key, org] of [
        ['ruleA', orgA],
        ['ruleB', orgB],
        ['ruleDesk', null],
      ] as const) {
        ids[key] = randomUUID();
        const rule = (tx: EntityManager) =>
          tx.execute(
            // A category no ticket has: a rule without criteria would catch the customer's tickets of every other test meanwhile.
            `insert into routing_rule (id, name, position, category, organization_id, assignment_group, required_skills, created_at, updated_at)
           values (?, ?, (select coalesce(max(position), 0) + 1 from routing_rule), ?, ?, ?, '[]', now(), now())`,
            [ids[key], `rls ${ids[key]}`, `rls-${ids[key]}`, org, group],
          );
        // Positions are one desk-wide order 1..n, written under this lock (routing-rule-service.ts); tests beside this one rely on it.
        await em.transactional(async (tx) => {
          await tx.execute(POSITIONS_LOCK);
          await rule(tx);
        });
        made.push(['routing_rule', ids[key]]);
      }
      for (const [key, org] of [
        ['policyA', orgA],
        ['policyDesk', null],
      ] as const) {
        ids[key] = randomUUID();
        await em.execute(
          // A priority no ticket has (P1–P5 exist), for the same reason: a bare customer policy would win every ticket of that customer.
          `insert into sla_policy (id, name, priority, organization_id, calendar_id, response_target, resolution_target, warning_percent, created_at)
           values (?, ?, 'P9', ?, ?, 'PT1H', 'PT8H', 75, now())`,
          [ids[key], `rls ${ids[key]}`, org, calendarId],
        );
        made.push(['sla_policy', ids[key]]);
      }
      ids.ticketA = randomUUID();
      await em.execute(
        `insert into ticket (id, number, type, title, description, organization_id, state, created_at, updated_at)
         values (?, ?, 'incident', 'rls probe', 'rls probe', ?, 'new', now(), now())`,
        [ids.ticketA, `RLS${ids.ticketA.slice(0, 8)}`, orgA],
      );
      await em.execute(
        `insert into mail_message (id, direction, message_id, from_address, to_address, subject, text, ticket_id, at)
         values (?, 'in', ?, 'a@example.com', 'desk@example.com', 'secret of A', 'secret of A', ?, now())`,
        [randomUUID(), `<${ids.ticketA}@rls>`, ids.ticketA],
      );
      // A definition of its own: the instance must refer to one, and no other test may be relied on to have deployed any.
      const definition = { id: randomUUID(), process_id: `rls_${randomUUID().slice(0, 8)}`, version: 1 };
      await em.execute(
        `insert into process_definition (id, process_id, version, xml, graph, content_hash, deployed_at) values (?, ?, 1, '', '{}', '', now())`,
        [definition.id, definition.process_id],
      );
      ids.definitionA = definition.id;
      ids.instanceA = randomUUID();
      await em.execute(
        `insert into process_instance (id, definition_id, process_id, version, started_at, organization_id) values (?, ?, ?, ?, now(), ?)`,
        [ids.instanceA, definition.id, definition.process_id, definition.version, orgA],
      );
      await em.execute(
        `insert into audit_entry (process_instance_id, process_id, element_id, element_instance_key, action, data, created_at)
         values (?, ?, 'rls', 1, 'rls.probe', '{"secret":"of A"}', now())`,
        [ids.instanceA, definition.process_id],
      );
    });

    afterAll(async () => {
      const em = admin();
      await em.execute('delete from audit_entry where process_instance_id = ?', [ids.instanceA]);
      await em.execute('delete from process_instance where id = ?', [ids.instanceA]);
      await em.execute('delete from process_definition where id = ?', [ids.definitionA]);
      await em.execute('delete from mail_message where ticket_id = ?', [ids.ticketA]);
      await em.execute('delete from ticket where id = ?', [ids.ticketA]);
      await em.transactional(async (tx) => {
        await tx.execute(POSITIONS_LOCK);
        for (const [table, id] of [...made].reverse()) await tx.execute(`delete from ${table} where id = ?`, [id]);
        // Close the gap the removed rules leave in the desk-wide order.
        await tx.execute(
          `update routing_rule r set position = s.n
             from (select id, row_number() over (order by position, created_at) as n from routing_rule) s
            where r.id = s.id and r.position <> s.n`,
        );
      });
    });

    it('forces row-level security on each of them', async () => {
      const tables = (await orm.em.getConnection().execute(
        `select c.relname, c.relrowsecurity, c.relforcerowsecurity, (select count(*) from pg_policy p where p.polrelid = c.oid)::int as policies
           from pg_class c where c.relname in (?) and c.relkind = 'r' order by c.relname`,
        [[...CONFIGURATION_TABLES, ...Object.keys(DEPENDENT_TABLES)]],
      )) as Row[];
      expect(tables.map((t) => ({ table: t.relname, rls: t.relrowsecurity, force: t.relforcerowsecurity, policies: t.policies }))).toEqual(
        [...CONFIGURATION_TABLES, ...Object.keys(DEPENDENT_TABLES)].sort().map((table) => ({
          table,
          rls: true,
          force: true,
          policies: (CONFIGURATION_TABLES as readonly string[]).includes(table) ? 2 : 1,
        })),
      );
    });

    it('B reads desk-wide rules and policies and its own, none of A’s, and cannot write A’s', async () => {
      const b = asB();
      const rules = (await b.execute('select id from routing_rule where id in (?)', [[ids.ruleA, ids.ruleB, ids.ruleDesk]])) as Row[];
      expect(rules.map((r) => r.id).sort()).toEqual([ids.ruleB, ids.ruleDesk].sort());
      const policies = (await b.execute('select id from sla_policy where id in (?)', [[ids.policyA, ids.policyDesk]])) as Row[];
      expect(policies.map((r) => r.id)).toEqual([ids.policyDesk]);
      expect(
        await count(b, "with u as (update routing_rule set name = name || ' taken' where id = ? returning 1) select count(*) as n from u", [
          ids.ruleA,
        ]),
      ).toBe(0);
      expect(await count(b, 'with d as (delete from sla_policy where id = ? returning 1) select count(*) as n from d', [ids.policyA])).toBe(
        0,
      );
      // Desk-wide rows are read by everyone but written only by staff (or a named bypass): B's requesters' scope has no internal rows.
      expect(
        await count(b, 'with u as (update routing_rule set name = name where id = ? returning 1) select count(*) as n from u', [
          ids.ruleDesk,
        ]),
      ).toBe(0);
      await expect(
        b.execute(
          `insert into sla_policy (id, name, organization_id, calendar_id, response_target, resolution_target, warning_percent, created_at)
           values (?, ?, ?, ?, 'PT1H', 'PT8H', 75, now())`,
          [randomUUID(), `rls smuggled ${randomUUID()}`, orgA, calendarId],
        ),
      ).rejects.toThrow(/row-level security/);
      await expect(
        b.execute(
          `insert into routing_rule (id, name, position, category, organization_id, assignment_group, required_skills, created_at, updated_at)
           select ?, ?, 999, category, ?, assignment_group, '[]', now(), now() from routing_rule where id = ?`,
          [randomUUID(), `rls smuggled ${randomUUID()}`, orgA, ids.ruleB],
        ),
      ).rejects.toThrow(/row-level security/);
      const a = scoped(TenantScope.of([orgA], false));
      expect(await count(a, 'select count(*) as n from routing_rule where id = ?', [ids.ruleA])).toBe(1);
    });

    it('B sees none of A’s mail and process audit entries, and cannot write them onto A’s ticket or instance', async () => {
      const b = asB();
      expect(await count(b, 'select count(*) as n from mail_message where ticket_id = ?', [ids.ticketA])).toBe(0);
      expect(await count(b, 'select count(*) as n from audit_entry where process_instance_id = ?', [ids.instanceA])).toBe(0);
      expect(
        await count(b, 'with d as (delete from mail_message where ticket_id = ? returning 1) select count(*) as n from d', [ids.ticketA]),
      ).toBe(0);
      expect(
        await count(
          b,
          "with u as (update audit_entry set action = 'taken' where process_instance_id = ? returning 1) select count(*) as n from u",
          [ids.instanceA],
        ),
      ).toBe(0);
      await expect(
        b.execute(
          `insert into mail_message (id, direction, message_id, from_address, to_address, subject, text, ticket_id, at)
           values (?, 'out', ?, 'desk@example.com', 'b@example.com', 'smuggled', 'smuggled', ?, now())`,
          [randomUUID(), `<${randomUUID()}@rls>`, ids.ticketA],
        ),
      ).rejects.toThrow(/row-level security/);
      await expect(
        b.execute(
          `insert into audit_entry (process_instance_id, process_id, element_id, element_instance_key, action, data, created_at)
           values (?, 'x', 'smuggled', 2, 'smuggled', '{}', now())`,
          [ids.instanceA],
        ),
      ).rejects.toThrow(/row-level security/);
      const a = scoped(TenantScope.of([orgA], false));
      expect(await count(a, 'select count(*) as n from mail_message where ticket_id = ?', [ids.ticketA])).toBe(1);
      expect(await count(a, 'select count(*) as n from audit_entry where process_instance_id = ?', [ids.instanceA])).toBe(1);
    });
  });
});
