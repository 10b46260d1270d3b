// Over 300 lines because each policy is proven with raw SQL under the scopes it must refuse, beside the rows it needs.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BOOKKEEPING_TENANT_TABLES } from '../../migrations/Migration20261229000000_bookkeeping_row_level_security';
import { TenantScope, setTenantScope } from '../../service-catalog/db/tenant';
import type { Body as Row } from '../support/json-body';
import { TestSystem } from '../support/test-system';

/**
 * Tables that hold no customer's data and carry no row-level security, each with the reason. Every
 * other table must force it: a table a later migration adds fails here until it has policies or is
 * named below (and a table named below may have no organisation column, so none hides here).
 */
const DESK_TABLES: Record<string, string> = {
  mikro_orm_migrations: 'the migration log: the owner’s alone, the application’s role has no grant on it',
  business_calendar: 'desk configuration read by every SLA computation',
  rate_limit_bucket: 'request budgets keyed by user, token or client address; no customer data, read only by the limiter',
  canned_response: 'desk configuration (agents’ reply texts)',
  chat_queue: 'desk configuration per assignment group (how long a chat waits, its business calendar)',
  catalog_category: 'desk configuration (the catalog’s shelves)',
  checklist_template: 'desk configuration (copied into a work order when it opens)',
  decision_definition: 'deployed DMN, read by the worker without a scope',
  decision_requirements: 'deployed DMN files, like the decisions they hold',
  form_definition: 'deployed Camunda forms, like the processes whose user tasks show them',
  kb_category: 'desk configuration (the knowledge base’s shelves)',
  mail_template: 'desk configuration rendered for every customer’s mail',
  on_call_rota: 'desk configuration read by escalations of every customer’s incident',
  process_definition: 'deployed BPMN, read by the worker without a scope',
  routing_settings: 'desk configuration (the default group)',
  technician_absence: 'the provider’s staff calendar, read by dispatch in the customer’s scope',
  work_type_setting: 'desk configuration (auto-dispatch per work type)',
};

/**
 * Tables the application's role holds no privilege on at all (checked below), read only through the
 * owner's definer functions that apply the caller's scope themselves: row-level security would only
 * keep PostgreSQL from using their indexes.
 */
const SEALED_TABLES: Record<string, string> = {
  kb_article_search: 'articles’ search vectors, read only through kb_search_candidates (the caller’s visibility applied there)',
};

/** Tables keyed by a user but holding the provider's own people only (staff), read in customers' scopes by routing and dispatch. */
const STAFF_TABLES: Record<string, string> = {
  assignment_group:
    'desk configuration: groups of the provider’s staff (its lead is a staff user); read before any scope is known (a principal’s groups), cursor written by routing',
  technician: 'a field technician’s profile (staff), read by dispatch for every customer’s work order',
  on_call_override: 'who of the staff is on call, read by escalations of every customer’s incident',
};

/** Columns that tie a row to a customer or to a row that is: a table with one must force row-level security. */
const ORGANISATION_COLUMN = /organization|tenant/;
const KEY_COLUMNS = ['ticket_id', 'process_instance_id', 'instance_id', 'article_id', 'user_id', 'actor_id', 'resource_id'];

describe('row-level security covers every tenant table, password hashes and other users’ tokens', () => {
  let system: TestSystem;
  let orgA: string;
  let orgB: string;

  const scoped = (scope: TenantScope, userId?: string): EntityManager => {
    const em = system.orm.em.fork() as EntityManager;
    setTenantScope(em, scope);
    if (userId) em.setSessionContext({ variables: { 'flowdesk.user_id': userId } });
    return em;
  };
  const count = async (em: EntityManager, sql: string, params: unknown[] = []) => Number(((await em.execute(sql, params)) as Row[])[0]!.n);
  const changed = (em: EntityManager, sql: string, params: unknown[]) =>
    count(em, `with w as (${sql} returning 1) select count(*) as n from w`, params);
  const userId = async (username: string) =>
    String(((await system.adminEm().execute('select id from app_user where username = ?', [username])) as Row[])[0]!.id);

  beforeAll(async () => {
    system = await TestSystem.start();
    const orgs = (await system
      .adminEm()
      .execute(`select id from organization where name in ('Baltic Retail UAB', 'Nordic Logistics AS') order by name`)) as Row[];
    [orgA, orgB] = orgs.map((o) => String(o.id)) as [string, string];
  });

  afterAll(async () => {
    await system?.close();
  });

  it('every table with a customer column forces row-level security; every table without is named, with its reason', async () => {
    const tables = (await system.orm.em.getConnection().execute(
      `select c.relname, c.relrowsecurity as rls, c.relforcerowsecurity as force,
              (select count(*) from pg_policy p where p.polrelid = c.oid)::int as policies,
              array(select a.attname::text from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns,
              array(select f.confrelid::regclass::text from pg_constraint f where f.conrelid = c.oid and f.contype = 'f'
                      and (select r.relrowsecurity from pg_class r where r.oid = f.confrelid)) as protected_references
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`,
    )) as Array<{ relname: string; rls: boolean; force: boolean; policies: number; columns: string[]; protected_references: string[] }>;
    const unprotected: string[] = [];
    for (const t of tables) {
      const owned = t.columns.some((c) => ORGANISATION_COLUMN.test(c));
      const keyed = owned || t.columns.some((c) => KEY_COLUMNS.includes(c)) || t.protected_references.length > 0;
      const protectedNow = t.rls && t.force && t.policies > 0;
      if (!protectedNow) unprotected.push(t.relname);
      if (t.relname in SEALED_TABLES) {
        const [grant] = (await system.orm.em
          .getConnection()
          .execute(`select has_table_privilege(current_user, ?, 'select, insert, update, delete') as any`, [t.relname])) as Row[];
        expect({ table: t.relname, appRoleMayTouch: grant!.any }).toEqual({ table: t.relname, appRoleMayTouch: false });
        continue;
      }
      // A customer column admits no exemption; a user or row key only the named staff tables'.
      if (owned || (keyed && !(t.relname in STAFF_TABLES)))
        expect({ table: t.relname, rls: t.rls, force: t.force, policies: t.policies > 0 }).toEqual({
          table: t.relname,
          rls: true,
          force: true,
          policies: true,
        });
      if (t.relname in DESK_TABLES) expect({ table: t.relname, keyed }).toEqual({ table: t.relname, keyed: false });
    }
    expect(unprotected.sort()).toEqual([...Object.keys(DESK_TABLES), ...Object.keys(STAFF_TABLES), ...Object.keys(SEALED_TABLES)].sort());
    const forced = tables.length - unprotected.length;
    console.log(`row-level security: ${forced} of ${tables.length} tables forced; without: ${unprotected.join(', ')}`);
    expect(forced).toBeGreaterThanOrEqual(38);
  });

  describe('the bookkeeping tables and the audit log', () => {
    const ids = {
      definition: randomUUID(),
      instanceA: randomUUID(),
      instanceB: randomUUID(),
      actorA: randomUUID(),
      actorB: randomUUID(),
      articleB: randomUUID(),
      messageA: randomUUID(),
      messageB: randomUUID(),
      keyA: `rls-${randomUUID()}`,
      keyB: `rls-${randomUUID()}`,
    };
    const processId = `rls_${ids.definition.slice(0, 8)}`;
    const asA = () => scoped(TenantScope.of([orgA], false), ids.actorA);

    beforeAll(async () => {
      const em = system.adminEm();
      await em.execute(
        `insert into process_definition (id, process_id, version, xml, graph, content_hash, deployed_at) values (?, ?, 1, '', '{}', '', now())`,
        [ids.definition, processId],
      );
      for (const [instance, org, actor, key, message] of [
        [ids.instanceA, orgA, ids.actorA, ids.keyA, ids.messageA],
        [ids.instanceB, orgB, ids.actorB, ids.keyB, ids.messageB],
      ] as const) {
        await em.execute(
          `insert into process_instance (id, definition_id, process_id, version, started_at, organization_id) values (?, ?, ?, 1, now(), ?)`,
          [instance, ids.definition, processId, org],
        );
        // A root instance's subscription and its call activity child's (`<root>:<key>`).
        for (const id of [instance, `${instance}:7`])
          await em.execute(
            `insert into event_subscription (process_instance_id, subscription_key, process_id, element_id, event_type, name, correlation_key, created_at)
             values (?, 1, ?, 'wait', 'message', 'rls.probe', ?, now())`,
            [id, processId, instance],
          );
        await em.execute(
          `insert into buffered_message (id, name, correlation_key, variables, published_at, expires_at, visible_organization_ids, visible_unowned)
           values (?, 'rls.probe', ?, '{"secret":"of its customer"}', now(), now() + interval '1 hour', ?::uuid[], false)`,
          [message, instance, `{${org}}`],
        );
        await em.execute(
          `insert into incident_history (instance_id, incident_key, incident, resolved_at) values (?, 1, '{"secret":"of its customer"}', now())`,
          [instance],
        );
        await em.execute(
          `insert into user_task_history (instance_id, element_instance_key, state, task, completed_at) values (?, 1, 'COMPLETED', '{"secret":"of its customer"}', now())`,
          [instance],
        );
        await em.execute(
          `insert into published_message_id (organization_key, name, correlation_key, message_id, expires_at) values (?, 'rls.probe', ?, ?, now() + interval '1 hour')`,
          [org, instance, message],
        );
        await em.execute(
          `insert into idempotency_record (id, actor_id, key, request_hash, resource_id, created_at) values (?, ?, ?, 'h', ?, now())`,
          [randomUUID(), actor, key, instance],
        );
        await em.execute(
          `insert into audit_log (actor_id, actor_name, action, entity, entity_id, after, at) values (?, 'rls probe', 'rls.probe', 'ProcessInstance', ?, '{"secret":"of its customer"}', now())`,
          [actor, instance],
        );
      }
      await em.execute(
        `insert into kb_article (id, audience, language, title, organization_id, visible_organization_ids, created_at, updated_at)
         values (?, 'internal', 'english', 'rls probe', ?, '{}', now(), now())`,
        [ids.articleB, orgB],
      );
      await em.execute('insert into kb_article_counter (article_id, view_count) values (?, 3)', [ids.articleB]);
    });

    afterAll(async () => {
      const em = system.adminEm();
      await em.execute('delete from kb_article where id = ?', [ids.articleB]);
      await em.execute('delete from audit_log where entity_id in (?)', [[ids.instanceA, ids.instanceB]]);
      await em.execute('delete from idempotency_record where key in (?)', [[ids.keyA, ids.keyB]]);
      await em.execute('delete from buffered_message where correlation_key in (?)', [[ids.instanceA, ids.instanceB]]);
      await em.execute('delete from published_message_id where correlation_key in (?)', [[ids.instanceA, ids.instanceB]]);
      await em.execute('delete from user_task_history where instance_id in (?)', [[ids.instanceA, ids.instanceB]]);
      await em.execute('delete from incident_history where instance_id in (?)', [[ids.instanceA, ids.instanceB]]);
      await em.execute('delete from event_subscription where correlation_key in (?)', [[ids.instanceA, ids.instanceB]]);
      await em.execute('delete from process_instance where id in (?)', [[ids.instanceA, ids.instanceB]]);
      await em.execute('delete from process_definition where id = ?', [ids.definition]);
    });

    it('forces each of them, and the audit log records the organisation of the row each entry is about', async () => {
      const tables = (await system.orm.em
        .getConnection()
        .execute(
          `select c.relname, c.relrowsecurity as rls, c.relforcerowsecurity as force from pg_class c where c.relname in (?) order by 1`,
          [[...BOOKKEEPING_TENANT_TABLES, 'audit_log']],
        )) as Row[];
      expect(tables).toEqual([...BOOKKEEPING_TENANT_TABLES, 'audit_log'].sort().map((relname) => ({ relname, rls: true, force: true })));
      const entries = (await system
        .adminEm()
        .execute('select entity_id, organization_id from audit_log where entity_id in (?) order by organization_id = ?', [
          [ids.instanceA, ids.instanceB],
          orgB,
        ])) as Row[];
      expect(entries).toEqual([
        { entity_id: ids.instanceA, organization_id: orgA },
        { entity_id: ids.instanceB, organization_id: orgB },
      ]);
    });

    it('raw SQL in A’s scope reads none of B’s rows in them', async () => {
      const reads: Array<[table: string, where: string, a: unknown[], b: unknown[]]> = [
        ['event_subscription', 'correlation_key = ?', [ids.instanceA], [ids.instanceB]],
        ['buffered_message', 'id = ?', [ids.messageA], [ids.messageB]],
        ['published_message_id', 'message_id = ?', [ids.messageA], [ids.messageB]],
        ['user_task_history', 'instance_id = ?', [ids.instanceA], [ids.instanceB]],
        ['incident_history', 'instance_id = ?', [ids.instanceA], [ids.instanceB]],
        ['idempotency_record', 'key = ?', [ids.keyA], [ids.keyB]],
        ['audit_log', 'entity_id = ?', [ids.instanceA], [ids.instanceB]],
        ['kb_article_counter', 'article_id = ?', [randomUUID()], [ids.articleB]],
      ];
      for (const [table, where, a, b] of reads) {
        const seen = { table, b: await count(asA(), `select count(*) as n from ${table} where ${where}`, b) };
        expect(seen).toEqual({ table, b: 0 });
        if (table !== 'kb_article_counter')
          expect({ table, a: await count(asA(), `select count(*) as n from ${table} where ${where}`, a) }).toEqual({
            table,
            a: table === 'event_subscription' ? 2 : 1,
          });
        // Nor without any scope at all (a process's own keys, `process:<id>`, are the worker's, which acts as no user).
        const own = table === 'idempotency_record' ? ` where actor_id not like 'process:%'` : '';
        const unscoped = await count(system.orm.em.fork() as EntityManager, `select count(*) as n from ${table}${own}`);
        expect({ table, n: unscoped }).toEqual({ table, n: 0 });
      }
      // A publisher's lookup finds only the waiting instances its scope sees.
      const waiting = (await asA().execute(
        `select process_instance_id from event_subscription where name = 'rls.probe' order by 1`,
      )) as Row[];
      expect(waiting.map((w) => w.process_instance_id)).toEqual([ids.instanceA, `${ids.instanceA}:7`]);
    });

    it('raw SQL in A’s scope changes none of B’s rows and writes none naming B', async () => {
      const a = asA;
      expect(await changed(a(), `update event_subscription set name = 'taken' where correlation_key = ?`, [ids.instanceB])).toBe(0);
      expect(await changed(a(), 'delete from event_subscription where correlation_key = ?', [ids.instanceB])).toBe(0);
      expect(await changed(a(), `update buffered_message set variables = '{}' where id = ?`, [ids.messageB])).toBe(0);
      expect(await changed(a(), 'delete from buffered_message where id = ?', [ids.messageB])).toBe(0);
      expect(await changed(a(), `update published_message_id set expires_at = now() where message_id = ?`, [ids.messageB])).toBe(0);
      expect(await changed(a(), 'delete from published_message_id where message_id = ?', [ids.messageB])).toBe(0);
      expect(await changed(a(), `update user_task_history set task = '{}' where instance_id = ?`, [ids.instanceB])).toBe(0);
      expect(await changed(a(), 'delete from user_task_history where instance_id = ?', [ids.instanceB])).toBe(0);
      expect(await changed(a(), `update incident_history set incident = '{}' where instance_id = ?`, [ids.instanceB])).toBe(0);
      expect(await changed(a(), `update idempotency_record set resource_id = ? where key = ?`, [ids.instanceA, ids.keyB])).toBe(0);
      expect(await changed(a(), 'delete from idempotency_record where key = ?', [ids.keyB])).toBe(0);
      expect(await changed(a(), 'update kb_article_counter set view_count = 0 where article_id = ?', [ids.articleB])).toBe(0);
      // The audit log is appended, never rewritten: not even A's own entries change, and only a bypass removes any.
      expect(await changed(a(), `update audit_log set after = '{}' where entity_id in (?)`, [[ids.instanceA, ids.instanceB]])).toBe(0);
      expect(await changed(a(), 'delete from audit_log where entity_id in (?)', [[ids.instanceA, ids.instanceB]])).toBe(0);

      const refused = [
        [
          `insert into event_subscription (process_instance_id, subscription_key, process_id, element_id, event_type, name, correlation_key, created_at)
           values (?, 2, 'x', 'smuggled', 'message', 'rls.probe', 'smuggled', now())`,
          [`${ids.instanceB}:9`],
        ],
        [
          `insert into buffered_message (id, name, correlation_key, variables, published_at, expires_at, visible_organization_ids, visible_unowned)
           values (?, 'rls.probe', 'smuggled', '{}', now(), now() + interval '1 hour', ?::uuid[], false)`,
          [randomUUID(), `{${orgA},${orgB}}`],
        ],
        [`insert into incident_history (instance_id, incident_key, incident, resolved_at) values (?, 2, '{}', now())`, [ids.instanceB]],
        [
          `insert into user_task_history (instance_id, element_instance_key, state, task, completed_at) values (?, 2, 'CANCELED', '{}', now())`,
          [ids.instanceB],
        ],
        [
          `insert into published_message_id (organization_key, name, correlation_key, message_id, expires_at) values (?, 'rls.probe', 'smuggled', ?, now())`,
          [orgB, randomUUID()],
        ],
        [
          `insert into idempotency_record (id, actor_id, key, request_hash, resource_id, created_at) values (?, ?, ?, 'h', ?, now())`,
          [randomUUID(), ids.actorB, `smuggled-${randomUUID()}`, ids.instanceA],
        ],
        [
          `insert into audit_log (actor_id, actor_name, action, entity, entity_id, at) values (?, 'smuggled', 'smuggled', 'ProcessInstance', ?, now())`,
          [ids.actorA, ids.instanceB],
        ],
        ['insert into kb_article_counter (article_id) values (?) on conflict (article_id) do update set view_count = 0', [ids.articleB]],
      ] as const;
      for (const [sql, params] of refused) await expect(a().execute(sql, [...params])).rejects.toThrow(/row-level security/);
      // What B owns is as it was.
      const admin = system.adminEm();
      expect(
        await count(admin, `select count(*) as n from event_subscription where correlation_key = ? and name = 'rls.probe'`, [
          ids.instanceB,
        ]),
      ).toBe(2);
      expect(
        await count(admin, `select count(*) as n from buffered_message where id = ? and variables->>'secret' is not null`, [ids.messageB]),
      ).toBe(1);
      expect(
        await count(admin, 'select count(*) as n from published_message_id where message_id = ? and expires_at > now()', [ids.messageB]),
      ).toBe(1);
      expect(await count(admin, 'select view_count as n from kb_article_counter where article_id = ?', [ids.articleB])).toBe(3);
      expect(
        await count(admin, `select count(*) as n from audit_log where entity_id in (?) and after->>'secret' is not null`, [
          [ids.instanceA, ids.instanceB],
        ]),
      ).toBe(2);
      // A's own acts are written and read back under A's scope.
      await a().execute(
        `insert into audit_log (actor_id, actor_name, action, entity, entity_id, at) values (?, 'rls probe', 'rls.own', 'ProcessInstance', ?, now())`,
        [ids.actorA, ids.instanceA],
      );
      expect(await count(a(), `select count(*) as n from audit_log where entity_id = ? and action = 'rls.own'`, [ids.instanceA])).toBe(1);
    });
  });

  it('no scope reads a password hash with raw SQL; sign-in’s definer lookup still does', async () => {
    const [privileges] = (await system.orm.em.getConnection().execute(
      `select has_column_privilege('app_user', 'password_hash', 'SELECT') as hash, has_column_privilege('app_user', 'username', 'SELECT') as username,
              has_column_privilege('app_user', 'password_hash', 'UPDATE') as set_hash`,
    )) as Row[];
    expect(privileges).toEqual({ hash: false, username: true, set_hash: true });
    const rita = await userId('rita');
    const tomas = await userId('tomas');
    for (const [name, em] of [
      ['customer', scoped(TenantScope.of([orgA], false), rita)],
      ['staff', scoped(TenantScope.of([orgA, orgB], true), tomas)],
      ['bypass', scoped(TenantScope.all('test: an admin’s scope'))],
    ] as const) {
      for (const sql of [
        `select password_hash from app_user where username = 'tomas'`,
        'select * from app_user',
        'select u from app_user u',
      ])
        await expect(em.execute(sql)).rejects.toThrow(/permission denied/);
      expect({ name, n: await count(em, `select count(*) as n from app_user where username = 'tomas'`) }).toEqual({ name, n: 1 });
    }
    const [account] = (await system.orm.em.getConnection().execute(`select password_hash from flowdesk_sign_in_user('tomas')`)) as Row[];
    expect(String(account!.password_hash)).toMatch(/^\$argon2/);
    // Reading through the ORM still works: the hash is a lazy property nobody loads.
    const res = await system.injectAs('tomas', { method: 'GET', url: '/me' });
    expect(res.statusCode).toBe(200);
  });

  it('a user’s refresh and API tokens are read and written by that user alone, inside a staff scope too', async () => {
    const tag = randomUUID().slice(0, 8);
    const created = await system.injectAs('admin', {
      method: 'POST',
      url: '/users',
      payload: {
        username: `rls-tokens-${tag}`,
        displayName: 'RLS tokens',
        password: 'rls-tokens-pass',
        roles: ['requester'],
        organizationId: orgA,
      },
    });
    expect(created.statusCode).toBe(201);
    const owner = (created.result as { id: string }).id;
    const login = await system.server.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { username: `rls-tokens-${tag}`, password: 'rls-tokens-pass' },
    });
    const session = login.result as { accessToken: string; refreshToken: string };
    const api = await system.server.inject({
      method: 'POST',
      url: '/api-tokens',
      payload: { name: 'rls probe' },
      headers: { authorization: `Bearer ${session.accessToken}` },
    });
    expect(api.statusCode).toBe(201);

    const tomas = await userId('tomas');
    const admin = await userId('admin');
    // Tomas serves A: he reads A's requester, not the requester's tokens.
    const staff = () => scoped(TenantScope.of([orgA, orgB], true), tomas);
    expect(await count(staff(), 'select count(*) as n from app_user where id = ?', [owner])).toBe(1);
    for (const [name, em] of [
      ['staff serving the customer', staff],
      ['an admin’s bypass', () => scoped(TenantScope.all('admin test'), admin)],
      ['the customer’s other users', () => scoped(TenantScope.of([orgA], false), randomUUID())],
    ] as const) {
      for (const table of ['refresh_token', 'api_token']) {
        expect({ name, table, n: await count(em(), `select count(*) as n from ${table} where user_id = ?`, [owner]) }).toEqual({
          name,
          table,
          n: 0,
        });
        expect({ name, table, n: await changed(em(), `update ${table} set revoked_at = now() where user_id = ?`, [owner]) }).toEqual({
          name,
          table,
          n: 0,
        });
      }
      await expect(
        em().execute(
          `insert into refresh_token (id, user_id, family_id, token_hash, created_at, expires_at) values (?, ?, ?, ?, now(), now() + interval '1 day')`,
          [randomUUID(), owner, randomUUID(), `smuggled-${randomUUID()}`],
        ),
      ).rejects.toThrow(/row-level security/);
    }
    const own = () => scoped(TenantScope.of([orgA], false), owner);
    expect(await count(own(), 'select count(*) as n from refresh_token where user_id = ? and revoked_at is null', [owner])).toBe(1);
    expect(await count(own(), 'select count(*) as n from api_token where user_id = ?', [owner])).toBe(1);

    // Ending someone else's sessions is an admin's: the definer function refuses anyone else.
    await expect(staff().execute('select flowdesk_revoke_refresh_tokens(?, now())', [owner])).rejects.toThrow(/only the user or an admin/);
    expect(await count(own(), 'select count(*) as n from refresh_token where user_id = ? and revoked_at is null', [owner])).toBe(1);
    expect((await system.injectAs('admin', { method: 'DELETE', url: `/users/${owner}/sessions` })).statusCode).toBe(204);
    expect(await count(own(), 'select count(*) as n from refresh_token where user_id = ? and revoked_at is null', [owner])).toBe(0);
    expect(
      (await system.server.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: session.refreshToken } })).statusCode,
    ).toBe(401);
    expect(
      (await system.server.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${session.accessToken}` } })).statusCode,
    ).toBe(401);
  });
});
