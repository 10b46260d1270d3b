import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { IDENTITY_LOOKUPS, IDENTITY_TENANT_TABLES } from '../../migrations/Migration20261223000000_identity_row_level_security';
import { TenantScope, setTenantScope } from '../../service-catalog/db/tenant';
import type { Body as Row } from '../support/json-body';
import { TestSystem } from '../support/test-system';

/**
 * Issue 14, the directory: users, organisations, refresh and API tokens are under row-level security
 * like every tenant table, and sign-in, refresh, logout and token checks — which must find a user
 * before any tenant is known — go through narrow SECURITY DEFINER lookups instead of unscoped reads.
 */
describe('row-level security on users, organisations and their tokens', () => {
  let system: TestSystem;
  let orgA: string;
  let orgB: string;
  const tag = randomUUID().slice(0, 8);
  const people = { a: `rls-a-${tag}`, b: `rls-b-${tag}`, none: `rls-none-${tag}` };
  const password = 'rls-test-password';
  const ids = {} as Record<keyof typeof people, string>;
  let apiTokenB: string;

  const inject = (method: string, url: string, payload?: object, token?: string) =>
    system.server.inject({
      method,
      url,
      ...(payload ? { payload } : {}),
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    });
  const asAdmin = (method: string, url: string, payload?: object) =>
    system.injectAs('admin', { method, url, ...(payload ? { payload } : {}) });
  const login = async (username: string, pass = password) => {
    const res = await inject('POST', '/auth/login', { username, password: pass });
    expect({ username, status: res.statusCode }).toEqual({ username, status: 200 });
    return res.result as { accessToken: string; refreshToken: string };
  };
  const scoped = (scope: TenantScope): EntityManager => {
    const em = system.orm.em.fork() as EntityManager;
    setTenantScope(em, scope);
    return em;
  };
  const count = async (em: EntityManager | null, sql: string, params: unknown[] = []) =>
    Number((((await (em ?? system.orm.em).getConnection().execute(sql, params)) as Row[])[0] ?? { n: 0 }).n);
  const countIn = async (em: EntityManager, sql: string, params: unknown[] = []) =>
    Number(((await em.execute(sql, params)) as Row[])[0]!.n);

  beforeAll(async () => {
    system = await TestSystem.start();
    const orgs = (await system
      .adminEm()
      .execute(`select id from organization where name in ('Baltic Retail UAB', 'Nordic Logistics AS') order by name`)) as Row[];
    [orgA, orgB] = orgs.map((o) => String(o.id)) as [string, string];
    for (const [key, org] of [
      ['a', orgA],
      ['b', orgB],
      ['none', null],
    ] as const) {
      const res = await asAdmin('POST', '/users', {
        username: people[key],
        displayName: `RLS ${key}`,
        password,
        roles: ['requester'],
        ...(org ? { organizationId: org } : {}),
      });
      expect(res.statusCode).toBe(201);
      ids[key] = (res.result as { id: string }).id;
    }
    // Each signs in once, so each has a refresh token; B also holds an API token.
    for (const key of ['a', 'b'] as const) await login(people[key]);
    const { accessToken } = await login(people.b);
    const created = await inject('POST', '/api-tokens', { name: 'rls probe' }, accessToken);
    expect(created.statusCode).toBe(201);
    apiTokenB = (created.result as { token: string }).token;
  });

  afterAll(async () => {
    await system?.close();
  });

  it('forces row-level security on each directory table, and the lookups are narrow definer functions of the owner', async () => {
    const tables = (await system.orm.em.getConnection().execute(
      `select c.relname, c.relrowsecurity as rls, c.relforcerowsecurity as force, pg_get_userbyid(c.relowner) as owner,
              (select count(*) from pg_policy p where p.polrelid = c.oid)::int as policies
         from pg_class c where c.relname in (?) and c.relkind = 'r' order by c.relname`,
      [[...IDENTITY_TENANT_TABLES]],
    )) as Row[];
    const [{ me }] = (await system.orm.em.getConnection().execute('select current_user as me')) as Array<{ me: string }>;
    expect(tables.map(({ relname, rls, force, policies }) => ({ relname, rls, force, policies }))).toEqual(
      [...IDENTITY_TENANT_TABLES].sort().map((relname) => ({ relname, rls: true, force: true, policies: relname === 'app_user' ? 2 : 1 })),
    );
    const owner = tables[0]!.owner;
    expect(owner).not.toBe(me);
    const functions = (await system.orm.em
      .getConnection()
      .execute(
        `select proname, prosecdef, proconfig, pg_get_userbyid(proowner) as owner from pg_proc where proname in (?) order by proname`,
        [[...IDENTITY_LOOKUPS]],
      )) as Row[];
    expect(functions.map((f) => f.proname)).toEqual([...IDENTITY_LOOKUPS].sort());
    for (const f of functions) {
      expect({ name: f.proname, definer: f.prosecdef, owner: f.owner }).toEqual({ name: f.proname, definer: true, owner });
      expect(f.proconfig).toEqual(
        expect.arrayContaining(['search_path=public, pg_temp', expect.stringMatching(/^flowdesk\.tenant_bypass=/)]),
      );
    }
    // Only what a check needs: the identity lookup never hands out the password hash.
    const columns = (await system.orm.em.getConnection().execute('select * from flowdesk_identity_of(?)', [ids.a])) as Row[];
    expect(Object.keys(columns[0]!)).not.toContain('password_hash');
  });

  it('raw SQL in customer A’s scope reads none of B’s users, organisation or tokens, and writes none of them', async () => {
    const a = () => scoped(TenantScope.of([orgA], false));
    expect(await countIn(a(), 'select count(*) as n from app_user where organization_id = ?', [orgB])).toBe(0);
    expect(await countIn(a(), 'select count(*) as n from app_user where id = ?', [ids.a])).toBe(1);
    expect((await a().execute('select id from organization where id in (?)', [[orgA, orgB]])).map((r) => (r as Row).id)).toEqual([orgA]);
    for (const table of ['refresh_token', 'api_token']) {
      expect({ table, n: await countIn(a(), `select count(*) as n from ${table} where user_id = ?`, [ids.b]) }).toEqual({ table, n: 0 });
      // Nor any staff member's: the desk's people are readable by name, their tokens are not.
      expect({
        table,
        n: await countIn(a(), `select count(*) as n from ${table} t join app_user u on u.id = t.user_id where u.organization_id is null`),
      }).toEqual({ table, n: 0 });
    }
    // A's own tokens are A's user's, not their organisation's (Migration20261229010000_own_tokens).
    expect(await countIn(a(), 'select count(*) as n from refresh_token where user_id = ?', [ids.a])).toBe(0);
    const ownA = a();
    ownA.setSessionContext({ variables: { 'flowdesk.user_id': ids.a } });
    expect(await countIn(ownA, 'select count(*) as n from refresh_token where user_id = ?', [ids.a])).toBeGreaterThan(0);

    const changed = (sql: string, params: unknown[]) => countIn(a(), `with w as (${sql} returning 1) select count(*) as n from w`, params);
    expect(await changed(`update app_user set display_name = 'taken' where id = ?`, [ids.b])).toBe(0);
    // Staff rows are read by every scope but written by none of a customer's.
    expect(await changed(`update app_user set roles = '["admin"]' where username = 'tomas'`, [])).toBe(0);
    expect(await changed(`update organization set name = name || ' taken' where id = ?`, [orgB])).toBe(0);
    expect(await changed('delete from refresh_token where user_id = ?', [ids.b])).toBe(0);
    expect(await changed('update api_token set revoked_at = now() where user_id = ?', [ids.b])).toBe(0);
    await expect(
      a().execute(
        `insert into app_user (id, username, display_name, roles, organization_id, group_ids, served_organization_ids, active, created_at, updated_at)
         values (?, ?, 'smuggled', '["requester"]', ?, '[]', '[]', true, now(), now())`,
        [randomUUID(), `smuggled-${tag}`, orgB],
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      a().execute(
        `insert into refresh_token (id, user_id, family_id, token_hash, created_at, expires_at) values (?, ?, ?, ?, now(), now() + interval '1 day')`,
        [randomUUID(), ids.b, randomUUID(), `smuggled-${randomUUID()}`],
      ),
    ).rejects.toThrow(/row-level security/);
    // Moving one's own user into B is a write into B: refused.
    await expect(a().execute('update app_user set organization_id = ? where id = ?', [orgB, ids.a])).rejects.toThrow(/row-level security/);
    const admin = system.adminEm();
    expect(await countIn(admin, 'select count(*) as n from app_user where id = ? and display_name = ?', [ids.b, 'RLS b'])).toBe(1);
    // A user's tokens are theirs alone (Migration20261229010000_own_tokens): read back as B, not as an admin.
    const asB = scoped(TenantScope.of([orgB], false));
    asB.setSessionContext({ variables: { 'flowdesk.user_id': ids.b } });
    expect(await countIn(asB, 'select count(*) as n from api_token where user_id = ? and revoked_at is null', [ids.b])).toBe(1);
  });

  it('a definer lookup leaves no bypass behind in the caller’s transaction, and an unscoped connection sees no customer’s directory', async () => {
    await scoped(TenantScope.of([orgA], false)).transactional(async (tx) => {
      const [identity] = (await tx.execute('select username from flowdesk_identity_of(?)', [ids.b])) as Row[];
      expect(identity!.username).toBe(people.b);
      const [after] = (await tx.execute(
        `select current_setting('flowdesk.tenant_bypass', true) as bypass, (select count(*)::int from app_user where id = ?) as n`,
        [ids.b],
      )) as Row[];
      expect(after).toEqual({ bypass: '', n: 0 });
    });
    expect(await count(null, 'select count(*)::int as n from app_user where organization_id is not null')).toBe(0);
    for (const table of ['organization', 'refresh_token', 'api_token'])
      expect({ table, n: await count(null, `select count(*)::int as n from ${table}`) }).toEqual({ table, n: 0 });
  });

  it('sign-in, refresh, logout and API-token authentication still work, for a requester with no organisation too', async () => {
    const session = await login(people.a);
    expect((await inject('GET', '/me', undefined, session.accessToken)).result).toMatchObject({ id: ids.a, organizationId: orgA });
    const refreshed = await inject('POST', '/auth/refresh', { refreshToken: session.refreshToken });
    expect(refreshed.statusCode).toBe(200);
    const next = refreshed.result as { accessToken: string; refreshToken: string };
    expect((await inject('GET', '/me', undefined, next.accessToken)).statusCode).toBe(200);
    expect((await inject('POST', '/auth/logout', { refreshToken: next.refreshToken })).statusCode).toBe(204);
    expect((await inject('GET', '/me', undefined, next.accessToken)).statusCode).toBe(401);
    expect((await inject('POST', '/auth/refresh', { refreshToken: next.refreshToken })).statusCode).toBe(401);
    expect((await inject('POST', '/auth/login', { username: people.a, password: 'wrong-password' })).statusCode).toBe(401);

    const viaApiToken = await inject('GET', '/me', undefined, apiTokenB);
    expect(viaApiToken.result).toMatchObject({ id: ids.b, via: 'api-token' });
    expect((await inject('GET', '/api-tokens', undefined, apiTokenB)).result).toMatchObject({ total: 1 });

    // No organisation: no tenant rows at all, yet the account is theirs to use and change.
    const alone = await login(people.none);
    const renamed = await inject('PATCH', '/me', { displayName: `RLS none ${tag}` }, alone.accessToken);
    expect(renamed.result).toMatchObject({ id: ids.none, displayName: `RLS none ${tag}` });
    const newPassword = `${password}-2`;
    expect((await inject('PATCH', '/me', { password: newPassword, currentPassword: password }, alone.accessToken)).statusCode).toBe(200);
    expect((await inject('GET', '/me', undefined, alone.accessToken)).statusCode).toBe(401);
    const again = await login(people.none, newPassword);
    expect((await inject('POST', '/auth/refresh', { refreshToken: again.refreshToken })).statusCode).toBe(200);
  });

  it('admins still administer every organisation’s users and the organisations themselves', async () => {
    for (const [org, id] of [
      [orgA, ids.a],
      [orgB, ids.b],
    ] as const) {
      const listed = (await asAdmin('GET', `/users?organizationId=${org}&limit=100`)).result as { items: Array<{ id: string }> };
      expect(listed.items.map((u) => u.id)).toContain(id);
    }
    expect((await asAdmin('GET', `/users/${ids.none}`)).result).toMatchObject({ id: ids.none, organizationId: null });
    const patched = await asAdmin('PATCH', `/users/${ids.b}`, { displayName: `RLS b ${tag}` });
    expect(patched.result).toMatchObject({ id: ids.b, displayName: `RLS b ${tag}` });
    expect((await asAdmin('DELETE', `/users/${ids.b}/sessions`)).statusCode).toBe(204);
    const created = await asAdmin('POST', '/organizations', { name: `RLS org ${tag}` });
    expect(created.statusCode).toBe(201);
    const orgId = (created.result as { id: string }).id;
    expect((await asAdmin('PATCH', `/organizations/${orgId}`, { name: `RLS org ${tag} renamed` })).result).toMatchObject({
      name: `RLS org ${tag} renamed`,
    });
    const orgs = (await asAdmin('GET', '/organizations?limit=100')).result as { items: Array<{ id: string }>; total: number };
    expect(orgs.total).toBeGreaterThanOrEqual(3);
    for (const id of [orgA, orgB]) expect((await asAdmin('GET', `/organizations/${id}`)).statusCode).toBe(200);
    // The organisation's new requester signs in and sees their organisation's row, no other.
    const user = await asAdmin('POST', '/users', {
      username: `rls-new-${tag}`,
      displayName: 'RLS new',
      password,
      roles: ['requester'],
      organizationId: orgId,
    });
    expect(user.statusCode).toBe(201);
    expect((await inject('GET', '/me', undefined, (await login(`rls-new-${tag}`)).accessToken)).result).toMatchObject({
      organizationId: orgId,
    });
    const newScope = scoped(TenantScope.of([orgId], false));
    expect((await newScope.execute('select id from organization')).map((r) => (r as Row).id)).toEqual([orgId]);
  });
});
