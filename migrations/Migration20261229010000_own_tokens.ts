import { Migration } from '@mikro-orm/migrations';

/**
 * A user's refresh and API tokens are that user's alone, inside a staff scope too: Migration
 * 20261223000000_identity_row_level_security let every scope that sees a user's organisation (staff
 * serving that customer, admins' bypass, any other named bypass) read and write the user's tokens.
 * Now only the acting user (`flowdesk.user_id`) does. The one path that must touch another user's
 * tokens — an admin ending a user's sessions (revocation, deactivation, a password set by an admin) —
 * goes through `flowdesk_revoke_refresh_tokens`, a definer function with a pinned `search_path` and an
 * exact key that does only that, and only for the user themselves, an active admin or a named bypass.
 */
export const OWN_TOKEN_TABLES = ['refresh_token', 'api_token'] as const;

const OWN = 'user_id = flowdesk_acting_user()';

export class Migration20261229010000_own_tokens extends Migration {
  override name = 'Migration20261229010000_own_tokens';

  override up(): void {
    for (const table of OWN_TOKEN_TABLES) {
      this.addSql(`drop policy tenant_isolation on ${table}`);
      this.addSql(`create policy owner_only on ${table} using (${OWN}) with check (${OWN})`);
    }
    // Runs as the user whose sessions end (the policy admits their own rows only), then gives the caller back their identity.
    this.addSql(`create function flowdesk_revoke_refresh_tokens(p_user_id uuid, p_at timestamptz) returns integer
      language plpgsql volatile security definer set search_path = public, pg_temp as $$
      declare
        caller text := coalesce(current_setting('flowdesk.user_id', true), '');
        revoked integer;
      begin
        -- Staff rows (admins') are readable by every scope; a named bypass is an admin's or the product's own work.
        if not flowdesk_tenant_bypassed() and (caller = '' or (caller <> p_user_id::text and not exists (
             select 1 from app_user u where u.id = caller::uuid and u.active and u.roles ? 'admin'))) then
          raise exception 'only the user or an admin ends the user''s sessions' using errcode = '42501';
        end if;
        perform set_config('flowdesk.user_id', p_user_id::text, true);
        with r as (update refresh_token set revoked_at = p_at
                    where user_id = p_user_id and used_at is null and revoked_at is null and expires_at > p_at returning 1)
        select count(*) into revoked from r;
        perform set_config('flowdesk.user_id', caller, true);
        return revoked;
      end $$`);
  }

  override down(): void {
    this.addSql('drop function flowdesk_revoke_refresh_tokens(uuid, timestamptz)');
    const visible =
      'user_id = flowdesk_acting_user() or exists (select 1 from app_user u where u.id = user_id and flowdesk_tenant_visible(u.organization_id))';
    for (const table of OWN_TOKEN_TABLES) {
      this.addSql(`drop policy owner_only on ${table}`);
      this.addSql(`create policy tenant_isolation on ${table} using (${visible}) with check (${visible})`);
    }
  }
}
