import { createHmac } from 'node:crypto';
import { createOrm, migrate, type Orm } from './orm';

/**
 * The role the application connects as: neither the tables' owner, nor a superuser, nor `BYPASSRLS`,
 * so PostgreSQL's row-level security (migrations/…_row_level_security.ts) binds every query it makes.
 * Migrations run as the owner of `DATABASE_URL` (or the embedded server's superuser), which then
 * creates or refreshes this role and its grants on every start; `DATABASE_APP_URL` names an existing
 * role instead, for a server where the owner may not create roles.
 */
export interface AppRole {
  name: string;
  url: string;
}

/** `<database>_app`, so two Flowdesk databases on one server never share a role (roles are server-wide). */
export function appRoleFor(ownerUrl: string): AppRole {
  const url = new URL(ownerUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
  const name = `${database.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_app`.slice(0, 63);
  // Derived from the owner's URL (which holds the owner's password), so the API and the worker, each
  // started on its own, agree on it without another secret to keep.
  const password = createHmac('sha256', ownerUrl).update('flowdesk application role').digest('hex');
  url.username = name;
  url.password = password;
  return { name, url: url.toString() };
}

/**
 * Creates the role if missing (`create`) and (re)grants what the application needs: data, not schema.
 * A role named by DATABASE_APP_URL is not created or altered, only granted the tables the owner has,
 * so a migration that adds a table needs no manual grant.
 */
export async function ensureAppRole(ownerOrm: Orm, role: AppRole, opts: { create: boolean } = { create: true }): Promise<void> {
  const conn = ownerOrm.em.getConnection();
  const ident = `"${role.name.replaceAll('"', '""')}"`;
  const [{ db }] = (await conn.execute('select current_database() as db')) as Array<{ db: string }>;
  if (opts.create) {
    const password = new URL(role.url).password;
    await conn.execute(`do $$ begin
        if not exists (select from pg_roles where rolname = '${role.name.replaceAll("'", "''")}') then create role ${ident} login; end if;
      end $$`);
    await conn.execute(`alter role ${ident} with login nosuperuser nobypassrls nocreatedb nocreaterole noinherit password '${password}'`);
    await conn.execute(`grant connect on database "${db.replaceAll('"', '""')}" to ${ident}`);
  }
  await conn.execute(`grant usage on schema public to ${ident}`);
  await conn.execute(`grant select, insert, update, delete on all tables in schema public to ${ident}`);
  await conn.execute(`grant usage, select, update on all sequences in schema public to ${ident}`);
  // The migration log is the owner's alone.
  await conn.execute(`revoke all on mikro_orm_migrations from ${ident}`);
  // Search vectors of every tenant's articles, without a policy: read only through kb_search_candidates
  // (Migration20261230010000_kb_search_candidates), which applies the caller's visibility.
  await conn.execute(`do $$ begin
      if to_regclass('public.kb_article_search') is not null then revoke all on kb_article_search from ${ident}; end if;
    end $$`);
  await withholdSecretColumns(conn, ident);
}

/**
 * Columns the application's role may write but never read, whatever the scope (row-level security
 * decides rows, not columns): a staff member's password hash must not be readable under a customer's
 * scope, nor under any other. Sign-in reads it only through the owner's definer function
 * `flowdesk_sign_in_user` (migrations/…_identity_row_level_security.ts).
 */
export const SECRET_COLUMNS: Readonly<Record<string, readonly string[]>> = { app_user: ['password_hash'] };

/**
 * A table-wide `select` grant covers every column, so it is replaced by one on each column but the
 * secret ones, computed from the catalogue on every start: a column a later migration adds is readable
 * without a manual grant, and a secret one never is.
 */
async function withholdSecretColumns(conn: ReturnType<Orm['em']['getConnection']>, ident: string): Promise<void> {
  for (const [table, secret] of Object.entries(SECRET_COLUMNS)) {
    const columns = (await conn.execute(
      `select attname from pg_attribute where attrelid = ?::regclass and attnum > 0 and not attisdropped and not (attname = any(?)) order by attnum`,
      [table, `{${secret.join(',')}}`],
    )) as Array<{ attname: string }>;
    const list = columns.map((c) => `"${c.attname.replaceAll('"', '""')}"`).join(', ');
    await conn.execute(`revoke select on ${table} from ${ident}`);
    await conn.execute(`revoke select (${secret.map((c) => `"${c}"`).join(', ')}) on ${table} from ${ident}`);
    await conn.execute(`grant select (${list}) on ${table} to ${ident}`);
  }
}

/**
 * Migrates as the owner, then makes sure the application's role exists and may use what the
 * migrations made; returns the URL the API and the worker connect with.
 */
export async function prepareDatabase(opts: { ownerUrl: string; appUrl?: string }): Promise<string> {
  const owner = await createOrm({ databaseUrl: opts.ownerUrl, poolMax: 1 });
  try {
    await migrate(owner);
    if (opts.appUrl) {
      const name = decodeURIComponent(new URL(opts.appUrl).username);
      if (name === decodeURIComponent(new URL(opts.ownerUrl).username))
        throw new Error('DATABASE_APP_URL names the owner of the tables: row-level security would not bind it; use a role of its own');
      await ensureAppRole(owner, { name, url: opts.appUrl }, { create: false });
      return opts.appUrl;
    }
    const role = appRoleFor(opts.ownerUrl);
    await ensureAppRole(owner, role);
    return role.url;
  } finally {
    await owner.close();
  }
}
