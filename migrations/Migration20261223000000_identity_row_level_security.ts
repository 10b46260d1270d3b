import { Migration } from '@mikro-orm/migrations';

/**
 * Row-level security on the directory: users, customer organisations and the tokens users hold, with
 * the principal settings and `flowdesk_tenant_visible` of Migration20261217000000_row_level_security.
 *
 * - `app_user`: a customer's users are seen and written by those who see that customer; the provider's
 *   own people (no organisation: agents, technicians, admins) are read by every scope — a customer's
 *   ticket names its agent, and the worker routing that ticket must read the desk's staff — but written
 *   only by staff or a named bypass (admins), so a customer's scope can never change a staff account.
 * - `organization`: visible and writable exactly when that organisation is (admins: their bypass).
 * - `refresh_token`, `api_token`: exactly when their user's organisation is visible (staff tokens:
 *   staff scopes), or when they are the acting user's own; the staff-read rule of `app_user`
 *   deliberately does not extend to tokens.
 *
 * Sign-in, refresh, logout and every request's token check must find a user or a token before any
 * tenant is known. They call the narrow `SECURITY DEFINER` functions below instead of reading the
 * tables: each is owned by the tables' owner, runs with a pinned `search_path` and a function-local
 * bypass (`FORCE` binds the owner too), takes one exact key and returns only the columns the check
 * needs. Once the user is known, service-catalog/identity sets that user's own scope and goes on
 * through the ORM as every other request does.
 */
export const IDENTITY_TENANT_TABLES = ['app_user', 'organization', 'refresh_token', 'api_token'] as const;

/** The definer functions, by name (their signatures are in `up`). */
export const IDENTITY_LOOKUPS = [
  'flowdesk_sign_in_user',
  'flowdesk_identity_of',
  'flowdesk_refresh_token_owner',
  'flowdesk_api_token_for',
  'flowdesk_user_assigned',
] as const;

// A user's own tokens are theirs whatever their organisation (a requester with none sees no tenant rows, yet signs in).
const TOKEN_OWNER_VISIBLE =
  'user_id = flowdesk_acting_user() or exists (select 1 from app_user u where u.id = user_id and flowdesk_tenant_visible(u.organization_id))';
// A user without an organisation writes their own row (profile, password); with one, the tenant rule already covers it.
const USER_VISIBLE = 'flowdesk_tenant_visible(organization_id) or (organization_id is null and id = flowdesk_acting_user())';

// Function-local settings: restored when the function returns, so the caller's transaction keeps its own scope.
const DEFINER = `security definer set search_path = public, pg_temp set flowdesk.tenant_bypass = 'identity lookup before the tenant is known'`;

export class Migration20261223000000_identity_row_level_security extends Migration {
  override name = 'Migration20261223000000_identity_row_level_security';

  override up(): void {
    // The signed-in user a request acts as (`flowdesk.user_id`, transaction-local like the scope; see identity-lookups.ts).
    this.addSql(`create function flowdesk_acting_user() returns uuid language sql stable parallel safe as $$
        select nullif(current_setting('flowdesk.user_id', true), '')::uuid
      $$`);
    for (const table of IDENTITY_TENANT_TABLES) {
      this.addSql(`alter table ${table} enable row level security`);
      this.addSql(`alter table ${table} force row level security`);
    }
    this.addSql('create policy staff_read on app_user for select using (organization_id is null)');
    this.addSql(`create policy tenant_isolation on app_user using (${USER_VISIBLE}) with check (${USER_VISIBLE})`);
    this.addSql(
      'create policy tenant_isolation on organization using (flowdesk_tenant_visible(id)) with check (flowdesk_tenant_visible(id))',
    );
    for (const table of ['refresh_token', 'api_token'])
      this.addSql(`create policy tenant_isolation on ${table} using (${TOKEN_OWNER_VISIBLE}) with check (${TOKEN_OWNER_VISIBLE})`);

    // Sign-in: the account behind a username, with what a password check needs and nothing else.
    this.addSql(`create function flowdesk_sign_in_user(p_username text)
      returns table (id uuid, password_hash varchar, active boolean)
      language sql stable ${DEFINER} as $$
        select u.id, u.password_hash, u.active from app_user u where u.username = p_username
      $$`);
    // Every request: who a verified token's user is now (roles, memberships, token version), without the password hash.
    this.addSql(`create function flowdesk_identity_of(p_user_id uuid)
      returns table (id uuid, username varchar, display_name varchar, roles jsonb, organization_id uuid, group_ids jsonb,
                     served_organization_ids jsonb, active boolean, token_version integer)
      language sql stable ${DEFINER} as $$
        select u.id, u.username, u.display_name, u.roles, u.organization_id, u.group_ids, u.served_organization_ids, u.active, u.token_version
          from app_user u where u.id = p_user_id
      $$`);
    // Refresh and logout: whose a presented refresh token is (by its hash); the rest is read under that user's scope.
    this.addSql(`create function flowdesk_refresh_token_owner(p_token_hash text) returns uuid
      language sql stable ${DEFINER} as $$
        select t.user_id from refresh_token t where t.token_hash = p_token_hash
      $$`);
    // API-token authentication: the token's owner and whether it may still be used.
    this.addSql(`create function flowdesk_api_token_for(p_token_hash text)
      returns table (id uuid, user_id uuid, expires_at timestamptz, revoked_at timestamptz, last_used_at timestamptz)
      language sql stable ${DEFINER} as $$
        select t.id, t.user_id, t.expires_at, t.revoked_at, t.last_used_at from api_token t where t.token_hash = p_token_hash
      $$`);
    // Routing a customer's ticket to an agent notes when the agent last got one (least-loaded's tie-break); the
    // customer's scope may not write staff rows, so this one column is written here and nowhere else.
    this.addSql(`create function flowdesk_user_assigned(p_user_id uuid, p_at timestamptz) returns void
      language sql volatile ${DEFINER} as $$
        update app_user set last_assigned_at = p_at where id = p_user_id
      $$`);
  }

  override down(): void {
    this.addSql('drop function flowdesk_user_assigned(uuid, timestamptz)');
    this.addSql('drop function flowdesk_api_token_for(text)');
    this.addSql('drop function flowdesk_refresh_token_owner(text)');
    this.addSql('drop function flowdesk_identity_of(uuid)');
    this.addSql('drop function flowdesk_sign_in_user(text)');
    this.addSql('drop policy staff_read on app_user');
    for (const table of IDENTITY_TENANT_TABLES) {
      this.addSql(`drop policy tenant_isolation on ${table}`);
      this.addSql(`alter table ${table} no force row level security`);
      this.addSql(`alter table ${table} disable row level security`);
    }
    this.addSql('drop function flowdesk_acting_user()');
  }
}
